using Clv.Probabilistic.Data;

namespace Clv.Probabilistic.Models.ParetoNbd;

/// <summary>
/// A Pareto/NBD model with known parameters and time unit (Schmittlein, Morrison &amp; Colombo 1987; the expressions of
/// Fader &amp; Hardie's 2005 note "A Note on Deriving the Pareto/NBD Model and Related Expressions").
/// </summary>
/// <remarks>Summaries passed in must be in <see cref="TimeUnit"/>; horizons t are in the same unit.</remarks>
public sealed class ParetoNbdModel : IDiscountedResidualPurchases, IAliveFactoredPurchaseModel
{
    /// <summary>Creates a model.</summary>
    /// <param name="parameters">r, α, s, β, with α and β in <paramref name="timeUnit"/>.</param>
    /// <param name="timeUnit">Unit of α, β and of every duration.</param>
    public ParetoNbdModel(ParetoNbdParameters parameters, TimeUnit timeUnit)
    {
        Parameters = ParetoNbdDefinition.Instance.Supported(parameters);
        if (timeUnit.Name is null) throw new ArgumentException("The time unit is uninitialised.", nameof(timeUnit));
        TimeUnit = timeUnit;
    }

    /// <summary>The parameters.</summary>
    public ParetoNbdParameters Parameters { get; }

    /// <inheritdoc />
    public TimeUnit TimeUnit { get; }

    /// <inheritdoc />
    /// <remarks>E[Y(t) | x, t_x, T] = P(alive) · E[X(t)] at (r + x, α + T, s, β + T).</remarks>
    public bool ExpectationFactorsThroughAlive => true;

    /// <summary>
    /// E[X(t)] = r β/(α (s−1)) [1 − (β/(β+t))^{s−1}] for a new customer (Schmittlein, Morrison &amp; Colombo 1987, eq. 17),
    /// (r β/α) ln(1 + t/β) at s = 1.
    /// </summary>
    public double ExpectedPurchases(double t)
    {
        Horizon(t, nameof(t));
        var p = Parameters;
        return ParetoNbdFormulas.ExpectedCount(p.R, p.Alpha, p.S, p.Beta, t);
    }

    /// <summary>ln P(X(t) = n) for a new customer (Fader &amp; Hardie 2005 note, eq. (16), by one quadrature).</summary>
    public double LogProbabilityOfPurchases(double t, int n)
    {
        Horizon(t, nameof(t));
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        var p = Parameters;
        return ParetoNbdFormulas.LogProbabilityOfPurchases(p.R, p.Alpha, p.S, p.Beta, t, n);
    }

    /// <summary>
    /// P(alive | x, t_x, T) for every row: 1/(1 + s/(r+s+x) (α+T)^{r+x} (β+T)^s A₀) (Fader &amp; Hardie 2005 note, eq. (11)),
    /// with s/(r+s+x) A₀ the drop-out integral of the likelihood.
    /// </summary>
    public void ProbabilityAlive(RfmSummary summary, Span<double> destination)
    {
        CheckSummary(summary, destination.Length);
        var p = Parameters;
        PerDistinctHistory(summary, destination, (x, recency, tt) => ParetoNbdFormulas.ProbabilityAlive(p, x, recency, tt));
    }

    /// <summary>
    /// E[Y(t) | x, t_x, T] for every row: (r+x)(β+T)/((α+T)(s−1)) [1 − ((β+T)/(β+T+t))^{s−1}] · P(alive)
    /// (Fader &amp; Hardie 2005 note, eq. (14); its s → 1 limit has ln(1 + t/(β+T)) for the bracket over s − 1).
    /// </summary>
    public void ConditionalExpectedPurchases(RfmSummary summary, double t, Span<double> destination)
    {
        Horizon(t, nameof(t));
        CheckSummary(summary, destination.Length);
        var p = Parameters;
        PerDistinctHistory(summary, destination, (x, recency, tt) => ParetoNbdFormulas.ConditionalExpectedPurchases(p, x, recency, tt, t));
    }

    /// <summary>
    /// P(Y(t) = n | x, t_x, T) for every row: (1 − P(alive)) 1[n = 0] + P(alive) · P(X(t) = n) at (r+x, α+T, s, β+T).
    /// </summary>
    /// <remarks>
    /// Given alive at T, λ ~ Gamma(r+x, α+T) and μ ~ Gamma(s, β+T) independently (the alive likelihood λ^x e^{−λT} e^{−μT}
    /// times the priors) and the remaining lifetime is Exp(μ) (memorylessness), so the purchases in (T, T+t] are those of
    /// a new customer with the updated parameters (Fader &amp; Hardie 2005 note, eq. (16)); a customer who has dropped out
    /// makes none.
    /// </remarks>
    public void ConditionalProbabilityOfPurchases(RfmSummary summary, double t, int n, Span<double> destination)
    {
        Horizon(t, nameof(t));
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        CheckSummary(summary, destination.Length);
        var p = Parameters;
        PerDistinctHistory(summary, destination, (x, recency, tt) => ParetoNbdFormulas.ConditionalProbabilityOfPurchases(p, x, recency, tt, t, n));
    }

    /// <summary>
    /// DERT(δ | x, t_x, T) for every row: P(alive) · (r+x)/(α+T) · (β+T)^s δ^{s−1} U(s, s; δ(β+T)) (Fader, Hardie &amp; Lee
    /// 2005, "RFM and CLV", eq. (A5) divided by the likelihood, with U Tricomi's confluent hypergeometric function).
    /// </summary>
    /// <remarks>
    /// Given alive at T, λ ~ Gamma(r+x, α+T) and μ ~ Gamma(s, β+T) independently, and the expected discounted purchases
    /// of the remaining lifetime are E[λ] E[1/(δ+μ)]; E[1/(δ+μ)] = (β+T) z^{s−1} U(s, s; z) with z = δ(β+T).
    /// </remarks>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="delta"/> is not finite and positive.</exception>
    public void DiscountedExpectedResidualPurchases(RfmSummary summary, double delta, Span<double> destination)
    {
        if (!(delta > 0) || !double.IsFinite(delta))
            throw new ArgumentOutOfRangeException(nameof(delta), delta, "The continuous discount rate δ must be finite and > 0.");
        CheckSummary(summary, destination.Length);
        var p = Parameters;
        PerDistinctHistory(summary, destination, (x, recency, tt) => ParetoNbdFormulas.DiscountedExpectedResidualPurchases(p, x, recency, tt, delta));
    }

    double IAliveFactoredPurchaseModel.ExpectedPurchasesIfAlive(double x, double t, double horizon) =>
        ParetoNbdFormulas.ExpectedPurchasesIfAlive(Parameters, x, t, horizon);

    /// <summary>Thread limit of the per-customer functions (−1: no limit); the result is the same bits for every value.</summary>
    internal int MaxDegreeOfParallelism { get; set; } = -1;

    /// <summary>destination[i] = f(x_i, t_x,i, T_i), once per distinct history (<see cref="DistinctHistories"/>).</summary>
    private void PerDistinctHistory(RfmSummary summary, Span<double> destination, Func<double, double, double, double> f) =>
        DistinctHistories.Evaluate(summary.Frequency, summary.Recency, summary.T, destination, MaxDegreeOfParallelism, f);

    /// <inheritdoc />
    public void ExpectedCumulativeRepeatPurchases(ReadOnlySpan<double> firstPurchaseOffsets, ReadOnlySpan<double> times, Span<double> destination)
    {
        var p = Parameters;
        CohortExpectation.CumulativeRepeatPurchases(t => ParetoNbdFormulas.ExpectedCount(p.R, p.Alpha, p.S, p.Beta, t), firstPurchaseOffsets, times, destination);
    }

    /// <inheritdoc />
    /// <remarks>Alive with probability P(alive); then λ ~ Gamma(r+x, α+T), μ ~ Gamma(s, β+T), an Exp(μ) remaining lifetime.</remarks>
    public int SimulateFuturePurchases(double x, double recency, double t, double horizon, Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        Horizon(horizon, nameof(horizon));
        return ParetoNbdSimulator.SimulateFuture(Parameters, x, recency, t, horizon, random);
    }

    /// <inheritdoc />
    public PurchaseSimulation Simulate(ReadOnlySpan<double> observationLengths, int seed, double holdoutLength = 0, bool wholeUnits = false) =>
        ParetoNbdSimulator.Simulate(Parameters, TimeUnit, observationLengths, seed, holdoutLength, wholeUnits);

    private void CheckSummary(RfmSummary summary, int destinationLength)
    {
        ArgumentNullException.ThrowIfNull(summary);
        if (summary.TimeUnit.DaysPerUnit != TimeUnit.DaysPerUnit)
            throw new ArgumentException($"The summary is in {summary.TimeUnit} but the model in {TimeUnit}.", nameof(summary));
        if (summary.Count != destinationLength)
            throw new ArgumentException($"The destination has {destinationLength} elements for {summary.Count} inputs.", "destination");
    }

    private static void Horizon(double t, string name)
    {
        if (!double.IsFinite(t) || t < 0)
            throw new ArgumentOutOfRangeException(name, t, $"The horizon {name} must be finite and ≥ 0.");
    }
}
