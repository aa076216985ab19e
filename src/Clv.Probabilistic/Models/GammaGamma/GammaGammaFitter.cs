using Clv.Probabilistic.Data;
using Clv.Probabilistic.Inference;

namespace Clv.Probabilistic.Models.GammaGamma;

/// <summary>Maximum-likelihood fitting of the Gamma-Gamma spend model.</summary>
/// <remarks>Fader, Hardie &amp; Lee (2005), "RFM and CLV", JMR 42(4), "Adding monetary value" (maximum likelihood on the repeat customers); Hardie note 025.</remarks>
public static class GammaGammaFitter
{
    /// <summary>Fits the customers of <paramref name="summary"/> with x ≥ 1 (frequency and monetary value columns).</summary>
    /// <exception cref="ArgumentException">No customer has x ≥ 1, or one has z̄ ≤ 0 (the message names it).</exception>
    /// <exception cref="ConvergenceException">The optimiser did not converge.</exception>
    /// <exception cref="NotIdentifiedException">A log-parameter's standard error exceeds <see cref="MaxLogStandardError"/>.</exception>
    public static GammaGammaFit Fit(RfmSummary summary, GammaGammaFitOptions? options = null) =>
        Fit(GammaGammaData.FromSummary(summary), options);

    /// <summary>
    /// Largest standard error of a log-parameter accepted as identified: beyond it the 95% interval spans more than
    /// e^{±9.8}, eight orders of magnitude. When spend shows no heterogeneity across customers the likelihood rises
    /// for ever along q, γ → ∞ with γ/q fixed, and the optimiser stops somewhere on that ridge.
    /// </summary>
    public const double MaxLogStandardError = 5.0;

    /// <summary>Fits <paramref name="data"/>.</summary>
    /// <exception cref="ArgumentException">The data has no customer with x ≥ 1.</exception>
    /// <exception cref="ConvergenceException">The optimiser did not converge.</exception>
    /// <exception cref="NotPositiveDefiniteException">The observed information is not positive definite.</exception>
    /// <exception cref="NotIdentifiedException">A log-parameter's standard error exceeds <see cref="MaxLogStandardError"/>.</exception>
    public static GammaGammaFit Fit(GammaGammaData data, GammaGammaFitOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        options ??= GammaGammaFitOptions.Default;
        ILogDensity objective = new GammaGammaLogDensity(data);
        if (options.Penalty > 0) objective = new PenalizedLogDensity(objective, options.Penalty);
        var start = GammaGammaLogDensity.ToUnconstrained(options.Start ?? DefaultStart(data));
        var estimate = MaximumLikelihoodEstimate.Fit(objective, start, GammaGammaParameters.Names, options.Optimizer);
        for (int j = 0; j < estimate.Dimension; j++)
        {
            if (!(estimate.StandardErrors[j] <= MaxLogStandardError))
                throw new NotIdentifiedException(estimate.Names[j], Math.Exp(estimate.Theta[j]), estimate.StandardErrors[j]);
        }
        return new GammaGammaFit(data, estimate, options);
    }

    private static GammaGammaParameters DefaultStart(GammaGammaData data)
    {
        double sum = 0;
        for (int i = 0; i < data.Count; i++) sum += data.Weights[i] * data.MeanSpend[i];
        return new GammaGammaParameters(1.0, 2.0, sum / data.TotalWeight);
    }
}
