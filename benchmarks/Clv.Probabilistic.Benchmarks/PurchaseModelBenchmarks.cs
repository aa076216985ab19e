using BenchmarkDotNet.Attributes;
using Clv.Probabilistic.Data;
using Clv.Probabilistic.Inference;
using Clv.Probabilistic.Models;

namespace Clv.Probabilistic.Benchmarks;

/// <summary>
/// The registered purchase models benchmarked through their definitions (BG/NBD keeps its own, older classes), with the
/// fixed daily parameters each is timed at: MBG/NBD at the BG/NBD synthetic data's own parameters (r, α, a, b mean the
/// same in both models); Pareto/NBD at the published CDNOW estimates (r 0.553, α 10.578 weeks, s 0.606, β 11.669 weeks);
/// GGom/NBD at r 0.55, α 10.6 weeks, b 0.05 per week, s 0.6, β 0.8 (the first point of its mpmath reference values).
/// </summary>
internal static class PurchaseModelCases
{
    public const string MbgNbd = "mbgnbd";
    public const string ParetoNbd = "pareto-nbd";
    public const string GGomNbd = "ggomnbd";

    public static double[] DailyParameters(string model) => model switch
    {
        MbgNbd => [0.243, 4.414 * 7, 0.793, 2.426],
        ParetoNbd => [0.553, 10.578 * 7, 0.606, 11.669 * 7],
        GGomNbd => [0.55, 10.6 * 7, 0.05 / 7, 0.6, 0.8],
        _ => throw new ArgumentOutOfRangeException(nameof(model), model, "No benchmark parameters for this model."),
    };
}

/// <summary>MLE on the CDNOW calibration summary (2,357 customers, weeks), through the one fit path.</summary>
[MemoryDiagnoser]
public class PurchaseModelCdnowFitBenchmarks
{
    private RfmSummary _cdnow = null!;
    private ModelDefinition _model = null!;

    [Params(PurchaseModelCases.MbgNbd, PurchaseModelCases.ParetoNbd, PurchaseModelCases.GGomNbd)]
    public string Model { get; set; } = PurchaseModelCases.MbgNbd;

    [GlobalSetup]
    public void Setup()
    {
        _cdnow = Datasets.CdnowSummary();
        _model = ModelRegistry.Get(Model);
    }

    [Benchmark]
    public ModelFit CdnowFit() => ModelFitter.Fit(_model, _cdnow, Reported);

    // GGom/NBD runs to its Pareto/NBD boundary on these data and is reported not identified; time the fit, not the throw.
    internal static readonly FitOptions Reported = new() { ThrowIfUnreliable = false };
}

/// <summary>
/// One log-likelihood + gradient evaluation at fixed θ (the optimiser's inner loop), on the BG/NBD synthetic customers
/// (<see cref="BgNbdSyntheticData"/>), prepared once through the definition.
/// </summary>
[MemoryDiagnoser]
public class PurchaseModelLogLikelihoodBenchmarks
{
    private ILogDensity _logLikelihood = null!;
    private double[] _theta = null!;
    private double[] _gradient = null!;

    [Params(PurchaseModelCases.MbgNbd, PurchaseModelCases.ParetoNbd, PurchaseModelCases.GGomNbd)]
    public string Model { get; set; } = PurchaseModelCases.MbgNbd;

    [Params(10_000, 100_000, 1_000_000)]
    public int Customers { get; set; }

    [Params(true, false)]
    public bool WholeDays { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var model = ModelRegistry.Get(Model);
        _logLikelihood = model.LogLikelihood(model.Prepare(BgNbdSyntheticData.Create(Customers, WholeDays)));
        _theta = model.Parameters.ToUnconstrained(PurchaseModelCases.DailyParameters(Model));
        _gradient = new double[_theta.Length];
    }

    [Benchmark]
    public double ValueAndGradient() => _logLikelihood.Evaluate(_theta, _gradient);
}

/// <summary>The whole fit: merging rows, quasi-Newton maximisation, Hessian and standard errors, through the one fit path.</summary>
[MemoryDiagnoser]
public class PurchaseModelFitBenchmarks
{
    private RfmSummary _summary = null!;
    private ModelDefinition _model = null!;

    [Params(PurchaseModelCases.MbgNbd, PurchaseModelCases.ParetoNbd, PurchaseModelCases.GGomNbd)]
    public string Model { get; set; } = PurchaseModelCases.MbgNbd;

    [Params(100_000, 1_000_000)]
    public int Customers { get; set; }

    [Params(true, false)]
    public bool WholeDays { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _summary = BgNbdSyntheticData.Create(Customers, WholeDays);
        _model = ModelRegistry.Get(Model);
    }

    [Benchmark]
    public ModelFit Fit() => ModelFitter.Fit(_model, _summary, PurchaseModelCdnowFitBenchmarks.Reported);
}

/// <summary>Scoring a customer base: P(alive) and E[Y(365 days) | x, t_x, T] for every row.</summary>
[MemoryDiagnoser]
public class PurchaseModelScoringBenchmarks
{
    private RfmSummary _summary = null!;
    private IPurchaseModel _model = null!;
    private double[] _destination = null!;

    [Params(PurchaseModelCases.MbgNbd, PurchaseModelCases.ParetoNbd, PurchaseModelCases.GGomNbd)]
    public string Model { get; set; } = PurchaseModelCases.MbgNbd;

    [Params(1_000_000)]
    public int Customers { get; set; }

    [Params(true, false)]
    public bool WholeDays { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _summary = BgNbdSyntheticData.Create(Customers, WholeDays);
        _model = ModelRegistry.Get(Model).CreatePurchaseModel(PurchaseModelCases.DailyParameters(Model), TimeUnit.Days);
        _destination = new double[Customers];
    }

    [Benchmark]
    public void ProbabilityAlive() => _model.ProbabilityAlive(_summary, _destination);

    [Benchmark]
    public void ConditionalExpectedPurchases() => _model.ConditionalExpectedPurchases(_summary, 365, _destination);
}

/// <summary>
/// DERT for every row at 15% a year (δ = ln 1.15 / 365.25 per day), for the registered models with the closed form.
/// </summary>
[MemoryDiagnoser]
public class PurchaseModelDertBenchmarks
{
    private RfmSummary _summary = null!;
    private IDiscountedResidualPurchases _model = null!;
    private double[] _destination = null!;

    [Params(PurchaseModelCases.ParetoNbd)]
    public string Model { get; set; } = PurchaseModelCases.ParetoNbd;

    [Params(1_000_000)]
    public int Customers { get; set; }

    [Params(true, false)]
    public bool WholeDays { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _summary = BgNbdSyntheticData.Create(Customers, WholeDays);
        _model = (IDiscountedResidualPurchases)ModelRegistry.Get(Model).CreatePurchaseModel(PurchaseModelCases.DailyParameters(Model), TimeUnit.Days);
        _destination = new double[Customers];
    }

    [Benchmark]
    public void DiscountedExpectedResidualPurchases() => _model.DiscountedExpectedResidualPurchases(_summary, Math.Log(1.15) / 365.25, _destination);
}
