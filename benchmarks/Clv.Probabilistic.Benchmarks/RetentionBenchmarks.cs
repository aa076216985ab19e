using BenchmarkDotNet.Attributes;
using Clv.Probabilistic.Data;
using Clv.Probabilistic.Data.Retention;
using Clv.Probabilistic.Inference;
using Clv.Probabilistic.Models;
using Clv.Probabilistic.Models.BetaDiscreteWeibull;
using Clv.Probabilistic.Models.ShiftedBetaGeometric;

namespace Clv.Probabilistic.Benchmarks;

/// <summary>
/// sBG and BdW: the maximum-likelihood fit of the Fader &amp; Hardie (2007) "regular" cohort (1,000 customers, years 0..7),
/// of a simulated cohort observed for 60 periods, the likelihood pass, and DEL/DERL.
/// </summary>
[MemoryDiagnoser]
public class RetentionBenchmarks
{
    private ModelData _sbgRegular = null!, _bdwRegular = null!, _sbgLong = null!, _bdwLong = null!;
    private ILogDensity _bdwDensity = null!;
    private readonly double[] _theta = [0.0, 1.0, -0.2];
    private readonly double[] _gradient = new double[3];
    private readonly SbgModel _sbg = new(new SbgParameters(0.704, 1.182));
    private readonly BdwModel _bdw = new(new BdwParameters(0.704, 1.182, 0.8));

    [GlobalSetup]
    public void Setup()
    {
        var regular = RetentionData.FromCohort([1000, 631, 468, 382, 326, 289, 262, 241], "regular");
        var simulated = new BdwModel(new BdwParameters(1.2, 2.5, 0.7)).Simulate(100_000, 60, seed: 1);
        _sbgRegular = SbgDefinition.Instance.Prepare(regular, TimeUnit.Years);
        _bdwRegular = BdwDefinition.Instance.Prepare(regular, TimeUnit.Years);
        _sbgLong = SbgDefinition.Instance.Prepare(simulated, TimeUnit.Months);
        _bdwLong = BdwDefinition.Instance.Prepare(simulated, TimeUnit.Months);
        _bdwDensity = BdwDefinition.Instance.LogLikelihood(_bdwLong);
    }

    [Benchmark]
    public double SbgFitRegularCohort() => ModelFitter.Fit(SbgDefinition.Instance, _sbgRegular).LogLikelihood!.Value;

    [Benchmark]
    public double BdwFitRegularCohort() => ModelFitter.Fit(BdwDefinition.Instance, _bdwRegular).LogLikelihood!.Value;

    [Benchmark]
    public double SbgFit60Periods() => ModelFitter.Fit(SbgDefinition.Instance, _sbgLong).LogLikelihood!.Value;

    [Benchmark]
    public double BdwFit60Periods() => ModelFitter.Fit(BdwDefinition.Instance, _bdwLong).LogLikelihood!.Value;

    [Benchmark]
    public double BdwLogLikelihood60Periods() => _bdwDensity.Evaluate(_theta, _gradient);

    [Benchmark]
    public double SbgDerl() => _sbg.DiscountedExpectedResidualLifetime(4, 0.1);

    [Benchmark]
    public double BdwDerl() => _bdw.DiscountedExpectedResidualLifetime(4, 0.1);
}
