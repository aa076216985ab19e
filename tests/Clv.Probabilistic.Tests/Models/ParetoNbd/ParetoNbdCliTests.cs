using System.Globalization;
using Clv.Probabilistic.Data;
using Clv.Probabilistic.Models.ParetoNbd;
using Clv.Probabilistic.Persistence;
using Clv.Probabilistic.Cli;
using Clv.Probabilistic.Tests.Cli;

namespace Clv.Probabilistic.Tests.Models.ParetoNbd;

/// <summary><c>clv fit --model pareto-nbd</c> and <c>clv predict</c> with the model file, with no change to the tool.</summary>
[Collection(nameof(SummarizeCliCollection))]
public sealed class ParetoNbdCliTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("clv-pnbd-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    // The file holds the CDNOW estimate; predict writes, for every customer, exactly the library's E[Y(39)] and P(alive)
    // from the loaded model, and for customer 1 the values of ParetoNbdReferenceTests (at the published estimate, 10⁻³).
    [Fact]
    public void FitAndPredictCdnow()
    {
        string input = Path.Combine(_folder, "cdnow.csv"), model = Path.Combine(_folder, "pnbd.json"), predictions = Path.Combine(_folder, "p.csv");
        RfmSummaryCsv.Write(Datasets.CdnowSummaryWithMonetaryValue(), input);
        var (code, _, error) = CliRunner.Run("fit", "--model", "pareto-nbd", "--input", input, "--time-unit", "weeks", "--output", model);
        Assert.Equal((0, ""), (code, error));
        var fit = ModelFile.Load(model, ParetoNbdDefinition.Instance);
        Assert.Equal(0.553, fit.PointEstimate.R, 5e-4);
        Assert.Equal(11.669, fit.PointEstimate.Beta, 1e-2);

        (code, _, error) = CliRunner.Run("predict", "--model", model, "--input", input, "--horizon", "39", "--output", predictions);
        Assert.Equal((0, ""), (code, error));
        var lines = File.ReadAllLines(predictions);
        Assert.Equal("customer_id,expected_purchases,p_alive", lines[0]);
        Assert.Equal(2358, lines.Length);
        var rows = lines.Skip(1).Select(l => l.Split(',')).ToArray();
        double[] Column(int c) => rows.Select(r => double.Parse(r[c], CultureInfo.InvariantCulture)).ToArray();
        var summary = Datasets.CdnowSummaryWithMonetaryValue();
        var expected = new double[summary.Count];
        fit.Model.ConditionalExpectedPurchases(summary, 39, expected);
        Assert.Equal(expected, Column(1));
        fit.Model.ProbabilityAlive(summary, expected);
        Assert.Equal(expected, Column(2));
        int one = Array.IndexOf(rows.Select(r => r[0]).ToArray(), "1");
        Assert.Equal(1.4551, Column(1)[one], 1e-3);
        Assert.Equal(0.8692, Column(2)[one], 1e-3);
    }

    // --horizon inf --continuous: discounted_expected_purchases is the library's DERT at δ = ln(1.15) per year in weeks,
    // p_alive the library's; with a spend model clv = expected_spend × DERT (margin 1).
    [Fact]
    public void PredictOverAnUnboundedHorizonWritesDert()
    {
        string input = Path.Combine(_folder, "cdnow.csv"), model = Path.Combine(_folder, "pnbd.json"), spend = Path.Combine(_folder, "gg.json");
        string predictions = Path.Combine(_folder, "dert.csv"), valued = Path.Combine(_folder, "clv.csv");
        var summary = Datasets.CdnowSummaryWithMonetaryValue();
        RfmSummaryCsv.Write(summary, input);
        Assert.Equal(0, CliRunner.Run("fit", "--model", "pareto-nbd", "--input", input, "--time-unit", "weeks", "--output", model).ExitCode);
        Assert.Equal(0, CliRunner.Run("fit", "--model", "gamma-gamma", "--input", input, "--output", spend).ExitCode);

        var (code, _, error) = CliRunner.Run("predict", "--model", model, "--input", input, "--horizon", "inf", "--continuous",
            "--discount-rate", "0.15", "--discount-unit", "years", "--output", predictions);
        Assert.Equal((0, ""), (code, error));
        var lines = File.ReadAllLines(predictions);
        Assert.Equal("customer_id,discounted_expected_purchases,p_alive", lines[0]);
        var fit = ModelFile.Load(model, ParetoNbdDefinition.Instance);
        var dert = new double[summary.Count];
        fit.Model.DiscountedExpectedResidualPurchases(summary, Math.Log(1.15) * 7 / 365.25, dert);
        var rows = lines.Skip(1).Select(l => l.Split(',')).ToArray();
        Assert.Equal(dert, rows.Select(r => double.Parse(r[1], CultureInfo.InvariantCulture)).ToArray());
        var alive = new double[summary.Count];
        fit.Model.ProbabilityAlive(summary, alive);
        Assert.Equal(alive, rows.Select(r => double.Parse(r[2], CultureInfo.InvariantCulture)).ToArray());

        (code, _, error) = CliRunner.Run("predict", "--model", model, "--input", input, "--spend-model", spend, "--horizon", "∞", "--continuous",
            "--discount-rate", "0.15", "--discount-unit", "years", "--output", valued);
        Assert.Equal((0, ""), (code, error));
        lines = File.ReadAllLines(valued);
        Assert.Equal("customer_id,discounted_expected_purchases,p_alive,expected_spend,clv", lines[0]);
        var spendModel = ModelFile.Load(spend).SpendModel();
        var expectedSpend = new double[summary.Count];
        spendModel.ConditionalExpectedSpend(summary, expectedSpend);
        rows = lines.Skip(1).Select(l => l.Split(',')).ToArray();
        for (int i = 0; i < summary.Count; i++)
        {
            Assert.Equal(expectedSpend[i], double.Parse(rows[i][3], CultureInfo.InvariantCulture));
            Assert.Equal(expectedSpend[i] * dert[i], double.Parse(rows[i][4], CultureInfo.InvariantCulture));
        }
    }

    [Theory]
    [InlineData("bgnbd", "--continuous --discount-rate 0.15", "has no closed form for the discounted expected purchases over an unbounded horizon")]
    [InlineData("pareto-nbd", "--discount-rate 0.15", "--horizon inf needs --continuous")]
    [InlineData("pareto-nbd", "--continuous", "--horizon inf needs a positive --discount-rate")]
    [InlineData("pareto-nbd", "--continuous --discount-rate 0", "--horizon inf needs a positive --discount-rate")]
    [InlineData("pareto-nbd", "--continuous --discount-rate 0.15 --interval 0.9", "--interval is not available with --horizon inf")]
    public void UnboundedHorizonProblemsAreClearErrors(string modelName, string options, string message)
    {
        string input = Path.Combine(_folder, "cdnow.csv"), model = Path.Combine(_folder, "m.json"), output = Path.Combine(_folder, "out.csv");
        RfmSummaryCsv.Write(Datasets.CdnowSummaryWithMonetaryValue(), input);
        Assert.Equal(0, CliRunner.Run("fit", "--model", modelName, "--input", input, "--time-unit", "weeks", "--output", model).ExitCode);
        var (code, _, error) = CliRunner.Run(["predict", "--model", model, "--input", input, "--horizon", "inf", "--output", output, .. options.Split(' ')]);
        Assert.Equal(CliErrors.InputError, code);
        Assert.Contains(message, error);
        Assert.False(File.Exists(output));
    }

    [Fact]
    public void AHorizonThatIsNeitherANumberNorInfIsAParseError()
    {
        var (code, _, error) = CliRunner.Run("predict", "--model", "m.json", "--input", "s.csv", "--horizon", "forever", "--output", Path.Combine(_folder, "o.csv"));
        Assert.NotEqual(0, code);
        Assert.Contains("--horizon: 'forever' is not a number of periods or 'inf'.", error);
    }
}
