using BenchmarkDotNet.Attributes;
using Clv.Probabilistic.Data;
using Clv.Probabilistic.Inference;
using Clv.Probabilistic.Models;
using Clv.Probabilistic.Models.ParetoNbd;

namespace Clv.Probabilistic.Benchmarks;

/// <summary>The fixed Pareto/NBD parameters of the benchmarks below: the published CDNOW estimates (r 0.553, α 10.578 weeks, s 0.606, β 11.669 weeks) in days.</summary>
internal static class ParetoNbdBenchmarkParameters
{
    public static ParetoNbdParameters Daily { get; } = new(0.553, 10.578 * 7, 0.606, 11.669 * 7);

    public static double[] LogVector()
    {
        var p = Daily;
        return [Math.Log(p.R), Math.Log(p.Alpha), Math.Log(p.S), Math.Log(p.Beta)];
    }
}

/// <summary>Pareto/NBD MLE on the CDNOW calibration summary (2,357 customers, weeks), through the one fit path.</summary>
[MemoryDiagnoser]
public class ParetoNbdCdnowFitBenchmarks
{
    private RfmSummary _cdnow = null!;

    [GlobalSetup]
    public void Setup() => _cdnow = Datasets.CdnowSummary();

    [Benchmark]
    public ModelFit<ParetoNbdParameters, ParetoNbdModel> CdnowFit() => ModelFitter.Fit(ParetoNbdDefinition.Instance, _cdnow);
}

/// <summary>
/// One Pareto/NBD log-likelihood + gradient evaluation at fixed θ (the optimiser's inner loop), on the BG/NBD synthetic
/// customers (<see cref="BgNbdSyntheticData"/>), prepared once through the definition.
/// </summary>
[MemoryDiagnoser]
public class ParetoNbdLogLikelihoodBenchmarks
{
    private ILogDensity _logLikelihood = null!;
    private readonly double[] _theta = ParetoNbdBenchmarkParameters.LogVector();
    private readonly double[] _gradient = new double[4];

    [Params(10_000, 100_000, 1_000_000)]
    public int Customers { get; set; }

    [Params(true, false)]
    public bool WholeDays { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var def = ParetoNbdDefinition.Instance;
        _logLikelihood = def.LogLikelihood(def.Prepare(BgNbdSyntheticData.Create(Customers, WholeDays)));
    }

    [Benchmark]
    public double ValueAndGradient() => _logLikelihood.Evaluate(_theta, _gradient);
}

/// <summary>
/// The whole Pareto/NBD fit: merging rows, quasi-Newton maximisation, Hessian and standard errors, through the one fit
/// path (which also forms the 1,000 default draws from the normal approximation).
/// </summary>
[MemoryDiagnoser]
public class ParetoNbdFitBenchmarks
{
    private RfmSummary _summary = null!;

    [Params(100_000, 1_000_000)]
    public int Customers { get; set; }

    [Params(true, false)]
    public bool WholeDays { get; set; }

    [GlobalSetup]
    public void Setup() => _summary = BgNbdSyntheticData.Create(Customers, WholeDays);

    [Benchmark]
    public ModelFit<ParetoNbdParameters, ParetoNbdModel> Fit() => ModelFitter.Fit(ParetoNbdDefinition.Instance, _summary);
}

/// <summary>Scoring a customer base with Pareto/NBD: P(alive) and E[Y(365 days) | x, t_x, T] for every row.</summary>
[MemoryDiagnoser]
public class ParetoNbdScoringBenchmarks
{
    private RfmSummary _summary = null!;
    private ParetoNbdModel _model = null!;
    private double[] _destination = null!;

    [Params(1_000_000)]
    public int Customers { get; set; }

    [Params(true, false)]
    public bool WholeDays { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _summary = BgNbdSyntheticData.Create(Customers, WholeDays);
        _model = new ParetoNbdModel(ParetoNbdBenchmarkParameters.Daily, TimeUnit.Days);
        _destination = new double[Customers];
    }

    [Benchmark]
    public void ProbabilityAlive() => _model.ProbabilityAlive(_summary, _destination);

    [Benchmark]
    public void ConditionalExpectedPurchases() => _model.ConditionalExpectedPurchases(_summary, 365, _destination);
}
