using System.Reflection;
using Clv.Probabilistic.Data;
using Clv.Probabilistic.Evaluation;
using Clv.Probabilistic.Inference;
using Clv.Probabilistic.Inference.Diagnostics;
using Clv.Probabilistic.Inference.Laplace;
using Clv.Probabilistic.Inference.Optimization;
using Clv.Probabilistic.Inference.Sampling;
using Clv.Probabilistic.Interactive;
using Clv.Probabilistic.Models;
using Clv.Probabilistic.Models.BetaDiscreteWeibull;
using Clv.Probabilistic.Models.BgBb;
using Clv.Probabilistic.Models.BgNbd;
using Clv.Probabilistic.Models.Covariates;
using Clv.Probabilistic.Models.GammaGamma;
using Clv.Probabilistic.Models.GGomNbd;
using Clv.Probabilistic.Models.MbgNbd;
using Clv.Probabilistic.Models.ParetoNbd;
using Clv.Probabilistic.Models.ShiftedBetaGeometric;
using Clv.Probabilistic.Tests.Models.BgNbd;
using Clv.Probabilistic.Valuation;

namespace Clv.Probabilistic.Tests.Notebooks;

/// <summary>
/// Runs every notebook under <c>notebooks/</c> cell by cell with the real assemblies, then checks the values the
/// notebooks display against published figures or the parameters they simulate from.
/// </summary>
public class NotebookTests
{
    /// <summary>Settings the notebooks read so that the tests stay fast; each notebook's first cell says which.</summary>
    internal static readonly Dictionary<string, string> FastSettings = new()
    {
        ["CLV_NOTEBOOK_CUSTOMERS"] = "10000",
        ["CLV_NOTEBOOK_DRAWS"] = "120",
    };

    private static readonly Assembly[] References =
    [
        typeof(Clv.Probabilistic.Data.TimeUnit).Assembly,
        typeof(Clv.Probabilistic.Reporting.Chart).Assembly,
        typeof(Clv.Probabilistic.Interactive.ClvFormatters).Assembly,
        typeof(Microsoft.AspNetCore.Html.HtmlString).Assembly,
        typeof(ScottPlot.Plot).Assembly,
        typeof(MathNet.Numerics.SpecialFunctions).Assembly,
    ];

    internal static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
            if (File.Exists(Path.Combine(folder.FullName, "Clv.Probabilistic.sln"))) return folder.FullName;
        throw new DirectoryNotFoundException($"No folder above {AppContext.BaseDirectory} holds Clv.Probabilistic.sln.");
    }

    public static TheoryData<string> Notebooks()
    {
        var folder = Path.Combine(RepositoryRoot(), "notebooks");
        var data = new TheoryData<string>();
        foreach (var path in Directory.EnumerateFiles(folder, "*.ipynb", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            data.Add(Path.GetRelativePath(folder, path));
        return data;
    }

    [Fact]
    public void ThereAreAtLeastThreeNotebooks() => Assert.True(Notebooks().Count >= 3);

    [Theory]
    [MemberData(nameof(Notebooks))]
    public async Task NotebookRunsAndShowsSaneValues(string notebook)
    {
        var path = Path.Combine(RepositoryRoot(), "notebooks", notebook);
        var displayed = await Run(path);
        Assert.NotEmpty(displayed);
        foreach (var html in displayed.OfType<Microsoft.AspNetCore.Html.HtmlString>())
        {
            Assert.DoesNotContain("NaN", html.Value);
            Assert.DoesNotContain("Infinity", html.Value);
        }
        switch (Path.GetFileNameWithoutExtension(notebook))
        {
            case "quickstart": CheckQuickStart(displayed); break;
            case "bayesian": CheckBayesian(displayed); break;
            case "large-customer-bases": CheckLargeCustomerBases(displayed); break;
            case "retention": CheckRetention(displayed); break;
            case "discrete": CheckDiscrete(displayed); break;
            case "model-family": CheckModelFamily(displayed); break;
            default: throw new InvalidOperationException($"{notebook} has no checks of its displayed values: add them here.");
        }
    }

    private static async Task<List<object?>> Run(string path)
    {
        var previous = FastSettings.ToDictionary(kv => kv.Key, kv => Environment.GetEnvironmentVariable(kv.Key));
        try
        {
            foreach (var (name, value) in FastSettings) Environment.SetEnvironmentVariable(name, value);
            var result = await NotebookRunner.RunAsync(await File.ReadAllTextAsync(path), References, Path.GetDirectoryName(path)!);
            return result.Displayed;
        }
        finally
        {
            foreach (var (name, value) in previous) Environment.SetEnvironmentVariable(name, value);
        }
    }

    private static T Fit<T>(List<object?> displayed, ModelDefinition definition, FitMethod method) where T : ModelFit =>
        (T)displayed.OfType<ModelFit>().Single(f => f.Definition == definition && f.Method == method);

    /// <summary>
    /// The CDNOW BG/NBD maximum-likelihood fit with the tolerances of <c>BgNbdFitTests.RecoversCdnowEstimates</c>: each
    /// parameter within 1e-4 relative of the precise MLE (0.2425945, 4.4136019, 0.7929199, 2.4258881; Fader, Hardie &amp;
    /// Lee (2005) round it to 0.243, 4.414, 0.793, 2.426), the log-likelihood within 1e-3 of −9582.429.
    /// </summary>
    private static void CheckCdnowBgNbd(ModelFit<BgNbdParameters, BgNbdModel> fit)
    {
        Assert.True(fit.IsReliable, fit.Problem);
        var p = fit.PointEstimate;
        var mle = BgNbdTestData.CdnowMle;
        Assert.True(Math.Abs(p.R / mle.R - 1) <= 1e-4, $"r {p.R}");
        Assert.True(Math.Abs(p.Alpha / mle.Alpha - 1) <= 1e-4, $"alpha {p.Alpha}");
        Assert.True(Math.Abs(p.A / mle.A - 1) <= 1e-4, $"a {p.A}");
        Assert.True(Math.Abs(p.B / mle.B - 1) <= 1e-4, $"b {p.B}");
        Assert.Equal(-9582.429, fit.LogLikelihood!.Value, 1e-3);
        Assert.Equal(2357, fit.Data!.Customers);
    }

    /// <summary>The sBG fits of Fader &amp; Hardie (2007) with the tolerances of <c>RetentionReferenceTests</c>, and a reliable BdW fit.</summary>
    private static void CheckRetention(List<object?> displayed)
    {
        var fits = displayed.OfType<ModelFit>().ToList();
        Assert.Equal(3, fits.Count);
        var regular = (ModelFit<SbgParameters, SbgModel>)fits[0];
        var highEnd = (ModelFit<SbgParameters, SbgModel>)fits[1];
        Assert.Equal((0.704, 1.182), (Math.Round(regular.PointEstimate.Alpha, 3), Math.Round(regular.PointEstimate.Beta, 3)));
        Assert.Equal((0.668, 3.806), (Math.Round(highEnd.PointEstimate.Alpha, 3), Math.Round(highEnd.PointEstimate.Beta, 3)));
        Assert.Equal(-1680.3, regular.LogLikelihood!.Value, 0.05);
        Assert.Equal(-1611.2, highEnd.LogLikelihood!.Value, 0.05);
        Assert.Same(BdwDefinition.Instance, fits[2].Definition);
        Assert.True(fits[2].IsReliable, fits[2].Problem);
        Assert.Contains(displayed.OfType<string>(), text => text.StartsWith("DEL at d = 0.1", StringComparison.Ordinal));
    }

    /// <summary>
    /// The BG/BB fit to the donations data with the tolerances of <c>BgBbReferenceTests</c> (α 1.204, β 0.750, γ 0.657,
    /// δ 2.783 to 1e-3, LL −33,225.58 to 0.01), the published P(alive) values in the table, the holdout totals of the
    /// holdout file and the annual totals of the tracking table.
    /// </summary>
    private static void CheckDiscrete(List<object?> displayed)
    {
        var fit = (ModelFit<BgBbParameters, BgBbModel>)displayed.OfType<ModelFit>().Single();
        var p = fit.PointEstimate;
        Assert.Equal(1.204, p.Alpha, 1e-3);
        Assert.Equal(0.750, p.Beta, 1e-3);
        Assert.Equal(0.657, p.Gamma, 1e-3);
        Assert.Equal(2.783, p.Delta, 1e-3);
        Assert.Equal(-33225.58, fit.LogLikelihood!.Value, 0.01);
        var texts = displayed.OfType<string>().ToList();
        var alive = texts.Single(t => t.StartsWith("x \\ t_x", StringComparison.Ordinal)).Split('\n');
        Assert.StartsWith("      0  0.108", alive[1]);
        Assert.Contains("  0.590", alive[3]);
        Assert.EndsWith("  0.930", alive[7]);
        var holdout = displayed.OfType<ErrorMetrics>().Single();
        Assert.Equal(Datasets.DonationsHoldoutTransactions().Sum(), holdout.TotalActual, 1e-9);
        Assert.Equal(11104, holdout.Customers);
        var tracking = texts.Single(t => t.StartsWith("year  actual", StringComparison.Ordinal));
        foreach (var (year, transactions) in Datasets.DonationsAnnualTransactions())
            Assert.Contains(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{year}  {transactions,6:F0}"), tracking);
        Assert.Contains(texts, t => t.StartsWith("x  t_x  donors  DERT(0.1)", StringComparison.Ordinal));
    }

    /// <summary>
    /// The four non-contractual fits on the CDNOW calibration period: BG/NBD as in the quick start; Pareto/NBD with the
    /// tolerances of <c>ParetoNbdFitTests.DefaultCdnowFitIsNearThePublishedValues</c> (r, α, s within 1.5e-3 of 0.553,
    /// 10.578, 0.606, β within 1e-2 of 11.669) and ℓ within 0.1 of the published −9595.0; MBG/NBD within 1e-3 of 0.525,
    /// 6.183, 0.891, 1.614 (<c>MbgNbdFitTests</c>); GGom/NBD at its Pareto/NBD boundary (<c>GGomNbdParetoLimitTests</c>);
    /// the comparison and its one boundary likelihood-ratio test; P(alive) for x = 0 (1 under BG/NBD, the closed form
    /// 1 / (1 + (a/b)((α+T)/α)^r) under MBG/NBD); DERT against quadrature of the discounted expected purchases; and the
    /// apparel covariate fit against CLVTools' log-likelihood −5821.0627 (<c>ApparelReferenceTests</c>).
    /// </summary>
    private static void CheckModelFamily(List<object?> displayed)
    {
        var fits = displayed.OfType<ModelFit>().Where(f => f is not CovariateModelFit).ToList();
        Assert.Equal(["bgnbd", "pareto-nbd", "mbgnbd", "ggomnbd"], fits.Select(f => f.Definition.Name));
        CheckCdnowBgNbd((ModelFit<BgNbdParameters, BgNbdModel>)fits[0]);

        var pareto = (ModelFit<ParetoNbdParameters, ParetoNbdModel>)fits[1];
        Assert.True(pareto.IsReliable, pareto.Problem);
        double[] published = [0.553, 10.578, 0.606, 11.669];
        for (int j = 0; j < 3; j++) Assert.Equal(published[j], pareto.Values[j], 1.5e-3);
        Assert.Equal(published[3], pareto.Values[3], 1e-2);
        Assert.Equal(-9595.0, pareto.LogLikelihood!.Value, 0.1);

        var mbgnbd = (ModelFit<MbgNbdParameters, MbgNbdModel>)fits[2];
        Assert.True(mbgnbd.IsReliable, mbgnbd.Problem);
        double[] mbgPublished = [0.525, 6.183, 0.891, 1.614];
        for (int j = 0; j < 4; j++) Assert.Equal(mbgPublished[j], mbgnbd.Values[j], 1e-3);

        var ggom = (ModelFit<GGomNbdParameters, GGomNbdModel>)fits[3];
        Assert.Equal(FitStatus.NotIdentified, ggom.Status);
        Assert.Contains("Pareto/NBD boundary", ggom.Problem);
        Assert.Contains(ggom.Warnings, w => w.Contains("Pareto/NBD limit"));
        Assert.Equal(pareto.LogLikelihood!.Value, ggom.LogLikelihood!.Value, 1e-3);
        Assert.Equal(pareto.Values[3], ggom.Values[4] / ggom.Values[2], 0.02);
        Assert.Contains(displayed.OfType<string>(), text => text.StartsWith("GGom/NBD against Pareto/NBD", StringComparison.Ordinal)
            && text.Contains("½χ²₀ + ½χ²₁"));

        var comparison = displayed.OfType<ModelComparison>().Single();
        Assert.Equal(fits.Select(f => f.Definition.Name), comparison.Models.Select(m => m.Definition.Name));
        for (int m = 0; m < 3; m++) Assert.Equal(fits[m].LogLikelihood!.Value, comparison.Models[m].LogLikelihood!.Value, 1e-6);
        var test = Assert.Single(comparison.NestedTests);
        Assert.Same(GGomNbdDefinition.Instance, test.Full.Definition);
        Assert.Same(ParetoNbdDefinition.Instance, test.Restricted.Definition);
        Assert.True(test.Test.OnBoundary);
        Assert.True(test.Test.Statistic < 2e-3, $"Λ = {test.Test.Statistic}");
        Assert.True(test.Test.PValue >= 0.5);
        Assert.NotNull(comparison.Recommendation.Model);
        Assert.True(comparison.Recommendation.Model!.IsReliable);
        Assert.NotSame(GGomNbdDefinition.Instance, comparison.Recommendation.Model.Definition);
        foreach (var model in comparison.Models) Assert.Equal(1882, model.Holdout!.TotalActual);

        var alive = displayed.OfType<PredictionTable>().Single(t => t.ColumnNames.Contains("p_alive mbgnbd"));
        double[] Column(PredictionTable table, string name) => table.Column(table.ColumnNames.ToList().IndexOf(name)).ToArray();
        Assert.Equal(0, Column(alive, "x")[0]);
        Assert.Equal(1.0, Column(alive, "p_alive bgnbd")[0]);
        var m0 = mbgnbd.PointEstimate;
        double t0 = Column(alive, "T")[0];
        Assert.Equal(1 / (1 + m0.A / m0.B * Math.Pow((m0.Alpha + t0) / m0.Alpha, m0.R)), Column(alive, "p_alive mbgnbd")[0], 1e-12);
        Assert.InRange(Column(alive, "p_alive pareto-nbd")[0], 0.0, 0.99);
        Assert.InRange(Column(alive, "p_alive ggomnbd")[0], 0.0, 0.99);

        var dertTable = displayed.OfType<PredictionTable>().Single(t => t.ColumnNames.Contains("dert_15pct"));
        var rows = new RfmSummary(dertTable.CustomerIds, Column(dertTable, "x"), Column(dertTable, "t_x"), Column(dertTable, "T"), default, TimeUnit.Weeks);
        double delta = Math.Log(1.15) / 52;
        var integral = new double[rows.Count];
        DiscountedPurchases.Continuous(pareto.Model, rows, 45 / delta, delta, 1e-13, integral, new double[rows.Count]);
        var dert = Column(dertTable, "dert_15pct");
        for (int i = 0; i < rows.Count; i++)
            Assert.True(Math.Abs(dert[i] - integral[i]) <= 1e-9 * integral[i], $"customer {rows.CustomerIds[i]}: DERT {dert[i]:R}, quadrature {integral[i]:R}");

        var covariateFit = displayed.OfType<CovariateModelFit>().Single();
        Assert.True(covariateFit.IsReliable, covariateFit.Problem);
        Assert.Equal(-5821.0627, covariateFit.LogLikelihood!.Value, 1e-3);
        var coefficients = covariateFit.CoefficientTable();
        var shown = displayed.OfType<string>().Single(text => text.StartsWith("coefficient ", StringComparison.Ordinal));
        Assert.All(coefficients, c => Assert.Contains(c.Parameter, shown));
        Assert.Equal(["trans.Gender", "trans.Channel", "life.Gender", "life.Channel"], coefficients.Select(c => c.Parameter));
        Assert.Equal(covariateFit.Values.Skip(4), coefficients.Select(c => c.Estimate));
        Assert.All(coefficients, c => Assert.True(c.StandardError > 0 && c.PValue is > 0 and < 1, c.ToString()));
    }

    private static void CheckQuickStart(List<object?> displayed)
    {
        CheckCdnowBgNbd(Fit<ModelFit<BgNbdParameters, BgNbdModel>>(displayed, BgNbdDefinition.Instance, FitMethod.MaximumLikelihood));
        var metrics = displayed.OfType<ErrorMetrics>().Single();
        Assert.Equal(2357, metrics.Customers);
        Assert.Equal(1882, metrics.TotalActual);
        // Σ E[Y(39) | x, t_x, T] at the MLE: ≈ 1,653 (Fader, Hardie & Lee 2005, section 5), to ±1 as in
        // BgNbdPredictionTests; the calibration fit under-predicts CDNOW's holdout by about 12%.
        Assert.Equal(1653, metrics.TotalPredicted, 1.0);
        // The histogram's χ² subtracts the model's four fitted parameters.
        var chiSquare = displayed.OfType<ChiSquareTest>().Single();
        Assert.Equal(chiSquare.Bins.Count - 1 - 4, chiSquare.DegreesOfFreedom);
        // Fader, Hardie & Lee (2005b), "RFM and CLV", the Gamma-Gamma fit to CDNOW: p = 6.25, q = 3.74, γ = 15.44 (two
        // decimals), ℓ = −4055.9177; the tolerances of GammaGammaFitTests: 0.005, 0.005, 0.01 and 1e-2.
        var spend = Fit<ModelFit<GammaGammaParameters, GammaGammaSpendModel>>(displayed, GammaGammaDefinition.Instance, FitMethod.MaximumLikelihood);
        Assert.True(spend.IsReliable, spend.Problem);
        Assert.Equal(6.25, spend.PointEstimate.P, 0.005);
        Assert.Equal(3.74, spend.PointEstimate.Q, 0.005);
        Assert.Equal(15.44, spend.PointEstimate.Gamma, 0.01);
        Assert.Equal(-4055.9177, spend.LogLikelihood!.Value, 1e-2);
        Assert.Equal(946, spend.Data!.Customers);
        Assert.Empty(spend.Warnings);

        // The comparison of every registered purchase model on the same split: the BG/NBD row is the fit checked above
        // (same ℓ, same holdout total), and the recommendation is one of the reliable fits.
        var comparison = displayed.OfType<ModelComparison>().Single();
        Assert.Equal(ModelComparison.PurchaseModels.Select(m => m.Name), comparison.Models.Select(m => m.Definition.Name));
        var bgnbd = comparison.Models.Single(m => m.Definition == BgNbdDefinition.Instance);
        Assert.Equal(-9582.429, bgnbd.LogLikelihood!.Value, 1e-3);
        Assert.Equal(metrics.TotalPredicted, bgnbd.Holdout!.TotalPredicted, 1e-6);
        Assert.Equal(1882, bgnbd.Holdout.TotalActual);
        Assert.NotNull(comparison.Recommendation.Model);
        Assert.True(comparison.Recommendation.Model!.IsReliable);
        string html = Clv.Probabilistic.Interactive.ClvFormatters.Html(comparison);
        foreach (var model in comparison.Models) Assert.Contains($"<td>{model.Definition.DisplayName}</td>", html);
    }

    private static void CheckBayesian(List<object?> displayed)
    {
        CheckCdnowBgNbd(Fit<ModelFit<BgNbdParameters, BgNbdModel>>(displayed, BgNbdDefinition.Instance, FitMethod.MaximumLikelihood));
        var mle = Fit<ModelFit<BgNbdParameters, BgNbdModel>>(displayed, BgNbdDefinition.Instance, FitMethod.MaximumLikelihood).Values;
        var nuts = Fit<ModelFit<BgNbdParameters, BgNbdModel>>(displayed, BgNbdDefinition.Instance, FitMethod.Nuts);
        var spend = Fit<ModelFit<GammaGammaParameters, GammaGammaSpendModel>>(displayed, GammaGammaDefinition.Instance, FitMethod.Laplace);
        int drawsPerChain = int.Parse(FastSettings["CLV_NOTEBOOK_DRAWS"]);
        Assert.Equal(4 * drawsPerChain, nuts.RequireDraws().Count);
        Assert.Same(nuts.Summary, displayed.OfType<PosteriorSummary>().Single());
        // 4 chains of 120 draws in the tests: R-hat ≤ 1.05 and bulk ESS > 100 (the library warns above 1.01; with so
        // few draws R-hat's own noise is about ±0.01).
        foreach (var row in nuts.Summary!.Rows)
        {
            Assert.InRange(row.RHat, 0.99, 1.05);
            Assert.True(row.EssBulk > 100, $"{row.Name}: bulk ESS {row.EssBulk}");
        }
        // The posterior under a weak prior sits on the likelihood's peak: the MLE within two posterior sds of the mean.
        for (int j = 0; j < 4; j++)
        {
            var row = nuts.Summary[BgNbdParameters.Names[j]];
            Assert.InRange(mle[j], row.Mean - 2 * row.StandardDeviation, row.Mean + 2 * row.StandardDeviation);
        }

        var intervals = displayed.OfType<PredictionTable>().Last();
        Assert.Equal(2357, intervals.CustomerIds.Count);
        var names = intervals.ColumnNames.ToList();
        double[] point = intervals.Column(names.IndexOf("clv_mle")).ToArray();
        double[] lower = intervals.Column(names.IndexOf("clv_lower_95")).ToArray();
        double[] mean = intervals.Column(names.IndexOf("clv_mean")).ToArray();
        double[] upper = intervals.Column(names.IndexOf("clv_upper_95")).ToArray();
        int inside = 0;
        for (int i = 0; i < point.Length; i++)
        {
            Assert.True(lower[i] > 0 && lower[i] <= upper[i], $"customer {intervals.CustomerIds[i]}");
            if (lower[i] <= point[i] && point[i] <= upper[i]) inside++;
        }
        Assert.True(inside >= 0.95 * point.Length, $"{inside} of {point.Length} MLE values inside their intervals");

        // The interval means against CustomerLifetimeValue at each paired draw: MaxDraws = min(200, 120 / 2) = 60 draws,
        // draw k of each fit at index ⌊k · count / 60⌋; the same to 1e-9 relative for the ten most valuable customers.
        var split = RfmSummarizer.SummarizeCalibrationHoldout(Datasets.CdnowSample(), Datasets.CdnowCalibrationEnd,
            new SummaryOptions(Datasets.CdnowObservationEnd, TimeUnit.Weeks));
        var calibration = split.Calibration;
        var valuation = ClvOptions.Monthly(12, DiscountRate.PerMonth(0.01));
        var top = displayed.OfType<PredictionTable>().Single(t => t.CustomerIds.Count == 10);
        var topMean = top.Column(top.ColumnNames.ToList().IndexOf("clv_mean")).ToArray();
        const int draws = 60;
        int purchaseCount = nuts.RequireDraws().Count, spendCount = spend.RequireDraws().Count;
        var rows = top.CustomerIds.Select(id => calibration.CustomerIds.ToList().IndexOf(id)).ToArray();
        var direct = new double[rows.Length];
        for (int k = 0; k < draws; k++)
        {
            var purchases = nuts.DrawModel((int)((long)k * purchaseCount / draws));
            var spendModel = spend.DrawModel((int)((long)k * spendCount / draws));
            var clv = CustomerLifetimeValue.Compute(purchases, spendModel, calibration, valuation);
            for (int i = 0; i < rows.Length; i++) direct[i] += clv.Values[rows[i]] / draws;
        }
        for (int i = 0; i < rows.Length; i++)
            Assert.True(Math.Abs(topMean[i] - direct[i]) <= 1e-9 * direct[i], $"customer {top.CustomerIds[i]}: {topMean[i]} vs {direct[i]}");
    }

    private static void CheckLargeCustomerBases(List<object?> displayed)
    {
        // Simulated from known parameters with exact purchase times, so the model is correctly specified: each estimate
        // lies within 3 of its standard errors of the truth (each fails with probability 0.27% if the fit is right).
        var truth = displayed.OfType<BgNbdParameters>().First();
        var fit = Fit<ModelFit<BgNbdParameters, BgNbdModel>>(displayed, BgNbdDefinition.Instance, FitMethod.MaximumLikelihood);
        Assert.True(fit.IsReliable, fit.Problem);
        Assert.Same(fit.PointEstimate, displayed.OfType<BgNbdParameters>().Last());
        double[] expected = [truth.R, truth.Alpha, truth.A, truth.B];
        for (int j = 0; j < 4; j++)
        {
            var estimate = fit.Estimates[j];
            Assert.True(Math.Abs(estimate.Estimate - expected[j]) < 3 * estimate.StandardError,
                $"{estimate.Name}: {estimate.Estimate} ± {estimate.StandardError}, true {expected[j]}");
        }
        var metrics = displayed.OfType<ErrorMetrics>().Single();
        Assert.Equal(int.Parse(FastSettings["CLV_NOTEBOOK_CUSTOMERS"]), metrics.Customers);
        // About 5,700 simulated holdout purchases from 10,000 customers, overdispersed (Gamma rates, drop-out): their sd
        // is about 2% of the total, so the model's expected total lies within 5% of it.
        Assert.InRange(metrics.TotalPredicted / metrics.TotalActual, 0.95, 1.05);
    }
}
