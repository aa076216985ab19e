using Clv.Probabilistic.Data;
using Clv.Probabilistic.Inference;
using Clv.Probabilistic.Models;

namespace Clv.Probabilistic.Evaluation;

/// <summary>
/// Several purchase models fitted by maximum likelihood to the same calibration summary, side by side: verdict,
/// log-likelihood, parameters, AIC, BIC, Akaike weights and, with a holdout, each model's holdout accuracy and
/// conditional-expectation table; and a recommendation that says why.
/// </summary>
/// <remarks>
/// Each model is fitted with <see cref="ModelFitter.Fit(ModelDefinition, RfmSummary, FitOptions?)"/> by maximum
/// likelihood with <see cref="FitOptions.ThrowIfUnreliable"/> off, so a fit that did not converge or is not identified
/// appears with its verdict instead of stopping the comparison. Criteria and weights: <see cref="InformationCriteria"/>,
/// with n the number of customers (the sum of weights). Deltas and Akaike weights are taken over the reliable fits only,
/// and only a reliable fit is recommended: the one with the lowest BIC, whose ln n penalty is consistent (it picks the
/// true model among the candidates as n grows), where AIC favours the larger model. With a holdout, the predictions are
/// E[Y(t*) | x, t_x, T] at the point estimate (Fader, Hardie &amp; Lee (2005), "Counting Your Customers the Easy Way",
/// eq. 10, and its analogue for each model), scored by <see cref="ErrorMetrics"/> and
/// <see cref="ConditionalExpectationTable"/> exactly as a single model's holdout evaluation is. Every compared pair that a
/// definition declares nested (<see cref="ModelDefinition.Nests"/>: GGom/NBD ⊃ Pareto/NBD) gets a
/// <see cref="LikelihoodRatioTest"/>, with the boundary mixture where the restriction is on the boundary, whenever both
/// fits have a log-likelihood, also when the larger fit is not identified because it ran to the restricted model's
/// boundary (its ℓ is then the supremum, equal to the restricted model's, and the test says so with Λ ≈ 0).
/// </remarks>
public sealed class ModelComparison
{
    private ModelComparison(IReadOnlyList<ComparedModel> models, double customers, double? holdoutDuration)
    {
        Models = models;
        Customers = customers;
        HoldoutDuration = holdoutDuration;
        Recommendation = ModelRecommendation.Choose(models);
        NestedTests = NestedModelTest.For(models);
    }

    /// <summary>The likelihood-ratio test of every compared pair that nests, in the order of the larger models.</summary>
    public IReadOnlyList<NestedModelTest> NestedTests { get; }

    /// <summary>The models in the order given.</summary>
    public IReadOnlyList<ComparedModel> Models { get; }

    /// <summary>n, the number of customers (sum of weights) every model was fitted to.</summary>
    public double Customers { get; }

    /// <summary>t*, the common holdout length in the summary's time unit; null without a holdout.</summary>
    public double? HoldoutDuration { get; }

    /// <summary>The recommended model and why.</summary>
    public ModelRecommendation Recommendation { get; }

    /// <summary>Fits and compares the models on a calibration summary without a holdout.</summary>
    /// <param name="models">Registered purchase models, each at most once.</param>
    /// <param name="calibration">The customers' calibration summary.</param>
    /// <param name="options">Fit options (optimiser, start); the method is always maximum likelihood and unreliable fits never throw.</param>
    /// <exception cref="ArgumentException">No models, a model twice, or a model that is not a purchase model.</exception>
    public static ModelComparison Compute(IEnumerable<ModelDefinition> models, RfmSummary calibration, FitOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(calibration);
        var fitted = Fit(models, calibration, options);
        return Finish(fitted, calibration.TotalWeight, null);
    }

    /// <summary>Fits the models to the calibration period and checks each on the holdout.</summary>
    /// <param name="models">Registered purchase models, each at most once.</param>
    /// <param name="data">Calibration summary with its holdout columns; every customer must share one holdout length.</param>
    /// <param name="options">As for <see cref="Compute(IEnumerable{ModelDefinition}, RfmSummary, FitOptions?)"/>.</param>
    /// <exception cref="ArgumentException">As above, or customers have different holdout lengths.</exception>
    public static ModelComparison Compute(IEnumerable<ModelDefinition> models, CalibrationHoldoutSummary data, FitOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        double duration = data.CommonHoldoutDuration();
        var calibration = data.Calibration;
        var fitted = Fit(models, calibration, options);
        var compared = new List<ComparedModel>(fitted.Count);
        foreach (var fit in fitted)
        {
            var predicted = new double[data.Count];
            fit.PurchaseModel().ConditionalExpectedPurchases(calibration, duration, predicted);
            compared.Add(new ComparedModel(fit, calibration.TotalWeight)
            {
                Holdout = ErrorMetrics.Compute(predicted, data.FrequencyHoldout, calibration.Weights),
                ConditionalExpectations = ConditionalExpectationTable.Compute(calibration.Frequency, predicted, data.FrequencyHoldout, calibration.Weights),
            });
        }
        return Finish(compared, calibration.TotalWeight, duration);
    }

    /// <summary>The registered purchase models, the default set to compare.</summary>
    public static IReadOnlyList<ModelDefinition> PurchaseModels => ModelRegistry.All.Where(m => m.Kind == ModelKind.Purchase).ToList();

    private static List<ModelFit> Fit(IEnumerable<ModelDefinition> models, RfmSummary calibration, FitOptions? options)
    {
        ArgumentNullException.ThrowIfNull(models);
        var list = models.ToList();
        if (list.Count == 0) throw new ArgumentException("At least one model is needed.", nameof(models));
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var model in list)
        {
            ArgumentNullException.ThrowIfNull(model, nameof(models));
            if (model.Kind != ModelKind.Purchase)
                throw new ArgumentException($"{model.DisplayName} ('{model.Name}') is not a purchase model; the registered purchase models are {string.Join(", ", PurchaseModels.Select(m => m.Name))}.", nameof(models));
            if (!seen.Add(model.Name)) throw new ArgumentException($"{model.DisplayName} ('{model.Name}') is listed twice.", nameof(models));
        }
        var fitOptions = (options ?? FitOptions.Default) with { Method = FitMethod.MaximumLikelihood, ThrowIfUnreliable = false };
        return list.Select(model => ModelFitter.Fit(model, calibration, fitOptions)).ToList();
    }

    private static ModelComparison Finish(List<ModelFit> fits, double customers, double? duration) =>
        Finish(fits.Select(fit => new ComparedModel(fit, customers)).ToList(), customers, duration);

    private static ModelComparison Finish(List<ComparedModel> models, double customers, double? duration)
    {
        var reliable = models.Where(m => m.IsReliable).ToList();
        if (reliable.Count > 0)
        {
            double bestAic = reliable.Min(m => m.Aic!.Value), bestBic = reliable.Min(m => m.Bic!.Value);
            var weights = InformationCriteria.AkaikeWeights(reliable.Select(m => m.Aic!.Value).ToArray());
            for (int i = 0; i < reliable.Count; i++)
            {
                reliable[i].DeltaAic = reliable[i].Aic!.Value - bestAic;
                reliable[i].DeltaBic = reliable[i].Bic!.Value - bestBic;
                reliable[i].AkaikeWeight = weights[i];
            }
        }
        return new ModelComparison(models, customers, duration);
    }
}
