using Clv.Probabilistic.Data;
using Clv.Probabilistic.Models.BgNbd;

namespace Clv.Probabilistic.Models.MbgNbd;

/// <summary>
/// An MBG/NBD model with known parameters and time unit (Batislam, Denizel &amp; Filiztekin 2007): every prediction of
/// <see cref="IPurchaseModel"/> for a single customer or a whole summary. Summaries must be in <see cref="TimeUnit"/>;
/// horizons are in the same unit. The formulas and their derivation are in docs/mbgnbd.md.
/// </summary>
public sealed class MbgNbdModel : IAliveFactoredPurchaseModel, IRowBlockPurchaseModel
{
    /// <summary>Creates a model.</summary>
    /// <param name="parameters">r, α, a, b, with α in <paramref name="timeUnit"/>.</param>
    /// <param name="timeUnit">Unit of α and of every duration.</param>
    public MbgNbdModel(MbgNbdParameters parameters, TimeUnit timeUnit)
    {
        Parameters = MbgNbdDefinition.Instance.Supported(parameters);
        if (timeUnit.Name is null) throw new ArgumentException("The time unit is uninitialised.", nameof(timeUnit));
        TimeUnit = timeUnit;
    }

    /// <summary>The parameters.</summary>
    public MbgNbdParameters Parameters { get; }

    /// <inheritdoc />
    public TimeUnit TimeUnit { get; }

    /// <inheritdoc />
    /// <remarks>E[Y(t) | x, t_x, T] = P(alive) · E_BG/NBD[X(t)] at (r+x, α+T, a, b+x+1).</remarks>
    public bool ExpectationFactorsThroughAlive => true;

    /// <summary>
    /// E[X(t)] for a new customer: b/(a−1) · [1 − (α/(α+t))^r ₂F₁(r, b+1; a+b; t/(α+t))] (BDF 2007), computed as
    /// b/(a+b) times the BG/NBD E[X(t)] at (r, α, a, b+1), which is finite at a = 1 and accurate for every t ≥ 0.
    /// </summary>
    public double ExpectedPurchases(double t)
    {
        BgNbdChecks.Horizon(t, nameof(t));
        var p = Parameters;
        return MbgNbdFormulas.ExpectedCount(p.R, p.Alpha, p.A, p.B, t);
    }

    /// <summary>
    /// ln P(X(t) = n) for a new customer: δ_{n=0} a/(a+b) + b/(a+b) · P_BG/NBD(X(t) = n) at (r, α, a, b+1) (the customer
    /// drops out at the first purchase with probability a/(a+b), and otherwise is a BG/NBD customer with p ~ Beta(a, b+1)).
    /// </summary>
    public double LogProbabilityOfPurchases(double t, int n)
    {
        BgNbdChecks.Horizon(t, nameof(t));
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        var p = Parameters;
        return MbgNbdFormulas.LogPmf(p.R, p.Alpha, p.A, p.B, t, n);
    }

    /// <summary>P(alive | x, t_x, T) = 1 / (1 + a/(b+x) · ((α+T)/(α+t_x))^{r+x}) for every row (below 1 also for x = 0).</summary>
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
        var p = Parameters;
        int n = destination.Length;
        ReadOnlySpan<double> xs = summary.Frequency.Slice(start, n), txs = summary.Recency.Slice(start, n), ts = summary.T.Slice(start, n);
        int i = AliveKernel.FillVectorised(p.R, p.Alpha, p.A, p.B, aliveWithoutRepeat: false, xs, txs, ts, destination);
        for (; i < n; i++)
            destination[i] = MbgNbdFormulas.ProbabilityAlive(p.R, p.Alpha, p.A, p.B, xs[i], txs[i], ts[i]);
    }

    /// <summary>
    /// E[Y(t) | x, t_x, T] for every row: P(alive) · (a+b+x)/(a−1) · [1 − ((α+T)/(α+T+t))^{r+x}
    /// ₂F₁(r+x, b+x+1; a+b+x; t/(α+T+t))], i.e. P(alive) times the BG/NBD E[X(t)] at (r+x, α+T, a, b+x+1), computed once
    /// per distinct (x, T).
    /// </summary>
    public void ConditionalExpectedPurchases(RfmSummary summary, double t, Span<double> destination)
    {
        BgNbdChecks.Horizon(t, nameof(t));
        ProbabilityAlive(summary, destination);
        HistoryCache.MultiplyBy(summary.Frequency, summary.T, destination, (x, tt) => ExpectedPurchasesIfAlive(x, tt, t));
    }

    /// <summary>E[Y(t)] of a customer alive at T: the BG/NBD E[X(t)] at (r+x, α+T, a, b+x+1).</summary>
    private double ExpectedPurchasesIfAlive(double x, double t, double horizon)
    {
        var p = Parameters;
        return MbgNbdFormulas.ExpectedCountIfAlive(p.R, p.Alpha, p.A, p.B, x, t, horizon);
    }

    double IAliveFactoredPurchaseModel.ExpectedPurchasesIfAlive(double x, double t, double horizon) => ExpectedPurchasesIfAlive(x, t, horizon);

    /// <summary>
    /// P(Y(t) = n | x, t_x, T) for every row: δ_{n=0}(1 − P(alive)) + P(alive) · P_BG/NBD(X(t) = n) at
    /// (r+x, α+T, a, b+x+1).
    /// </summary>
    public void ConditionalProbabilityOfPurchases(RfmSummary summary, double t, int n, Span<double> destination)
    {
        CheckSummary(summary, destination.Length);
        BgNbdChecks.Horizon(t, nameof(t));
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        var p = Parameters;
        for (int i = 0; i < destination.Length; i++)
            destination[i] = Math.Exp(MbgNbdFormulas.ConditionalLogPmf(p.R, p.Alpha, p.A, p.B,
                summary.Frequency[i], summary.Recency[i], summary.T[i], t, n));
    }

    /// <inheritdoc />
    public void ExpectedCumulativeRepeatPurchases(ReadOnlySpan<double> firstPurchaseOffsets, ReadOnlySpan<double> times, Span<double> destination)
    {
        var p = Parameters;
        CohortExpectation.CumulativeRepeatPurchases(t => MbgNbdFormulas.ExpectedCount(p.R, p.Alpha, p.A, p.B, t), firstPurchaseOffsets, times, destination);
    }

    /// <inheritdoc />
    /// <remarks>Alive with probability P(alive); then λ ~ Gamma(r+x, α+T), p ~ Beta(a, b+x+1) (docs/mbgnbd.md).</remarks>
    public int SimulateFuturePurchases(double x, double recency, double t, double horizon, Random random) =>
        MbgNbdSimulator.SimulateFuture(Parameters, x, recency, t, horizon, random);

    /// <inheritdoc />
    public PurchaseSimulation Simulate(ReadOnlySpan<double> observationLengths, int seed, double holdoutLength = 0, bool wholeUnits = false) =>
        MbgNbdSimulator.Simulate(Parameters, TimeUnit, observationLengths, seed, holdoutLength, wholeUnits);

    private void CheckSummary(RfmSummary summary, int destinationLength)
    {
        ArgumentNullException.ThrowIfNull(summary);
        if (summary.TimeUnit.DaysPerUnit != TimeUnit.DaysPerUnit)
            throw new ArgumentException($"The summary is in {summary.TimeUnit} but the model in {TimeUnit}.", nameof(summary));
        if (summary.Count != destinationLength)
            throw new ArgumentException($"The destination has {destinationLength} elements for {summary.Count} customers.", "destination");
    }
}
