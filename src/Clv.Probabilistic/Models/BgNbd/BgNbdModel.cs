using Clv.Probabilistic.Data;

namespace Clv.Probabilistic.Models.BgNbd;

/// <summary>
/// A BG/NBD model with known parameters and time unit (Fader, Hardie &amp; Lee 2005), optionally with the statistics of
/// the fit that produced it; computes every prediction of the paper for a single customer or a whole summary.
/// </summary>
/// <remarks>
/// Construct it directly from parameters, or fit it with <see cref="ModelFitter"/> and <see cref="BgNbdDefinition"/>
/// (the fit's <c>Model</c>). Summaries passed in must be in <see cref="TimeUnit"/>;
/// horizons t are in the same unit. The single-customer formulas and their sources are in <see cref="BgNbdFormulas"/>.
/// </remarks>
public sealed class BgNbdModel : IAliveFactoredPurchaseModel, IRowBlockPurchaseModel
{
    /// <summary>Creates a model.</summary>
    /// <param name="parameters">r, α, a, b, with α in <paramref name="timeUnit"/>.</param>
    /// <param name="timeUnit">Unit of α and of every duration.</param>
    public BgNbdModel(BgNbdParameters parameters, TimeUnit timeUnit)
    {
        Parameters = BgNbdDefinition.Instance.Supported(parameters);
        if (timeUnit.Name is null) throw new ArgumentException("The time unit is uninitialised.", nameof(timeUnit));
        TimeUnit = timeUnit;
    }

    /// <summary>The parameters.</summary>
    public BgNbdParameters Parameters { get; }

    /// <inheritdoc />
    public TimeUnit TimeUnit { get; }

    /// <inheritdoc />
    /// <remarks>E[Y(t) | x, t_x, T] = P(alive) · E[X(t)] at (r + x, α + T, a, b + x) (FHL 2005 eq. 10).</remarks>
    public bool ExpectationFactorsThroughAlive => true;

    /// <inheritdoc />
    /// <remarks>Exact conditional posterior of λ, p and the alive state; see <see cref="BgNbdSimulator.SimulateFuture"/>.</remarks>
    public int SimulateFuturePurchases(double x, double recency, double t, double horizon, Random random) =>
        BgNbdSimulator.SimulateFuture(Parameters, x, recency, t, horizon, random);

    /// <inheritdoc />
    public PurchaseSimulation Simulate(ReadOnlySpan<double> observationLengths, int seed, double holdoutLength = 0, bool wholeUnits = false) =>
        new BgNbdSimulator(Parameters, TimeUnit).Simulate(observationLengths, seed, holdoutLength, wholeUnits);

    /// <summary>E[X(t)] for a new customer (FHL 2005 eq. 7); see <see cref="BgNbdFormulas.ExpectedPurchases"/>.</summary>
    public double ExpectedPurchases(double t) => BgNbdFormulas.ExpectedPurchases(Parameters, t);

    /// <summary>E[X(t)] for a new customer at each horizon of <paramref name="t"/> (FHL 2005 eq. 7).</summary>
    public void ExpectedPurchases(ReadOnlySpan<double> t, Span<double> destination)
    {
        SameLength(t.Length, destination.Length);
        for (int i = 0; i < t.Length; i++) destination[i] = BgNbdFormulas.ExpectedPurchases(Parameters, t[i]);
    }

    /// <summary>P(X(t) = n) for a new customer (FHL 2005 eq. 8); see <see cref="BgNbdFormulas.LogProbabilityOfPurchases"/>.</summary>
    public double ProbabilityOfPurchases(double t, int n) => Math.Exp(BgNbdFormulas.LogProbabilityOfPurchases(Parameters, t, n));

    /// <summary>ln P(X(t) = n) for a new customer (FHL 2005 eq. 8).</summary>
    public double LogProbabilityOfPurchases(double t, int n) => BgNbdFormulas.LogProbabilityOfPurchases(Parameters, t, n);

    /// <summary>
    /// P(alive | x, t_x, T) for every row (FHL 2005 eq. 13):
    /// 1 / (1 + δ_{x&gt;0} a/(b+x−1) ((α+T)/(α+t_x))^{r+x}).
    /// </summary>
    public void ProbabilityAlive(RfmSummary summary, Span<double> destination)
    {
        CheckSummary(summary, destination.Length);
        FillAlive(summary, 0, destination);
    }

    void IRowBlockPurchaseModel.ProbabilityAlive(RfmSummary summary, int start, Span<double> destination)
    {
        CheckSummary(summary, summary.Count);
        FillAlive(summary, start, destination);
    }

    private void FillAlive(RfmSummary summary, int start, Span<double> destination)
    {
        double r = Parameters.R, alpha = Parameters.Alpha, a = Parameters.A, b = Parameters.B;
        int n = destination.Length;
        ReadOnlySpan<double> xs = summary.Frequency.Slice(start, n), txs = summary.Recency.Slice(start, n), ts = summary.T.Slice(start, n);
        int i = AliveKernel.FillVectorised(r, alpha, a, b - 1, aliveWithoutRepeat: true, xs, txs, ts, destination);
        for (; i < n; i++)
            destination[i] = Math.Exp(-BgNbdFormulas.LogOddsDead(r, alpha, a, b, xs[i], txs[i], ts[i], out _));
    }

    /// <summary>
    /// E[Y(t) | x, t_x, T] for every row (FHL 2005 eq. 10): P(alive) times eq. 7 at (r+x, α+T, a, b+x). The hypergeometric
    /// part depends only on (x, T), so it is computed once per distinct pair.
    /// </summary>
    public void ConditionalExpectedPurchases(RfmSummary summary, double t, Span<double> destination)
    {
        BgNbdChecks.Horizon(t, nameof(t));
        ProbabilityAlive(summary, destination);
        HistoryCache.MultiplyBy(summary.Frequency, summary.T, destination, (x, tt) => ExpectedPurchasesIfAlive(x, tt, t));
    }

    /// <summary>Eq. 7 at (r + x, α + T, a, b + x): E[Y(t)] of a customer alive at T (FHL 2005 eq. 10 without P(alive)).</summary>
    private double ExpectedPurchasesIfAlive(double x, double t, double horizon)
    {
        var p = Parameters;
        return BgNbdFormulas.ExpectedCount(p.R + x, p.Alpha + t, p.A, p.B + x, horizon);
    }

    double IAliveFactoredPurchaseModel.ExpectedPurchasesIfAlive(double x, double t, double horizon) => ExpectedPurchasesIfAlive(x, t, horizon);

    /// <summary>P(Y(t) = n | x, t_x, T) for every row (Hardie's note 029); see <see cref="BgNbdFormulas.ConditionalLogProbabilityOfPurchases"/>.</summary>
    public void ConditionalProbabilityOfPurchases(RfmSummary summary, double t, int n, Span<double> destination)
    {
        CheckSummary(summary, destination.Length);
        for (int i = 0; i < destination.Length; i++)
            destination[i] = Math.Exp(BgNbdFormulas.ConditionalLogProbabilityOfPurchases(
                Parameters, summary.Frequency[i], summary.Recency[i], summary.T[i], t, n));
    }

    /// <summary>
    /// Expected cumulative repeat purchases of a cohort at calendar times <paramref name="times"/> (the tracking curve,
    /// FHL 2005 figure 2): Σ_i E[X(τ − s_i)] over customers with first purchase s_i &lt; τ, eq. 7.
    /// </summary>
    /// <param name="firstPurchaseOffsets">s_i: each customer's first purchase, in model time units from a common origin.</param>
    /// <param name="times">τ: calendar times on the same axis.</param>
    /// <param name="destination">Receives one total per time.</param>
    public void ExpectedCumulativeRepeatPurchases(ReadOnlySpan<double> firstPurchaseOffsets, ReadOnlySpan<double> times, Span<double> destination)
    {
        var p = Parameters;
        CohortExpectation.CumulativeRepeatPurchases(t => BgNbdFormulas.ExpectedCount(p.R, p.Alpha, p.A, p.B, t), firstPurchaseOffsets, times, destination);
    }

    private void CheckSummary(RfmSummary summary, int destinationLength)
    {
        ArgumentNullException.ThrowIfNull(summary);
        if (summary.TimeUnit.DaysPerUnit != TimeUnit.DaysPerUnit)
            throw new ArgumentException($"The summary is in {summary.TimeUnit} but the model in {TimeUnit}.", nameof(summary));
        SameLength(summary.Count, destinationLength);
    }

    private static void SameLength(int expected, int actual)
    {
        if (expected != actual) throw new ArgumentException($"The destination has {actual} elements for {expected} inputs.", "destination");
    }
}
