using System.Globalization;
using Clv.Probabilistic.Cli;
using Clv.Probabilistic.Data;
using Clv.Probabilistic.Data.Discrete;
using Clv.Probabilistic.Models.BgBb;
using Clv.Probabilistic.Persistence;

namespace Clv.Probabilistic.Tests.Cli;

/// <summary>
/// <c>clv summarize --periods</c>, <c>clv fit --model bgbb</c> and <c>clv predict</c> with a discrete model, in-process on
/// temporary files (console captured, so not in parallel).
/// </summary>
[Collection(nameof(SummarizeCliCollection))]
public sealed class DiscreteCommandTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("clv-discrete-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string PathOf(string name) => Path.Combine(_folder, name);

    private string DonationsCsv()
    {
        string path = PathOf("donations.csv");
        if (!File.Exists(path)) DiscreteSummaryCsv.Write(Datasets.DonationsSummary(), path, includeIds: false);
        return path;
    }

    [Fact]
    public void SummarizeWritesBinaryHistorySummaries()
    {
        File.WriteAllText(PathOf("tx.csv"), "customer_id,date,amount\na,1995-03-01,10\na,1995-06-01,5\na,1997-02-01,5\na,1999-12-31,1\na,2003-05-05,1\nb,1998-05-05,3\nc,1995-01-01,1\n");
        var (code, output, error) = CliRunner.Run("summarize", "--input", PathOf("tx.csv"), "--periods", "year", "--period-start", "1995-01-01",
            "--calibration-periods", "6", "--holdout-periods", "5", "--output", PathOf("s.csv"));
        Assert.Equal((0, ""), (code, error));
        Assert.Contains("Summarised 7 transactions into 3 customers (6 calibration and 5 holdout years from 1995-01-01)", CliRunner.LastStatus);
        Assert.Equal(["customer_id,frequency,recency,periods,frequency_holdout,periods_holdout", "a,2,4,6,1,5", "b,0,0,3,0,5", "c,0,0,6,0,5"],
            File.ReadAllLines(PathOf("s.csv")));

        File.WriteAllText(PathOf("tx2.csv"), "customer_id,date,amount\na,1995-03-01,10\na,1997-02-01,5\nb,1995-05-05,3\nc,1995-01-01,1\nc,1996-01-01,1\nd,1995-02-02,1\n");
        (code, output, error) = CliRunner.Run("summarize", "--input", PathOf("tx2.csv"), "--periods", "years", "--period-start", "1995-01-01",
            "--calibration-periods", "6", "--compress", "--output", PathOf("m.csv"));
        Assert.Equal((0, ""), (code, error));
        Assert.Contains("3 distinct histories of 4 customers", CliRunner.LastStatus);
        Assert.Equal(["frequency,recency,periods,weight", "1,2,6,1", "0,0,6,2", "1,1,6,1"], File.ReadAllLines(PathOf("m.csv")));
    }

    // BG/BB with a covariate: fit and predict through the CLI give the library's per-customer predictions at each
    // customer's own parameters.
    [Fact]
    public void FitAndPredictBgBbWithCovariates()
    {
        const int n = 3000;
        var ids = Enumerable.Range(1, n).Select(i => i.ToString(CultureInfo.InvariantCulture)).ToArray();
        var table = Clv.Probabilistic.Data.Covariates.CovariateTable.FromText(ids, [("flag", ids.Select((_, i) => (i % 2).ToString(CultureInfo.InvariantCulture)).ToArray())]);
        var truth = Clv.Probabilistic.Models.Covariates.CovariateDefinition.Create(Clv.Probabilistic.Models.BgBb.BgBbDefinition.Instance, table);
        var simulated = ((Clv.Probabilistic.Models.Covariates.CovariateDiscretePurchaseModel)truth.CreateModel([1.2, 0.75, 0.66, 2.78, 0.5, -0.5], TimeUnit.Years))
            .Simulate(Enumerable.Repeat(6, n).ToArray(), 7).Calibration;
        string summary = PathOf("s.csv"), covariates = PathOf("c.csv"), model = PathOf("bgbb-cov.json"), predictions = PathOf("pc.csv");
        Clv.Probabilistic.Data.Discrete.DiscreteSummaryCsv.Write(simulated, summary);
        File.WriteAllLines(covariates, ids.Select((id, i) => $"{id},{i % 2}").Prepend("customer_id,flag"));
        var (code, output, error) = CliRunner.Run("fit", "--model", "bgbb", "--input", summary, "--time-unit", "years", "--covariates", covariates, "--output", model);
        Assert.Equal((0, ""), (code, error));
        Assert.Contains("trans.flag", output);
        (code, output, error) = CliRunner.Run("predict", "--model", model, "--input", summary, "--covariates", covariates, "--horizon", "5", "--dert-rate", "0.1", "--output", predictions);
        Assert.Equal((0, ""), (code, error));
        var lines = File.ReadAllLines(predictions);
        Assert.Equal("customer_id,expected_purchases,p_alive,discounted_expected_purchases", lines[0]);
        var fit = (Clv.Probabilistic.Models.Covariates.CovariateModelFit)ModelFile.Load(model, Clv.Probabilistic.Data.Covariates.CovariateTable.Read(covariates));
        var fitted = fit.DiscretePurchaseModel();
        var rows = Clv.Probabilistic.Data.Discrete.DiscreteSummaryCsv.Read(summary, TimeUnit.Years);
        var expected = new double[rows.Count];
        fitted.ConditionalExpectedTransactions(rows, 5, expected);
        Assert.Equal(expected, lines.Skip(1).Select(l => double.Parse(l.Split(',')[1], CultureInfo.InvariantCulture)));
        Assert.NotEqual(expected[0], expected[1]);
    }

    // Fit on the donations matrix (the published estimate), then predict the five holdout years with DERT at 10%: the
    // columns equal the library's predictions at the fitted parameters, row by row.
    [Fact]
    public void FitAndPredictBgBbOnTheDonationsMatrix()
    {
        string model = PathOf("bgbb.json"), predictions = PathOf("p.csv");
        var (code, output, error) = CliRunner.Run("fit", "--model", "bgbb", "--input", DonationsCsv(), "--time-unit", "years", "--output", model);
        Assert.Equal((0, ""), (code, error));
        Assert.StartsWith("BG/BB (bgbb), maximum likelihood, time unit: years (recorded only), customers: 11104", output.ReplaceLineEndings("\n"));
        var document = ModelDocument.Load(model);
        Assert.Equal(("bgbb", "years", "converged"), (document.Model, document.TimeUnit, document.Status));
        Assert.Equal(1.204, document.Parameters["alpha"], 1e-3);
        Assert.Equal(2.783, document.Parameters["delta"], 1e-3);

        (code, output, error) = CliRunner.Run("predict", "--model", model, "--input", DonationsCsv(), "--horizon", "5", "--dert-rate", "0.1", "--output", predictions);
        Assert.Equal((0, ""), (code, error));
        Assert.Contains("Predicted 22 rows over 5 periods, DERT at 0.1 per period", CliRunner.LastStatus);
        var lines = File.ReadAllLines(predictions);
        Assert.Equal("customer_id,expected_purchases,p_alive,discounted_expected_purchases", lines[0]);
        Assert.Equal(23, lines.Length);
        double[] Column(int c) => lines.Skip(1).Select(l => double.Parse(l.Split(',')[c], CultureInfo.InvariantCulture)).ToArray();
        var fitted = ModelFile.Load(model).DiscretePurchaseModel();
        Assert.IsType<BgBbModel>(fitted);
        var summary = Datasets.DonationsSummary();
        var expected = new double[summary.Count];
        fitted.ConditionalExpectedTransactions(summary, 5, expected);
        Assert.Equal(expected, Column(1));
        fitted.ProbabilityAlive(summary, expected);
        Assert.Equal(expected, Column(2));
        fitted.DiscountedExpectedTransactions(summary, 0.1, expected);
        Assert.Equal(expected, Column(3));
        Assert.Equal(Enumerable.Range(1, 22).Select(i => i.ToString(CultureInfo.InvariantCulture)), lines.Skip(1).Select(l => l.Split(',')[0]));
    }

    public static TheoryData<string, string[]> BadInputs => new()
    {
        { "lies outside the period grid, 1995-01-01 to 2001-12-31", ["summarize", "--input", "{dir}/tx.csv", "--periods", "year", "--period-start", "1995-01-01", "--calibration-periods", "6", "--output", "{dir}/o.csv"] },
        { "--periods: Unknown period length 'fortnight'", ["summarize", "--input", "{dir}/tx.csv", "--periods", "fortnight", "--period-start", "1995-01-01", "--calibration-periods", "6", "--output", "{dir}/o.csv"] },
        { "--period-start is required with --periods.", ["summarize", "--input", "{dir}/tx.csv", "--periods", "year", "--calibration-periods", "6", "--output", "{dir}/o.csv"] },
        { "--calibration-periods (a whole number ≥ 0) is required with --periods.", ["summarize", "--input", "{dir}/tx.csv", "--periods", "year", "--period-start", "1995-01-01", "--output", "{dir}/o.csv"] },
        { "--periods summarises discrete opportunities", ["summarize", "--input", "{dir}/tx.csv", "--periods", "year", "--period-start", "1995-01-01", "--calibration-periods", "6", "--time-unit", "weeks", "--output", "{dir}/o.csv"] },
        { "--time-unit is required (or --periods for discrete opportunities).", ["summarize", "--input", "{dir}/tx.csv", "--observation-end", "2000-01-01", "--output", "{dir}/o.csv"] },
        { "line 3, column 'recency': recency 7 exceeds the number of periods 6.", ["fit", "--model", "bgbb", "--input", "{dir}/recency.csv", "--output", "{dir}/o.json"] },
        { "column 'weight': weight -2 is negative", ["fit", "--model", "bgbb", "--input", "{dir}/negative.csv", "--output", "{dir}/o.json"] },
        { "--horizon 2.5 is not a whole number of periods", ["predict", "--model", "{dir}/bgbb.json", "--input", "{donations}", "--horizon", "2.5", "--output", "{dir}/p.csv"] },
        { "--dert-rate: 0 is not a discount rate > 0 per period", ["predict", "--model", "{dir}/bgbb.json", "--input", "{donations}", "--horizon", "2", "--dert-rate", "0", "--output", "{dir}/p.csv"] },
        { "it takes --horizon in whole periods and --dert-rate, not --spend-model", ["predict", "--model", "{dir}/bgbb.json", "--input", "{donations}", "--horizon", "2", "--spend-model", "{dir}/bgbb.json", "--output", "{dir}/p.csv"] },
    };

    [Theory]
    [MemberData(nameof(BadInputs))]
    public void BadInputGivesOneLineOnStandardErrorAndNonZeroExit(string expected, string[] template)
    {
        File.WriteAllText(PathOf("tx.csv"), "customer_id,date,amount\na,1995-03-01,10\nb,2002-05-05,3\n");
        File.WriteAllText(PathOf("recency.csv"), "frequency,recency,periods\n1,2,6\n3,7,6\n");
        File.WriteAllText(PathOf("negative.csv"), "frequency,recency,periods,weight\n1,2,6,-2\n");
        if (!File.Exists(PathOf("bgbb.json")))
            Assert.Equal(0, CliRunner.Run("fit", "--model", "bgbb", "--input", DonationsCsv(), "--time-unit", "years", "--output", PathOf("bgbb.json")).ExitCode);
        string Expand(string text) => text.Replace("{dir}", _folder, StringComparison.Ordinal).Replace("{donations}", DonationsCsv(), StringComparison.Ordinal);
        var args = template.Select(Expand).ToArray();

        var (exit, _, error) = CliRunner.Run(args);
        Assert.Equal(CliErrors.InputError, exit);
        Assert.StartsWith($"clv {args[0]}: error: ", error);
        Assert.Contains(Expand(expected), error);
        Assert.Single(error.TrimEnd().Split('\n'));
        Assert.False(File.Exists(PathOf("o.csv")));
        Assert.False(File.Exists(PathOf("o.json")));
        Assert.False(File.Exists(PathOf("p.csv")));
    }
}
