using System.Globalization;
using Clv.Probabilistic.Cli;
using Clv.Probabilistic.Data;
using Clv.Probabilistic.Models.BgNbd;
using Clv.Probabilistic.Persistence;

namespace Clv.Probabilistic.Tests.Cli;

/// <summary><c>clv fit</c> and <c>clv predict</c> in-process on temporary files (console captured, so not in parallel).</summary>
[Collection(nameof(SummarizeCliCollection))]
public sealed class FitPredictCommandTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("clv-fit-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string PathOf(string name) => Path.Combine(_folder, name);

    private string CdnowCsv()
    {
        string path = PathOf("cdnow.csv");
        if (!File.Exists(path)) RfmSummaryCsv.Write(Datasets.CdnowSummaryWithMonetaryValue(), path);
        return path;
    }

    private string FitCdnow()
    {
        string model = PathOf("bgnbd.json");
        var (code, _, error) = CliRunner.Run("fit", "--model", "bgnbd", "--input", CdnowCsv(), "--time-unit", "weeks", "--output", model);
        Assert.Equal((0, ""), (code, error));
        return model;
    }

    private static Dictionary<string, double[]> ReadColumns(string path, out string[] ids)
    {
        var lines = File.ReadAllLines(path);
        var header = lines[0].Split(',');
        ids = lines.Skip(1).Select(l => l.Split(',')[0]).ToArray();
        var columns = new Dictionary<string, double[]>();
        for (int c = 1; c < header.Length; c++)
            columns[header[c]] = lines.Skip(1).Select(l => double.Parse(l.Split(',')[c], CultureInfo.InvariantCulture)).ToArray();
        return columns;
    }

    // Fader, Hardie & Lee (2005), CDNOW calibration: r = 0.243, α = 4.414, a = 0.793, b = 2.426; to 7 digits as
    // reported for the shipped summary by lifetimes' and BTYD's maximum-likelihood fits.
    [Fact]
    public void FitBgNbdOnCdnowWritesThePublishedEstimates()
    {
        string model = PathOf("m.json");
        var (code, output, error) = CliRunner.Run("fit", "--model", "bgnbd", "--input", CdnowCsv(), "--time-unit", "weeks", "--output", model);
        Assert.Equal((0, ""), (code, error));
        var document = ModelDocument.Load(model);
        Assert.Equal(("bgnbd", "weeks", "mle"), (document.Model, document.TimeUnit, document.Method));
        double[] expected = [0.2425945, 4.4136019, 0.7929199, 2.4258881];
        string[] names = ["r", "alpha", "a", "b"];
        for (int j = 0; j < 4; j++)
        {
            Assert.Equal(expected[j], document.Parameters[names[j]], expected[j] * 1e-4);
            Assert.True(document.StandardErrors![names[j]] > 0);
            Assert.Contains(names[j] + " ", output);
        }
        Assert.Equal(-9582.43, document.LogLikelihood!.Value, 0.01);
        Assert.True(document.Fit!.Converged);
        Assert.Equal(2357, document.Fit.Customers);
        Assert.Contains("log-likelihood: -9582.4", output);
        Assert.Contains("95% CI lower", output);
        Assert.DoesNotContain("\u001b[", output); // plain when redirected
    }

    // FHL (2005) CDNOW customer 1: x = 2, t_x = 30.43, T = 38.86; E[Y(39)] = 1.2259 and P(alive) = 0.7266 (BTYD/lifetimes).
    [Fact]
    public void PredictGivesTheReferenceValuesForCustomerOne()
    {
        string model = FitCdnow();
        var (code, _, error) = CliRunner.Run("predict", "--model", model, "--input", CdnowCsv(), "--horizon", "39", "--output", PathOf("p.csv"));
        Assert.Equal((0, ""), (code, error));
        var lines = File.ReadAllLines(PathOf("p.csv"));
        Assert.Equal("customer_id,expected_purchases,p_alive", lines[0]);
        Assert.Equal(2358, lines.Length);
        var columns = ReadColumns(PathOf("p.csv"), out var ids);
        int one = Array.IndexOf(ids, "1");
        Assert.Equal(1.2259, columns["expected_purchases"][one], 1e-3);
        Assert.Equal(0.7266, columns["p_alive"][one], 1e-3);
        Assert.Equal(1653, columns["expected_purchases"].Sum(), 1.0); // FHL section 5
    }

    [Fact]
    public void HorizonUnitsConvertToTheModelsUnit()
    {
        string model = FitCdnow();
        var results = new List<Dictionary<string, double[]>>();
        foreach (var (horizon, unit) in new[] { ("39", "weeks"), ("273", "days"), ("8.97", "months") })
        {
            string output = PathOf($"p-{unit}.csv");
            var (code, _, error) = CliRunner.Run("predict", "--model", model, "--input", CdnowCsv(), "--horizon", horizon, "--horizon-unit", unit, "--output", output);
            Assert.Equal((0, ""), (code, error));
            results.Add(ReadColumns(output, out _));
        }
        Assert.Equal(results[0]["expected_purchases"], results[1]["expected_purchases"]); // 273 days = 39 weeks exactly
        Assert.Equal(results[0]["p_alive"], results[2]["p_alive"]);
        // 8.97 months = 273.02 days: within 1e-4 relative of 39 weeks
        for (int i = 0; i < results[0]["expected_purchases"].Length; i++)
            Assert.Equal(results[0]["expected_purchases"][i], results[2]["expected_purchases"][i], 1e-4 * results[0]["expected_purchases"][i] + 1e-12);
    }

    // Independent reference: discrete CLV = margin · E[Z] · Σ_k (E[Y(k)] − E[Y(k−1)]) / (1 + d)^k over months k = 1..12,
    // summed here from the purchase model's conditional expectation at whole months.
    [Fact]
    public void PredictWithSpendModelAddsSpendAndDiscountedValue()
    {
        string model = FitCdnow();
        var (code, _, error) = CliRunner.Run("fit", "--model", "gamma-gamma", "--input", CdnowCsv(), "--output", PathOf("gg.json"));
        Assert.Equal((0, ""), (code, error));
        (code, _, error) = CliRunner.Run("predict", "--model", model, "--input", CdnowCsv(), "--spend-model", PathOf("gg.json"), "--horizon", "12",
            "--horizon-unit", "months", "--discount-rate", "0.01", "--margin", "0.3", "--output", PathOf("v.csv"));
        Assert.Equal((0, ""), (code, error));
        Assert.Equal("customer_id,expected_purchases,p_alive,expected_spend,clv", File.ReadLines(PathOf("v.csv")).First());
        var columns = ReadColumns(PathOf("v.csv"), out var ids);

        var purchases = BgNbdModelFile.Load(model);
        var spend = GammaGammaModelFile.Load(PathOf("gg.json"));
        var summary = Datasets.CdnowSummaryWithMonetaryValue();
        var cumulative = new double[13][];
        for (int k = 0; k <= 12; k++)
        {
            cumulative[k] = new double[summary.Count];
            if (k > 0) purchases.ConditionalExpectedPurchases(summary, TimeUnit.Months.ConvertTo(k, TimeUnit.Weeks), cumulative[k]);
        }
        foreach (int i in new[] { 0, 1, Array.IndexOf(ids, "1"), summary.Count - 1 })
        {
            double z = spend.ConditionalExpectedSpend(summary.Frequency[i], summary.MonetaryValue[i]);
            double discounted = 0;
            for (int k = 1; k <= 12; k++) discounted += (cumulative[k][i] - cumulative[k - 1][i]) / Math.Pow(1.01, k);
            Assert.Equal(z, columns["expected_spend"][i], 1e-12 * z);
            Assert.Equal(0.3 * z * discounted, columns["clv"][i], 1e-9 * columns["clv"][i]);
            Assert.Equal(cumulative[12][i], columns["expected_purchases"][i], 1e-12 * cumulative[12][i] + 1e-15);
        }

        // The same rate stated per year, (1.01)^12 − 1, gives the same values.
        (code, _, error) = CliRunner.Run("predict", "--model", model, "--input", CdnowCsv(), "--spend-model", PathOf("gg.json"), "--horizon", "12",
            "--horizon-unit", "months", "--discount-rate", (Math.Pow(1.01, 12) - 1).ToString("R", CultureInfo.InvariantCulture),
            "--discount-unit", "years", "--margin", "0.3", "--output", PathOf("y.csv"));
        Assert.Equal((0, ""), (code, error));
        var yearly = ReadColumns(PathOf("y.csv"), out _)["clv"];
        for (int i = 0; i < yearly.Length; i++) Assert.Equal(columns["clv"][i], yearly[i], 1e-10 * columns["clv"][i] + 1e-12);
    }

    [Fact]
    public void FitGammaGammaWritesPqGammaAndTheCorrelationDiagnostic()
    {
        var (code, output, error) = CliRunner.Run("fit", "--model", "gamma-gamma", "--input", CdnowCsv(), "--output", PathOf("gg.json"));
        Assert.Equal((0, ""), (code, error));
        var document = ModelDocument.Load(PathOf("gg.json"));
        Assert.Equal("gamma-gamma", document.Model);
        // Fader, Hardie & Lee (2005), "RFM and CLV", CDNOW: p = 6.25, q = 3.74, γ = 15.44; ℓ = −4055.9177.
        Assert.Equal(6.25, document.Parameter("p"), 0.005);
        Assert.Equal(3.74, document.Parameter("q"), 0.005);
        Assert.Equal(15.44, document.Parameter("gamma"), 0.01);
        Assert.Equal(-4055.92, document.LogLikelihood!.Value, 0.01);
        Assert.Equal(946, document.Fit!.Customers);
        Assert.Contains("spend-frequency correlation corr(x, mean spend): 0.11", output);
        Assert.Contains("material above 0.3: no", output);
    }

    /// <summary>300 repeat customers, x = 1..10, mean spend 5x·e^(spread·(U − 1/2)), U uniform (seed 7).</summary>
    private void WriteSpendProportionalToFrequency(string name, double spread)
    {
        var lines = new List<string> { "customer_id,frequency,recency,T,monetary_value" };
        var random = new MathNet.Numerics.Random.Xoshiro256StarStar(7);
        for (int i = 0; i < 300; i++)
        {
            int x = 1 + i % 10;
            lines.Add(string.Create(CultureInfo.InvariantCulture, $"c{i},{x},{x + 1},{x + 5},{5 * x * Math.Exp(spread * (random.NextDouble() - 0.5))}"));
        }
        File.WriteAllLines(PathOf(name), lines);
    }

    [Fact]
    public void MaterialSpendFrequencyCorrelationIsWarned()
    {
        WriteSpendProportionalToFrequency("corr.csv", spread: 1.5);
        var (code, output, error) = CliRunner.Run("fit", "--model", "gamma-gamma", "--input", PathOf("corr.csv"), "--output", PathOf("gg.json"));
        Assert.Equal(0, code);
        Assert.Contains("material above 0.3: YES", output);
        Assert.StartsWith("clv fit: WARNING: corr(x, z̄)", error);
    }

    [Fact]
    public void UnidentifiedGammaGammaFitIsAOneLineError()
    {
        // Spend almost proportional to frequency: no heterogeneity left for q and gamma to describe.
        WriteSpendProportionalToFrequency("flat.csv", spread: 0.3);
        var (code, _, error) = CliRunner.Run("fit", "--model", "gamma-gamma", "--input", PathOf("flat.csv"), "--output", PathOf("gg.json"));
        Assert.Equal(CliErrors.InputError, code);
        Assert.StartsWith("clv fit: error: ", error);
        Assert.Contains("not identified", error);
        Assert.Single(error.TrimEnd().Split('\n'));
        Assert.False(File.Exists(PathOf("gg.json")));
    }

    [Fact]
    public void QAtMostOneIsSaidClearlyAndBlocksValuingNewCustomers()
    {
        // Log-normal spend with σ = 3: so heavy-tailed that the fitted q is below 1.
        var lines = new List<string> { "customer_id,frequency,recency,T,monetary_value" };
        var normal = new MathNet.Numerics.Distributions.Normal(0, 3, new MathNet.Numerics.Random.Xoshiro256StarStar(3));
        for (int i = 0; i < 400; i++)
        {
            int x = 1 + i % 3;
            lines.Add(string.Create(CultureInfo.InvariantCulture, $"c{i},{x},{x + 1},{x + 5},{Math.Exp(normal.Sample())}"));
        }
        lines.Add("new,0,0,5,0");
        File.WriteAllLines(PathOf("heavy.csv"), lines);
        var (code, output, error) = CliRunner.Run("fit", "--model", "gamma-gamma", "--input", PathOf("heavy.csv"), "--output", PathOf("gg.json"));
        Assert.Equal(0, code);
        Assert.True(ModelDocument.Load(PathOf("gg.json")).Parameter("q") <= 1);
        Assert.Contains("≤ 1: the population mean spend is infinite", output);
        Assert.Contains("WARNING: q = ", error);

        string model = FitCdnow();
        (code, _, error) = CliRunner.Run("predict", "--model", model, "--input", PathOf("heavy.csv"), "--spend-model", PathOf("gg.json"),
            "--horizon", "12", "--horizon-unit", "months", "--discount-rate", "0.01", "--output", PathOf("p.csv"));
        Assert.Equal(CliErrors.InputError, code);
        Assert.Contains("customers without repeat purchases (the first is 'new') cannot be valued", error);
        Assert.Single(error.TrimEnd().Split('\n'));
    }

    [Fact]
    public void NonConvergedFitFailsLoudlyUnlessAllowed()
    {
        string[] args = ["fit", "--model", "bgnbd", "--input", CdnowCsv(), "--time-unit", "weeks", "--max-iterations", "2", "--output", PathOf("n.json")];
        var (code, output, error) = CliRunner.Run(args);
        Assert.Equal(CliErrors.NotConverged, code);
        Assert.Contains("converged: NO", output);
        Assert.Contains("DID NOT CONVERGE", error);
        Assert.False(File.Exists(PathOf("n.json")));

        (code, _, error) = CliRunner.Run([.. args, "--allow-nonconverged"]);
        Assert.Equal(0, code);
        Assert.Contains("DID NOT CONVERGE", error);
        var document = ModelDocument.Load(PathOf("n.json"));
        Assert.False(document.Fit!.Converged);
        Assert.Contains("\"converged\": false", File.ReadAllText(PathOf("n.json")));
    }

    [Fact]
    public void PenaltyIsPassedToTheFit()
    {
        var (code, output, _) = CliRunner.Run("fit", "--model", "bgnbd", "--input", CdnowCsv(), "--time-unit", "weeks", "--penalty", "5", "--output", PathOf("pen.json"));
        Assert.Equal(0, code);
        Assert.Contains("L2 penalty 5", output);
        var penalised = BgNbdModel.Fit(Datasets.CdnowSummaryWithMonetaryValue(), new BgNbdFitOptions { Penalty = 5 }).Parameters;
        Assert.Equal(penalised.R, ModelDocument.Load(PathOf("pen.json")).Parameter("r"));
    }

    public static TheoryData<string, string[]> BadInputs => new()
    {
        { "Could not find file", ["fit", "--model", "bgnbd", "--input", "{dir}/none.csv", "--time-unit", "weeks", "--output", "{dir}/o.json"] },
        { "unknown model 'pareto'", ["fit", "--model", "pareto", "--input", "{cdnow}", "--time-unit", "weeks", "--output", "{dir}/o.json"] },
        { "--time-unit is required", ["fit", "--model", "bgnbd", "--input", "{cdnow}", "--output", "{dir}/o.json"] },
        { "appears more than once", ["fit", "--model", "bgnbd", "--input", "{dir}/dup.csv", "--time-unit", "weeks", "--output", "{dir}/o.json"] },
        { "line 3", ["fit", "--model", "bgnbd", "--input", "{dir}/recency.csv", "--time-unit", "weeks", "--output", "{dir}/o.json"] },
        { "line 2", ["fit", "--model", "bgnbd", "--input", "{dir}/negative.csv", "--time-unit", "weeks", "--output", "{dir}/o.json"] },
        { "model file not found", ["predict", "--model", "{dir}/none.json", "--input", "{cdnow}", "--horizon", "39", "--output", "{dir}/p.csv"] },
        { "not a valid model file", ["predict", "--model", "{dir}/bad.json", "--input", "{cdnow}", "--horizon", "39", "--output", "{dir}/p.csv"] },
        { "'gamma-gamma' model where a 'bgnbd' model is needed", ["predict", "--model", "{dir}/gg.json", "--input", "{cdnow}", "--horizon", "39", "--output", "{dir}/p.csv"] },
        { "does not match the model's time unit", ["predict", "--model", "{dir}/bgnbd.json", "--input", "{cdnow}", "--time-unit", "days", "--horizon", "39", "--output", "{dir}/p.csv"] },
        { "appears more than once", ["predict", "--model", "{dir}/bgnbd.json", "--input", "{dir}/dup.csv", "--horizon", "39", "--output", "{dir}/p.csv"] },
        { "--discount-rate is required", ["predict", "--model", "{dir}/bgnbd.json", "--input", "{cdnow}", "--spend-model", "{dir}/gg.json", "--horizon", "12", "--output", "{dir}/p.csv"] },
        { "not a whole number", ["predict", "--model", "{dir}/bgnbd.json", "--input", "{cdnow}", "--spend-model", "{dir}/gg.json", "--horizon", "8.5", "--horizon-unit", "months", "--discount-rate", "0.01", "--output", "{dir}/p.csv"] },
        { "need --spend-model", ["predict", "--model", "{dir}/bgnbd.json", "--input", "{cdnow}", "--horizon", "12", "--discount-rate", "0.01", "--output", "{dir}/p.csv"] },
    };

    [Theory]
    [MemberData(nameof(BadInputs))]
    public void BadInputGivesOneLineOnStandardErrorAndNonZeroExit(string expected, string[] template)
    {
        FitCdnow();
        var (code, _, _) = CliRunner.Run("fit", "--model", "gamma-gamma", "--input", CdnowCsv(), "--output", PathOf("gg.json"));
        Assert.Equal(0, code);
        File.WriteAllText(PathOf("dup.csv"), "customer_id,frequency,recency,T\na,1,2,3\nb,0,0,3\na,2,2,3\n");
        File.WriteAllText(PathOf("recency.csv"), "customer_id,frequency,recency,T\na,1,2,3\nb,1,4,3\n");
        File.WriteAllText(PathOf("negative.csv"), "customer_id,frequency,recency,T\na,-1,2,3\n");
        File.WriteAllText(PathOf("bad.json"), "{\"model\": \"bgnbd\",");
        var args = template.Select(a => a.Replace("{dir}", _folder, StringComparison.Ordinal).Replace("{cdnow}", CdnowCsv(), StringComparison.Ordinal)).ToArray();

        var (exit, _, error) = CliRunner.Run(args);
        Assert.Equal(CliErrors.InputError, exit);
        Assert.StartsWith($"clv {args[0]}: error: ", error);
        Assert.Contains(expected, error);
        Assert.Single(error.TrimEnd().Split('\n'));
        Assert.False(File.Exists(PathOf("o.json")));
        Assert.False(File.Exists(PathOf("p.csv")));
    }

    [Fact]
    public void DuplicateIdErrorNamesFileLineAndCustomer()
    {
        File.WriteAllText(PathOf("dup.csv"), "customer_id,frequency,recency,T\nalice,1,2,3\nbob,0,0,3\nalice,2,2,3\n");
        var (_, _, error) = CliRunner.Run("fit", "--model", "bgnbd", "--input", PathOf("dup.csv"), "--time-unit", "weeks", "--output", PathOf("o.json"));
        Assert.Contains("dup.csv", error);
        Assert.Contains("4", error);
        Assert.Contains("alice", error);
    }

    [Theory]
    [InlineData("fit", "--allow-nonconverged")]
    [InlineData("predict", "--horizon-unit")]
    [InlineData("demo", "--output-dir")]
    [InlineData("summarize", "--time-unit")]
    public void HelpDescribesEachCommand(string command, string option)
    {
        var (code, output, _) = CliRunner.Run(command, "--help");
        Assert.Equal(0, code);
        Assert.Contains(option, output);
        var (rootCode, rootOutput, _) = CliRunner.Run("--help");
        Assert.Equal(0, rootCode);
        Assert.Contains(command, rootOutput);
    }
}
