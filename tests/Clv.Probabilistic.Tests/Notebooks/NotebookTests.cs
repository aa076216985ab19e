using System.Reflection;
using Clv.Probabilistic.Evaluation;
using Clv.Probabilistic.Inference;
using Clv.Probabilistic.Models.BgNbd;
using Clv.Probabilistic.Models.GammaGamma;

namespace Clv.Probabilistic.Tests.Notebooks;

/// <summary>
/// Runs every notebook under <c>notebooks/</c> cell by cell with the real assemblies, then checks the values the
/// notebooks display against published figures or the parameters they simulate from.
/// </summary>
public class NotebookTests
{
    /// <summary>Settings the notebooks read so that the tests stay fast; each notebook's first cell says which.</summary>
    private static readonly Dictionary<string, string> FastSettings = new()
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

    // Fader, Hardie & Lee (2005), "Counting Your Customers the Easy Way", section 5: r = 0.243, α = 4.414, a = 0.793, b = 2.426.
    private static void CheckQuickStart(List<object?> displayed)
    {
        var bgnbd = displayed.OfType<BgNbdParameters>().Single();
        Assert.Equal(0.2426, bgnbd.R, 1e-3);
        Assert.Equal(4.414, bgnbd.Alpha, 2e-3);
        Assert.Equal(0.793, bgnbd.A, 2e-3);
        Assert.Equal(2.426, bgnbd.B, 2e-3);
        var metrics = displayed.OfType<ErrorMetrics>().Single();
        Assert.Equal(2357, metrics.Customers);
        // The calibration fit under-predicts CDNOW's 39-week holdout by about 12% (1,653 predicted, 1,882 actual repeat
        // purchase days); a failure here means the summary or the conditional expectation has changed, not noise.
        Assert.Equal(1882, metrics.TotalActual);
        Assert.InRange(metrics.TotalPredicted / metrics.TotalActual, 0.8, 1.0);
        // Fader, Hardie & Lee (2005b), "RFM and CLV", the Gamma-Gamma fit to CDNOW: p = 6.25, q = 3.74, γ = 15.44.
        var spend = displayed.OfType<GammaGammaParameters>().Single();
        Assert.Equal(6.25, spend.P, 0.05);
        Assert.Equal(3.74, spend.Q, 0.05);
        Assert.Equal(15.44, spend.Gamma, 0.5);
    }

    private static void CheckBayesian(List<object?> displayed)
    {
        var summary = displayed.OfType<PosteriorSummary>().Single();
        foreach (var row in summary.Rows)
        {
            Assert.InRange(row.RHat, 0.99, 1.05);
            Assert.True(row.EssBulk > 100, $"{row.Name}: bulk ESS {row.EssBulk}");
        }
        // The posterior under a weak prior sits on the likelihood's peak: the MLE above, within two posterior sds.
        var mle = displayed.OfType<BgNbdParameters>().First();
        double[] estimate = [mle.R, mle.Alpha, mle.A, mle.B];
        for (int j = 0; j < 4; j++)
        {
            var row = summary[BgNbdParameters.Names[j]];
            Assert.InRange(estimate[j], row.Mean - 2 * row.StandardDeviation, row.Mean + 2 * row.StandardDeviation);
        }
        // Per-customer intervals from the draws: ordered, and holding the maximum-likelihood CLV.
        var intervals = displayed.OfType<Clv.Probabilistic.Interactive.PredictionTable>().Last();
        Assert.Equal(2357, intervals.CustomerIds.Count);
        var names = intervals.ColumnNames.ToList();
        double[] point = intervals.Column(names.IndexOf("clv_mle")).ToArray();
        double[] lower = intervals.Column(names.IndexOf("clv_lower_95")).ToArray();
        double[] mean = intervals.Column(names.IndexOf("clv_mean")).ToArray();
        double[] upper = intervals.Column(names.IndexOf("clv_upper_95")).ToArray();
        int inside = 0;
        for (int i = 0; i < point.Length; i++)
        {
            Assert.True(lower[i] > 0 && lower[i] <= mean[i] && mean[i] <= upper[i], $"customer {intervals.CustomerIds[i]}");
            if (lower[i] <= point[i] && point[i] <= upper[i]) inside++;
        }
        Assert.True(inside >= 0.95 * point.Length, $"{inside} of {point.Length} MLE values inside their intervals");
    }

    private static void CheckLargeCustomerBases(List<object?> displayed)
    {
        // Simulated from known parameters with exact purchase times, so the model is correctly specified: each estimate
        // lies within 3 of its standard errors of the truth.
        var truth = displayed.OfType<BgNbdParameters>().First();
        var fit = displayed.OfType<BgNbdFitStatistics>().Single();
        Assert.True(fit.Converged);
        double[] expected = [truth.R, truth.Alpha, truth.A, truth.B];
        for (int j = 0; j < 4; j++)
        {
            var estimate = fit.Estimates[j];
            Assert.True(Math.Abs(estimate.Estimate - expected[j]) < 3 * estimate.StandardError,
                $"{estimate.Name}: {estimate.Estimate} ± {estimate.StandardError}, true {expected[j]}");
        }
        var metrics = displayed.OfType<ErrorMetrics>().Single();
        Assert.Equal(int.Parse(FastSettings["CLV_NOTEBOOK_CUSTOMERS"]), metrics.Customers);
        Assert.InRange(metrics.TotalPredicted / metrics.TotalActual, 0.95, 1.05);
    }
}
