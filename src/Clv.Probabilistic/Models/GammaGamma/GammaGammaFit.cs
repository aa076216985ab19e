using System.Globalization;
using Clv.Probabilistic.Inference;

namespace Clv.Probabilistic.Models.GammaGamma;

/// <summary>
/// A Gamma-Gamma model fitted by maximum likelihood: estimates with standard errors and Wald intervals, the
/// maximised log-likelihood, the spend-frequency correlation diagnostic and the fitted spend model.
/// </summary>
/// <remarks>
/// Estimation on θ = (ln p, ln q, ln γ) through the shared quasi-Newton optimiser; the covariance is the inverse observed
/// information on that scale and natural-scale standard errors follow by the delta method (SE(p) = p·SE(ln p)); the
/// intervals are exp of the log-scale Wald intervals, so they stay positive.
/// </remarks>
public sealed class GammaGammaFit
{
    internal GammaGammaFit(GammaGammaData data, MaximumLikelihoodEstimate estimate, GammaGammaFitOptions options)
    {
        Data = data;
        Estimate = estimate;
        Options = options;
        Parameters = GammaGammaLogDensity.ToParameters(estimate.Theta);
        LogLikelihood = GammaGammaLikelihood.LogLikelihood(Parameters, data);
        var estimates = new NaturalScaleEstimate[3];
        for (int j = 0; j < 3; j++) estimates[j] = estimate.NaturalScale(j, options.ConfidenceLevel);
        Estimates = estimates;
        Correlation = SpendFrequencyCorrelation.Compute(data, options.CorrelationThreshold);
        Model = new GammaGammaSpendModel(Parameters);
        var warnings = new List<string>();
        if (Correlation.IsMaterial) warnings.Add(Correlation.ToString());
        if (!Parameters.HasFinitePopulationMean)
            warnings.Add(string.Create(CultureInfo.InvariantCulture,
                $"q = {Parameters.Q:G4} ≤ 1: the population mean spend p·γ/(q − 1) is infinite; customers without repeat purchases cannot be valued."));
        Warnings = warnings;
    }

    /// <summary>The estimated parameters.</summary>
    public GammaGammaParameters Parameters { get; }

    /// <summary>p, q and γ (in that order) with delta-method standard errors and Wald intervals.</summary>
    public IReadOnlyList<NaturalScaleEstimate> Estimates { get; }

    /// <summary>The unpenalised log-likelihood at <see cref="Parameters"/>.</summary>
    public double LogLikelihood { get; }

    /// <summary>The estimate on θ = (ln p, ln q, ln γ): optimiser result, Hessian and covariance.</summary>
    public MaximumLikelihoodEstimate Estimate { get; }

    /// <summary>The options of the fit.</summary>
    public GammaGammaFitOptions Options { get; }

    /// <summary>The customers the model was fitted to (x ≥ 1), with the count of those excluded (x = 0).</summary>
    public GammaGammaData Data { get; }

    /// <summary>Correlation between x and z̄ among repeat customers: the independence diagnostic.</summary>
    public SpendFrequencyCorrelation Correlation { get; }

    /// <summary>Plain-language warnings: a material spend-frequency correlation, or q ≤ 1.</summary>
    public IReadOnlyList<string> Warnings { get; }

    /// <summary>The fitted spend model.</summary>
    public GammaGammaSpendModel Model { get; }

    /// <summary>Draws of (p, q, γ) from the asymptotic normal of θ̂, mapped by exp.</summary>
    public ParameterDraws DrawParameters(int count, int seed) =>
        Estimate.DrawAsymptoticNormal(count, seed, static (theta, natural) =>
        {
            for (int j = 0; j < theta.Length; j++) natural[j] = Math.Exp(theta[j]);
        });
}
