using Clv.Probabilistic.Data;
using Clv.Probabilistic.Persistence;
using Clv.Probabilistic.Tests.Cli;
using Clv.Probabilistic.Valuation;
using Clv.Probabilistic.Valuation.Intervals;

namespace Clv.Probabilistic.Tests.Cli;

/// <summary><c>clv fit --method</c> and <c>clv predict --interval</c> in-process (console captured, so not in parallel).</summary>
[Collection(nameof(SummarizeCliCollection))]
public sealed class BayesianCliTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("clv-bayes-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string PathOf(string name) => Path.Combine(_folder, name);

    [Fact]
    public void NutsFitWritesDrawsAndDiagnosticsAndPredictAddsIntervalColumns()
    {
        string input = PathOf("cdnow.csv"), model = PathOf("bg.json"), spend = PathOf("gg.json"), output = PathOf("p.csv");
        RfmSummaryCsv.Write(Datasets.CdnowSummaryWithMonetaryValue(), input);
        var (code, text, error) = CliRunner.Run("fit", "--model", "bgnbd", "--input", input, "--time-unit", "weeks",
            "--method", "nuts", "--chains", "2", "--draws", "150", "--warmup", "150", "--seed", "3", "--output", model);
        Assert.True(code == 0, error);
        Assert.Contains("r_hat", text);
        var document = ModelDocument.Load(model);
        Assert.Equal("nuts", document.Method);
        Assert.Equal(300, document.Draws!.Values.Count);
        Assert.Equal(["a", "alpha", "b", "r"], document.Diagnostics!.RHat.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(document.Draws.Values.Average(v => v[0]), document.Parameters["r"], 1e-12);

        (code, _, error) = CliRunner.Run("fit", "--model", "gamma-gamma", "--input", input, "--method", "laplace", "--draws", "100", "--output", spend);
        Assert.True(code == 0, error);
        (code, _, error) = CliRunner.Run("predict", "--model", model, "--spend-model", spend, "--input", input, "--horizon", "39",
            "--discount-rate", "0.01", "--interval", "0.9", "--output", output);
        Assert.True(code == 0, error);
        var lines = File.ReadAllLines(output);
        Assert.Equal("customer_id,expected_purchases,expected_purchases_lower,expected_purchases_upper,p_alive,p_alive_lower,p_alive_upper," +
            "expected_spend,expected_spend_lower,expected_spend_upper,clv,clv_lower,clv_upper", lines[0]);

        // The columns are the library's intervals from the two files' draws (--horizon 39 in the model's weeks, 1% a week).
        var expected = PredictionIntervals.Compute(ModelFile.Load(model), ModelFile.Load(spend), Datasets.CdnowSummaryWithMonetaryValue(),
            new IntervalOptions
            {
                Level = 0.9,
                Horizon = 39,
                Clv = new ClvOptions(39, TimeUnit.Weeks, new DiscountRate(0.01, TimeUnit.Weeks), DiscountingKind.Discrete, 1.0),
            });
        var header = lines[0].Split(',');
        var rows = lines.Skip(1).Select(l => l.Split(',')).ToArray();
        double[] Column(string name) =>
            rows.Select(r => double.Parse(r[Array.IndexOf(header, name)], System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        foreach (var name in new[] { "expected_purchases", "p_alive", "expected_spend", "clv" })
        {
            Assert.Equal(expected[name]!.Lower.ToArray(), Column(name + "_lower"));
            Assert.Equal(expected[name]!.Upper.ToArray(), Column(name + "_upper"));
        }
    }

    // A maximum-likelihood file now carries its asymptotic normal (covariance and seed), so it gives intervals; a file
    // written by release 0.1.0 without draws is refused with advice.
    [Fact]
    public void IntervalsFromAnMleFileAndAdviceForAnOldFileWithoutDraws()
    {
        string input = PathOf("cdnow.csv"), model = PathOf("bg.json");
        RfmSummaryCsv.Write(Datasets.CdnowSummaryWithMonetaryValue(), input);
        Assert.Equal(0, CliRunner.Run("fit", "--model", "bgnbd", "--input", input, "--time-unit", "weeks", "--output", model).ExitCode);
        var (code, _, error) = CliRunner.Run("predict", "--model", model, "--input", input, "--horizon", "39", "--interval", "0.9", "--output", PathOf("p.csv"));
        Assert.True(code == 0, error);
        Assert.StartsWith("customer_id,expected_purchases,expected_purchases_lower,expected_purchases_upper", File.ReadAllLines(PathOf("p.csv"))[0]);

        string old = Path.Combine(AppContext.BaseDirectory, "Persistence", "Fixtures", "v1", "bgnbd-mle-weeks.json");
        (code, _, error) = CliRunner.Run("predict", "--model", old, "--input", input, "--horizon", "39", "--interval", "0.9", "--output", PathOf("q.csv"));
        Assert.NotEqual(0, code);
        Assert.Contains("holds no parameter draws (a file written by an older clv fit): fit it again to get intervals.", error);
        Assert.False(File.Exists(PathOf("q.csv")));
    }
}
