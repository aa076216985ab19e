using BenchmarkDotNet.Attributes;
using Clv.Probabilistic.Models;
using Clv.Probabilistic.Models.GammaGamma;

namespace Clv.Probabilistic.Benchmarks;

/// <summary>Gamma-Gamma: likelihood with gradient, a full fit, and conditional spend, on simulated customers (the repeat ones).</summary>
[MemoryDiagnoser]
public class GammaGammaBenchmarks
{
    private GammaGammaData _data = null!;
    private ModelData _prepared = null!;
    private GammaGammaLogDensity _density = null!;
    private GammaGammaSpendModel _model = null!;
    private double[] _theta = null!;
    private double[] _gradient = null!;
    private double[] _spend = null!;

    [Params(10_000, 1_000_000)]
    public int Customers { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        // BG/NBD-simulated customers with Gamma-Gamma spend; the likelihood and fit use those with x ≥ 1.
        var summary = SpendData.WithSimulatedSpend(BgNbdSyntheticData.Create(Customers, wholeDays: true, seed: 7), seed: 7);
        _data = GammaGammaData.FromSummary(summary);
        _prepared = GammaGammaDefinition.Instance.Prepare(_data, summary.TimeUnit);
        _density = new GammaGammaLogDensity(_data);
        _model = new GammaGammaSpendModel(SpendData.Parameters);
        _theta = GammaGammaLogDensity.ToUnconstrained(new GammaGammaParameters(6.0, 3.5, 15.0));
        _gradient = new double[3];
        _spend = new double[_data.Count];
    }

    [Benchmark]
    public double LogLikelihoodAndGradient() => _density.Evaluate(_theta, _gradient);

    [Benchmark]
    public double Fit() => ModelFitter.Fit(GammaGammaDefinition.Instance, _prepared).LogLikelihood!.Value;

    [Benchmark]
    public double ConditionalSpend()
    {
        _model.ConditionalExpectedSpend(_data.Frequency, _data.MeanSpend, _spend);
        return _spend[0];
    }
}
