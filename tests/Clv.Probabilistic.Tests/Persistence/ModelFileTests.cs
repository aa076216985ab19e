using Clv.Probabilistic.Data;
using Clv.Probabilistic.Models.BgNbd;
using Clv.Probabilistic.Models.GammaGamma;
using Clv.Probabilistic.Persistence;

namespace Clv.Probabilistic.Tests.Persistence;

public sealed class ModelFileTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("clv-modelfile-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void BgNbdFitSavedAndLoadedGivesIdenticalParametersAndPredictions()
    {
        var summary = Datasets.CdnowSummary();
        var fitted = BgNbdModel.Fit(summary);
        string path = Path.Combine(_folder, "m.json");
        BgNbdModelFile.Save(fitted, path);
        var loaded = BgNbdModelFile.Load(path);

        Assert.Equal(fitted.Parameters, loaded.Parameters);
        Assert.Equal(fitted.TimeUnit, loaded.TimeUnit);
        double[] a = new double[summary.Count], b = new double[summary.Count];
        fitted.ConditionalExpectedPurchases(summary, 39, a);
        loaded.ConditionalExpectedPurchases(summary, 39, b);
        Assert.Equal(a, b);
        fitted.ProbabilityAlive(summary, a);
        loaded.ProbabilityAlive(summary, b);
        Assert.Equal(a, b);

        var document = ModelDocument.Load(path);
        Assert.Equal(fitted.FitStatistics!.LogLikelihood, document.LogLikelihood);
        Assert.Equal(fitted.FitStatistics.Estimates[1].StandardError, document.StandardErrors!["alpha"]);
        Assert.Equal(new FitRecord(true, fitted.FitStatistics.Iterations, fitted.FitStatistics.GradientNorm, 2357, fitted.FitStatistics.Status), document.Fit);
    }

    [Fact]
    public void GivenModelWithoutFitHasNoStatisticsAndKeepsItsUnit()
    {
        var model = new BgNbdModel(new BgNbdParameters(0.1 + 0.2, 3, 0.5, 2), TimeUnit.Days);
        var document = ModelDocument.FromJson(BgNbdModelFile.ToDocument(model).ToJson());
        Assert.Null(document.Fit);
        Assert.Null(document.StandardErrors);
        var loaded = BgNbdModelFile.FromDocument(document);
        Assert.Equal(0.1 + 0.2, loaded.Parameters.R);
        Assert.Equal(TimeUnit.Days, loaded.TimeUnit);
    }

    [Fact]
    public void GammaGammaFitRoundTrips()
    {
        var summary = Datasets.CdnowSummaryWithMonetaryValue();
        var fit = GammaGammaFitter.Fit(summary);
        var document = ModelDocument.FromJson(GammaGammaModelFile.ToDocument(fit, TimeUnit.Weeks).ToJson());
        Assert.Equal(["p", "q", "gamma"], document.Parameters.Keys);
        Assert.Equal(fit.LogLikelihood, document.LogLikelihood);
        Assert.Equal(fit.Estimates[2].StandardError, document.StandardErrors!["gamma"]);
        var loaded = GammaGammaModelFile.FromDocument(document);
        Assert.Equal(fit.Parameters, loaded.Parameters);
        double[] a = new double[summary.Count], b = new double[summary.Count];
        fit.Model.ConditionalExpectedSpend(summary, a);
        loaded.ConditionalExpectedSpend(summary, b);
        Assert.Equal(a, b);
    }

    [Fact]
    public void WrongModelKindOrInvalidParameterIsAModelFileError()
    {
        var spend = GammaGammaModelFile.ToDocument(new GammaGammaSpendModel(new GammaGammaParameters(6, 3, 15)), TimeUnit.Weeks);
        var e = Assert.Throws<ModelFileException>(() => BgNbdModelFile.FromDocument(spend));
        Assert.Contains("'gamma-gamma' model where a 'bgnbd' model is needed", e.Message);
        var negative = BgNbdModelFile.ToDocument(new BgNbdModel(new BgNbdParameters(1, 1, 1, 1), TimeUnit.Weeks)) with
        {
            Parameters = new Dictionary<string, double> { ["r"] = -1, ["alpha"] = 1, ["a"] = 1, ["b"] = 1 },
        };
        Assert.Throws<ModelFileException>(() => BgNbdModelFile.FromDocument(negative));
        var missing = spend with { Parameters = new Dictionary<string, double> { ["p"] = 1, ["q"] = 2 } };
        Assert.Contains("'gamma'", Assert.Throws<ModelFileException>(() => GammaGammaModelFile.FromDocument(missing)).Message);
    }
}
