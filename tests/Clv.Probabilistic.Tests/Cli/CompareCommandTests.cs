using System.Globalization;
using System.Text.Json;
using Clv.Probabilistic.Data;
using Clv.Probabilistic.Evaluation;

namespace Clv.Probabilistic.Tests.Cli;

/// <summary><c>clv compare</c> on the CDNOW calibration/holdout summary as <c>clv summarize --calibration-end</c> writes it.</summary>
[Collection(nameof(SummarizeCliCollection))]
public sealed class CompareCommandTests : IDisposable
{
    private static readonly Lazy<CalibrationHoldoutSummary> Split = new(() =>
        RfmSummarizer.SummarizeCalibrationHoldout(Datasets.CdnowSample(), Datasets.CdnowCalibrationEnd,
            new SummaryOptions(Datasets.CdnowObservationEnd, TimeUnit.Weeks)));

    private readonly string _folder = Directory.CreateTempSubdirectory("clv-compare-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string SplitFile()
    {
        string path = Path.Combine(_folder, "split.csv");
        RfmSummaryCsv.Write(Split.Value, path);
        return path;
    }

    private string LogFile()
    {
        var lines = new List<string> { "customer_id,date,amount" };
        var sample = Datasets.CdnowSample();
        for (int i = 0; i < sample.Count; i++)
            lines.Add(string.Create(CultureInfo.InvariantCulture, $"{sample.GetCustomerId(i)},{sample.GetDate(i):yyyy-MM-dd},{sample.Amounts[i]}"));
        string path = Path.Combine(_folder, "log.csv");
        File.WriteAllLines(path, lines);
        return path;
    }

    [Fact]
    public void ATransactionLogGivesTheSameComparisonAndAReportWithTrackingCurves()
    {
        string report = Path.Combine(_folder, "comparison.html");
        var (code, output, error) = CliRunner.Run("compare", "--input", LogFile(), "--calibration-end", "1997-09-30", "--observation-end", "1998-06-30",
            "--time-unit", "weeks", "--models", "bgnbd,pareto-nbd,ggomnbd", "--json", "--report", report);
        Assert.Equal(0, code);
        Assert.StartsWith("clv compare: WARNING: the GGom/NBD fit is NOT IDENTIFIED: parameter 'b' ran to ", error, StringComparison.Ordinal);
        Assert.Equal($"Wrote {report}", CliRunner.LastStatus.Trim());
        var (fromSummary, summaryJson, _) = CliRunner.Run("compare", "--input", SplitFile(), "--time-unit", "weeks", "--models", "bgnbd,pareto-nbd,ggomnbd", "--json");
        Assert.Equal((0, summaryJson), (fromSummary, output));
        string html = File.ReadAllText(report);
        Assert.Contains("<h2>Tracking the cohort over time</h2>", html, StringComparison.Ordinal);
        Assert.Contains("Cumulative repeat purchases, actual and each model", html, StringComparison.Ordinal);
        Assert.Contains("Likelihood-ratio tests of nested models", html, StringComparison.Ordinal);

        var (again, _, refused) = CliRunner.Run("compare", "--input", SplitFile(), "--time-unit", "weeks", "--report", report);
        Assert.Equal(1, again);
        Assert.Contains("--force", refused, StringComparison.Ordinal);
    }

    [Fact]
    public void AnObservationEndWithoutACalibrationEndIsRefused()
    {
        var (code, output, error) = CliRunner.Run("compare", "--input", SplitFile(), "--time-unit", "weeks", "--observation-end", "1998-06-30");
        Assert.Equal((1, ""), (code, output));
        Assert.Equal("clv compare: error: --observation-end applies with --calibration-end (when --input is a transaction log).", error.Trim());
    }

    [Fact]
    public void AFolderAsInputIsNamed()
    {
        var (code, output, error) = CliRunner.Run("compare", "--input", _folder, "--time-unit", "weeks");
        Assert.Equal((1, ""), (code, output));
        Assert.Equal($"clv compare: error: --input {_folder} is a folder, not a file: give the path of the file to read.", error.Trim());
    }

    [Fact]
    public void TableListsEveryModelWithHoldoutAndTheRecommendation()
    {
        var (code, output, error) = CliRunner.Run("compare", "--input", SplitFile(), "--time-unit", "weeks", "--models", "bgnbd,pareto-nbd,mbgnbd");
        Assert.Equal((0, ""), (code, error));
        var expected = ModelComparison.Compute(new[] { "bgnbd", "pareto-nbd", "mbgnbd" }.Select(Clv.Probabilistic.Models.ModelRegistry.Get), Split.Value);
        var lines = output.ReplaceLineEndings("\n").Split('\n');
        Assert.Equal("  model         verdict    log-lik  k        AIC        BIC    ΔBIC  Akaike wt  holdout MAE  holdout RMSE  predicted total", lines[1]);
        Assert.StartsWith("  bgnbd       converged  -9582.429  4  19172.858  19195.919", lines[2], StringComparison.Ordinal);
        Assert.EndsWith("1653.4", lines[2], StringComparison.Ordinal);
        Assert.StartsWith("  pareto-nbd  converged", lines[3], StringComparison.Ordinal);
        Assert.StartsWith("  mbgnbd      converged", lines[4], StringComparison.Ordinal);
        Assert.Contains("Holdout of 39 weeks: 1882 actual repeat purchases.", output, StringComparison.Ordinal);
        Assert.Contains("  x   customers  actual  bgnbd  pareto-nbd  mbgnbd", output, StringComparison.Ordinal);
        var best = expected.Recommendation.Model!.Definition;
        Assert.Contains($"Recommendation: {best.Name} ({best.DisplayName}).\n{expected.Recommendation.Reason}\n", output.ReplaceLineEndings("\n"), StringComparison.Ordinal);
    }

    [Fact]
    public void JsonCarriesTheLibrarysNumbers()
    {
        var (code, output, error) = CliRunner.Run("compare", "--input", SplitFile(), "--time-unit", "weeks", "--models", "bgnbd,mbgnbd,pareto-nbd", "--json");
        Assert.Equal((0, ""), (code, error));
        var expected = ModelComparison.Compute(new[] { "bgnbd", "mbgnbd", "pareto-nbd" }.Select(Clv.Probabilistic.Models.ModelRegistry.Get), Split.Value);
        using var json = JsonDocument.Parse(output);
        var root = json.RootElement;
        Assert.Equal(2357, root.GetProperty("customers").GetDouble());
        Assert.Equal("weeks", root.GetProperty("time_unit").GetString());
        Assert.Equal(39, root.GetProperty("holdout_duration").GetDouble());
        Assert.Equal(1882, root.GetProperty("holdout_actual_total").GetDouble());
        var models = root.GetProperty("models").EnumerateArray().ToArray();
        Assert.Equal(["bgnbd", "mbgnbd", "pareto-nbd"], models.Select(m => m.GetProperty("name").GetString()!));
        for (int i = 0; i < models.Length; i++)
        {
            var m = models[i];
            var e = expected.Models[i];
            Assert.Equal("converged", m.GetProperty("verdict").GetString());
            Assert.Equal(e.LogLikelihood!.Value, m.GetProperty("log_likelihood").GetDouble());
            Assert.Equal(4, m.GetProperty("parameters").GetInt32());
            Assert.Equal(e.Aic!.Value, m.GetProperty("aic").GetDouble());
            Assert.Equal(e.Bic!.Value, m.GetProperty("bic").GetDouble());
            Assert.Equal(e.DeltaBic!.Value, m.GetProperty("delta_bic").GetDouble());
            Assert.Equal(e.Holdout!.TotalPredicted, m.GetProperty("holdout").GetProperty("predicted_total").GetDouble());
            Assert.Equal(e.Holdout.MeanAbsoluteError, m.GetProperty("holdout").GetProperty("mae").GetDouble());
            Assert.Equal(8, m.GetProperty("conditional_expectations").GetArrayLength());
        }
        Assert.Equal(1653.4, models[0].GetProperty("holdout").GetProperty("predicted_total").GetDouble(), 0.05);
        Assert.Equal(expected.Recommendation.Model!.Definition.Name, root.GetProperty("recommendation").GetProperty("model").GetString());
        Assert.Equal(expected.Recommendation.Reason, root.GetProperty("recommendation").GetProperty("reason").GetString());
        Assert.Equal(0, root.GetProperty("likelihood_ratio_tests").GetArrayLength());
    }

    // GGom/NBD nests Pareto/NBD (b → 0): the table says so and the JSON carries the boundary test.
    [Fact]
    public void NestedModelsGetTheBoundaryLikelihoodRatioTest()
    {
        var (code, output, error) = CliRunner.Run("compare", "--input", SplitFile(), "--time-unit", "weeks", "--models", "pareto-nbd,ggomnbd");
        Assert.Equal(0, code);
        Assert.Contains("GGom/NBD fit is NOT IDENTIFIED", error, StringComparison.Ordinal);
        Assert.Contains("Likelihood-ratio test: GGom/NBD against Pareto/NBD (b → 0 with β/b as the Pareto/NBD's β)", output, StringComparison.Ordinal);
        Assert.Contains("against ½χ²₀ + ½χ²₁ (the restriction is on the boundary", output, StringComparison.Ordinal);
        (code, output, _) = CliRunner.Run("compare", "--input", SplitFile(), "--time-unit", "weeks", "--models", "pareto-nbd,ggomnbd", "--json");
        Assert.Equal(0, code);
        using var json = JsonDocument.Parse(output);
        var test = Assert.Single(json.RootElement.GetProperty("likelihood_ratio_tests").EnumerateArray().ToArray());
        Assert.Equal("ggomnbd", test.GetProperty("full").GetString());
        Assert.Equal("pareto-nbd", test.GetProperty("restricted").GetString());
        Assert.True(test.GetProperty("on_boundary").GetBoolean());
        Assert.Equal(1, test.GetProperty("degrees_of_freedom").GetInt32());
        Assert.True(test.GetProperty("p_value").GetDouble() >= 0.5);
    }

    [Fact]
    public void SummaryWithoutHoldoutColumnsComparesCriteriaOnly()
    {
        string path = Path.Combine(_folder, "calibration.csv");
        RfmSummaryCsv.Write(Split.Value.Calibration, path);
        var (code, output, error) = CliRunner.Run("compare", "--input", path, "--time-unit", "weeks", "--models", "bgnbd,mbgnbd", "--json");
        Assert.Equal((0, ""), (code, error));
        using var json = JsonDocument.Parse(output);
        Assert.Equal(JsonValueKind.Null, json.RootElement.GetProperty("holdout_duration").ValueKind);
        Assert.All(json.RootElement.GetProperty("models").EnumerateArray(), m => Assert.Equal(JsonValueKind.Null, m.GetProperty("holdout").ValueKind));
    }

    [Theory]
    [InlineData("bgnbd,foo", "'foo' is not a registered purchase model")]
    [InlineData("gamma-gamma", "'gamma-gamma' is not a registered purchase model")]
    [InlineData("bgnbd,BG/NBD", "bgnbd is named twice")]
    public void BadModelNamesAreErrorsListingThePurchaseModels(string models, string message)
    {
        var (code, output, error) = CliRunner.Run("compare", "--input", SplitFile(), "--time-unit", "weeks", "--models", models);
        Assert.Equal((1, ""), (code, output));
        Assert.StartsWith($"clv compare: error: --models: ", error, StringComparison.Ordinal);
        Assert.Contains(message, error, StringComparison.Ordinal);
        if (!message.Contains("twice", StringComparison.Ordinal))
            Assert.Contains("the registered purchase models are bgnbd, mbgnbd, pareto-nbd, ggomnbd.", error, StringComparison.Ordinal);
    }

    [Fact]
    public void IsRegisteredWithTheOtherCommands() =>
        Assert.Contains(Clv.Probabilistic.Cli.Program.BuildRoot().Subcommands, c => c.Name == "compare");
}
