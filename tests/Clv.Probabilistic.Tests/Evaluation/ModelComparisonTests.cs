using Clv.Probabilistic.Data;
using Clv.Probabilistic.Evaluation;
using Clv.Probabilistic.Inference;
using Clv.Probabilistic.Inference.Optimization;
using Clv.Probabilistic.Models;
using Clv.Probabilistic.Models.BgNbd;
using Clv.Probabilistic.Models.GammaGamma;
using Clv.Probabilistic.Reporting.CustomerBase;

namespace Clv.Probabilistic.Tests.Evaluation;

/// <summary><see cref="ModelComparison"/> on the CDNOW calibration/holdout split of the report tests (39 + 39 weeks).</summary>
public sealed class ModelComparisonTests
{
    private static readonly Lazy<CalibrationHoldoutSummary> Split = new(() =>
        RfmSummarizer.SummarizeCalibrationHoldout(Datasets.CdnowSample(), Datasets.CdnowCalibrationEnd,
            new SummaryOptions(Datasets.CdnowObservationEnd, TimeUnit.Weeks)));

    private static readonly Lazy<ModelComparison> Cdnow = new(() => ModelComparison.Compute(ModelComparison.PurchaseModels, Split.Value));

    [Fact]
    public void DefaultSetIsEveryRegisteredPurchaseModel()
    {
        Assert.Equal(ModelRegistry.All.Where(m => m.Kind == ModelKind.Purchase), ModelComparison.PurchaseModels);
        Assert.Equal(["bgnbd", "mbgnbd", "pareto-nbd", "ggomnbd"], ModelComparison.PurchaseModels.Select(m => m.Name));
    }

    [Fact]
    public void EachModelsLogLikelihoodIsThatOfItsOwnFit()
    {
        var comparison = Cdnow.Value;
        Assert.Equal(ModelComparison.PurchaseModels, comparison.Models.Select(m => m.Definition));
        foreach (var model in comparison.Models)
        {
            var own = ModelFitter.Fit(model.Definition, Split.Value.Calibration, new FitOptions { ThrowIfUnreliable = false });
            Assert.Equal(own.LogLikelihood, model.LogLikelihood);
            Assert.Equal(own.Values, model.Fit.Values);
            Assert.Equal(FitMethod.MaximumLikelihood, model.Fit.Method);
            // GGom/NBD runs to its Pareto/NBD boundary b → 0 on CDNOW (GGomNbdParetoLimitTests).
            if (model.Definition.Name == "ggomnbd") Assert.Equal(FitStatus.NotIdentified, model.Status);
            else Assert.True(model.IsReliable, $"{model.Definition.Name}: {model.Fit.Problem}");
        }
        // Pareto/NBD's published CDNOW log-likelihood (Fader, Hardie & Lee 2005) is −9595.0.
        Assert.Equal(-9595.0, comparison.Models.Single(m => m.Definition.Name == "pareto-nbd").LogLikelihood!.Value, 0);
    }

    [Fact]
    public void CriteriaDeltasAndWeightsByHand()
    {
        var comparison = Cdnow.Value;
        Assert.Equal(2357, comparison.Customers);
        Assert.Equal(39, comparison.HoldoutDuration);
        double bestAic = double.MaxValue, bestBic = double.MaxValue;
        foreach (var m in comparison.Models)
        {
            double ll = m.LogLikelihood!.Value;
            int k = m.Definition.Parameters.Dimension;
            Assert.Equal(m.Definition.Name == "ggomnbd" ? 5 : 4, m.Parameters);
            Assert.Equal(2 * k - 2 * ll, m.Aic!.Value, 1e-9);
            Assert.Equal(k * Math.Log(2357) - 2 * ll, m.Bic!.Value, 1e-9);
            if (!m.IsReliable) continue;
            bestAic = Math.Min(bestAic, m.Aic.Value);
            bestBic = Math.Min(bestBic, m.Bic.Value);
        }
        var reliable = comparison.Models.Where(m => m.IsReliable).ToList();
        double total = reliable.Sum(m => Math.Exp(-(m.Aic!.Value - bestAic) / 2));
        foreach (var m in reliable)
        {
            Assert.Equal(m.Aic!.Value - bestAic, m.DeltaAic!.Value, 1e-12);
            Assert.Equal(m.Bic!.Value - bestBic, m.DeltaBic!.Value, 1e-12);
            Assert.Equal(Math.Exp(-(m.Aic.Value - bestAic) / 2) / total, m.AkaikeWeight!.Value, 1e-12);
        }
        Assert.Equal(1.0, reliable.Sum(m => m.AkaikeWeight!.Value), 1e-12);
    }

    [Fact]
    public void RecommendsTheLowestBicReliableModelAndSaysWhetherTheHoldoutAgrees()
    {
        var comparison = Cdnow.Value;
        var lowest = comparison.Models.Where(m => m.IsReliable).MinBy(m => m.Bic!.Value)!;
        Assert.Same(lowest, comparison.Recommendation.Model);
        Assert.Equal(0.0, lowest.DeltaBic);
        var reason = comparison.Recommendation.Reason;
        Assert.StartsWith($"{lowest.Definition.DisplayName} has the lowest BIC among the reliable fits", reason, StringComparison.Ordinal);
        var closest = comparison.Models.Where(m => m.IsReliable).MinBy(m => m.Holdout!.MeanAbsoluteError)!;
        Assert.Contains(ReferenceEquals(closest, lowest)
            ? "The holdout agrees"
            : $"The holdout disagrees: {closest.Definition.DisplayName} has the lowest holdout MAE", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void HoldoutAccuracyIsThatOfTheExistingHoldoutEvaluation()
    {
        var comparison = Cdnow.Value;
        foreach (var model in comparison.Models)
        {
            var existing = HoldoutEvaluation.Compute(model.Fit, Split.Value);
            Assert.Equal(existing.Purchases, model.Holdout);
            Assert.Equal(existing.ConditionalExpectations.Rows, model.ConditionalExpectations!.Rows);
        }
        var bgnbd = comparison.Models.Single(m => m.Definition == BgNbdDefinition.Instance).Holdout!;
        Assert.Equal(1653.4, bgnbd.TotalPredicted, 0.05); // Fader, Hardie & Lee (2005), section 5
        Assert.Equal(1882, bgnbd.TotalActual);
    }

    [Fact]
    public void WithoutHoldoutThereIsNoHoldoutAccuracyNorHoldoutSentence()
    {
        var comparison = ModelComparison.Compute([BgNbdDefinition.Instance, ModelRegistry.Get("mbgnbd")], Split.Value.Calibration);
        Assert.Null(comparison.HoldoutDuration);
        Assert.All(comparison.Models, m => Assert.Null(m.Holdout));
        Assert.All(comparison.Models, m => Assert.Null(m.ConditionalExpectations));
        Assert.DoesNotContain("holdout", comparison.Recommendation.Reason, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(Cdnow.Value.Models[0].LogLikelihood, comparison.Models[0].LogLikelihood);
    }

    [Fact]
    public void UnreliableFitsAreReportedNotThrownAndNeverRecommended()
    {
        var options = new FitOptions { Optimizer = new OptimizerOptions { MaxIterations = 1 } };
        var comparison = ModelComparison.Compute(ModelComparison.PurchaseModels, Split.Value, options);
        Assert.All(comparison.Models, m =>
        {
            Assert.Equal(FitStatus.NotConverged, m.Status);
            Assert.False(m.IsReliable);
            Assert.Null(m.DeltaBic);
            Assert.Null(m.AkaikeWeight);
        });
        Assert.Null(comparison.Recommendation.Model);
        Assert.StartsWith("No model is recommended: no fit is reliable", comparison.Recommendation.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void RejectsSpendModelsDuplicatesAndAnEmptyList()
    {
        var calibration = Split.Value.Calibration;
        var spend = Assert.Throws<ArgumentException>(() => ModelComparison.Compute([BgNbdDefinition.Instance, GammaGammaDefinition.Instance], calibration));
        Assert.Contains("is not a purchase model; the registered purchase models are bgnbd, mbgnbd, pareto-nbd, ggomnbd.", spend.Message, StringComparison.Ordinal);
        var twice = Assert.Throws<ArgumentException>(() => ModelComparison.Compute([BgNbdDefinition.Instance, BgNbdDefinition.Instance], calibration));
        Assert.Contains("listed twice", twice.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => ModelComparison.Compute([], calibration));
    }

    [Fact]
    public void InformationCriteriaByHand()
    {
        Assert.Equal(2 * 3 + 2 * 10.5, InformationCriteria.Aic(-10.5, 3), 14);
        Assert.Equal(3 * Math.Log(100) + 2 * 10.5, InformationCriteria.Bic(-10.5, 3, 100), 14);
        var w = InformationCriteria.AkaikeWeights([10, 12, 10]);
        double e = Math.Exp(-1);
        Assert.Equal([1 / (2 + e), e / (2 + e), 1 / (2 + e)], w, (a, b) => Math.Abs(a - b) < 1e-15);
        Assert.Throws<ArgumentOutOfRangeException>(() => InformationCriteria.Bic(-1, 1, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => InformationCriteria.Aic(double.NaN, 1));
    }
}
