using Clv.Probabilistic.Data;

namespace Clv.Probabilistic.Models.GGomNbd;

/// <summary>
/// A GGom/NBD model with known parameters and time unit (Bemmaor &amp; Glady 2012, "Modeling Purchasing Behavior with
/// Sudden 'Death': A Flexible Customer Lifetime Model", Management Science 58(5)).
/// </summary>
/// <remarks>Summaries passed in must be in <see cref="TimeUnit"/>; horizons t are in the same unit.</remarks>
public sealed class GGomNbdModel : IAliveFactoredPurchaseModel
{
    /// <summary>Creates a model.</summary>
    /// <param name="parameters">r, α, b, s, β, with α a duration and b a rate in <paramref name="timeUnit"/>.</param>
    /// <param name="timeUnit">Unit of α, 1/b and of every duration.</param>
    public GGomNbdModel(GGomNbdParameters parameters, TimeUnit timeUnit)
    {
        Parameters = GGomNbdDefinition.Instance.Supported(parameters);
        if (timeUnit.Name is null) throw new ArgumentException("The time unit is uninitialised.", nameof(timeUnit));
        TimeUnit = timeUnit;
    }

    /// <summary>The parameters.</summary>
    public GGomNbdParameters Parameters { get; }

    /// <inheritdoc />
    public TimeUnit TimeUnit { get; }

    /// <inheritdoc />
    /// <remarks>E[Y(t) | x, t_x, T] = P(alive) · E[X(t)] at (r + x, α + T, b, s, e^{−bT}(β + e^{bT} − 1)).</remarks>
    public bool ExpectationFactorsThroughAlive => true;

    /// <summary>E[X(t)] = (r/α) ∫₀ᵗ (β/(β + e^{bu} − 1))^s du for a new customer (by adaptive quadrature).</summary>
    public double ExpectedPurchases(double t)
    {
        Horizon(t, nameof(t));
        var p = Parameters;
        return GGomNbdFormulas.ExpectedCount(p.R, p.Alpha, p.B, p.S, p.Beta, t);
    }

    /// <summary>ln P(X(t) = n) for a new customer: alive throughout, or dropped out at τ ≤ t, mixed over λ and the lifetime.</summary>
    public double LogProbabilityOfPurchases(double t, int n)
    {
        Horizon(t, nameof(t));
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        var p = Parameters;
        return GGomNbdFormulas.LogProbabilityOfPurchases(p.R, p.Alpha, p.B, p.S, p.Beta, t, n);
    }

    /// <summary>P(alive | x, t_x, T) for every row: the alive term of the likelihood over the whole.</summary>
    public void ProbabilityAlive(RfmSummary summary, Span<double> destination)
    {
        CheckSummary(summary, destination.Length);
        var p = Parameters;
        PerDistinctHistory(summary, destination, (x, recency, tt) => GGomNbdFormulas.ProbabilityAlive(p, x, recency, tt));
    }

    /// <summary>E[Y(t) | x, t_x, T] for every row: P(alive) · E[X(t)] at the parameters of a customer alive at T.</summary>
    public void ConditionalExpectedPurchases(RfmSummary summary, double t, Span<double> destination)
    {
        Horizon(t, nameof(t));
        CheckSummary(summary, destination.Length);
        var p = Parameters;
        PerDistinctHistory(summary, destination, (x, recency, tt) => GGomNbdFormulas.ConditionalExpectedPurchases(p, x, recency, tt, t));
    }

    double IAliveFactoredPurchaseModel.ExpectedPurchasesIfAlive(double x, double t, double horizon) =>
        GGomNbdFormulas.ExpectedPurchasesIfAlive(Parameters, x, t, horizon);

    /// <summary>Thread limit of the per-customer functions (−1: no limit); the result is the same bits for every value.</summary>
    internal int MaxDegreeOfParallelism { get; set; } = -1;

    /// <summary>destination[i] = f(x_i, t_x,i, T_i), once per distinct history (<see cref="DistinctHistories"/>).</summary>
    private void PerDistinctHistory(RfmSummary summary, Span<double> destination, Func<double, double, double, double> f) =>
        DistinctHistories.Evaluate(summary.Frequency, summary.Recency, summary.T, destination, MaxDegreeOfParallelism, f);

    /// <inheritdoc />
    public void ExpectedCumulativeRepeatPurchases(ReadOnlySpan<double> firstPurchaseOffsets, ReadOnlySpan<double> times, Span<double> destination)
    {
        var p = Parameters;
        CohortExpectation.CumulativeRepeatPurchases(t => GGomNbdFormulas.ExpectedCount(p.R, p.Alpha, p.B, p.S, p.Beta, t), firstPurchaseOffsets, times, destination);
    }

    /// <inheritdoc />
    /// <remarks>Alive with probability P(alive); then λ ~ Gamma(r+x, α+T), η ~ Gamma(s, β + e^{bT} − 1), a Gompertz remaining lifetime.</remarks>
    public int SimulateFuturePurchases(double x, double recency, double t, double horizon, Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        Horizon(horizon, nameof(horizon));
        return GGomNbdSimulator.SimulateFuture(Parameters, x, recency, t, horizon, random);
    }

    /// <inheritdoc />
    public PurchaseSimulation Simulate(ReadOnlySpan<double> observationLengths, int seed, double holdoutLength = 0, bool wholeUnits = false) =>
        GGomNbdSimulator.Simulate(Parameters, TimeUnit, observationLengths, seed, holdoutLength, wholeUnits);

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
