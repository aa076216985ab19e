using Clv.Probabilistic.Inference.Diagnostics;
using Clv.Probabilistic.Inference.Laplace;
using Clv.Probabilistic.Inference.Sampling;

namespace Clv.Probabilistic.Inference.Optimization;

/// <summary>Why an optimisation stopped.</summary>
public enum OptimizationStatus
{
    /// <summary>The max-norm of the gradient fell below the tolerance.</summary>
    GradientConverged,

    /// <summary>f stopped changing (to floating-point precision) while the gradient was small.</summary>
    FunctionConverged,

    /// <summary>The iteration limit was reached first.</summary>
    MaxIterationsReached,

    /// <summary>The evaluation limit was reached first.</summary>
    MaxEvaluationsReached,

    /// <summary>No step along the search direction increased f (even along the gradient).</summary>
    LineSearchFailed,

    /// <summary>f kept increasing without bound along the search direction.</summary>
    Unbounded,
}

/// <summary>Outcome of a maximisation: the best point found and why the search stopped.</summary>
public sealed class OptimizationResult
{
    private readonly double[] _theta;
    private readonly double[] _gradient;

    internal OptimizationResult(double[] theta, double value, double[] gradient, int iterations, int evaluations,
        OptimizationStatus status, string message)
    {
        _theta = theta;
        _gradient = gradient;
        Value = value;
        GradientNorm = MaxAbs(gradient);
        Iterations = iterations;
        Evaluations = evaluations;
        Status = status;
        Message = message;
    }

    /// <summary>The best point found (the maximiser when <see cref="Converged"/>).</summary>
    public ReadOnlySpan<double> Theta => _theta;

    /// <summary>f at <see cref="Theta"/>.</summary>
    public double Value { get; }

    /// <summary>∇f at <see cref="Theta"/>.</summary>
    public ReadOnlySpan<double> Gradient => _gradient;

    /// <summary>Max-norm of the gradient at <see cref="Theta"/>.</summary>
    public double GradientNorm { get; }

    /// <summary>Number of completed BFGS iterations.</summary>
    public int Iterations { get; }

    /// <summary>Number of evaluations of f and its gradient.</summary>
    public int Evaluations { get; }

    /// <summary>Why the search stopped.</summary>
    public OptimizationStatus Status { get; }

    /// <summary>Human-readable explanation of <see cref="Status"/> with the figures behind it.</summary>
    public string Message { get; }

    /// <summary>True when a convergence criterion was met.</summary>
    public bool Converged => Status is OptimizationStatus.GradientConverged or OptimizationStatus.FunctionConverged;

    /// <summary>A copy of <see cref="Theta"/>.</summary>
    public double[] ThetaArray() => (double[])_theta.Clone();

    /// <summary>Returns this result, or throws when the search did not converge.</summary>
    /// <exception cref="ConvergenceException">The search stopped without meeting a convergence criterion.</exception>
    public OptimizationResult EnsureConverged() => Converged ? this : throw new ConvergenceException(this);

    /// <inheritdoc />
    public override string ToString() => $"{Status}: {Message}";

    private static double MaxAbs(ReadOnlySpan<double> values)
    {
        double max = 0;
        foreach (double v in values) max = Math.Max(max, Math.Abs(v));
        return max;
    }
}
