using Clv.Probabilistic.Data.Retention;

namespace Clv.Probabilistic.Models.BetaDiscreteWeibull;

/// <summary>The BdW log-likelihood over θ = (ln α, ln β, ln c), with the step of <see cref="BdwFormulas"/>.</summary>
internal sealed class BdwLogLikelihood(RetentionCounts counts) : RetentionLogDensity(counts, 3)
{
    protected override double LogRetention(ReadOnlySpan<double> natural, int t, Span<double> gradient) =>
        BdwFormulas.LogRetention(natural[0], natural[1], natural[2], t, gradient);
}
