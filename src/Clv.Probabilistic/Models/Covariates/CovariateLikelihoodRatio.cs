using Clv.Probabilistic.Data;
using Clv.Probabilistic.Evaluation;
using Clv.Probabilistic.Inference;

namespace Clv.Probabilistic.Models.Covariates;

/// <summary>Whether a covariate matters: the likelihood-ratio test of the fit against the same model refitted without it.</summary>
/// <param name="Column">The covariate column (all its dummies and processes dropped together).</param>
/// <param name="Restricted">The fit without it.</param>
/// <param name="Test">2(ℓ_full − ℓ_restricted) against χ² with as many degrees of freedom as coefficients dropped (Wilks 1938).</param>
public sealed record CovariateLikelihoodRatio(string Column, ModelFit Restricted, LikelihoodRatioTest Test)
{
    /// <summary>Refits <paramref name="fit"/> without each covariate column in turn and tests it.</summary>
    /// <param name="fit">A maximum-likelihood fit with covariates.</param>
    /// <param name="summary">The customers it was fitted to.</param>
    /// <param name="options">Options of the refits; null for maximum likelihood.</param>
    /// <exception cref="ArgumentException">The fit is not by maximum likelihood, or has no log-likelihood.</exception>
    public static IReadOnlyList<CovariateLikelihoodRatio> ForEachColumn(CovariateModelFit fit, RfmSummary summary, FitOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(fit);
        ArgumentNullException.ThrowIfNull(summary);
        if (fit.Method != FitMethod.MaximumLikelihood || fit.IsPenalized)
            throw new ArgumentException("Likelihood-ratio tests need an unpenalised maximum-likelihood fit.", nameof(fit));
        var definition = fit.Covariates;
        var columns = definition.Encoding.Columns
            .Where(c => c.EncodedNames.Any(n => definition.CoefficientLayout.Any(k => k.Covariate == n)))
            .Select(c => c.Column).ToArray();
        var results = new List<CovariateLikelihoodRatio>();
        foreach (var column in columns)
        {
            var restricted = definition.Without(column);
            var refit = ModelFitter.Fit(restricted, summary, options ?? FitOptions.Default);
            int dropped = definition.Parameters.Dimension - restricted.Parameters.Dimension;
            results.Add(new CovariateLikelihoodRatio(column, refit, LikelihoodRatioTest.Compute(refit, fit, dropped)));
        }
        return results;
    }
}
