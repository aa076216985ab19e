using System.Globalization;
using Clv.Probabilistic.Cli;
using Clv.Probabilistic.Data;
using Clv.Probabilistic.Data.Covariates;
using Clv.Probabilistic.Models;
using Clv.Probabilistic.Models.Covariates;
using Clv.Probabilistic.Persistence;

namespace Clv.Probabilistic.Tests.Cli;

/// <summary>
/// <c>clv fit --covariates</c> and <c>clv predict --covariates</c> on the apparel data of CLVTools' covariate walkthrough,
/// written to temporary files, and their refusals of bad covariates (console captured, so not in parallel).
/// </summary>
[Collection(nameof(SummarizeCliCollection))]
public sealed class CovariateCommandTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("clv-cov-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string PathOf(string name) => Path.Combine(_folder, name);

    private string SummaryCsv()
    {
        string path = PathOf("apparel.csv");
        if (!File.Exists(path)) RfmSummaryCsv.Write(Datasets.ApparelSummary(), path);
        return path;
    }

    /// <summary>The apparel covariates as a CSV, each row changed by <paramref name="row"/> (id, gender, channel) → cells.</summary>
    private string CovariatesCsv(string name = "cov.csv", string header = "Id,Gender,Channel", Func<string, string, string, string?>? row = null)
    {
        var table = Datasets.ApparelStaticCovariates();
        var lines = new List<string> { header };
        for (int i = 0; i < table.Count; i++)
        {
            string id = table.CustomerIds[i], gender = table.Value(i, 0), channel = table.Value(i, 1);
            string? line = row is null ? $"{id},{gender},{channel}" : row(id, gender, channel);
            if (line is not null) lines.Add(line);
        }
        string path = PathOf(name);
        File.WriteAllLines(path, lines);
        return path;
    }

    private (int Code, string Out, string Error) Fit(string model, string output, params string[] extra) =>
        CliRunner.Run(["fit", "--model", model, "--input", SummaryCsv(), "--time-unit", "weeks", "--output", PathOf(output), .. extra]);

    [Fact]
    public void FitPrintsTheCoefficientTableWithThePublishedEstimates()
    {
        var (code, output, error) = Fit("pareto-nbd", "pnbd.json", "--covariates", CovariatesCsv());
        Assert.Equal((0, ""), (code, error));
        Assert.Contains("Pareto/NBD with covariates (pareto-nbd)", output, StringComparison.Ordinal);
        Assert.Contains("log-likelihood: -5821.06", output, StringComparison.Ordinal);
        Assert.Contains("alpha_i = alpha·exp(−γ_trans·z_i)", output, StringComparison.Ordinal);
        Assert.Contains("beta_i = beta·exp(−γ_life·z_i)", output, StringComparison.Ordinal);
        Assert.Contains("coefficient", output, StringComparison.Ordinal);
        Assert.Contains("p-value", output, StringComparison.Ordinal);
        // CLVTools' walkthrough: trans.Gender 0.2859, trans.Channel 0.6241, life.Gender −0.6430, life.Channel 0.7907.
        var fit = Assert.IsType<CovariateModelFit>(ModelFile.Load(PathOf("pnbd.json")));
        var table = fit.CoefficientTable().ToDictionary(r => r.Parameter);
        foreach (var (name, published) in new[] { ("trans.Gender", 0.2859), ("trans.Channel", 0.6241), ("life.Gender", -0.6430), ("life.Channel", 0.7907) })
        {
            Assert.InRange(table[name].Estimate, published - 0.005, published + 0.005);
            string line = output.Split('\n').Single(l => l.TrimStart().StartsWith(name + " ", StringComparison.Ordinal) && l.Contains("transaction") | l.Contains("lifetime"));
            Assert.Contains(table[name].Z.ToString("F3", CultureInfo.InvariantCulture), line, StringComparison.Ordinal);
            Assert.Contains(table[name].PValue.ToString("G3", CultureInfo.InvariantCulture), line, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void CovariateTestsRefitWithoutEachColumn()
    {
        var (code, output, error) = Fit("pareto-nbd", "pnbd-tests.json", "--covariates", CovariatesCsv(), "--covariate-tests");
        Assert.Equal((0, ""), (code, error));
        Assert.Contains("likelihood-ratio tests (the model refitted without each covariate column):", output, StringComparison.Ordinal);
        var fit = Assert.IsType<CovariateModelFit>(ModelFile.Load(PathOf("pnbd-tests.json"), Clv.Probabilistic.Data.Covariates.CovariateTable.Read(CovariatesCsv("cov2.csv"), "Id")));
        var tests = CovariateLikelihoodRatio.ForEachColumn(fit, Datasets.ApparelSummary());
        foreach (var test in tests)
        {
            string line = output.Split('\n').Single(l => l.TrimStart().StartsWith(test.Column + " ", StringComparison.Ordinal) && l.Contains(" 2 ", StringComparison.Ordinal));
            Assert.Contains(test.Test.Statistic.ToString("F3", CultureInfo.InvariantCulture), line, StringComparison.Ordinal);
            Assert.Contains(test.Test.PValue.ToString("G3", CultureInfo.InvariantCulture), line, StringComparison.Ordinal);
        }
        var refused = Fit("pareto-nbd", "pnbd-map.json", "--covariates", CovariatesCsv(), "--covariate-tests", "--method", "map");
        Assert.Equal(1, refused.Item1);
        Assert.Contains("--covariate-tests compares unpenalised maximum-likelihood fits", refused.Item3, StringComparison.Ordinal);
    }

    [Fact]
    public void ConstraintAndPenaltiesReachTheFitAndTheFile()
    {
        var (code, output, error) = Fit("pareto-nbd", "c.json", "--covariates", CovariatesCsv(), "--covariate-id-column", "Id",
            "--constrain", "Gender", "--l2-transaction", "0.5", "--l2-dropout", "2");
        Assert.Equal((0, ""), (code, error));
        Assert.Contains("L2 weights Gender 2, trans.Channel 0.5, life.Channel 2", output, StringComparison.Ordinal);
        Assert.Contains("penalised objective", output, StringComparison.Ordinal);
        var fit = ModelFile.Load(PathOf("c.json"));
        Assert.Equal(["r", "alpha", "s", "beta", "Gender", "trans.Channel", "life.Channel"], fit.Definition.Parameters.Names);
        Assert.Equal([0, 0, 0, 0, 2, 0.5, 2], fit.ParameterPenalties!);
    }

    [Fact]
    public void BayesianFitsPrintTheirCoefficientsAndRoundTrip()
    {
        var (code, output, error) = Fit("pareto-nbd", "map.json", "--covariates", CovariatesCsv(), "--method", "map");
        Assert.Equal((0, ""), (code, error));
        Assert.Contains("log posterior at the mode", output, StringComparison.Ordinal);
        Assert.Contains("p-value", output, StringComparison.Ordinal);

        (code, output, _) = Fit("pareto-nbd", "nuts.json", "--covariates", CovariatesCsv(), "--method", "nuts", "--chains", "2",
            "--draws", "100", "--warmup", "150", "--allow-unreliable");
        Assert.Equal(0, code);
        var header = output.Split('\n').Single(l => l.Contains("coefficient", StringComparison.Ordinal) && l.Contains("covariate", StringComparison.Ordinal) && !l.Contains(':'));
        Assert.Contains("posterior mean", header, StringComparison.Ordinal);
        Assert.DoesNotContain("p-value", header, StringComparison.Ordinal);
        var fit = ModelFile.Load(PathOf("nuts.json"), Datasets.ApparelStaticCovariates());
        Assert.Equal(200, fit.Draws!.Count);
        Assert.Equal(8, fit.Draws.Names.Count);
    }

    [Fact]
    public void ProcessesTakeTheirOwnCovariates()
    {
        var (code, _, error) = Fit("pareto-nbd", "b.json", "--covariates", CovariatesCsv(), "--transaction-covariates", "Channel", "--lifetime-covariates", "Gender,Channel");
        Assert.Equal((0, ""), (code, error));
        Assert.Equal(["r", "alpha", "s", "beta", "trans.Channel", "life.Gender", "life.Channel"], ModelFile.Load(PathOf("b.json")).Definition.Parameters.Names);
    }

    [Fact]
    public void PredictUsesEachCustomersParametersAndIntervalsWork()
    {
        Assert.Equal(0, Fit("pareto-nbd", "pnbd.json", "--covariates", CovariatesCsv()).Code);
        string predictions = PathOf("p.csv");
        var (code, output, error) = CliRunner.Run("predict", "--model", PathOf("pnbd.json"), "--input", SummaryCsv(), "--horizon", "52",
            "--covariates", CovariatesCsv(), "--interval", "0.9", "--draws", "20", "--output", predictions);
        Assert.Equal((0, ""), (code, error));
        Assert.Contains("Predicted 600 customers", CliRunner.LastStatus, StringComparison.Ordinal);

        var fit = ModelFile.Load(PathOf("pnbd.json"), Datasets.ApparelStaticCovariates());
        var summary = Datasets.ApparelSummary();
        var expected = new double[summary.Count];
        var model = (CovariatePurchaseModel)fit.PurchaseModel();
        model.ConditionalExpectedPurchases(summary, 52, expected);
        var lines = File.ReadAllLines(predictions);
        Assert.Equal("customer_id,expected_purchases,expected_purchases_lower,expected_purchases_upper,p_alive,p_alive_lower,p_alive_upper", lines[0]);
        for (int i = 0; i < summary.Count; i++)
        {
            var cells = lines[i + 1].Split(',');
            Assert.Equal(summary.CustomerIds[i], cells[0]);
            Assert.Equal(expected[i], double.Parse(cells[1], CultureInfo.InvariantCulture));
            Assert.InRange(expected[i], double.Parse(cells[2], CultureInfo.InvariantCulture), double.Parse(cells[3], CultureInfo.InvariantCulture));
        }
        // Two customers with the same history but other covariates get other predictions.
        var one = new RfmSummary(["x"], [summary.Frequency[0]], [summary.Recency[0]], [summary.T[0]], default, TimeUnit.Weeks);
        var (gender0, gender1) = (new double[1], new double[1]);
        var table = Datasets.ApparelStaticCovariates();
        string a = Enumerable.Range(0, table.Count).First(i => table.Value(i, 0) == "0" && table.Value(i, 1) == "0") is var i0 ? table.CustomerIds[i0] : "";
        string b = Enumerable.Range(0, table.Count).First(i => table.Value(i, 0) == "1" && table.Value(i, 1) == "1") is var i1 ? table.CustomerIds[i1] : "";
        model.ForCustomer(a).ConditionalExpectedPurchases(one, 52, gender0);
        model.ForCustomer(b).ConditionalExpectedPurchases(one, 52, gender1);
        Assert.NotEqual(gender0[0], gender1[0]);

        var (predictive, _, predictiveError) = CliRunner.Run("predict", "--model", PathOf("pnbd.json"), "--input", SummaryCsv(), "--horizon", "52",
            "--covariates", CovariatesCsv(), "--interval", "0.9", "--interval-kind", "predictive", "--draws", "10", "--output", PathOf("pp.csv"));
        Assert.Equal((0, ""), (predictive, predictiveError));
    }

    [Fact]
    public void SpendModelWithCovariatesValuesCustomers()
    {
        Assert.Equal(0, Fit("pareto-nbd", "pnbd.json", "--covariates", CovariatesCsv()).Code);
        var (code, output, error) = Fit("gamma-gamma", "gg.json", "--covariates", CovariatesCsv(), "--l2-spend", "0.1");
        Assert.Equal((0, ""), (code, error));
        Assert.Contains("gamma_i = gamma·exp(γ_spend·z_i)", output, StringComparison.Ordinal);
        Assert.Contains("spend.Channel", output, StringComparison.Ordinal);
        var (predict, _, predictError) = CliRunner.Run("predict", "--model", PathOf("pnbd.json"), "--spend-model", PathOf("gg.json"),
            "--input", SummaryCsv(), "--horizon", "52", "--discount-rate", "0", "--covariates", CovariatesCsv(), "--output", PathOf("v.csv"));
        Assert.Equal((0, ""), (predict, predictError));
        var header = File.ReadLines(PathOf("v.csv")).First();
        Assert.Equal("customer_id,expected_purchases,p_alive,expected_spend,clv", header);
    }

    public static TheoryData<string, string[], string[]> BadFits => new()
    {
        // A customer of the summary without covariates.
        { "pareto-nbd", ["--covariates", "@missing"], ["customer '7'", "has no covariates", "missing.csv"] },
        // A non-number in a numeric column.
        { "pareto-nbd", ["--covariates", "@text"], ["'male' is not a number", "text.csv", "line 3", "column 'Gender'", "customer '2'"] },
        // A column that duplicates another: perfectly collinear.
        { "pareto-nbd", ["--covariates", "@twice"], ["Covariate 'Gender2'", "perfectly collinear"] },
        // A covariate the file does not have, on a process.
        { "pareto-nbd", ["--covariates", "@cov", "--lifetime-covariates", "Age"], ["--covariates: No covariate 'Age'", "Gender, Channel"] },
        // A column the file does not have.
        { "pareto-nbd", ["--covariates", "@cov", "--covariate-columns", "Gender,Age"], ["cov.csv", "Age"] },
        // A model without covariate links.
        { "sbg", ["--covariates", "@cov"], ["takes no static covariates", "pareto-nbd"] },
        // A process the model does not have.
        { "gamma-gamma", ["--covariates", "@cov", "--transaction-covariates", "Gender"], ["has no transaction process"] },
        // A reference level that does not occur.
        { "pareto-nbd", ["--covariates", "@levels", "--reference-level", "Channel=phone"], ["reference level 'phone' does not occur", "online, store"] },
        // Covariate options without covariates, penalties with a Bayesian method.
        { "pareto-nbd", ["--constrain", "Gender"], ["--constrain", "give --covariates FILE"] },
        { "pareto-nbd", ["--covariates", "@cov", "--method", "map", "--l2-transaction", "1"], ["--method mle only"] },
        { "pareto-nbd", ["--covariates", "@cov", "--reference-level", "Channel"], ["not COLUMN=LEVEL"] },
    };

    private string Resolve(string token) => token switch
    {
        "@cov" => CovariatesCsv(),
        "@missing" => CovariatesCsv("missing.csv", row: (id, g, c) => id == "7" ? null : $"{id},{g},{c}"),
        "@text" => CovariatesCsv("text.csv", row: (id, g, c) => id == "2" ? $"{id},male,{c}" : $"{id},{g},{c}"),
        "@twice" => CovariatesCsv("twice.csv", "Id,Gender,Channel,Gender2", (id, g, c) => $"{id},{g},{c},{g}"),
        "@levels" => CovariatesCsv("levels.csv", row: (id, g, c) => $"{id},{g},{(c == "1" ? "online" : "store")}"),
        _ => token,
    };

    [Theory]
    [MemberData(nameof(BadFits))]
    public void BadCovariatesAreInputErrorsNamingTheProblem(string model, string[] options, string[] expected)
    {
        var (code, _, error) = Fit(model, "bad.json", options.Select(Resolve).ToArray());
        Assert.Equal(CliErrors.InputError, code);
        Assert.StartsWith("clv fit: error: ", error, StringComparison.Ordinal);
        foreach (var part in expected) Assert.Contains(part, error, StringComparison.Ordinal);
        Assert.False(File.Exists(PathOf("bad.json")));
    }

    [Fact]
    public void PredictRefusesMissingOrUnusableCovariatesNamingTheCustomer()
    {
        Assert.Equal(0, Fit("pareto-nbd", "levels.json", "--covariates", Resolve("@levels")).Code);
        string[] Predict(params string[] extra) =>
            ["predict", "--model", PathOf("levels.json"), "--input", SummaryCsv(), "--horizon", "52", "--output", PathOf("p.csv"), "--force", .. extra];

        var (code, _, error) = CliRunner.Run(Predict());
        Assert.Equal(CliErrors.InputError, code);
        Assert.Contains("give the customers' covariates with --covariates", error, StringComparison.Ordinal);

        string unknownLevel = CovariatesCsv("phone.csv", row: (id, g, c) => $"{id},{g},{(id == "5" ? "phone" : c == "1" ? "online" : "store")}");
        (code, _, error) = CliRunner.Run(Predict("--covariates", unknownLevel));
        Assert.Equal(CliErrors.InputError, code);
        foreach (var part in new[] { "phone.csv", "line 6", "column 'Channel'", "customer '5'", "level 'phone' was not among" })
            Assert.Contains(part, error, StringComparison.Ordinal);

        string missing = CovariatesCsv("gone.csv", row: (id, g, c) => id == "9" ? null : $"{id},{g},{(c == "1" ? "online" : "store")}");
        (code, _, error) = CliRunner.Run(Predict("--covariates", missing));
        Assert.Equal(CliErrors.InputError, code);
        Assert.Contains("customer '9'", error, StringComparison.Ordinal);
        Assert.Contains("gone.csv", error, StringComparison.Ordinal);

        (code, _, error) = CliRunner.Run("score", "--engine", "postgres", "--connection", "Host=localhost", "--table", "summaries",
            "--model", PathOf("levels.json"), "--horizon", "52", "--write-table", "predictions");
        Assert.Equal(CliErrors.InputError, code);
        Assert.Contains("clv predict --covariates", error, StringComparison.Ordinal);

        Assert.Equal(0, Fit("pareto-nbd", "plain.json").Code);
        (code, _, error) = CliRunner.Run("predict", "--model", PathOf("plain.json"), "--input", SummaryCsv(), "--horizon", "52",
            "--covariates", CovariatesCsv(), "--output", PathOf("q.csv"));
        Assert.Equal(CliErrors.InputError, code);
        Assert.Contains("no model file given was fitted with covariates", error, StringComparison.Ordinal);
    }
}
