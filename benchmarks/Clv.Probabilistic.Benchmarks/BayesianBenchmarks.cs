using BenchmarkDotNet.Attributes;
using Clv.Probabilistic.Data;
using Clv.Probabilistic.Inference;
using Clv.Probabilistic.Models;
using Clv.Probabilistic.Models.BgNbd;
using Clv.Probabilistic.Models.GammaGamma;
using Clv.Probabilistic.Valuation;
using Clv.Probabilistic.Valuation.Intervals;

namespace Clv.Probabilistic.Benchmarks;

/// <summary>
/// Bayesian fits and per-customer intervals: NUTS on CDNOW (4 chains × (1000 warm-up + 1000 draws), dense metric),
/// NUTS on 10^6 simulated customers (whole-day T, so rows compress), and CLV intervals of 10^6 customers from 200 draws.
/// </summary>
[MemoryDiagnoser]
public class BayesianBenchmarks
{
    private static readonly FitOptions Nuts = new() { Method = FitMethod.Nuts, Seed = 1 };

    private RfmSummary _cdnow = null!;
    private RfmSummary _million = null!;
    private ModelFit _purchases = null!;
    private ModelFit _spend = null!;

    [GlobalSetup]
    public void Setup()
    {
        _cdnow = Datasets.CdnowSummaryWithMonetaryValue();
        var lengths = new double[1_000_000];
        for (int i = 0; i < lengths.Length; i++) lengths[i] = 1 + i % 273;
        var truth = new BgNbdParameters(0.243, 4.414 * 7, 0.793, 2.426);
        var simulated = new BgNbdSimulator(truth, TimeUnit.Days).Simulate(lengths, seed: 5, wholeUnits: true).Summary;
        var spend = GammaGammaSimulator.SimulateMeanSpend(new GammaGammaParameters(6.25, 3.74, 15.44), simulated.Frequency, seed: 6);
        _million = new RfmSummary(simulated.CustomerIds, simulated.Frequency, simulated.Recency, simulated.T, spend, TimeUnit.Days);
        _purchases = ModelFitter.Fit(BgNbdDefinition.Instance, _million, new FitOptions { Draws = 200 });
        _spend = ModelFitter.Fit(GammaGammaDefinition.Instance, _million, new FitOptions { Draws = 200 });
    }

    [Benchmark]
    public ModelFit CdnowBgNbdNuts() => ModelFitter.Fit(BgNbdDefinition.Instance, _cdnow, Nuts);

    [Benchmark]
    public ModelFit CdnowGammaGammaNuts() => ModelFitter.Fit(GammaGammaDefinition.Instance, _cdnow, Nuts);

    [Benchmark]
    public ModelFit MillionBgNbdNuts() => ModelFitter.Fit(BgNbdDefinition.Instance, _million, Nuts);

    [Benchmark]
    public CustomerIntervals MillionClvIntervals() => PredictionIntervals.Compute(_purchases, _spend, _million,
        new IntervalOptions { Horizon = 365, MaxDraws = 200, Clv = ClvOptions.Monthly(12, DiscountRate.PerYear(0.1)) });
}
