using Clv.Probabilistic.Inference;
using Clv.Probabilistic.Models.BgNbd;

namespace Clv.Probabilistic.Bayesian;

/// <summary>
/// Exposes the row-sum thread limit of a <see cref="BgNbdLogLikelihood"/> to the sampler, so that each chain's gradient
/// can be kept to one thread while the chains fill the cores. Values and gradients are the likelihood's own.
/// </summary>
internal sealed class BgNbdParallelLikelihood(BgNbdLogLikelihood likelihood) : IParallelLogDensity
{
    public int Dimension => likelihood.Dimension;

    public int MaxDegreeOfParallelism
    {
        get => likelihood.MaxDegreeOfParallelism;
        set => likelihood.MaxDegreeOfParallelism = value;
    }

    public double Evaluate(ReadOnlySpan<double> theta, Span<double> gradient) => likelihood.Evaluate(theta, gradient);
}
