using BenchmarkDotNet.Attributes;
using Clv.Probabilistic.Data;
using Clv.Probabilistic.Inference;
using Clv.Probabilistic.Models;
using Clv.Probabilistic.Models.MbgNbd;

namespace Clv.Probabilistic.Benchmarks;

/// <summary>The fixed MBG/NBD parameters of the benchmarks below: the BG/NBD synthetic data's own daily parameters (r, α, a, b mean the same in both models).</summary>
internal static class MbgNbdBenchmarkParameters
{
    public static MbgNbdParameters Daily { get; } = new(0.243, 4.414 * 7, 0.793, 2.426);

    public static double[] LogVector()
    {
        var p = Daily;
        return [Math.Log(p.R), Math.Log(p.Alpha), Math.Log(p.A), Math.Log(p.B)];
    }
}

/// <summary>MBG/NBD MLE on the CDNOW calibration summary (2,357 customers, weeks), through the one fit path.</summary>
[MemoryDiagnoser]
public class MbgNbdCdnowFitBenchmarks
{
    private RfmSummary _cdnow = null!;

    [GlobalSetup]
    public void Setup() => _cdnow = Datasets.CdnowSummary();

    [Benchmark]
    public ModelFit<MbgNbdParameters, MbgNbdModel> CdnowFit() => ModelFitter.Fit(MbgNbdDefinition.Instance, _cdnow);
}

/// <summary>
/// One MBG/NBD log-likelihood + gradient evaluation at fixed θ (the optimiser's inner loop), on the BG/NBD synthetic
/// customers (<see cref="BgNbdSyntheticData"/>), prepared once through the definition.
/// </summary>
[MemoryDiagnoser]
public class MbgNbdLogLikelihoodBenchmarks
{
    private ILogDensity _logLikelihood = null!;
    private readonly double[] _theta = MbgNbdBenchmarkParameters.LogVector();
    private readonly double[] _gradient = new double[4];

    [Params(10_000, 100_000, 1_000_000)]
    public int Customers { get; set; }

    [Params(true, false)]
    public bool WholeDays { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var def = MbgNbdDefinition.Instance;
        _logLikelihood = def.LogLikelihood(def.Prepare(BgNbdSyntheticData.Create(Customers, WholeDays)));
    }

    [Benchmark]
    public double ValueAndGradient() => _logLikelihood.Evaluate(_theta, _gradient);
}

/// <summary>
/// The whole MBG/NBD fit: merging rows, quasi-Newton maximisation, Hessian and standard errors, through the one fit
/// path (which also forms the 1,000 default draws from the normal approximation).
/// </summary>
[MemoryDiagnoser]
public class MbgNbdFitBenchmarks
{
    private RfmSummary _summary = null!;

    [Params(100_000, 1_000_000)]
    public int Customers { get; set; }

    [Params(true, false)]
    public bool WholeDays { get; set; }

    [GlobalSetup]
    public void Setup() => _summary = BgNbdSyntheticData.Create(Customers, WholeDays);

    [Benchmark]
    public ModelFit<MbgNbdParameters, MbgNbdModel> Fit() => ModelFitter.Fit(MbgNbdDefinition.Instance, _summary);
}

/// <summary>Scoring a customer base with MBG/NBD: P(alive) and E[Y(365 days) | x, t_x, T] for every row.</summary>
[MemoryDiagnoser]
public class MbgNbdScoringBenchmarks
{
    private RfmSummary _summary = null!;
    private MbgNbdModel _model = null!;
    private double[] _destination = null!;

    [Params(1_000_000)]
    public int Customers { get; set; }

    [Params(true, false)]
    public bool WholeDays { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _summary = BgNbdSyntheticData.Create(Customers, WholeDays);
        _model = new MbgNbdModel(MbgNbdBenchmarkParameters.Daily, TimeUnit.Days);
        _destination = new double[Customers];
    }

    [Benchmark]
    public void ProbabilityAlive() => _model.ProbabilityAlive(_summary, _destination);

    [Benchmark]
    public void ConditionalExpectedPurchases() => _model.ConditionalExpectedPurchases(_summary, 365, _destination);
}
