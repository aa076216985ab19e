using Clv.Probabilistic.Data;

namespace Clv.Probabilistic.Models;

/// <summary>
/// A purchase-count model with known parameters (BG/NBD today; Pareto/NBD, MBG/NBD, GGom/NBD next): every prediction
/// the valuation, evaluation and reporting layers ask of one, in the model's time unit.
/// </summary>
public interface IPurchaseModel
{
    /// <summary>Unit of the durations the model was fitted in.</summary>
    TimeUnit TimeUnit { get; }

    /// <summary>E[X(t)]: expected repeat purchases of a new customer in (0, t].</summary>
    double ExpectedPurchases(double t);

    /// <summary>ln P(X(t) = n) for a new customer.</summary>
    double LogProbabilityOfPurchases(double t, int n);

    /// <summary>P(alive at T | x, t_x, T) for every row of <paramref name="summary"/>.</summary>
    void ProbabilityAlive(RfmSummary summary, Span<double> destination);

    /// <summary>
    /// Writes E[Y(t) | x, t_x, T] for every row of <paramref name="summary"/>: the expected number of purchases in
    /// (T, T + t] given the customer's history.
    /// </summary>
    /// <param name="summary">Customers, in the model's time unit.</param>
    /// <param name="t">Horizon in the model's time unit; ≥ 0.</param>
    /// <param name="destination">Receives one value per row.</param>
    void ConditionalExpectedPurchases(RfmSummary summary, double t, Span<double> destination);

    /// <summary>
    /// Whether E[Y(t) | x, t_x, T] / P(alive | x, t_x, T) depends on (x, T) only, as in BG/NBD and the Pareto/NBD family
    /// (the history enters through P(alive) and the posterior of the purchase rate at T). Interval code then evaluates the
    /// expensive factor once per distinct (x, T).
    /// </summary>
    bool ExpectationFactorsThroughAlive => false;

    /// <summary>P(Y(t) = n | x, t_x, T) for every row, where the model has a closed form.</summary>
    /// <exception cref="NotSupportedException">The model has no conditional PMF.</exception>
    void ConditionalProbabilityOfPurchases(RfmSummary summary, double t, int n, Span<double> destination) =>
        throw new NotSupportedException($"{GetType().Name} has no conditional purchase-count distribution.");

    /// <summary>
    /// Expected cumulative repeat purchases of a cohort at calendar times <paramref name="times"/> (the tracking curve):
    /// Σ_i E[X(τ − s_i)] over customers with first purchase s_i &lt; τ.
    /// </summary>
    /// <param name="firstPurchaseOffsets">s_i: each customer's first purchase, in model time units from a common origin.</param>
    /// <param name="times">τ: calendar times on the same axis.</param>
    /// <param name="destination">Receives one total per time.</param>
    void ExpectedCumulativeRepeatPurchases(ReadOnlySpan<double> firstPurchaseOffsets, ReadOnlySpan<double> times, Span<double> destination);

    /// <summary>
    /// Simulates one customer's purchases in (T, T + <paramref name="horizon"/>] from the exact conditional posterior of
    /// the customer's latent state given the history (x, t_x, T).
    /// </summary>
    int SimulateFuturePurchases(double x, double recency, double t, double horizon, Random random);

    /// <summary>Simulates one new customer per element of <paramref name="observationLengths"/>, with an optional holdout.</summary>
    /// <param name="observationLengths">T of each customer; ≥ 0.</param>
    /// <param name="seed">Seed; the same seed gives the same customers on every machine.</param>
    /// <param name="holdoutLength">Length of the holdout period after T; ≥ 0.</param>
    /// <param name="wholeUnits">Round t_x down to whole time units, as when purchases are recorded by day.</param>
    PurchaseSimulation Simulate(ReadOnlySpan<double> observationLengths, int seed, double holdoutLength = 0, bool wholeUnits = false);

    /// <summary>
    /// The model at the parameters of customer <paramref name="customerId"/>: itself for a model whose customers share
    /// their parameters; for a model with covariates (<see cref="Covariates.CovariatePurchaseModel"/>) the model at that
    /// customer's own parameters, which per-customer simulation must use.
    /// </summary>
    IPurchaseModel ForCustomer(string customerId) => this;
}

/// <summary>A spend model with known parameters (Gamma-Gamma today), as the valuation layer sees it.</summary>
public interface ISpendModel
{
    /// <summary>
    /// Writes E[Z | x, z̄] for every row of <paramref name="summary"/>: the expected mean spend per future purchase given
    /// the customer's repeat-purchase count and mean repeat spend (the population mean where x = 0).
    /// </summary>
    void ConditionalExpectedSpend(RfmSummary summary, Span<double> destination);

    /// <summary>The population mean spend per purchase, or +∞ where the fitted distribution has no mean.</summary>
    double PopulationMeanSpend { get; }

    /// <summary>
    /// Simulates the total value of <paramref name="purchases"/> future purchases of a customer with history (x, z̄),
    /// from the posterior of the customer's spend parameters.
    /// </summary>
    double SimulateFutureValue(double x, double meanSpend, int purchases, Random random);

    /// <summary>Simulates z̄ for customers with the given repeat-purchase counts (0 where x = 0).</summary>
    double[] SimulateMeanSpend(ReadOnlySpan<double> frequency, int seed);

    /// <summary>The model at the parameters of customer <paramref name="customerId"/>: itself unless the model has covariates.</summary>
    ISpendModel ForCustomer(string customerId) => this;
}
