using System.Globalization;
using Clv.Probabilistic.Cli;
using Clv.Probabilistic.Cli.Commands;
using Clv.Probabilistic.Data;
using Clv.Probabilistic.Inference;
using Clv.Probabilistic.Models;
using Clv.Probabilistic.Models.BgNbd;
using Clv.Probabilistic.Models.GammaGamma;
using Clv.Probabilistic.Persistence;
using Clv.Probabilistic.Valuation.Intervals;

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

    private string FitCdnow(string method = "mle", string name = "bgnbd.json")
    {
        string model = PathOf(name);
        var (code, _, error) = CliRunner.Run("fit", "--model", "bgnbd", "--method", method, "--input", CdnowCsv(), "--time-unit", "weeks", "--output", model);
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

    /// <summary>The options <c>clv fit</c> uses by default (draws: 4 chains × 1000; seed 1), for fitting the same model in-process.</summary>
    /// <summary>The CLI's fit settings: 4000 draws, seed 1, and the one interval level of every method (90%).</summary>
    private static FitOptions CliDefaults(FitMethod method) => new() { Method = method, Draws = 4000, Seed = 1, ConfidenceLevel = ModelReport.DefaultLevel };

    /// <summary>The durability choice of AtomicFile's remarks: the model file is flushed to disk, the predictions are not.</summary>
    [Fact]
    public void TheModelFileIsFlushedToDiskAndThePredictionsAreNot()
    {
        string input = CdnowCsv();
        var flushes = new System.Runtime.CompilerServices.StrongBox<int>();
        AtomicFile.FlushesToDisk.Value = flushes;
        string model = FitCdnow();
        Assert.Equal(1, flushes.Value);
        var (code, _, error) = CliRunner.Run("predict", "--model", model, "--input", input, "--horizon", "39", "--output", PathOf("p.csv"));
        Assert.Equal((0, ""), (code, error));
        Assert.Equal(1, flushes.Value);
        Assert.Equal(2358, File.ReadAllLines(PathOf("p.csv")).Length);
    }

    // Fader, Hardie & Lee (2005), CDNOW calibration: r = 0.243, α = 4.414, a = 0.793, b = 2.426; to 7 digits as
    // reported for the summary by lifetimes' and BTYD's maximum-likelihood fits (1e-4 relative, as BgNbdFitTests);
    // log-likelihood of the shipped (rounded) summary −9582.42556 (BgNbdLogLikelihoodTests, 1e-4).
    [Fact]
    public void FitBgNbdOnCdnowWritesThePublishedEstimates()
    {
        string model = PathOf("m.json");
        var (code, output, error) = CliRunner.Run("fit", "--model", "bgnbd", "--input", CdnowCsv(), "--time-unit", "weeks", "--output", model);
        Assert.Equal((0, ""), (code, error));
        var document = ModelDocument.Load(model);
        Assert.Equal(("bgnbd", "weeks", "mle", "converged"), (document.Model, document.TimeUnit, document.Method, document.Status));
        double[] expected = [0.2425945, 4.4136019, 0.7929199, 2.4258881];
        string[] names = ["r", "alpha", "a", "b"];
        var library = ModelFitter.Fit(BgNbdDefinition.Instance, Datasets.CdnowSummaryWithMonetaryValue(), CliDefaults(FitMethod.MaximumLikelihood));
        for (int j = 0; j < 4; j++)
        {
            Assert.True(Math.Abs(document.Parameters[names[j]] / expected[j] - 1) <= 1e-4, $"{names[j]} = {document.Parameters[names[j]]}");
            Assert.Equal(library.Values[j], document.Parameters[names[j]]);
            Assert.Equal(library.Estimates[j].StandardError, document.StandardErrors![names[j]]);
            var row = output.Split('\n').Single(line => line.StartsWith($"  {names[j]} ", StringComparison.Ordinal));
            Assert.Equal([names[j], library.Values[j].ToString("G7", CultureInfo.InvariantCulture)], row.Split(' ', StringSplitOptions.RemoveEmptyEntries)[..2]);
        }
        Assert.Equal(-9582.42556, document.LogLikelihood!.Value, 1e-4);
        Assert.Equal(library.LogLikelihood, document.LogLikelihood);
        Assert.Equal(ModelFile.ToDocument(library, drawSeed: 1).ToJson(), File.ReadAllText(model));
        Assert.Equal((2357, 4000, 1), (document.Data!.Customers, document.DrawCount, document.DrawSeed));
        Assert.StartsWith("BG/NBD (bgnbd), maximum likelihood, time unit: weeks, customers: 2357\n", output.ReplaceLineEndings("\n"));
        Assert.Contains(Invariant($"log-likelihood: {library.LogLikelihood:F4}"), output);
        Assert.Contains("90% CI lower", output);
        Assert.Contains("verdict: converged", output);
        Assert.Contains(Invariant($"optimiser: converged after {library.Optimizer!.Iterations} iterations"), output);
        Assert.Contains($"Wrote bgnbd model (mle, weeks, converged): {model}", CliRunner.LastStatus);
        Assert.DoesNotContain("\u001b[", output); // plain when redirected
    }

    // Every method of both models: the file is, byte for byte, the library's document of its fit with the same options.
    [Theory]
    [InlineData("bgnbd", "map")]
    [InlineData("bgnbd", "laplace")]
    [InlineData("gamma-gamma", "mle")]
    [InlineData("gamma-gamma", "map")]
    [InlineData("gamma-gamma", "laplace")]
    public void EveryOptimisationMethodWritesTheLibrarysFit(string name, string method)
    {
        string path = PathOf($"{name}-{method}.json");
        var (code, output, error) = CliRunner.Run("fit", "--model", name, "--method", method, "--input", CdnowCsv(), "--time-unit", "weeks", "--output", path);
        Assert.Equal((0, ""), (code, error));
        var definition = ModelRegistry.Get(name);
        var library = ModelFitter.Fit(definition, Datasets.CdnowSummaryWithMonetaryValue(), CliDefaults(FitMethodNames.Parse(method)));
        Assert.Equal(ModelFile.ToDocument(library, drawSeed: 1).ToJson(), File.ReadAllText(path));
        var loaded = ModelFile.Load(path);
        Assert.Same(definition, loaded.Definition);
        Assert.Equal((library.Method, FitStatus.Converged), (loaded.Method, loaded.Status));
        Assert.Equal(library.Values, loaded.Values);
        Assert.Contains($"{definition.DisplayName} ({definition.Name}), {library.Method.Describe()}", output);
        if (library.Method != FitMethod.MaximumLikelihood)
            Assert.Contains(Invariant($"log posterior at the mode"), output);
    }

    [Fact]
    public void NutsFitPrintsItsDiagnosticsAndWritesItsDraws()
    {
        string path = PathOf("gg-nuts.json");
        var (code, output, error) = CliRunner.Run("fit", "--model", "gamma-gamma", "--method", "nuts", "--input", CdnowCsv(),
            "--chains", "2", "--draws", "100", "--warmup", "100", "--seed", "4", "--output", path);
        Assert.Equal(0, code);
        Assert.DoesNotContain("error", error);
        var library = ModelFitter.Fit(GammaGammaDefinition.Instance, Datasets.CdnowSummaryWithMonetaryValue(), new FitOptions
        {
            Method = FitMethod.Nuts,
            Draws = 200,
            Seed = 4,
            ConfidenceLevel = ModelReport.DefaultLevel,
            Sampler = FitOptions.DefaultSampler with { Chains = 2, Draws = 100, Warmup = 100 },
        });
        Assert.Equal(ModelFile.ToDocument(library, drawSeed: 4).ToJson(), File.ReadAllText(path));
        var loaded = ModelFile.Load(path);
        Assert.Equal((FitMethod.Nuts, 200, 2), (loaded.Method, loaded.Draws!.Count, loaded.Draws.ChainCount));
        Assert.Equal(library.Draws!.Values.ToArray(), loaded.Draws.Values.ToArray());
        Assert.Contains("Gamma-Gamma (gamma-gamma), NUTS posterior draws", output);
        Assert.Contains("posterior sd", output);
        Assert.Contains("90% CrI lower", output);
        Assert.Contains("NUTS: 2 chains, 200 draws", output);
        Assert.Contains("r_hat", output);
        Assert.Contains(Invariant($"population mean spend per purchase: {loaded.SpendModel().PopulationMeanSpend:F4}"), output);
    }

    // The sampler is the library's: only chains, draws, warm-up and progress come from the command line.
    [Fact]
    public void NutsSettingsAreTheLibraryDefaultsExceptChainsDrawsWarmupAndProgress()
    {
        var settings = FitCommand.Settings("--model", "bgnbd", "--method", "nuts", "--input", "s.csv", "--time-unit", "weeks",
            "--chains", "3", "--draws", "250", "--warmup", "150", "--seed", "9", "--output", "m.json");
        var sampler = settings.Options.Sampler;
        Assert.Equal((3, 250, 150), (sampler.Chains, sampler.Draws, sampler.Warmup));
        Assert.NotNull(sampler.Progress);
        var library = FitOptions.DefaultSampler;
        Assert.Equal(library, sampler with { Chains = library.Chains, Draws = library.Draws, Warmup = library.Warmup, Progress = library.Progress });
        Assert.Equal(library.Gamma, sampler.Gamma);
        Assert.Equal((FitMethod.Nuts, 9, false), (settings.Options.Method, settings.Options.Seed, settings.Options.ThrowIfUnreliable));

        var defaults = FitCommand.Settings("--model", "bgnbd", "--input", "s.csv", "--time-unit", "weeks", "--output", "m.json");
        Assert.Equal(FitOptions.Default with { Draws = 4000, Sampler = defaults.Options.Sampler, ThrowIfUnreliable = false, ConfidenceLevel = 0.9 }, defaults.Options);
        Assert.Equal(FitOptions.DefaultSampler with { Chains = 4, Draws = 1000, Warmup = 1000 }, defaults.Options.Sampler);
    }

    [Fact]
    public void TimeUnitIsRequiredForPurchaseModelsAndRecordedForSpendModels()
    {
        Assert.Equal(TimeUnit.Weeks, FitCommand.Settings("--model", "gg", "--input", "s.csv", "--output", "m.json").TimeUnit);
        Assert.Equal(TimeUnit.Days, FitCommand.Settings("--model", "gamma-gamma", "--input", "s.csv", "--time-unit", "days", "--output", "m.json").TimeUnit);
        var e = Assert.Throws<ArgumentException>(() => FitCommand.Settings("--model", "bg-nbd", "--input", "s.csv", "--output", "m.json"));
        Assert.Equal("--time-unit is required for bgnbd: the unit of recency and T in the summary (days, weeks, months or years).", e.Message);
    }

    // FHL (2005) CDNOW customer 1: x = 2, t_x = 30.43, T = 38.86; E[Y(39)] = 1.2259 and P(alive) = 0.7266 (BTYD/lifetimes),
    // to 1e-3 as BgNbdPredictionTests; every row is the library's prediction from the loaded model, exactly.
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

        var fitted = ModelFile.Load(model).PurchaseModel();
        var summary = Datasets.CdnowSummaryWithMonetaryValue();
        var expected = new double[summary.Count];
        fitted.ConditionalExpectedPurchases(summary, 39, expected);
        Assert.Equal(expected, columns["expected_purchases"]);
        fitted.ProbabilityAlive(summary, expected);
        Assert.Equal(expected, columns["p_alive"]);
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
        // 8.97 months = 8.97 · 365.25/12 days = 39.0034 weeks
        var months = new double[results[2]["expected_purchases"].Length];
        ModelFile.Load(model).PurchaseModel().ConditionalExpectedPurchases(Datasets.CdnowSummaryWithMonetaryValue(), 8.97 * 365.25 / 12 / 7, months);
        for (int i = 0; i < months.Length; i++)
            Assert.Equal(months[i], results[2]["expected_purchases"][i], 1e-14 * months[i]);
        Assert.NotEqual(results[0]["expected_purchases"], results[2]["expected_purchases"]);
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

        var purchases = ModelFile.Load(model, BgNbdDefinition.Instance).Model;
        var spend = ModelFile.Load(PathOf("gg.json"), GammaGammaDefinition.Instance).Model;
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

    // Maximum-likelihood files carry draws (from the covariance) now, so --interval works for every method; the columns
    // are the library's intervals from the loaded fits.
    [Fact]
    public void IntervalsFromMaximumLikelihoodFilesAreTheLibrarysIntervals()
    {
        string model = FitCdnow();
        var (code, _, error) = CliRunner.Run("fit", "--model", "gamma-gamma", "--input", CdnowCsv(), "--output", PathOf("gg.json"));
        Assert.Equal((0, ""), (code, error));
        (code, _, error) = CliRunner.Run("predict", "--model", model, "--input", CdnowCsv(), "--spend-model", PathOf("gg.json"), "--horizon", "12",
            "--horizon-unit", "months", "--discount-rate", "0.01", "--interval", "0.8", "--output", PathOf("i.csv"));
        Assert.Equal((0, ""), (code, error));
        var columns = ReadColumns(PathOf("i.csv"), out _);

        var summary = Datasets.CdnowSummaryWithMonetaryValue();
        var intervals = PredictionIntervals.Compute(ModelFile.Load(model), ModelFile.Load(PathOf("gg.json")), summary, new IntervalOptions
        {
            Level = 0.8,
            Horizon = TimeUnit.Months.ConvertTo(12, TimeUnit.Weeks),
            Clv = new Clv.Probabilistic.Valuation.ClvOptions(12, TimeUnit.Months, new Clv.Probabilistic.Valuation.DiscountRate(0.01, TimeUnit.Months), Clv.Probabilistic.Valuation.DiscountingKind.Discrete, 1.0),
        });
        foreach (var name in new[] { "expected_purchases", "p_alive", "expected_spend", "clv" })
        {
            var interval = intervals[name]!;
            Assert.Equal(interval.Lower.ToArray(), columns[name + "_lower"]);
            Assert.Equal(interval.Upper.ToArray(), columns[name + "_upper"]);
            Assert.Contains(columns[name + "_lower"].Zip(columns[name + "_upper"]), p => p.First < p.Second);
        }
    }

    [Fact]
    public void PredictiveIntervalsAreTheLibrarysWithWholeNumberPurchaseBoundsAndTheirLevelPrinted()
    {
        string model = FitCdnow();
        var (code, _, error) = CliRunner.Run("fit", "--model", "gamma-gamma", "--input", CdnowCsv(), "--output", PathOf("gg.json"));
        Assert.Equal((0, ""), (code, error));
        string output;
        (code, output, error) = CliRunner.Run("predict", "--model", model, "--input", CdnowCsv(), "--spend-model", PathOf("gg.json"), "--horizon", "39",
            "--discount-rate", "0", "--interval", "0.8", "--interval-kind", "predictive", "--draws", "60", "--output", PathOf("p.csv"));
        Assert.Equal((0, ""), (code, error));
        Assert.Contains("80% predictive intervals over 60 draws", CliRunner.LastStatus);
        string header = File.ReadLines(PathOf("p.csv")).First();
        Assert.Equal("customer_id,expected_purchases,p_alive,expected_spend,clv,future_purchases_lower,future_purchases_upper,future_value_lower,future_value_upper", header);
        var columns = ReadColumns(PathOf("p.csv"), out _);

        var intervals = PredictionIntervals.Predictive(ModelFile.Load(model), ModelFile.Load(PathOf("gg.json")), Datasets.CdnowSummaryWithMonetaryValue(),
            new IntervalOptions { Level = 0.8, Horizon = 39, MaxDraws = 60 });
        Assert.Equal(60, intervals.Draws);
        Assert.Equal(intervals.FuturePurchases!.Lower.ToArray(), columns["future_purchases_lower"]);
        Assert.Equal(intervals.FuturePurchases.Upper.ToArray(), columns["future_purchases_upper"]);
        Assert.Equal(intervals.FutureValue!.Upper.ToArray(), columns["future_value_upper"]);
        Assert.All(columns["future_purchases_upper"], u => Assert.Equal(Math.Floor(u), u));
        Assert.Contains(columns["future_purchases_upper"], u => u >= 1);

        (code, output, error) = CliRunner.Run("predict", "--model", model, "--input", CdnowCsv(), "--horizon", "39", "--interval", "0.9", "--draws", "50", "--output", PathOf("c.csv"));
        Assert.Equal((0, ""), (code, error));
        Assert.Contains("90% credible intervals over 50 draws", CliRunner.LastStatus);
        Assert.Equal("customer_id,expected_purchases,expected_purchases_lower,expected_purchases_upper,p_alive,p_alive_lower,p_alive_upper",
            File.ReadLines(PathOf("c.csv")).First());

        foreach (var (args, message) in new[]
                 {
                     (new[] { "--interval-kind", "predictive" }, "--interval-kind and --draws shape the intervals of --interval: give --interval LEVEL too"),
                     (new[] { "--draws", "10" }, "--interval-kind and --draws shape the intervals of --interval"),
                     (new[] { "--interval", "0.9", "--interval-kind", "posterior" }, "--interval-kind: 'posterior' is neither 'credible' nor 'predictive'."),
                     (new[] { "--interval", "0.9", "--draws", "1" }, "--draws: 1 is fewer than the 2 draws an interval needs"),
                 })
        {
            (code, _, error) = CliRunner.Run(["predict", "--model", model, "--input", CdnowCsv(), "--horizon", "39", "--output", PathOf("bad.csv"), .. args]);
            Assert.Equal(CliErrors.InputError, code);
            Assert.Contains(message, error);
            Assert.False(File.Exists(PathOf("bad.csv")));
        }
    }

    [Fact]
    public void IntervalsFromAnOldMaximumLikelihoodFileWithoutDrawsAreAClearError()
    {
        string old = Path.Combine(AppContext.BaseDirectory, "Persistence", "Fixtures", "v1", "bgnbd-mle-weeks.json");
        var (code, _, error) = CliRunner.Run("predict", "--model", old, "--input", CdnowCsv(), "--horizon", "39", "--interval", "0.9", "--output", PathOf("p.csv"));
        Assert.Equal(CliErrors.InputError, code);
        Assert.Equal($"clv predict: error: {old}: model 'bgnbd' (mle) holds no parameter draws (a file written by an older clv fit): fit it again to get intervals.",
            error.TrimEnd());
        Assert.False(File.Exists(PathOf("p.csv")));
    }

    [Fact]
    public void FitGammaGammaWritesPqGammaAndThePopulationMeanSpend()
    {
        var (code, output, error) = CliRunner.Run("fit", "--model", "gamma-gamma", "--input", CdnowCsv(), "--output", PathOf("gg.json"));
        Assert.Equal((0, ""), (code, error)); // no warning: corr(x, z̄) = 0.11 is not material on CDNOW
        var document = ModelDocument.Load(PathOf("gg.json"));
        Assert.Equal(("gamma-gamma", "weeks"), (document.Model, document.TimeUnit));
        // Fader, Hardie & Lee (2005), "RFM and CLV", CDNOW: p = 6.25, q = 3.74, γ = 15.44; ℓ = −4055.9177 (as GammaGammaFitTests).
        Assert.Equal(6.25, document.Parameter("p"), 0.005);
        Assert.Equal(3.74, document.Parameter("q"), 0.005);
        Assert.Equal(15.44, document.Parameter("gamma"), 0.01);
        Assert.Equal(-4055.9177, document.LogLikelihood!.Value, 1e-2);
        Assert.Equal((946, 2357, 1411), (document.Data!.Customers, document.Data.Rows, document.Data.ExcludedCustomers));
        Assert.Contains("customers: 946 (1411 more not used by the model)", output);
        double mean = document.Parameter("p") * document.Parameter("gamma") / (document.Parameter("q") - 1);
        Assert.Contains(Invariant($"population mean spend per purchase: {mean:F4}"), output);
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
        var (code, _, error) = CliRunner.Run("fit", "--model", "gamma-gamma", "--input", PathOf("corr.csv"), "--output", PathOf("gg.json"));
        Assert.Equal(0, code);
        Assert.StartsWith("clv fit: WARNING: corr(x, z̄) = ", error);
        Assert.Contains("spend and frequency look dependent", error);
    }

    [Fact]
    public void UnidentifiedGammaGammaFitIsAOneLineErrorNamingTheLimit()
    {
        // Spend almost proportional to frequency: no heterogeneity left for q and gamma to describe.
        WriteSpendProportionalToFrequency("flat.csv", spread: 0.3);
        var (code, output, error) = CliRunner.Run("fit", "--model", "gamma-gamma", "--input", PathOf("flat.csv"), "--output", PathOf("gg.json"));
        Assert.Equal(CliErrors.NotIdentified, code);
        Assert.StartsWith("clv fit: error: the Gamma-Gamma fit is not identified: parameter '", error);
        Assert.Contains("q, γ → ∞", error);
        Assert.EndsWith("No model file was written (--allow-unreliable writes it, with status not_identified).", error.TrimEnd());
        Assert.Single(error.TrimEnd().Split('\n'));
        Assert.Contains("verdict: NOT IDENTIFIED: parameter '", output);
        Assert.False(File.Exists(PathOf("gg.json")));
    }

    // Three customers with repeat purchases whose drop-out barely varies: the BG/NBD maximum likelihood runs along
    // a, b → ∞ (a ≈ 4.4e3, b ≈ 5.3e4 where the optimiser stops, standard error of ln b ≈ 165).
    [Fact]
    public void BgNbdFitThatRunsOffToInfinityOnATinySetIsRefusedUnlessAllowed()
    {
        File.WriteAllText(PathOf("tiny.csv"), "customer_id,frequency,recency,T\na,6,6,13\nb,7,33,35\nc,1,14,21\n");
        string[] args = ["fit", "--model", "bgnbd", "--input", PathOf("tiny.csv"), "--time-unit", "weeks", "--output", PathOf("tiny.json")];
        var (code, output, error) = CliRunner.Run(args);
        Assert.Equal(CliErrors.NotIdentified, code);
        Assert.NotEqual(CliErrors.NotConverged, code);
        Assert.StartsWith("clv fit: error: the BG/NBD fit is not identified: parameter 'b' ran to ", error);
        Assert.Contains("a, b → ∞ with the mean drop-out probability", error);
        Assert.Single(error.TrimEnd().Split('\n'));
        Assert.Contains("verdict: NOT IDENTIFIED", output);
        Assert.False(File.Exists(PathOf("tiny.json")));

        (code, output, error) = CliRunner.Run([.. args, "--allow-unreliable"]);
        Assert.Equal(0, code);
        Assert.StartsWith("clv fit: WARNING: the BG/NBD fit is not identified: parameter 'b'", error);
        Assert.EndsWith("The model file records status not_identified.", error.TrimEnd());
        Assert.Contains($"Wrote bgnbd model (mle, weeks, not_identified): {PathOf("tiny.json")}", CliRunner.LastStatus);
        var document = ModelDocument.Load(PathOf("tiny.json"));
        Assert.Equal("not_identified", document.Status);
        Assert.Contains("a, b → ∞", document.Problem);
        var loaded = ModelFile.Load(PathOf("tiny.json"));
        Assert.Equal(FitStatus.NotIdentified, loaded.Status);
        Assert.True(loaded.Values[2] > 1000 && loaded.Values[3] > 1000, string.Join(", ", loaded.Values));

        // Predicting from it says what the file records; intervals from its draws are refused.
        (code, _, error) = CliRunner.Run("predict", "--model", PathOf("tiny.json"), "--input", PathOf("tiny.csv"), "--horizon", "10", "--output", PathOf("p.csv"));
        Assert.Equal(0, code);
        Assert.StartsWith($"clv predict: WARNING: {PathOf("tiny.json")}: the BG/NBD fit is recorded as NOT IDENTIFIED: parameter 'b'", error);
        (code, _, error) = CliRunner.Run("predict", "--model", PathOf("tiny.json"), "--input", PathOf("tiny.csv"), "--horizon", "10", "--interval", "0.9", "--output", PathOf("q.csv"));
        Assert.Equal(CliErrors.InputError, code);
        Assert.Equal($"clv predict: error: {PathOf("tiny.json")}: the BG/NBD fit is recorded as not identified, so intervals from its parameter draws would mean nothing: fit it on more data.",
            error.Split('\n', StringSplitOptions.RemoveEmptyEntries)[^1]);
        Assert.False(File.Exists(PathOf("q.csv")));
    }

    // Three customers on which the BG/NBD fit runs off so far that draws from its normal approximation would overflow:
    // the fit has no draws and is "not identified", exit 3, one line, no file; with --allow-unreliable the file is
    // written and records the status.
    [Fact]
    public void BgNbdFitWhoseDrawsOverflowIsNotIdentifiedToo()
    {
        File.WriteAllText(PathOf("tiny.csv"), "customer_id,frequency,recency,T\na,4,9,11\nb,4,11,29\nc,1,25,38\n");
        string[] args = ["fit", "--model", "bgnbd", "--input", PathOf("tiny.csv"), "--time-unit", "weeks", "--output", PathOf("tiny.json")];
        var (code, _, error) = CliRunner.Run(args);
        Assert.Equal(CliErrors.NotIdentified, code);
        Assert.StartsWith("clv fit: error: the BG/NBD fit is not identified: ", error);
        Assert.EndsWith("No model file was written (--allow-unreliable writes it, with status not_identified).", error.TrimEnd());
        Assert.Single(error.TrimEnd().Split('\n'));
        Assert.False(File.Exists(PathOf("tiny.json")));

        (code, _, error) = CliRunner.Run([.. args, "--allow-unreliable"]);
        Assert.True(code == 0, error);
        var saved = ModelFile.Load(PathOf("tiny.json"));
        Assert.Equal((FitStatus.NotIdentified, null), (saved.Status, saved.Draws));
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
        Assert.Contains("population mean spend per purchase: infinite (customers without repeat purchases cannot be valued)", output);
        Assert.StartsWith("clv fit: WARNING: q = ", error);

        string model = FitCdnow();
        (code, _, error) = CliRunner.Run("predict", "--model", model, "--input", PathOf("heavy.csv"), "--spend-model", PathOf("gg.json"),
            "--horizon", "12", "--horizon-unit", "months", "--discount-rate", "0.01", "--output", PathOf("p.csv"));
        Assert.Equal(CliErrors.InputError, code);
        Assert.Equal("clv predict: error: The spend model has no finite population mean spend: customers without repeat purchases (the first is 'new') cannot be valued.",
            error.TrimEnd());
    }

    [Theory]
    [InlineData("--allow-nonconverged")]
    [InlineData("--allow-unreliable")]
    public void NonConvergedFitFailsLoudlyUnlessAllowed(string allow)
    {
        string[] args = ["fit", "--model", "bgnbd", "--input", CdnowCsv(), "--time-unit", "weeks", "--max-iterations", "2", "--output", PathOf("n.json")];
        var (code, output, error) = CliRunner.Run(args);
        Assert.Equal(CliErrors.NotConverged, code);
        Assert.Contains("verdict: NOT CONVERGED: the optimiser stopped without converging", output);
        Assert.Contains("optimiser: did NOT converge after 2 iterations", output);
        Assert.StartsWith("clv fit: error: the BG/NBD fit is not converged: the optimiser stopped without converging (", error);
        Assert.EndsWith("No model file was written (--allow-unreliable writes it, with status not_converged).", error.TrimEnd());
        Assert.Single(error.TrimEnd().Split('\n'));
        Assert.False(File.Exists(PathOf("n.json")));

        (code, _, error) = CliRunner.Run([.. args, allow]);
        Assert.Equal(0, code);
        Assert.EndsWith("The model file records status not_converged.", error.TrimEnd());
        var document = ModelDocument.Load(PathOf("n.json"));
        Assert.Equal("not_converged", document.Status);
        Assert.False(document.Fit!.Converged);
        Assert.Equal(FitStatus.NotConverged, ModelFile.Load(PathOf("n.json")).Status);
    }

    [Fact]
    public void PenaltyIsPassedToTheFitAndReportedBesideTheLogLikelihood()
    {
        var (code, output, error) = CliRunner.Run("fit", "--model", "bgnbd", "--input", CdnowCsv(), "--time-unit", "weeks", "--penalty", "5", "--output", PathOf("pen.json"));
        Assert.Equal((0, ""), (code, error));
        var penalised = ModelFitter.Fit(BgNbdDefinition.Instance, Datasets.CdnowSummaryWithMonetaryValue(), CliDefaults(FitMethod.MaximumLikelihood) with { Penalty = 5 });
        var document = ModelDocument.Load(PathOf("pen.json"));
        Assert.Equal(penalised.Values[0], document.Parameter("r"));
        Assert.Equal((5.0, penalised.LogLikelihood, penalised.Objective), (document.Penalty, document.LogLikelihood, document.Objective));
        Assert.True(penalised.Objective < penalised.LogLikelihood);
        Assert.Contains("maximum likelihood, L2 penalty 5, time unit: weeks", output);
        Assert.Contains(Invariant($"log-likelihood: {penalised.LogLikelihood:F4}\npenalised objective (L2 penalty 5): {penalised.Objective:F4}\n"), output.ReplaceLineEndings("\n"));
    }

    public static TheoryData<string, string[]> BadInputs => new()
    {
        { "Could not find file", ["fit", "--model", "bgnbd", "--input", "{dir}/none.csv", "--time-unit", "weeks", "--output", "{dir}/o.json"] },
        { $"--model: unknown model 'no-such-model': the registered models are {string.Join(", ", ModelRegistry.All.Select(m => $"{m.Name} ({m.DisplayName})"))}.", ["fit", "--model", "no-such-model", "--input", "{cdnow}", "--time-unit", "weeks", "--output", "{dir}/o.json"] },
        { "--method: Unknown fit method 'bfgs': use mle, map, laplace or nuts.", ["fit", "--model", "bgnbd", "--method", "bfgs", "--input", "{cdnow}", "--time-unit", "weeks", "--output", "{dir}/o.json"] },
        { "--penalty applies to --method mle only; laplace regularises through its priors.", ["fit", "--model", "bgnbd", "--method", "laplace", "--penalty", "1", "--input", "{cdnow}", "--time-unit", "weeks", "--output", "{dir}/o.json"] },
        { "--penalty: -1 is not a finite number ≥ 0.", ["fit", "--model", "bgnbd", "--penalty", "-1", "--input", "{cdnow}", "--time-unit", "weeks", "--output", "{dir}/o.json"] },
        { "--time-unit is required for bgnbd", ["fit", "--model", "bgnbd", "--input", "{cdnow}", "--output", "{dir}/o.json"] },
        { "--draws: 5 is fewer than 10.", ["fit", "--model", "bgnbd", "--draws", "5", "--input", "{cdnow}", "--time-unit", "weeks", "--output", "{dir}/o.json"] },
        { "appears more than once", ["fit", "--model", "bgnbd", "--input", "{dir}/dup.csv", "--time-unit", "weeks", "--output", "{dir}/o.json"] },
        { "line 3", ["fit", "--model", "bgnbd", "--input", "{dir}/recency.csv", "--time-unit", "weeks", "--output", "{dir}/o.json"] },
        { "line 2", ["fit", "--model", "bgnbd", "--input", "{dir}/negative.csv", "--time-unit", "weeks", "--output", "{dir}/o.json"] },
        { "model file not found", ["predict", "--model", "{dir}/none.json", "--input", "{cdnow}", "--horizon", "39", "--output", "{dir}/p.csv"] },
        { "line 1, column 19: the file ends in the middle of the model object: it is cut short", ["predict", "--model", "{dir}/bad.json", "--input", "{cdnow}", "--horizon", "39", "--output", "{dir}/p.csv"] },
        { $"{{dir}}/gg.json holds a Gamma-Gamma spend model ('gamma-gamma'), but --model takes a purchase model ({string.Join(", ", ModelRegistry.All.Where(m => m.Kind == ModelKind.Purchase).Select(m => m.Name))}): pass it as --spend-model.", ["predict", "--model", "{dir}/gg.json", "--input", "{cdnow}", "--horizon", "39", "--output", "{dir}/p.csv"] },
        { "{dir}/bgnbd.json holds a BG/NBD purchase model ('bgnbd'), but --spend-model takes a spend model (gamma-gamma): pass it as --model.", ["predict", "--model", "{dir}/bgnbd.json", "--input", "{cdnow}", "--spend-model", "{dir}/bgnbd.json", "--horizon", "12", "--discount-rate", "0.01", "--output", "{dir}/p.csv"] },
        { "does not match the model's time unit", ["predict", "--model", "{dir}/bgnbd.json", "--input", "{cdnow}", "--time-unit", "days", "--horizon", "39", "--output", "{dir}/p.csv"] },
        { "appears more than once", ["predict", "--model", "{dir}/bgnbd.json", "--input", "{dir}/dup.csv", "--horizon", "39", "--output", "{dir}/p.csv"] },
        { "--discount-rate is required", ["predict", "--model", "{dir}/bgnbd.json", "--input", "{cdnow}", "--spend-model", "{dir}/gg.json", "--horizon", "12", "--output", "{dir}/p.csv"] },
        { "not a whole number", ["predict", "--model", "{dir}/bgnbd.json", "--input", "{cdnow}", "--spend-model", "{dir}/gg.json", "--horizon", "8.5", "--horizon-unit", "months", "--discount-rate", "0.01", "--output", "{dir}/p.csv"] },
        { "need --spend-model", ["predict", "--model", "{dir}/bgnbd.json", "--input", "{cdnow}", "--horizon", "12", "--discount-rate", "0.01", "--output", "{dir}/p.csv"] },
        { "--interval: 1.5 is not a level in (0, 1)", ["predict", "--model", "{dir}/bgnbd.json", "--input", "{cdnow}", "--horizon", "12", "--interval", "1.5", "--output", "{dir}/p.csv"] },
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
        string Expand(string text) => text.Replace("{dir}", _folder, StringComparison.Ordinal).Replace("{cdnow}", CdnowCsv(), StringComparison.Ordinal);
        var args = template.Select(Expand).ToArray();

        var (exit, _, error) = CliRunner.Run(args);
        Assert.Equal(CliErrors.InputError, exit);
        Assert.StartsWith($"clv {args[0]}: error: ", error);
        Assert.Contains(Expand(expected), error);
        Assert.Single(error.TrimEnd().Split('\n'));
        Assert.False(File.Exists(PathOf("o.json")));
        Assert.False(File.Exists(PathOf("p.csv")));
    }

    [Fact]
    public void DuplicateIdErrorNamesFileLineAndCustomer()
    {
        File.WriteAllText(PathOf("dup.csv"), "customer_id,frequency,recency,T\nalice,1,2,3\nbob,0,0,3\nalice,2,2,3\n");
        var (code, _, error) = CliRunner.Run("fit", "--model", "bgnbd", "--input", PathOf("dup.csv"), "--time-unit", "weeks", "--output", PathOf("o.json"));
        Assert.Equal(CliErrors.InputError, code);
        Assert.Equal($"clv fit: error: {PathOf("dup.csv")}, line 4, column 'customer_id', customer 'alice': The customer appears more than once (first on line 2).",
            error.TrimEnd());
    }

    [Theory]
    [InlineData("fit", "--allow-unreliable")]
    [InlineData("fit", "--allow-nonconverged")]
    [InlineData("fit", "map")]
    [InlineData("predict", "--horizon-unit")]
    [InlineData("demo", "--output-dir")]
    [InlineData("summarize", "--time-unit")]
    [InlineData("models", "--json")]
    public void HelpDescribesEachCommand(string command, string option)
    {
        var (code, output, _) = CliRunner.Run(command, "--help");
        Assert.Equal(0, code);
        Assert.Contains(option, output);
        var (rootCode, rootOutput, _) = CliRunner.Run("--help");
        Assert.Equal(0, rootCode);
        Assert.Contains(command, rootOutput);
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
