using Clv.Probabilistic.Data.Retention;

namespace Clv.Probabilistic.Models;

/// <summary>
/// A contract-duration model with known parameters (sBG, BdW): survival, retention and the value of a customer in a
/// contractual setting, in whole periods.
/// </summary>
/// <remarks>
/// T ≥ 1 is the number of periods a customer pays for (acquired at the start of period 0, renewing at the end of each
/// period; Fader &amp; Hardie 2007, "How to project customer retention", J. Interactive Marketing 21(1)). A customer who
/// has renewed n times is active at the start of period n: T &gt; n. Valuation follows Fader &amp; Hardie (2010),
/// "Customer-base valuation in a contractual setting: the perils of ignoring heterogeneity", Marketing Science 29(1):
/// one unit of margin per period, paid at the start of the period, discounted at d per period.
/// </remarks>
public interface IRetentionModel
{
    /// <summary>ln S(t) = ln P(T &gt; t): the probability that a new customer is still active at the start of period t (t ≥ 0).</summary>
    double LogSurvival(int period);

    /// <summary>ln P(T = t): the probability that a new customer pays for exactly t periods (t ≥ 1), computed without
    /// the cancellation of S(t − 1) − S(t).</summary>
    double LogChurnProbability(int period);

    /// <summary>r(t) = S(t)/S(t − 1): the share of the customers active in period t − 1 who renew into period t (t ≥ 1).</summary>
    double RetentionRate(int period);

    /// <summary>P(T &gt; n + h | T &gt; n): the probability that a customer who has renewed <paramref name="renewals"/> times
    /// renews <paramref name="periods"/> more times.</summary>
    double ConditionalSurvival(int renewals, int periods);

    /// <summary>
    /// DEL: the discounted expected lifetime of a new customer, Σ_{t≥0} S(t)/(1 + d)^t (the payment of period 0 is not
    /// discounted); times the margin per period it is the expected lifetime value.
    /// </summary>
    /// <param name="discountRate">d &gt; 0 per period.</param>
    double DiscountedExpectedLifetime(double discountRate);

    /// <summary>
    /// DERL: the discounted expected residual lifetime of a customer who has renewed n times, standing before the next
    /// renewal: Σ_{t≥n+1} P(T &gt; t | T &gt; n)/(1 + d)^{t−n−1} (the next renewal's payment is not discounted). DEL = 1 +
    /// DERL(0)/(1 + d).
    /// </summary>
    /// <param name="renewals">n ≥ 0.</param>
    /// <param name="discountRate">d &gt; 0 per period.</param>
    double DiscountedExpectedResidualLifetime(int renewals, double discountRate);

    /// <summary>
    /// Simulates a cohort of <paramref name="customers"/> new customers observed for <paramref name="periods"/> renewal
    /// opportunities: each draws a churn probability from the model's mixing distribution and then a duration T; those with
    /// T &gt; <paramref name="periods"/> are active at the end of observation.
    /// </summary>
    /// <param name="customers">Cohort size ≥ 1.</param>
    /// <param name="periods">Renewal opportunities observed ≥ 1.</param>
    /// <param name="seed">The same seed gives the same cohort on every machine.</param>
    /// <returns>One row per customer (weight 1).</returns>
    RetentionData Simulate(int customers, int periods, int seed);
}
