using System.Globalization;
using Clv.Probabilistic.Data;
using Clv.Probabilistic.Data.Covariates;
using Clv.Probabilistic.Inference;
using Clv.Probabilistic.Models;
using Clv.Probabilistic.Models.Covariates;
using Clv.Probabilistic.Models.GammaGamma;
using Clv.Probabilistic.Models.ParetoNbd;
using Clv.Probabilistic.Persistence;
using Clv.Probabilistic.Valuation.Intervals;

namespace Clv.Probabilistic.Tests.Persistence;

/// <summary>
/// Model files of fits with static covariates: the encoding, the specification, the coefficients and the per-parameter
/// penalties survive, a file read back with the customers' covariates predicts bit for bit as the fit, and a file read
/// without them holds the coefficients but refuses to predict.
/// </summary>
public sealed class CovariateModelFileTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("clv-covfile-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string PathOf(string name) => Path.Combine(_folder, name);

    /// <summary>The apparel covariates with Channel as text levels and Gender as a number, so both encodings occur.</summary>
    private static CovariateTable MixedCovariates()
    {
        var apparel = Datasets.ApparelStaticCovariates();
        int gender = apparel.Columns.ToList().IndexOf("Gender"), channel = apparel.Columns.ToList().IndexOf("Channel");
        var rows = Enumerable.Range(0, apparel.Count).ToArray();
        return CovariateTable.FromText(apparel.CustomerIds, [
            ("Gender", rows.Select(i => apparel.Value(i, gender)).ToArray()),
            ("Channel", rows.Select(i => apparel.Value(i, channel) == "1" ? "online" : "store").ToArray()),
        ]);
    }

    private static CovariateModelFit FitParetoNbd(CovariateSpecification specification, bool penalised)
    {
        var definition = CovariateDefinition.Create(ParetoNbdDefinition.Instance, MixedCovariates(), specification,
            new CovariateEncodingOptions { Standardize = true, ReferenceLevels = new Dictionary<string, string> { ["Channel"] = "store" } });
        return (CovariateModelFit)ModelFitter.Fit(definition, Datasets.ApparelSummary(), new FitOptions
        {
            Draws = 200,
            Seed = 3,
            ParameterPenalties = penalised ? definition.Penalties(transaction: 2, lifetime: 0.5) : null,
        });
    }

    public static TheoryData<bool, bool> Variants => new() { { false, false }, { true, false }, { false, true } };

    [Theory]
    [MemberData(nameof(Variants))]
    public void PurchaseFitRoundTripsBitForBitWithItsCovariates(bool constrained, bool penalised)
    {
        var specification = constrained
            ? new CovariateSpecification { Constrained = ["Gender"] }
            : new CovariateSpecification { Transaction = ["Gender", "Channel"], Lifetime = ["Channel"] };
        var fit = FitParetoNbd(specification, penalised);
        Assert.Equal(FitStatus.Converged, fit.Status);
        string path = PathOf("pnbd.json");
        ModelFile.Save(fit, path, drawSeed: 3);
        ModelJsonAgreement.AssertSameAsReflection(ModelFile.ToDocument(fit, 3));

        var loaded = Assert.IsType<CovariateModelFit>(ModelFile.Load(path, MixedCovariates()));
        Assert.Equal(fit.Definition.Parameters.Names, loaded.Definition.Parameters.Names);
        Assert.Equal(fit.Values, loaded.Values);
        Assert.Equal(fit.Estimates.Select(e => (e.Name, e.Estimate, e.StandardError)), loaded.Estimates.Select(e => (e.Name, e.Estimate, e.StandardError)));
        Assert.Equal(fit.CoefficientTable(), loaded.CoefficientTable(), CoefficientComparer.Instance);
        Assert.Equal((fit.LogLikelihood, fit.Objective, fit.IsPenalized), (loaded.LogLikelihood, loaded.Objective, loaded.IsPenalized));
        Assert.Equal(fit.ParameterPenalties, loaded.ParameterPenalties);
        Assert.Equal(fit.Covariates.Encoding.Columns, loaded.Covariates.Encoding.Columns, EncodingComparer.Instance);
        Assert.Equal(fit.Covariates.CoefficientLayout.Select(c => (c.Parameter, c.Covariate, string.Join(",", c.Processes))),
            loaded.Covariates.CoefficientLayout.Select(c => (c.Parameter, c.Covariate, string.Join(",", c.Processes))));
        Assert.Equal(fit.Draws!.Values.ToArray(), loaded.Draws!.Values.ToArray());

        var summary = Datasets.ApparelSummary();
        double[] a = new double[summary.Count], b = new double[summary.Count];
        fit.PurchaseModel().ConditionalExpectedPurchases(summary, 52, a);
        loaded.PurchaseModel().ConditionalExpectedPurchases(summary, 52, b);
        Assert.Equal(a, b);
        fit.PurchaseModel().ProbabilityAlive(summary, a);
        loaded.PurchaseModel().ProbabilityAlive(summary, b);
        Assert.Equal(a, b);
        var options = new IntervalOptions { Level = 0.9, Horizon = 52, MaxDraws = 40 };
        var before = PredictionIntervals.Compute(fit, null, summary, options);
        var after = PredictionIntervals.Compute(loaded, null, summary, options);
        Assert.Equal(before["expected_purchases"]!.Upper.ToArray(), after["expected_purchases"]!.Upper.ToArray());

        // Written again, the loaded fit gives the same file (but for its draws, which a loaded fit stores one by one).
        static string WithoutDraws(ModelDocument d) => (d with { UnconstrainedCovariance = null, DrawSeed = null, DrawCount = null, Draws = null }).ToJson();
        Assert.Equal(WithoutDraws(ModelDocument.Load(path)), WithoutDraws(ModelFile.ToDocument(loaded, drawSeed: 3)));
    }

    [Fact]
    public void FileRecordsEncodingSpecificationAndPenaltiesByName()
    {
        var fit = FitParetoNbd(new CovariateSpecification { Constrained = ["Gender"] }, penalised: true);
        var document = ModelDocument.FromJson(ModelFile.ToDocument(fit).ToJson());
        Assert.Equal("pareto-nbd", document.Model);
        var columns = document.Covariates!.Columns;
        Assert.Equal(["Gender", "Channel"], columns.Select(c => c.Column));
        Assert.Null(columns[0].ReferenceLevel);
        Assert.NotEqual(0, columns[0].Centre);
        Assert.NotEqual(1, columns[0].Scale);
        Assert.Equal("store", columns[1].ReferenceLevel);
        Assert.Equal(["online"], columns[1].Levels!);
        Assert.Equal(["Gender"], document.Covariates.Constrained!);
        Assert.Equal(["r", "alpha", "s", "beta", "Gender", "trans.Channel[online]", "life.Channel[online]"], document.Parameters.Keys);
        Assert.Equal(new Dictionary<string, double> { ["Gender"] = 2, ["trans.Channel[online]"] = 2, ["life.Channel[online]"] = 0.5 },
            document.ParameterPenalties);
    }

    [Fact]
    public void SpendFitRoundTripsWithCovariatesOnSpend()
    {
        var summary = Datasets.ApparelSummary();
        var definition = CovariateDefinition.Create(GammaGammaDefinition.Instance, MixedCovariates());
        var fit = (CovariateModelFit)ModelFitter.Fit(definition, summary, new FitOptions { ParameterPenalties = definition.Penalties(spend: 1) });
        Assert.Equal(["p", "q", "gamma", "spend.Gender", "spend.Channel[store]"], fit.Definition.Parameters.Names);
        string path = PathOf("gg.json");
        ModelFile.Save(fit, path);
        ModelJsonAgreement.AssertSameAsReflection(ModelFile.ToDocument(fit));
        var loaded = ModelFile.Load(path, MixedCovariates());
        Assert.Equal(fit.Values, loaded.Values);
        Assert.Equal(fit.ParameterPenalties, loaded.ParameterPenalties);
        double[] a = new double[summary.Count], b = new double[summary.Count];
        fit.SpendModel().ConditionalExpectedSpend(summary, a);
        loaded.SpendModel().ConditionalExpectedSpend(summary, b);
        Assert.Equal(a, b);
        Assert.Equal(fit.SpendModel().PopulationMeanSpend, loaded.SpendModel().PopulationMeanSpend);
    }

    [Fact]
    public void FileReadWithoutCovariatesHoldsTheCoefficientsAndBindsLater()
    {
        var fit = FitParetoNbd(CovariateSpecification.All, penalised: false);
        string path = PathOf("unbound.json");
        ModelFile.Save(fit, path);
        var unbound = Assert.IsType<CovariateModelFit>(ModelFile.Load(path));
        Assert.Equal(fit.CoefficientTable(), unbound.CoefficientTable(), CoefficientComparer.Instance);
        Assert.Equal(0, unbound.Covariates.Covariates.Count);
        var refused = Assert.Throws<InvalidOperationException>(() => unbound.PurchaseModel());
        Assert.Contains("ModelFile.Load(path, covariates)", refused.Message, StringComparison.Ordinal);

        // Bound to other customers: each predicts with its own parameters; one without covariates is named.
        var two = CovariateTable.FromText(["a", "b"], [("Gender", ["0", "1"]), ("Channel", ["store", "online"])]);
        var model = (CovariatePurchaseModel)unbound.WithCovariates(two).PurchaseModel();
        var customers = new RfmSummary(["b", "a"], [2, 2], [30, 30], [60, 60], default, TimeUnit.Weeks);
        var expected = new double[2];
        model.ConditionalExpectedPurchases(customers, 52, expected);
        var single = new double[1];
        model.ForCustomer("b").ConditionalExpectedPurchases(new RfmSummary(["x"], [2], [30], [60], default, TimeUnit.Weeks), 52, single);
        Assert.Equal(single[0], expected[0]);
        Assert.NotEqual(expected[0], expected[1]);
        var missing = Assert.Throws<ClvDataException>(() => model.ForCustomer("c"));
        Assert.Contains("'c'", missing.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void BindingCovariatesWithAnUnfittedLevelNamesTheCustomer()
    {
        var fit = FitParetoNbd(CovariateSpecification.All, penalised: false);
        var table = CovariateTable.FromText(["a", "b"], [("Gender", ["0", "1"]), ("Channel", ["store", "phone"])]);
        var e = Assert.Throws<ClvDataException>(() => fit.WithCovariates(table));
        Assert.Contains("phone", e.Message, StringComparison.Ordinal);
        Assert.Contains("'b'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FileWithoutCovariatesIgnoresTheTable()
    {
        var fit = ModelFitter.Fit(ParetoNbdDefinition.Instance, Datasets.ApparelSummary());
        string path = PathOf("plain.json");
        ModelFile.Save(fit, path);
        var loaded = ModelFile.Load(path, MixedCovariates());
        Assert.Same(ParetoNbdDefinition.Instance, loaded.Definition);
        Assert.DoesNotContain("covariates", File.ReadAllText(path), StringComparison.Ordinal);
        Assert.DoesNotContain("parameter_penalties", File.ReadAllText(path), StringComparison.Ordinal);
    }

    public static TheoryData<string, string> RefusedFiles => new()
    {
        { Document("\"covariates\": { \"columns\": [] }"), "'covariates' needs 'columns'" },
        { Document("\"covariates\": { \"columns\": [{ \"column\": \"Gender\" }], \"lifetime\": [\"Age\"] }"), "No covariate 'Age'" },
        { Document("\"covariates\": { \"columns\": [{ \"column\": \"Gender\" }] }"), "has no parameter 'life.Gender'" },
        { Document("\"covariates\": { \"columns\": [{ \"column\": \"Channel\", \"reference_level\": \"store\" }] }"), "has only its reference level" },
        { Document("\"covariates\": { \"columns\": [{ \"column\": \"Gender\", \"scale\": 0 }] }"), "scale must be finite and > 0" },
        { Document("\"parameter_penalties\": { \"delta\": 1 }", covariates: false), "parameter_penalties names 'delta'" },
        { Document("\"parameter_penalties\": { \"r\": -1 }", covariates: false), "a penalty weight must be finite and ≥ 0" },
    };

    private static string Document(string extra, bool covariates = true) => $$"""
        { "format": "clv-model", "format_version": 1, "model": "pareto-nbd", "time_unit": "weeks", "time_unit_days": 7,
          "parameters": { "r": 1, "alpha": 10, "s": 1, "beta": 10{{(covariates ? ", \"trans.Gender\": 0.1" : "")}} }, {{extra}} }
        """;

    [Theory]
    [MemberData(nameof(RefusedFiles))]
    public void InconsistentCovariateFilesAreRefusedNamingTheProblem(string json, string expected)
    {
        string path = PathOf("bad.json");
        File.WriteAllText(path, json);
        var e = Assert.Throws<ModelFileException>(() => ModelFile.Load(path));
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
        Assert.Contains(path, e.Message, StringComparison.Ordinal);
    }

    private sealed class CoefficientComparer : IEqualityComparer<CoefficientTest>
    {
        public static readonly CoefficientComparer Instance = new();

        public bool Equals(CoefficientTest? x, CoefficientTest? y) =>
            x is not null && y is not null && (x.Parameter, x.Covariate, x.Estimate, x.StandardError) == (y.Parameter, y.Covariate, y.Estimate, y.StandardError)
            && x.Processes.SequenceEqual(y.Processes) && x.Z.Equals(y.Z) && x.PValue.Equals(y.PValue);

        public int GetHashCode(CoefficientTest obj) => obj.Parameter.GetHashCode(StringComparison.Ordinal);
    }

    private sealed class EncodingComparer : IEqualityComparer<CovariateColumnEncoding>
    {
        public static readonly EncodingComparer Instance = new();

        public bool Equals(CovariateColumnEncoding? x, CovariateColumnEncoding? y) =>
            x is not null && y is not null && (x.Column, x.ReferenceLevel, x.Centre, x.Scale) == (y.Column, y.ReferenceLevel, y.Centre, y.Scale)
            && x.Levels.SequenceEqual(y.Levels);

        public int GetHashCode(CovariateColumnEncoding obj) => obj.Column.GetHashCode(StringComparison.Ordinal);
    }
}
