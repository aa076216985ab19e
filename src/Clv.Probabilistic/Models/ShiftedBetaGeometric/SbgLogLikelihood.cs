using Clv.Probabilistic.Data.Retention;

namespace Clv.Probabilistic.Models.ShiftedBetaGeometric;

/// <summary>The sBG log-likelihood over θ = (ln α, ln β) (Fader &amp; Hardie 2007, eq. 6), with the step of <see cref="SbgFormulas"/>.</summary>
internal sealed class SbgLogLikelihood(RetentionCounts counts) : RetentionLogDensity(counts, 2)
{
    protected override double LogRetention(ReadOnlySpan<double> natural, int t, Span<double> gradient) =>
        SbgFormulas.LogRetention(natural[0], natural[1], t, gradient);
}
