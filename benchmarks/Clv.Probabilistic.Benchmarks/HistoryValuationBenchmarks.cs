using BenchmarkDotNet.Attributes;
using Clv.Probabilistic.Data;
using Clv.Probabilistic.Models;
using Clv.Probabilistic.Models.BgNbd;
using Clv.Probabilistic.Models.GammaGamma;
using Clv.Probabilistic.Valuation;

namespace Clv.Probabilistic.Benchmarks;

/// <summary>
/// 12-month CLV at 1% a month of customers simulated from BG/NBD in whole days (<see cref="BgNbdSyntheticData"/>), per
/// customer (each customer's E[Y(t)] at every period, one block per processor: the path before the valuation per
/// distinct history) and per distinct history (<c>HistoryValuation</c>): BG/NBD, whose E[Y] factors through P(alive),
/// and Pareto/NBD at the same customers, valued once per distinct (x, t_x, T).
/// </summary>
[MemoryDiagnoser]
public class HistoryValuationBenchmarks
{
    private RfmSummary _customers = null!;
    private IPurchaseModel _purchases = null!;
    private ISpendModel _spend = null!;
    private ClvOptions _options = null!;

    [Params("bgnbd", "paretonbd")]
    public string Model { get; set; } = "bgnbd";

    /// <summary>10^6 customers for BG/NBD; 10^5 for Pareto/NBD, whose per-customer path integrates per customer.</summary>
    private int Customers => Model == "bgnbd" ? 1_000_000 : 100_000;

    [GlobalSetup]
    public void Setup()
    {
        _customers = SpendData.WithSimulatedSpend(BgNbdSyntheticData.Create(Customers, wholeDays: true), seed: 42);
        // Pareto/NBD at parameters of a similar customer base in days (r, α, s, β).
        _purchases = Model == "bgnbd"
            ? new BgNbdModel(BgNbdSyntheticData.DailyParameters, TimeUnit.Days)
            : ModelRegistry.Get("paretonbd").CreatePurchaseModel([0.55, 10.6 * 7, 0.61, 11.7 * 7], TimeUnit.Days);
        _spend = new GammaGammaSpendModel(SpendData.Parameters);
        _options = ClvOptions.Monthly(12, DiscountRate.PerMonth(0.01), margin: 0.3);
    }

    [Benchmark(Baseline = true)]
    public double PerCustomer() => CustomerLifetimeValue.Compute(_purchases, _spend, _customers, _options,
        rowsPerBlock: Math.Max(1 << 14, (_customers.Count + Environment.ProcessorCount - 1) / Environment.ProcessorCount)).Total;

    [Benchmark]
    public double PerDistinctHistory() => CustomerLifetimeValue.Compute(_purchases, _spend, _customers, _options).Total;
}
