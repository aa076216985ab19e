using Clv.Probabilistic.Data.Retention;
using Clv.Probabilistic.Numerics;

namespace Clv.Probabilistic.Models.BetaDiscreteWeibull;

/// <summary>
/// The fitted beta-discrete-Weibull model (Fader, Hardie, Liu, Davin &amp; Steenburgh 2018, "How to project customer
/// retention revisited", J. Interactive Marketing 43): S(t) = B(α, β + t^c)/B(α, β) (eq. 3), retention rates, churn
/// probabilities, and the discounted expected (residual) lifetime of Fader &amp; Hardie (2010) as a bounded sum.
/// </summary>
public sealed class BdwModel : IRetentionModel
{
    /// <summary>Creates the model.</summary>
    public BdwModel(BdwParameters parameters) => Parameters = BdwDefinition.Instance.Supported(parameters);

    /// <summary>The parameters.</summary>
    public BdwParameters Parameters { get; }

    private double Alpha => Parameters.Alpha;

    private double BetaShape => Parameters.Beta;

    private double C => Parameters.C;

    /// <inheritdoc />
    public double LogSurvival(int period) => BdwFormulas.LogSurvival(Alpha, BetaShape, C, PeriodArguments.NonNegative(period));

    /// <inheritdoc />
    public double LogChurnProbability(int period) =>
        LogSurvival(PeriodArguments.Churn(period) - 1) + LogMath.Log1mExp(Math.Min(BdwFormulas.LogRetention(Alpha, BetaShape, C, period), 0.0));

    /// <inheritdoc />
    public double RetentionRate(int period) => Math.Exp(BdwFormulas.LogRetention(Alpha, BetaShape, C, PeriodArguments.Churn(period)));

    /// <inheritdoc />
    public double ConditionalSurvival(int renewals, int periods)
    {
        PeriodArguments.NonNegative(renewals);
        PeriodArguments.NonNegative(periods);
        if (periods == 0) return 1.0;
        double xs = Math.Pow(renewals, C);
        double h = Math.Pow(renewals + periods, C) - xs;
        return Math.Exp(BdwFormulas.LogSurvivalBetween(Alpha, BetaShape, xs, h));
    }

    /// <inheritdoc />
    /// <remarks>1 + DERL(0)/(1 + d), the sum of <see cref="DiscountedExpectedResidualLifetime"/>.</remarks>
    public double DiscountedExpectedLifetime(double discountRate) =>
        1.0 + RetentionValue.DiscountFactor(discountRate) * DiscountedExpectedResidualLifetime(0, discountRate);

    /// <inheritdoc />
    /// <remarks>
    /// Σ_{k≥0} [S(n + 1 + k)/S(n)]/(1 + d)^k, summed until the bound on the remainder, [S(n + 1 + k)/S(n)] x^{k+1}/(1 − x)
    /// with x = 1/(1 + d), is below 10⁻¹² of the sum (S is non-increasing); at most 10⁷ terms.
    /// </remarks>
    /// <exception cref="ArgumentOutOfRangeException">n &lt; 0, d ≤ 0, or d so small that 10⁷ terms do not reach the tolerance.</exception>
    public double DiscountedExpectedResidualLifetime(int renewals, double discountRate) =>
        RetentionValue.ResidualLifetime(t => BdwFormulas.LogRetention(Alpha, BetaShape, C, t), renewals, discountRate);

    /// <inheritdoc />
    public RetentionData Simulate(int customers, int periods, int seed) =>
        BdwSimulator.Simulate(Alpha, BetaShape, C, customers, periods, seed);
}
