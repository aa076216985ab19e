using Clv.Probabilistic.Inference.Optimization;

namespace Clv.Probabilistic.Inference;

/// <summary>Thrown by <see cref="OptimizationResult.EnsureConverged"/> when a fit did not converge.</summary>
public sealed class ConvergenceException : Exception
{
    /// <summary>Creates the exception from the failed result.</summary>
    public ConvergenceException(OptimizationResult result)
        : base($"The optimiser did not converge ({result.Status}): {result.Message}") => Result = result;

    /// <summary>Creates the exception for a fit that did not converge, with the optimiser's result where there was one.</summary>
    public ConvergenceException(string message, OptimizationResult? result = null)
        : base(message) => Result = result;

    /// <summary>The failed optimiser result, for diagnosis; null when a sampler (not an optimiser) failed to converge.</summary>
    public OptimizationResult? Result { get; }
}
