using Clv.Probabilistic.Data;

namespace Clv.Probabilistic.Models;

/// <summary>
/// A model of transactions at discrete opportunities (BG/BB) with known parameters. A customer's history is
/// (x, t_x, n): x transactions at the n opportunities after the first one, the last at opportunity t_x (0 when x = 0).
/// Summaries hold x, t_x and n as whole numbers in <see cref="RfmSummary.Frequency"/>, <see cref="RfmSummary.Recency"/>
/// and <see cref="RfmSummary.T"/>, in periods; horizons are whole numbers of periods.
/// </summary>
public interface IDiscretePurchaseModel
{
    /// <summary>E[X(n)]: expected transactions of a new customer at the first <paramref name="periods"/> opportunities.</summary>
    double ExpectedTransactions(int periods);

    /// <summary>P(X(n) = x) for a new customer over <paramref name="periods"/> opportunities.</summary>
    double ProbabilityOfTransactions(int periods, int transactions);

    /// <summary>P(alive at opportunity n + 1 | x, t_x, n) for every row of <paramref name="summary"/>.</summary>
    void ProbabilityAlive(RfmSummary summary, Span<double> destination);

    /// <summary>E[X(n, n + n*) | x, t_x, n]: expected transactions at the next <paramref name="periods"/> opportunities, per row.</summary>
    void ConditionalExpectedTransactions(RfmSummary summary, int periods, Span<double> destination);

    /// <summary>P(X(n, n + n*) = <paramref name="transactions"/> | x, t_x, n) for every row.</summary>
    void ConditionalProbabilityOfTransactions(RfmSummary summary, int periods, int transactions, Span<double> destination);

    /// <summary>
    /// Discounted expected residual transactions: Σ_{s ≥ 1} E[transaction at opportunity n + s | x, t_x, n] / (1 + d)^s,
    /// per row, at discount rate d per period.
    /// </summary>
    void DiscountedExpectedTransactions(RfmSummary summary, double discountRate, Span<double> destination);

    /// <summary>
    /// Simulates one customer's transactions at the next <paramref name="periods"/> opportunities from the exact posterior
    /// of the customer's latent state given the history (x, t_x, n).
    /// </summary>
    int SimulateFutureTransactions(int frequency, int recency, int periods, int horizon, Random random);

    /// <summary>
    /// Simulates one new customer per element of <paramref name="periods"/> (the customer's n), with transactions at
    /// <paramref name="holdoutPeriods"/> further opportunities as the holdout.
    /// </summary>
    CalibrationHoldoutSummary Simulate(ReadOnlySpan<int> periods, int seed, int holdoutPeriods = 0);
}
