using Clv.Probabilistic.Data.Retention;
using Clv.Probabilistic.Models.BetaDiscreteWeibull;
using Clv.Probabilistic.Numerics;

namespace Clv.Probabilistic.Models.ShiftedBetaGeometric;

/// <summary>
/// The fitted shifted-beta-geometric model (Fader &amp; Hardie 2007, "How to project customer retention", J. Interactive
/// Marketing 21(1)): survival, retention rates and churn probabilities, and the discounted expected (residual) lifetime
/// in closed form (Fader &amp; Hardie 2010, "Customer-base valuation in a contractual setting", Marketing Science 29(1)).
/// </summary>
public sealed class SbgModel : IRetentionModel
{
    /// <summary>Creates the model.</summary>
    public SbgModel(SbgParameters parameters) => Parameters = SbgDefinition.Instance.Supported(parameters);

    /// <summary>The parameters.</summary>
    public SbgParameters Parameters { get; }

    /// <inheritdoc />
    /// <remarks>ln S(t) = Σ_{j≤t} ln((β + j − 1)/(α + β + j − 1)) (FH 2007, eq. 7).</remarks>
    public double LogSurvival(int period) => SbgFormulas.LogSurvival(Parameters.Alpha, Parameters.Beta, PeriodArguments.NonNegative(period));

    /// <inheritdoc />
    /// <remarks>ln P(T = t) = ln S(t − 1) + ln(α/(α + β + t − 1)) (FH 2007, eq. 5 by its recursion).</remarks>
    public double LogChurnProbability(int period) =>
        LogSurvival(PeriodArguments.Churn(period) - 1) - LogMath.Log1p((Parameters.Beta + (period - 1)) / Parameters.Alpha);

    /// <inheritdoc />
    /// <remarks>r(t) = (β + t − 1)/(α + β + t − 1) (FH 2007, eq. 8).</remarks>
    public double RetentionRate(int period) =>
        (Parameters.Beta + (PeriodArguments.Churn(period) - 1)) / (Parameters.Alpha + Parameters.Beta + (period - 1));

    /// <inheritdoc />
    public double ConditionalSurvival(int renewals, int periods)
    {
        PeriodArguments.NonNegative(renewals);
        PeriodArguments.NonNegative(periods);
        double sum = 0;
        for (int t = renewals + 1; t <= renewals + periods; t++) sum += SbgFormulas.LogRetention(Parameters.Alpha, Parameters.Beta, t);
        return Math.Exp(sum);
    }

    /// <inheritdoc />
    /// <remarks>DEL = ₂F₁(1, β; α + β; 1/(1 + d)) (Fader &amp; Hardie 2010, eq. 4).</remarks>
    public double DiscountedExpectedLifetime(double discountRate) =>
        Hypergeometric.Hyp2F1(1.0, Parameters.Beta, Parameters.Alpha + Parameters.Beta, RetentionValue.DiscountFactor(discountRate));

    /// <inheritdoc />
    /// <remarks>
    /// DERL(n) = (β + n)/(α + β + n) · ₂F₁(1, β + n + 1; α + β + n + 1; 1/(1 + d)) (Fader &amp; Hardie 2010, eq. 6, for a
    /// customer who has made n renewals).
    /// </remarks>
    public double DiscountedExpectedResidualLifetime(int renewals, double discountRate)
    {
        double x = RetentionValue.DiscountFactor(discountRate);
        double n = RetentionValue.Renewals(renewals);
        double b = Parameters.Beta + n, ab = Parameters.Alpha + b;
        return b / ab * Hypergeometric.Hyp2F1(1.0, b + 1.0, ab + 1.0, x);
    }

    /// <inheritdoc />
    public RetentionData Simulate(int customers, int periods, int seed) =>
        BdwSimulator.Simulate(Parameters.Alpha, Parameters.Beta, 1.0, customers, periods, seed);
}
