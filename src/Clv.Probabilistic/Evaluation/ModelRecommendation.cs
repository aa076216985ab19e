namespace Clv.Probabilistic.Evaluation;

/// <summary>The model a <see cref="ModelComparison"/> recommends, and why.</summary>
public sealed class ModelRecommendation
{
    internal ModelRecommendation(ComparedModel? model, string reason)
    {
        Model = model;
        Reason = reason;
    }

    /// <summary>The recommended model: the reliable fit with the lowest BIC; null when no fit is reliable.</summary>
    public ComparedModel? Model { get; }

    /// <summary>One or two sentences saying why.</summary>
    public string Reason { get; }

    /// <summary>
    /// Picks the reliable model with the lowest BIC (the first on ties) and says, when the models were checked on a
    /// holdout, whether the lowest holdout MAE among the reliable fits agrees.
    /// </summary>
    internal static ModelRecommendation Choose(IReadOnlyList<ComparedModel> models)
    {
        var reliable = models.Where(m => m.IsReliable).ToList();
        if (reliable.Count == 0)
        {
            string problems = string.Join("; ", models.Select(m => $"{m.Definition.DisplayName}: {Describe(m)}"));
            return new ModelRecommendation(null, $"No model is recommended: no fit is reliable ({problems}).");
        }
        var best = reliable.MinBy(m => m.Bic!.Value)!;
        string reason = reliable.Count == 1
            ? $"{best.Definition.DisplayName} is the only reliable fit."
            : $"{best.Definition.DisplayName} has the lowest BIC among the reliable fits ({Number(best.Bic!.Value)}; next best {Next(reliable, best)}).";
        if (reliable.Count < models.Count)
            reason += $" Not considered (unreliable fit): {string.Join(", ", models.Where(m => !m.IsReliable).Select(m => m.Definition.DisplayName))}.";
        if (reliable.All(m => m.Holdout is not null) && reliable.Count > 1)
        {
            var closest = reliable.MinBy(m => m.Holdout!.MeanAbsoluteError)!;
            reason += ReferenceEquals(closest, best)
                ? $" The holdout agrees: it also has the lowest holdout MAE ({Number(best.Holdout!.MeanAbsoluteError)} purchases per customer)."
                : $" The holdout disagrees: {closest.Definition.DisplayName} has the lowest holdout MAE ({Number(closest.Holdout!.MeanAbsoluteError)} against {Number(best.Holdout!.MeanAbsoluteError)} purchases per customer).";
        }
        return new ModelRecommendation(best, reason);
    }

    private static string Next(List<ComparedModel> reliable, ComparedModel best)
    {
        var next = reliable.Where(m => !ReferenceEquals(m, best)).MinBy(m => m.Bic!.Value)!;
        return $"{next.Definition.DisplayName}, ΔBIC {Number(next.Bic!.Value - best.Bic!.Value)}";
    }

    private static string Describe(ComparedModel model) =>
        model.Fit.Problem ?? (model.Aic is null ? "no finite log-likelihood" : model.Status.ToString());

    private static string Number(double value) => value.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture);
}
