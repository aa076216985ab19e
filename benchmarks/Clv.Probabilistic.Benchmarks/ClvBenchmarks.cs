using BenchmarkDotNet.Attributes;
using Clv.Probabilistic.Data;
using Clv.Probabilistic.Models;
using Clv.Probabilistic.Models.BgNbd;
using Clv.Probabilistic.Models.GammaGamma;
using Clv.Probabilistic.Valuation;

namespace Clv.Probabilistic.Benchmarks;

/// <summary>
/// CLV of 10^6 customers over 12 monthly periods at 1% a month (point estimates), BG/NBD purchases and Gamma-Gamma spend.
/// </summary>
[MemoryDiagnoser]
public class ClvBenchmarks
{
    private RfmSummary _customers = null!;
    private IPurchaseModel _purchases = null!;
    private ISpendModel _spend = null!;
    private ClvOptions _discrete = null!;
    private ClvOptions _continuous = null!;

    [Params(1_000_000)]
    public int Customers { get; set; }

    /// <summary>
    /// BG/NBD on simulated customers in days, with whole-day durations (as from a transaction log) or fractional ones
    /// (every row distinct); or a closed-form comparison model on the whole-day customers.
    /// </summary>
    [Params("BgNbdWholeDays", "BgNbdFractionalDays", "ClosedForm")]
    public string PurchaseModel { get; set; } = "BgNbdWholeDays";

    [GlobalSetup]
    public void Setup()
    {
        _customers = SpendData.WithSimulatedSpend(BgNbdSyntheticData.Create(Customers, wholeDays: PurchaseModel != "BgNbdFractionalDays"), seed: 42);
        _purchases = PurchaseModel == "ClosedForm"
            ? new ExponentialDropoutPoissonModel(TimeUnit.Days, mu: 0.003)
            : new BgNbdModel(BgNbdSyntheticData.DailyParameters, TimeUnit.Days);
        _spend = new GammaGammaSpendModel(SpendData.Parameters);
        _discrete = ClvOptions.Monthly(12, DiscountRate.PerMonth(0.01), margin: 0.3);
        _continuous = new ClvOptions(12, TimeUnit.Months, DiscountRate.PerMonth(0.01), DiscountingKind.Continuous, 0.3);
    }

    [Benchmark]
    public double Discrete12Months() => CustomerLifetimeValue.Compute(_purchases, _spend, _customers, _discrete).Total;

    [Benchmark]
    public double Continuous12Months() => CustomerLifetimeValue.Compute(_purchases, _spend, _customers, _continuous).Total;
}

/// <summary>Adds Gamma-Gamma mean repeat spend (CDNOW estimates) to a simulated summary.</summary>
internal static class SpendData
{
    public static GammaGammaParameters Parameters { get; } = new(6.25, 3.74, 15.44);

    public static RfmSummary WithSimulatedSpend(RfmSummary summary, int seed) =>
        new(summary.CustomerIds, summary.Frequency, summary.Recency, summary.T,
            GammaGammaSimulator.SimulateMeanSpend(Parameters, summary.Frequency, seed), summary.TimeUnit, summary.Weights);
}

/// <summary>
/// Closed-form comparison purchase model: Poisson purchases at λ = (x + 1)/T with exponential dropout at rate μ,
/// E[Y(t)] = λ (1 − e^(−μt))/μ; one exponential per row per time point.
/// </summary>
internal sealed class ExponentialDropoutPoissonModel(TimeUnit timeUnit, double mu) : IPurchaseModel
{
    public TimeUnit TimeUnit { get; } = timeUnit;

    public void ConditionalExpectedPurchases(RfmSummary summary, double t, Span<double> destination)
    {
        ReadOnlySpan<double> x = summary.Frequency, tt = summary.T;
        for (int i = 0; i < destination.Length; i++)
            destination[i] = (x[i] + 1) / tt[i] * -double.ExpM1(-mu * t) / mu;
    }

    public double ExpectedPurchases(double t) => throw Unused();

    public double LogProbabilityOfPurchases(double t, int n) => throw Unused();

    public void ProbabilityAlive(RfmSummary summary, Span<double> destination) => throw Unused();

    public void ExpectedCumulativeRepeatPurchases(ReadOnlySpan<double> firstPurchaseOffsets, ReadOnlySpan<double> times, Span<double> destination) =>
        throw Unused();

    public int SimulateFuturePurchases(double x, double recency, double t, double horizon, Random random) => throw Unused();

    public PurchaseSimulation Simulate(ReadOnlySpan<double> observationLengths, int seed, double holdoutLength = 0, bool wholeUnits = false) =>
        throw Unused();

    private static NotSupportedException Unused() => new("The CLV benchmark uses only the conditional expectation of this comparison model.");
}
