using Clv.Probabilistic.Inference.Diagnostics;
using Clv.Probabilistic.Inference.Optimization;
using Clv.Probabilistic.Inference.Sampling;

namespace Clv.Probabilistic.Inference.Laplace;

/// <summary>
/// The Laplace approximation to a posterior: N(θ̂, (−H)⁻¹) at the posterior mode θ̂ on the unconstrained scale, with
/// the Laplace estimate of the log marginal likelihood.
/// </summary>
/// <remarks>
/// Tierney &amp; Kadane (JASA 1986); Kass &amp; Raftery (JASA 1995), eq. 4: ln p(y) ≈ ln p(y, θ̂) + (d/2) ln 2π + ½ ln |Σ|.
/// The log density must be the full unnormalised log posterior ln p(y | θ) + ln p(θ) on the unconstrained scale,
/// including the log-Jacobian of the transformation and all normalising constants, for the marginal likelihood to mean
/// anything; the mode and covariance do not need the constants.
/// </remarks>
public sealed class LaplaceApproximation : GaussianApproximation
{
    private LaplaceApproximation(ILogDensity logPosterior, OptimizationResult optimum, IReadOnlyList<string>? names)
        : base(logPosterior, optimum, names) =>
        LogMarginalLikelihood = optimum.Value + 0.5 * Dimension * Math.Log(2 * Math.PI) + 0.5 * LogDeterminantCovariance;

    /// <summary>The log posterior density (unnormalised) at the mode.</summary>
    public double LogPosteriorAtMode => Optimum.Value;

    /// <summary>Laplace estimate of ln p(y): ln p(y, θ̂) + (d/2) ln 2π + ½ ln |Σ|.</summary>
    public double LogMarginalLikelihood { get; }

    /// <summary>Finds the posterior mode from <paramref name="start"/> and forms the approximation.</summary>
    /// <exception cref="ConvergenceException">The optimiser did not converge.</exception>
    /// <exception cref="NotPositiveDefiniteException">−H is not positive definite at the mode.</exception>
    public static LaplaceApproximation Fit(ILogDensity logPosterior, ReadOnlySpan<double> start,
        IReadOnlyList<string>? names = null, OptimizerOptions? options = null) =>
        new(logPosterior, QuasiNewton.Maximize(logPosterior, start, options), names);

    /// <summary>Forms the approximation at a mode already found.</summary>
    internal static LaplaceApproximation FromOptimum(ILogDensity logPosterior, OptimizationResult optimum, IReadOnlyList<string>? names) =>
        new(logPosterior, optimum, names);
}
