using System.Globalization;
using BenchmarkDotNet.Attributes;
using Clv.Probabilistic.Data;
using Clv.Probabilistic.Data.Covariates;
using Clv.Probabilistic.Inference;
using Clv.Probabilistic.Models;
using Clv.Probabilistic.Models.Covariates;
using Clv.Probabilistic.Models.ParetoNbd;

namespace Clv.Probabilistic.Benchmarks;

/// <summary>
/// Static covariates (issue 14, item 6): the apparel Pareto/NBD with Gender and Channel on both processes (CLVTools'
/// walkthrough), from the summary and covariate table in memory to the converged fit.
/// </summary>
[MemoryDiagnoser]
public class CovariateApparelFitBenchmarks
{
    private RfmSummary _summary = null!;
    private CovariateTable _covariates = null!;

    [GlobalSetup]
    public void Setup()
    {
        _summary = Datasets.ApparelSummary();
        _covariates = Datasets.ApparelStaticCovariates();
    }

    [Benchmark]
    public ModelFit ApparelStaticFit() => ModelFitter.Fit(CovariateDefinition.Create(ParetoNbdDefinition.Instance, _covariates), _summary);
}

/// <summary>
/// 10^5 and 10^6 synthetic customers (whole days; continuous for BG/NBD) with three static covariates: two 0/1 flags and a three-level tier (four
/// encoded columns, twelve groups), on both processes; the whole fit from summary and table, and per-customer P(alive).
/// </summary>
[MemoryDiagnoser]
public class CovariateMillionBenchmarks
{
    private RfmSummary _summary = null!;
    private CovariateTable _covariates = null!;
    private ModelDefinition _model = null!;
    private IPurchaseModel _fitted = null!;
    private double[] _destination = null!;

    [Params("bgnbd", "pareto-nbd")]
    public string Model { get; set; } = "bgnbd";

    [Params(100_000, 1_000_000)]
    public int Customers { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        // BG/NBD refuses whole-day rows with x = 1 and t_x = 0 (its likelihood is unbounded there), so it gets continuous durations.
        _summary = BgNbdSyntheticData.Create(Customers, wholeDays: Model != "bgnbd");
        _covariates = Table(_summary.CustomerIds);
        _model = ModelRegistry.Get(Model);
        var definition = CovariateDefinition.Create(_model, _covariates);
        var values = PurchaseModelDailyParameters().Concat(Enumerable.Repeat(0.1, definition.CoefficientLayout.Count)).ToArray();
        _fitted = definition.CreatePurchaseModel(values, TimeUnit.Days);
        _destination = new double[Customers];
    }

    private double[] PurchaseModelDailyParameters() => Model == "bgnbd"
        ? [BgNbdSyntheticData.DailyParameters.R, BgNbdSyntheticData.DailyParameters.Alpha, BgNbdSyntheticData.DailyParameters.A, BgNbdSyntheticData.DailyParameters.B]
        : PurchaseModelCases.DailyParameters(Model);

    internal static CovariateTable Table(IReadOnlyList<string> ids)
    {
        int n = ids.Count;
        var first = new string[n];
        var second = new string[n];
        var tier = new string[n];
        for (int i = 0; i < n; i++)
        {
            first[i] = (i % 2).ToString(CultureInfo.InvariantCulture);
            second[i] = (i / 2 % 2).ToString(CultureInfo.InvariantCulture);
            tier[i] = (i / 4 % 3) switch { 0 => "bronze", 1 => "gold", _ => "silver" };
        }
        return CovariateTable.FromText(ids, [("first", first), ("second", second), ("tier", tier)]);
    }

    [Benchmark]
    public ModelFit Fit() => ModelFitter.Fit(CovariateDefinition.Create(_model, _covariates), _summary, new FitOptions { ThrowIfUnreliable = false });

    [Benchmark]
    public double[] ProbabilityAlive()
    {
        _fitted.ProbabilityAlive(_summary, _destination);
        return _destination;
    }
}
