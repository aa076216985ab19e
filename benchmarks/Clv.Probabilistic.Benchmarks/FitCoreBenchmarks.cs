using BenchmarkDotNet.Attributes;
using Clv.Probabilistic.Data;
using Clv.Probabilistic.Models;
using Clv.Probabilistic.Models.BgNbd;
using Clv.Probabilistic.Models.GammaGamma;

namespace Clv.Probabilistic.Benchmarks;

/// <summary>
/// What <c>clv fit</c> does after the summary is read, for 10^6 simulated customers in whole days (as s1m.csv): the
/// BG/NBD and Gamma-Gamma preparation, and preparation with the whole maximum-likelihood fit (optimiser, Hessian,
/// verdict), each through the library's one fit path.
/// </summary>
[MemoryDiagnoser]
public class FitCoreBenchmarks
{
    private RfmSummary _summary = null!;

    [Params(1_000_000)]
    public int Customers { get; set; }

    [GlobalSetup]
    public void Setup() => _summary = SpendData.WithSimulatedSpend(BgNbdSyntheticData.Create(Customers, wholeDays: true, seed: 7), seed: 7);

    [Benchmark]
    public ModelData BgNbdPrepare() => BgNbdDefinition.Instance.Prepare(_summary);

    [Benchmark]
    public double BgNbdPrepareAndFit() => ModelFitter.Fit(BgNbdDefinition.Instance, _summary).LogLikelihood!.Value;

    [Benchmark]
    public ModelData GammaGammaPrepare() => GammaGammaDefinition.Instance.Prepare(_summary);

    [Benchmark]
    public double GammaGammaPrepareAndFit() => ModelFitter.Fit(GammaGammaDefinition.Instance, _summary).LogLikelihood!.Value;
}
