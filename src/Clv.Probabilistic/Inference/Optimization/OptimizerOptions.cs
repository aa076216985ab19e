using Clv.Probabilistic.Inference.Diagnostics;
using Clv.Probabilistic.Inference.Laplace;
using Clv.Probabilistic.Inference.Sampling;

namespace Clv.Probabilistic.Inference.Optimization;

/// <summary>Stopping rules and line-search constants for <see cref="QuasiNewton.Maximize"/>.</summary>
/// <remarks>
/// Convergence is declared when ‖∇f‖∞ ≤ <see cref="GradientTolerance"/> · max(1, |f|). A log-likelihood is a sum over
/// n observations, so both f and its gradient grow like n; scaling by |f| makes the rule independent of sample size,
/// and the remaining error in θ is about Σ·∇f, far below a standard error (which shrinks only like 1/√n).
/// The line-search constants are the c₁, c₂ of the strong Wolfe conditions (Nocedal &amp; Wright, Numerical
/// Optimization, 2nd ed., eq. 3.7); c₂ = 0.9 is their recommendation for quasi-Newton methods.
/// </remarks>
public sealed record OptimizerOptions
{
    /// <summary>Default options.</summary>
    public static OptimizerOptions Default { get; } = new();

    /// <summary>Relative gradient tolerance: stop when ‖∇f‖∞ ≤ this · max(1, |f|). Default 1e-6.</summary>
    public double GradientTolerance { get; init; } = 1e-6;

    /// <summary>
    /// Relative function-change tolerance: an iteration that changes f by at most this · max(1, |f|) while
    /// ‖∇f‖∞ ≤ 1000 · <see cref="GradientTolerance"/> · max(1, |f|) also counts as converged (no further progress is
    /// possible in floating point). A line search that finds no increase under the same gradient bound also counts.
    /// Default 1e-14.
    /// </summary>
    public double FunctionTolerance { get; init; } = 1e-14;

    /// <summary>Maximum number of BFGS iterations. Default 500.</summary>
    public int MaxIterations { get; init; } = 500;

    /// <summary>Maximum number of evaluations of f (with gradient). Default 5000.</summary>
    public int MaxEvaluations { get; init; } = 5000;

    /// <summary>Maximum evaluations in one line search. Default 40.</summary>
    public int MaxLineSearchEvaluations { get; init; } = 40;

    /// <summary>Sufficient-decrease constant c₁ of the Wolfe conditions. Default 1e-4.</summary>
    public double SufficientDecrease { get; init; } = 1e-4;

    /// <summary>Curvature constant c₂ of the strong Wolfe conditions. Default 0.9.</summary>
    public double Curvature { get; init; } = 0.9;

    /// <summary>
    /// Largest max-norm of the first step (taken along the gradient before any curvature is known), in units of the
    /// unconstrained parameters. Default 1: a factor e on a log-scale parameter.
    /// </summary>
    public double InitialStepLength { get; init; } = 1.0;

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the first invalid setting.</summary>
    internal void Validate()
    {
        if (!(GradientTolerance > 0) || !double.IsFinite(GradientTolerance))
            throw new ArgumentOutOfRangeException(nameof(GradientTolerance), GradientTolerance, "Must be positive and finite.");
        if (!(FunctionTolerance >= 0) || !double.IsFinite(FunctionTolerance))
            throw new ArgumentOutOfRangeException(nameof(FunctionTolerance), FunctionTolerance, "Must be non-negative and finite.");
        if (MaxIterations < 1) throw new ArgumentOutOfRangeException(nameof(MaxIterations), MaxIterations, "Must be at least 1.");
        if (MaxEvaluations < 2) throw new ArgumentOutOfRangeException(nameof(MaxEvaluations), MaxEvaluations, "Must be at least 2.");
        if (MaxLineSearchEvaluations < 1)
            throw new ArgumentOutOfRangeException(nameof(MaxLineSearchEvaluations), MaxLineSearchEvaluations, "Must be at least 1.");
        if (!(SufficientDecrease > 0 && SufficientDecrease < Curvature && Curvature < 1))
            throw new ArgumentOutOfRangeException(nameof(Curvature), Curvature,
                $"Need 0 < c1 < c2 < 1; c1 = {SufficientDecrease}, c2 = {Curvature}.");
        if (!(InitialStepLength > 0) || !double.IsFinite(InitialStepLength))
            throw new ArgumentOutOfRangeException(nameof(InitialStepLength), InitialStepLength, "Must be positive and finite.");
    }
}
