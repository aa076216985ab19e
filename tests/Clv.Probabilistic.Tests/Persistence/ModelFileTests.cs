using Clv.Probabilistic.Data;
using Clv.Probabilistic.Inference;
using Clv.Probabilistic.Models;
using Clv.Probabilistic.Models.BgNbd;
using Clv.Probabilistic.Models.GammaGamma;
using Clv.Probabilistic.Persistence;
using Clv.Probabilistic.Valuation.Intervals;

namespace Clv.Probabilistic.Tests.Persistence;

/// <summary>
/// <see cref="ModelFile"/>: every method of every registered model saves and loads back the same fit (point, standard
/// errors, draws, predictions), and files that are inconsistent are refused with the file and the problem named.
/// </summary>
public sealed class ModelFileTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("clv-modelfile-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string PathOf(string name) => Path.Combine(_folder, name);

    public static TheoryData<string, FitMethod> EveryModelAndMethod()
    {
        var data = new TheoryData<string, FitMethod>();
        // Retention models are fitted to contract durations; their round trip is in RetentionConformanceTests.
        foreach (var model in ModelRegistry.All.Where(m => m.Kind != ModelKind.Retention))
            foreach (var method in Enum.GetValues<FitMethod>())
                data.Add(model.Name, method);
        return data;
    }

    [Theory]
    [MemberData(nameof(EveryModelAndMethod))]
    public void SavedAndLoadedFitIsTheSameFit(string name, FitMethod method)
    {
        var definition = ModelRegistry.Get(name);
        var summary = definition.Kind == ModelKind.DiscretePurchase ? Datasets.DonationsSummary() : Datasets.CdnowSummaryWithMonetaryValue();
        var options = new FitOptions
        {
            Method = method,
            Draws = 300,
            Seed = 5,
            Sampler = FitOptions.DefaultSampler with { Chains = 2, Draws = 100, Warmup = 150 },
            ThrowIfUnreliable = false, // GGom/NBD by MLE on CDNOW is not identified (the Pareto/NBD boundary): its file must keep that
        };
        var fit = ModelFitter.Fit(definition, summary, options);
        if (name == "ggomnbd" && method == FitMethod.MaximumLikelihood) Assert.Equal(FitStatus.NotIdentified, fit.Status);
        string path = PathOf($"{name}-{method}.json");
        ModelFile.Save(fit, path, drawSeed: options.Seed);
        ModelJsonAgreement.AssertSameAsReflection(ModelFile.ToDocument(fit, options.Seed));
        var loaded = ModelFile.Load(path);

        Assert.Same(definition, loaded.Definition);
        Assert.Equal((fit.Method, fit.Status, fit.TimeUnit, fit.ConfidenceLevel), (loaded.Method, loaded.Status, loaded.TimeUnit, loaded.ConfidenceLevel));
        Assert.Equal(fit.Values, loaded.Values);
        Assert.Equal(fit.Estimates.Select(e => (e.Name, e.Estimate, e.StandardError)), loaded.Estimates.Select(e => (e.Name, e.Estimate, e.StandardError)));
        Assert.Equal(fit.LogLikelihood, loaded.LogLikelihood);
        Assert.Equal(fit.Data, loaded.Data);
        if (fit.Status == FitStatus.NotIdentified)
        {
            // No normal approximation to draw from at a boundary: neither the fit nor its file has draws.
            Assert.Equal((fit.Draws, fit.Problem), (loaded.Draws, loaded.Problem));
            AssertSamePurchasePredictions(fit.PurchaseModel(), loaded.PurchaseModel(), summary);
            return;
        }
        Assert.Equal(fit.Draws!.Names, loaded.Draws!.Names);
        Assert.Equal(fit.Draws.Values.ToArray(), loaded.Draws.Values.ToArray());
        Assert.Equal(fit.Draws.Chains.ToArray(), loaded.Draws.Chains.ToArray());
        Assert.Equal(method == FitMethod.Nuts ? 200 : 300, loaded.Draws.Count);

        if (definition.Kind == ModelKind.Purchase)
        {
            AssertSamePurchasePredictions(fit.PurchaseModel(), loaded.PurchaseModel(), summary);
            var options90 = new IntervalOptions { Level = 0.9, Horizon = 39, MaxDraws = 50 };
            var before = PredictionIntervals.Compute(fit, null, summary, options90);
            var after = PredictionIntervals.Compute(loaded, null, summary, options90);
            foreach (var quantity in new[] { "expected_purchases", "p_alive" })
            {
                Assert.Equal(before[quantity]!.Lower.ToArray(), after[quantity]!.Lower.ToArray());
                Assert.Equal(before[quantity]!.Upper.ToArray(), after[quantity]!.Upper.ToArray());
            }
        }
        else if (definition.Kind == ModelKind.DiscretePurchase)
        {
            double[] a = new double[summary.Count], b = new double[summary.Count];
            fit.DiscretePurchaseModel().ConditionalExpectedTransactions(summary, 5, a);
            loaded.DiscretePurchaseModel().ConditionalExpectedTransactions(summary, 5, b);
            Assert.Equal(a, b);
            fit.DiscretePurchaseModel().ProbabilityAlive(summary, a);
            loaded.DiscretePurchaseModel().ProbabilityAlive(summary, b);
            Assert.Equal(a, b);
        }
        else
        {
            double[] a = new double[summary.Count], b = new double[summary.Count];
            fit.SpendModel().ConditionalExpectedSpend(summary, a);
            loaded.SpendModel().ConditionalExpectedSpend(summary, b);
            Assert.Equal(a, b);
            Assert.Equal(fit.SpendModel().PopulationMeanSpend, loaded.SpendModel().PopulationMeanSpend);
        }
    }

    private static void AssertSamePurchasePredictions(IPurchaseModel fitted, IPurchaseModel loaded, RfmSummary summary)
    {
        double[] a = new double[summary.Count], b = new double[summary.Count];
        fitted.ConditionalExpectedPurchases(summary, 39, a);
        loaded.ConditionalExpectedPurchases(summary, 39, b);
        Assert.Equal(a, b);
        fitted.ProbabilityAlive(summary, a);
        loaded.ProbabilityAlive(summary, b);
        Assert.Equal(a, b);
    }

    [Fact]
    public void TypedLoadGivesTheModelAndRefusesAnotherModel()
    {
        var fit = ModelFitter.Fit(BgNbdDefinition.Instance, Datasets.CdnowSummary());
        string path = PathOf("bgnbd.json");
        ModelFile.Save(fit, path, drawSeed: 1);
        Assert.Equal(fit.PointEstimate, ModelFile.Load(path, BgNbdDefinition.Instance).PointEstimate);
        var e = Assert.Throws<ModelFileException>(() => ModelFile.Load(path, GammaGammaDefinition.Instance));
        Assert.Equal($"{path}: the model file holds a 'bgnbd' model where a 'gamma-gamma' model is needed.", e.Message);
    }

    [Fact]
    public void DocumentWithParametersOnlyLoadsWithoutEstimatesOrDraws()
    {
        var document = ModelDocument.FromJson(Json("\"r\": 0.30000000000000004, \"alpha\": 3, \"a\": 0.5, \"b\": 2", unit: "days", days: 1));
        var loaded = ModelFile.FromDocument(document);
        Assert.Equal([0.1 + 0.2, 3, 0.5, 2], loaded.Values);
        Assert.Equal(TimeUnit.Days, loaded.TimeUnit);
        Assert.Equal(FitStatus.Converged, loaded.Status);
        Assert.Empty(loaded.Estimates);
        Assert.Null(loaded.Draws);
        Assert.Null(loaded.Data);
    }

    private static string Json(string parameters, string model = "bgnbd", string unit = "weeks", double days = 7, string extra = "") =>
        FormattableString.Invariant($$"""{"format": "clv-model", "format_version": 1, "model": "{{model}}", "time_unit": "{{unit}}", "time_unit_days": {{days}}, "method": "mle", "parameters": { {{parameters}} }{{extra}}}""");

    private const string BgNbdParameters = "\"r\": 0.24, \"alpha\": 4.4, \"a\": 0.79, \"b\": 2.4";

    public static TheoryData<string, string> RefusedFiles => new()
    {
        { Json("\"r\": 1, \"s\": 2", model: "no-such-model"), $"unknown model 'no-such-model': this library reads {string.Join(", ", ModelRegistry.All.Select(m => m.Name))}." },
        { Json("\"r\": 0.24, \"r\": 0.25, \"alpha\": 4.4, \"a\": 0.79, \"b\": 2.4"), "a field appears twice" },
        { Json(BgNbdParameters, extra: ", \"model\": \"gamma-gamma\""), "Duplicate property 'model'" },
        { Json(BgNbdParameters, unit: "weeks", days: 1.0), "time_unit 'weeks' is 7 days long but time_unit_days says 1: the file is inconsistent." },
        { Json(BgNbdParameters, unit: "days", days: 7.0), "time_unit 'days' is 1 days long but time_unit_days says 7: the file is inconsistent." },
        { Json("\"r\": -0.24, \"alpha\": 4.4, \"a\": 0.79, \"b\": 2.4"), "model 'bgnbd': Parameter 'r' must be finite and > 0, got -0.24." },
        { Json("\"p\": 6.25, \"q\": 3.74, \"gamma\": 0", model: "gamma-gamma"), "model 'gamma-gamma': Parameter 'gamma' must be finite and > 0, got 0." },
        { Json(BgNbdParameters + ", \"rho\": 1"), "model 'bgnbd' has no parameter 'rho' (its parameters are r, alpha, a, b)." },
        { Json("\"r\": 0.24, \"alpha\": 4.4, \"a\": 0.79"), "Model 'bgnbd' has no parameter 'b' (it has r, alpha, a)." },
        { Json(BgNbdParameters, extra: ", \"draws\": {\"names\": [\"r\", \"alpha\", \"a\", \"beta\"], \"values\": [[0.24, 4.4, 0.79, 2.4]]}"),
            "the draws are of r, alpha, a, beta but model 'bgnbd' has r, alpha, a, b." },
        { Json(BgNbdParameters, extra: ", \"draws\": {\"names\": [\"r\", \"alpha\", \"a\", \"b\"], \"values\": [[0.24, 4.4, 0.79, 2.4], [0.24, -4.4, 0.79, 2.4]]}"),
            "draw 1: Parameter 'alpha' must be finite and > 0, got -4.4." },
        { Json(BgNbdParameters, extra: ", \"status\": \"fine\""), "status 'fine' is not converged, not_converged or not_identified." },
        { Json(BgNbdParameters, extra: ", \"unconstrained_covariance\": [[1, 0], [0, 1]], \"draw_seed\": 1, \"draw_count\": 10"),
            "'unconstrained_covariance' must be 4 × 4 for model 'bgnbd'." },
    };

    [Theory]
    [MemberData(nameof(RefusedFiles))]
    public void InconsistentFilesAreRefusedNamingTheFileAndTheProblem(string json, string expected)
    {
        string path = PathOf("m.json");
        File.WriteAllText(path, json);
        var e = Assert.Throws<ModelFileException>(() => ModelFile.Load(path));
        Assert.StartsWith($"{path}: ", e.Message);
        Assert.Contains(expected, e.Message);
    }

    // The time unit is checked against its length both ways: a consistent file in days loads.
    [Fact]
    public void ConsistentTimeUnitLoads()
    {
        string path = PathOf("days.json");
        File.WriteAllText(path, Json(BgNbdParameters, unit: "days", days: 1));
        Assert.Equal(TimeUnit.Days, ModelFile.Load(path).TimeUnit);
    }
}
