using System.Globalization;
using Clv.Probabilistic.Cli;
using Clv.Probabilistic.Data;
using Clv.Probabilistic.Data.Discrete;
using Clv.Probabilistic.Persistence;
using Clv.Probabilistic.Tests.Cli;
using Clv.Probabilistic.Tests.Models.Retention;
using static Clv.Probabilistic.Tests.Reporting.ReportTables;

namespace Clv.Probabilistic.Tests.Reporting;

/// <summary><c>clv report --model FILE --input DATA</c> for a discrete (bgbb) and a retention (sbg) model file, in-process.</summary>
[Collection(nameof(SummarizeCliCollection))]
public sealed class SettingReportCliTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("clv-setting-report-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string PathOf(string name) => Path.Combine(_folder, name);

    [Fact]
    public void Bgbb_file_and_summary_with_holdout_and_annual_transactions_give_the_discrete_page()
    {
        var summary = Datasets.DonationsSummary();
        DiscreteSummaryCsv.Write(summary, PathOf("calibration.csv"), includeIds: false);
        File.WriteAllLines(PathOf("annual.csv"), ["year,transactions", .. Datasets.DonationsAnnualTransactions().Select(a => string.Create(CultureInfo.InvariantCulture, $"{a.Year},{a.Transactions}"))]);

        var (code, _, error) = CliRunner.Run("fit", "--model", "bgbb", "--input", PathOf("calibration.csv"), "--time-unit", "years", "--output", PathOf("bgbb.json"));
        Assert.Equal((0, ""), (code, error));
        (code, var output, error) = CliRunner.Run("report", "--model", PathOf("bgbb.json"), "--input", PathOf("calibration.csv"),
            "--period-transactions", PathOf("annual.csv"), "--dert-rate", "0.1", "--output", PathOf("r.html"));
        Assert.Equal((0, ""), (code, error));
        Assert.StartsWith("Wrote ", CliRunner.LastStatus);
        string html = File.ReadAllText(PathOf("r.html"));
        Assert.Equal("0.108", Rows(Section(html, "P(alive) by frequency and recency"))[0][1]);
        var tracking = Rows(Section(html, "Tracking repeat transactions"));
        Assert.Equal(["1996", "1", "calibration", "5,652.00"], tracking[0][..4]);
        Assert.DoesNotContain("<h2>Holdout</h2>", html);

        var fit = ModelFile.Load(PathOf("bgbb.json"));
        var dert = new double[summary.Count];
        fit.DiscretePurchaseModel().DiscountedExpectedTransactions(summary, 0.1, dert);
        Assert.Equal(F(dert[0], "F4"), Rows(Section(html, "Discounted expected residual transactions"))[0][6]);

        (code, _, error) = CliRunner.Run("report", "--model", PathOf("bgbb.json"), "--output", PathOf("r.html"), "--force");
        Assert.Equal(CliErrors.InputError, code);
        Assert.Contains("--input is required with a model file", error);
    }

    [Fact]
    public void Holdout_columns_of_a_per_customer_summary_add_the_holdout_section()
    {
        var simulated = new Clv.Probabilistic.Models.BgBb.BgBbModel(new(1.2, 0.75, 0.66, 2.8), TimeUnit.Years).Simulate(Enumerable.Repeat(6, 400).ToArray(), seed: 3, holdoutPeriods: 4);
        DiscreteSummaryCsv.Write(simulated, PathOf("split.csv"));
        DiscreteSummaryCsv.Write(simulated.Calibration, PathOf("calibration.csv"));
        var (code, _, error) = CliRunner.Run("fit", "--model", "bgbb", "--input", PathOf("calibration.csv"), "--time-unit", "years", "--output", PathOf("bgbb.json"));
        Assert.Equal((0, ""), (code, error));
        (code, _, error) = CliRunner.Run("report", "--model", PathOf("bgbb.json"), "--input", PathOf("split.csv"), "--output", PathOf("r.html"));
        Assert.Equal((0, ""), (code, error));
        var section = Section(File.ReadAllText(PathOf("r.html")), "Holdout");
        Assert.Equal(F(simulated.FrequencyHoldout.ToArray().Sum(), "#,##0.00"), Value(section, "Actual holdout transactions"));
        var expected = new double[simulated.Count];
        ModelFile.Load(PathOf("bgbb.json")).DiscretePurchaseModel().ConditionalExpectedTransactions(simulated.Calibration, 4, expected);
        Assert.Equal(F(expected.Sum(), "#,##0.00"), Value(section, "Expected holdout transactions"));
    }

    [Fact]
    public void Sbg_file_and_cohort_table_give_the_retention_page_and_a_wrong_kind_is_refused()
    {
        var (code, _, error) = CliRunner.Run("fit", "--model", "sbg", "--input", RetentionTestData.CohortFile, "--cohort", "regular", "--time-unit", "years", "--output", PathOf("sbg.json"));
        Assert.Equal((0, ""), (code, error));
        (code, var output, error) = CliRunner.Run("report", "--model", PathOf("sbg.json"), "--input", RetentionTestData.CohortFile,
            "--projection-periods", "10", "--dert-rate", "0.1", "--margin", "50", "--output", PathOf("r.html"));
        Assert.Equal((0, ""), (code, error));
        var model = ModelFile.Load(PathOf("sbg.json")).RetentionModel();
        double del = model.DiscountedExpectedLifetime(0.1);
        Assert.Contains(F(del, "F4"), CliRunner.LastStatus);
        string html = File.ReadAllText(PathOf("r.html"));
        Assert.Equal(F(50 * del, "F4"), Value(Section(html, "Lifetime value"), "Expected lifetime value of a new customer (DEL × margin)"));
        Assert.Equal(11, Rows(Section(html, "Survival and retention")).Count);

        (code, _, error) = CliRunner.Run("fit", "--model", "gamma-gamma", "--input", WriteCdnow(), "--output", PathOf("gg.json"));
        Assert.Equal((0, ""), (code, error));
        (code, _, error) = CliRunner.Run("report", "--model", PathOf("gg.json"), "--input", RetentionTestData.CohortFile, "--output", PathOf("x.html"));
        Assert.Equal(CliErrors.InputError, code);
        Assert.Contains("with a model file the report covers discrete and retention models", error);
        Assert.False(File.Exists(PathOf("x.html")));
    }

    private string WriteCdnow()
    {
        RfmSummaryCsv.Write(Datasets.CdnowSummaryWithMonetaryValue(), PathOf("cdnow.csv"));
        return PathOf("cdnow.csv");
    }
}
