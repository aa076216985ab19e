using System.Globalization;
using Clv.Probabilistic.Data;
using Clv.Probabilistic.Models;
using Clv.Probabilistic.Models.BgNbd;
using Clv.Probabilistic.Models.BetaDiscreteWeibull;
using Clv.Probabilistic.Models.ShiftedBetaGeometric;
using Clv.Probabilistic.Persistence;
using Clv.Probabilistic.Tests.Models.Retention;

namespace Clv.Probabilistic.Tests.Cli;

/// <summary><c>clv fit --model sbg|bdw</c> on cohort tables, <c>clv predict --tenure-column</c> and <c>clv project</c>.</summary>
[Collection(nameof(SummarizeCliCollection))]
public sealed class RetentionCommandTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("clv-retention-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string PathOf(string name) => Path.Combine(_folder, name);

    private string FitRegular(string model = "sbg")
    {
        string path = PathOf($"{model}.json");
        var (code, output, error) = CliRunner.Run("fit", "--model", model, "--input", RetentionTestData.CohortFile, "--cohort", "regular", "--time-unit", "years", "--output", path);
        Assert.True(code == 0, output + error);
        return path;
    }

    // Fader & Hardie (2007): α 0.704, β 1.182, LL −1680.3 on the regular cohort.
    [Fact]
    public void FitSbgOnACohortOfTheTableWritesThePublishedEstimates()
    {
        string path = FitRegular();
        var fit = ModelFile.Load(path, SbgDefinition.Instance);
        Assert.Equal(0.704, fit.PointEstimate.Alpha, 0.0005);
        Assert.Equal(1.182, fit.PointEstimate.Beta, 0.0005);
        Assert.Equal(-1680.3, fit.LogLikelihood!.Value, 0.05);
        Assert.Equal(1000, fit.Data!.Customers);
    }

    [Fact]
    public void FitBdwPooledAndFromCustomersFile()
    {
        string pooled = PathOf("pooled.json");
        var (code, output, error) = CliRunner.Run("fit", "--model", "bdw", "--input", RetentionTestData.CohortFile, "--pool", "--output", pooled);
        Assert.True(code == 0, output + error);
        Assert.Equal(2000, ModelFile.Load(pooled, BdwDefinition.Instance).Data!.Customers);

        string customers = PathOf("customers.csv");
        File.WriteAllText(customers, "customer_id,periods,churned\na,1,1\nb,2,1\nc,3,0\nd,1,1\ne,5,0\nf,2,0\ng,4,1\nh,6,0\n");
        string before = File.ReadAllText(customers);
        (code, output, error) = CliRunner.Run("fit", "--model", "sbg", "--input", customers, "--output", PathOf("ind.json"), "--allow-unreliable");
        Assert.True(code == 0, output + error);
        Assert.Equal(8, ModelFile.Load(PathOf("ind.json"), SbgDefinition.Instance).Data!.Customers);
        Assert.Equal(before, File.ReadAllText(customers));
    }

    [Theory]
    [InlineData(new[] { "--model", "sbg" }, "holds 2 cohorts ('regular', 'high end'): fit one with --cohort NAME, or all of them with --pool.")]
    [InlineData(new[] { "--model", "sbg", "--cohort", "premium" }, "No cohort is called 'premium'; the cohorts are: 'regular', 'high end'.")]
    [InlineData(new[] { "--model", "sbg", "--cohort", "regular", "--pool" }, "--cohort and --pool exclude each other")]
    public void FitRefusesAnAmbiguousCohortChoice(string[] args, string message)
    {
        var (code, _, error) = CliRunner.Run(["fit", .. args, "--input", RetentionTestData.CohortFile, "--output", PathOf("x.json")]);
        Assert.Equal(1, code);
        Assert.Contains(message, error, StringComparison.Ordinal);
        Assert.False(File.Exists(PathOf("x.json")));
    }

    [Fact]
    public void FitNamesTheLineOfARisingSurvivalCount()
    {
        string table = PathOf("bad.csv");
        File.WriteAllText(table, "period,alive\n0,100\n1,80\n2,81\n");
        var (code, _, error) = CliRunner.Run("fit", "--model", "sbg", "--input", table, "--output", PathOf("x.json"));
        Assert.Equal(1, code);
        Assert.Equal($"clv fit: error: {table}, line 4, column 'alive': Cohort '', period 2: 81 customers alive is more than the 80 alive at period 1: a survival count cannot rise.", error.Trim());
    }

    [Fact]
    public void PredictGivesRetentionSurvivalAndDerlPerCustomer()
    {
        string model = FitRegular();
        string input = PathOf("customers.csv");
        File.WriteAllText(input, "customer_id,plan,years\nx,gold,0\ny,basic,4\nz,basic,4\n");
        string output = PathOf("p.csv");
        var (code, stdout, error) = CliRunner.Run("predict", "--model", model, "--input", input, "--tenure-column", "years",
            "--horizon", "3", "--discount-rate", "0.1", "--margin", "50", "--output", output);
        Assert.True(code == 0, stdout + error);
        var lines = File.ReadAllLines(output);
        Assert.Equal("customer_id,renewals,retention,survival,derl,residual_value", lines[0]);
        Assert.Equal(4, lines.Length);
        var sbg = ModelFile.Load(model, SbgDefinition.Instance).Model;
        var y = lines[2].Split(',');
        Assert.Equal(["y", "4"], y[..2]);
        double V(int i) => double.Parse(y[i], CultureInfo.InvariantCulture);
        Assert.Equal(sbg.RetentionRate(5), V(2), 1e-15);
        Assert.Equal(sbg.RetentionRate(5) * sbg.RetentionRate(6) * sbg.RetentionRate(7), V(3), 1e-14);
        Assert.Equal(sbg.DiscountedExpectedResidualLifetime(4, 0.1), V(4), 1e-15);
        Assert.Equal(50 * V(4), V(5), 1e-12);
        Assert.Equal(lines[2][1..], lines[3][1..]);
    }

    [Theory]
    [InlineData(new[] { "--horizon", "3", "--discount-rate", "0.1" }, "--tenure-column is required")]
    [InlineData(new[] { "--horizon", "3", "--tenure-column", "years" }, "--discount-rate d > 0 per period is required")]
    [InlineData(new[] { "--horizon", "2.5", "--discount-rate", "0.1", "--tenure-column", "years" }, "--horizon 2.5: a retention model needs a whole number of periods ≥ 1.")]
    [InlineData(new[] { "--horizon", "3", "--discount-rate", "0.1", "--tenure-column", "years", "--interval", "0.9" }, "--interval does not apply to the retention model")]
    [InlineData(new[] { "--horizon", "3", "--discount-rate", "0.1", "--tenure-column", "plan" }, "column 'plan', customer 'x': 'gold' is not a whole number ≥ 0.")]
    public void PredictRefusesWhatARetentionModelCannotDo(string[] args, string message)
    {
        string model = FitRegular();
        string input = PathOf("customers.csv");
        File.WriteAllText(input, "customer_id,plan,years\nx,gold,0\n");
        var (code, _, error) = CliRunner.Run(["predict", "--model", model, "--input", input, "--output", PathOf("p.csv"), .. args]);
        Assert.Equal(1, code);
        Assert.Contains(message, error, StringComparison.Ordinal);
    }

    [Fact]
    public void ProjectWritesTheCohortProjection()
    {
        string model = FitRegular("bdw");
        string output = PathOf("projection.csv");
        var (code, stdout, error) = CliRunner.Run("project", "--model", model, "--periods", "12", "--output", output, "--discount-rate", "0.1");
        Assert.True(code == 0, stdout + error);
        var bdw = ModelFile.Load(model, BdwDefinition.Instance).Model;
        var lines = File.ReadAllLines(output);
        Assert.Equal("period,survival,retention_rate,churn_probability,expected_alive", lines[0]);
        Assert.Equal(14, lines.Length);
        var row = lines[13].Split(',').Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray();
        Assert.Equal([12, Math.Exp(bdw.LogSurvival(12)), bdw.RetentionRate(12), Math.Exp(bdw.LogChurnProbability(12)), 1000 * Math.Exp(bdw.LogSurvival(12))], row);
        Assert.Contains(bdw.DiscountedExpectedLifetime(0.1).ToString("F6", CultureInfo.InvariantCulture), stdout, StringComparison.Ordinal);

        var (toStdout, text, _) = CliRunner.Run("project", "--model", model, "--periods", "2");
        Assert.Equal(0, toStdout);
        Assert.Equal(string.Join("\n", lines.Take(4)) + "\n", text);
    }

    [Fact]
    public void ProjectRefusesAPurchaseModel()
    {
        string model = PathOf("bgnbd.json");
        ModelFile.Save(ModelFitter.Fit(BgNbdDefinition.Instance, Datasets.CdnowSummary()), model, drawSeed: 1);
        var (code, _, error) = CliRunner.Run("project", "--model", model, "--periods", "3");
        Assert.Equal(1, code);
        Assert.Contains("'clv project' projects retention models (sbg, bdw)", error, StringComparison.Ordinal);
    }
}
