namespace Clv.Probabilistic.Inference;

/// <summary>
/// A differentiable log density (or log-likelihood, or any objective to maximise) over an unconstrained
/// parameter vector. Maximum likelihood, the Laplace approximation and NUTS all see a model only through this.
/// </summary>
public interface ILogDensity
{
    /// <summary>Number of unconstrained parameters.</summary>
    int Dimension { get; }

    /// <summary>
    /// Evaluates the log density at <paramref name="theta"/> and writes its gradient into <paramref name="gradient"/>.
    /// </summary>
    /// <param name="theta">Point in the unconstrained space; length <see cref="Dimension"/>.</param>
    /// <param name="gradient">Receives ∂/∂θ of the log density; length <see cref="Dimension"/>.</param>
    /// <returns>The log density; <see cref="double.NegativeInfinity"/> where the density is zero. Never NaN.</returns>
    double Evaluate(ReadOnlySpan<double> theta, Span<double> gradient);
}
