using System.Globalization;
using Clv.Probabilistic.Cli;
using Clv.Probabilistic.Data;
using Clv.Probabilistic.Inference;
using Clv.Probabilistic.Models;
using Clv.Probabilistic.Models.BgNbd;
using Clv.Probabilistic.Models.GammaGamma;
using Clv.Probabilistic.Persistence;

namespace Clv.Probabilistic.Tests.Cli;

/// <summary><c>clv demo</c> in-process in a temporary folder.</summary>
[Collection(nameof(SummarizeCliCollection))]
public sealed class DemoCommandTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("clv-demo-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void RunsThePipelineWritesLoadableFilesAndRefusesToOverwrite()
    {
        string output = Path.Combine(_folder, "out");
        var (code, printed, error) = CliRunner.Run("demo", "--output-dir", output);
        Assert.Equal((0, ""), (code, error));

        var purchases = ModelFile.Load(Path.Combine(output, "bgnbd.json"), BgNbdDefinition.Instance);
        var spend = ModelFile.Load(Path.Combine(output, "gamma-gamma.json"), GammaGammaDefinition.Instance);
        var lines = File.ReadAllLines(Path.Combine(output, "predictions.csv"));
        Assert.Equal("customer_id,expected_purchases,p_alive,expected_spend,clv", lines[0]);
        Assert.Equal(2357, lines.Length - 1);
        var report = File.ReadAllText(Path.Combine(output, "report.html"));
        Assert.Contains("<svg", report);
        Assert.DoesNotContain("https://", report);

        // The printed holdout totals are the library's: FHL (2005) section 5, ≈ 1,653 predicted vs 1,882 actual.
        var split = RfmSummarizer.SummarizeCalibrationHoldout(Datasets.CdnowSample(), Datasets.CdnowCalibrationEnd,
            new SummaryOptions(Datasets.CdnowObservationEnd, TimeUnit.Weeks));
        var fitted = ModelFitter.Fit(BgNbdDefinition.Instance, split.Calibration, ModelReport.DefaultOptions); // the one interval level, 90%
        Assert.Equal(fitted.Values, purchases.Values);
        Assert.Equal(ModelFile.ToDocument(fitted, drawSeed: 1).ToJson(), File.ReadAllText(Path.Combine(output, "bgnbd.json")));
        Assert.Equal(ModelFile.ToDocument(ModelFitter.Fit(GammaGammaDefinition.Instance, split.Calibration, ModelReport.DefaultOptions), drawSeed: 1).ToJson(),
            File.ReadAllText(Path.Combine(output, "gamma-gamma.json")));
        var predicted = new double[split.Count];
        fitted.Model.ConditionalExpectedPurchases(split.Calibration, 39, predicted);
        double total = predicted.Sum();
        Assert.Equal(1653, total, 2.0);
        Assert.Contains(string.Create(CultureInfo.InvariantCulture, $"total predicted: {total:F1}   total actual: 1882"), printed);
        Assert.Contains("MAE", printed);
        Assert.Contains("7+", printed);
        Assert.Contains("1% a month", printed);
        Assert.Contains("The ten most valuable customers", printed);
        Assert.True(spend.PointEstimate.Q > 1);
        Assert.Contains("BG/NBD (bgnbd), maximum likelihood, time unit: weeks", printed);
        Assert.Contains(string.Create(CultureInfo.InvariantCulture, $"population mean spend per purchase: {spend.Model.PopulationMeanSpend:F4}"), printed);
        Assert.Equal(FitStatus.Converged, purchases.Status);

        // The most valuable customer in the table is the first of the CSV sorted by CLV.
        var best = lines.Skip(1).Select(l => l.Split(',')).MaxBy(f => double.Parse(f[4], CultureInfo.InvariantCulture))!;
        Assert.Contains($"\n  {best[0]} ", printed);

        (code, _, error) = CliRunner.Run("demo", "--output-dir", output);
        Assert.Equal(1, code);
        Assert.StartsWith("clv demo: error: ", error);
        Assert.Contains("--force", error);
        Assert.Single(error.TrimEnd().Split('\n'));

        File.WriteAllText(Path.Combine(output, "predictions.csv"), "stale");
        (code, _, error) = CliRunner.Run("demo", "--output-dir", output, "--force");
        Assert.Equal((0, ""), (code, error));
        Assert.Equal(2358, File.ReadAllLines(Path.Combine(output, "predictions.csv")).Length);
    }
}
