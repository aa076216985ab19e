using System.Text.Json;
using Clv.Probabilistic.Cli;
using Clv.Probabilistic.Data;
using Clv.Probabilistic.Models;
using Clv.Probabilistic.Models.BgNbd;

namespace Clv.Probabilistic.Tests.Cli;

/// <summary><c>clv report --json</c> on the embedded CDNOW sample: the page's numbers, checked against the library.</summary>
[Collection(nameof(SummarizeCliCollection))]
public sealed class ReportJsonTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("clv-report-json-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void TheJsonStatesTheHeadlineTheSegmentRulesAndTheParameters()
    {
        string page = Path.Combine(_folder, "r.html");
        var (code, output, error) = CliRunner.Run("report", "--output", page, "--json");
        Assert.Equal((0, ""), (code, error));
        Assert.True(File.Exists(page));
        var root = JsonDocument.Parse(output).RootElement;

        var split = RfmSummarizer.SummarizeCalibrationHoldout(Datasets.CdnowSample(), Datasets.CdnowCalibrationEnd,
            new SummaryOptions(Datasets.CdnowObservationEnd, TimeUnit.Weeks));
        var fit = ModelFitter.Fit(BgNbdDefinition.Instance, split.Calibration, ModelReport.DefaultOptions);
        Assert.Equal(2357, root.GetProperty("customers").GetDouble());
        Assert.Equal(("1997-09-30", "1998-06-30", "weeks"), (root.GetProperty("calibration_end").GetString(),
            root.GetProperty("observation_end").GetString(), root.GetProperty("time_unit").GetString()));
        Assert.Equal(1882, root.GetProperty("holdout").GetProperty("purchases_actual").GetDouble());
        var purchases = root.GetProperty("purchase_model");
        Assert.Equal(("bgnbd", 0.9), (purchases.GetProperty("model").GetString(), purchases.GetProperty("interval_level").GetDouble()));
        Assert.Equal(fit.Values, purchases.GetProperty("estimates").EnumerateArray().Select(e => e.GetProperty("estimate").GetDouble()));
        Assert.Equal("gamma-gamma", root.GetProperty("spend_model").GetProperty("model").GetString());
        Assert.Equal("clv", root.GetProperty("value").GetString());

        // The stated rules reproduce the lifecycle counts from the library's P(alive): New below 4 weeks, then Active
        // from P(alive) 0.7, At risk from 0.3, Lapsed below.
        var rules = root.GetProperty("segment_rules");
        Assert.Equal((4.0, 0.7, 0.3, 0.1, 0.2), (rules.GetProperty("new_customer_age").GetDouble(), rules.GetProperty("active_p_alive_at_least").GetDouble(),
            rules.GetProperty("at_risk_p_alive_at_least").GetDouble(), rules.GetProperty("top_share").GetDouble(), rules.GetProperty("middle_share").GetDouble()));
        var alive = new double[split.Count];
        ((IPurchaseModel)fit.Model).ProbabilityAlive(split.Calibration, alive);
        var expected = new Dictionary<string, double>();
        for (int i = 0; i < split.Count; i++)
        {
            string stage = split.Calibration.T[i] < 4 ? "New" : alive[i] >= 0.7 ? "Active" : alive[i] >= 0.3 ? "AtRisk" : "Lapsed";
            expected[stage] = expected.GetValueOrDefault(stage) + 1;
        }
        var segments = root.GetProperty("segments").EnumerateArray().ToArray();
        var counted = segments.GroupBy(s => s.GetProperty("lifecycle").GetString()!).ToDictionary(g => g.Key, g => g.Sum(s => s.GetProperty("customers").GetDouble()));
        Assert.Equal(expected.OrderBy(p => p.Key), counted.OrderBy(p => p.Key));
        Assert.Equal(1.0, segments.Sum(s => s.GetProperty("share").GetDouble()), 1e-12);
        double total = root.GetProperty("total_expected_value").GetDouble();
        Assert.Equal(total, segments.Sum(s => s.GetProperty("total_expected_value").GetDouble()), total * 1e-12);
        if (root.GetProperty("total_value").ValueKind == JsonValueKind.Object)
        {
            var headline = root.GetProperty("total_value");
            Assert.True(headline.GetProperty("lower").GetDouble() <= headline.GetProperty("estimate").GetDouble()
                && headline.GetProperty("estimate").GetDouble() <= headline.GetProperty("upper").GetDouble());
            Assert.Equal(total, headline.GetProperty("estimate").GetDouble(), total * 1e-9);
        }
    }

    [Fact]
    public void JsonAndThePageOnStandardOutputAreRefused()
    {
        var (code, _, error) = CliRunner.Run("report", "--output", "-", "--json");
        Assert.Equal((1, "clv report: error: --json prints on standard output, which --output - takes for the page: write the page to a file, or leave out --json."), (code, error.Trim()));
    }
}
