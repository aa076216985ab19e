using System.Globalization;
using Clv.Probabilistic.Data;
using Clv.Probabilistic.Inference;
using Clv.Probabilistic.Models.GammaGamma;

namespace Clv.Probabilistic.Bayesian;

/// <summary>Fits the Gamma-Gamma spend model by maximum likelihood, Laplace or NUTS, returning one kind of result.</summary>
/// <remarks>Likelihood: Fader, Hardie &amp; Lee (2005), JMR 42(4), "Adding monetary value", on θ = (ln p, ln q, ln γ).</remarks>
public static class GammaGammaInference
{
    /// <summary>The default priors for <paramref name="data"/>: <see cref="GammaGammaPriors.Default"/> at the weighted mean of z̄.</summary>
    public static GammaGammaPriors DefaultPriors(GammaGammaData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        double sum = 0;
        for (int i = 0; i < data.Count; i++) sum += data.Weights[i] * data.MeanSpend[i];
        return GammaGammaPriors.Default(sum / data.TotalWeight);
    }

    /// <summary>The log posterior of <paramref name="data"/> under <paramref name="priors"/> (default <see cref="DefaultPriors"/>).</summary>
    public static LogPosterior LogPosterior(GammaGammaData data, GammaGammaPriors? priors = null) =>
        new(new GammaGammaLogDensity(data), (priors ?? DefaultPriors(data)).ToList());

    /// <summary>Fits the customers of <paramref name="summary"/> with x ≥ 1.</summary>
    /// <exception cref="ArgumentException">No customer has x ≥ 1, or one has z̄ ≤ 0 (the message names it).</exception>
    public static ModelFit<GammaGammaParameters> Fit(RfmSummary summary, FitMethod method, FitOptions? options = null, GammaGammaPriors? priors = null) =>
        Fit(GammaGammaData.FromSummary(summary), method, options, priors);

    /// <summary>Fits <paramref name="data"/>.</summary>
    /// <param name="data">Customers with x ≥ 1.</param>
    /// <param name="method">Maximum likelihood, Laplace or NUTS.</param>
    /// <param name="options">Draws, seed, sampler settings; null for defaults.</param>
    /// <param name="priors">Priors (Laplace, NUTS); null for <see cref="DefaultPriors"/>.</param>
    /// <exception cref="ConvergenceException">The optimiser did not converge (maximum likelihood, Laplace).</exception>
    public static ModelFit<GammaGammaParameters> Fit(GammaGammaData data, FitMethod method, FitOptions? options = null, GammaGammaPriors? priors = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        var likelihood = new GammaGammaLogDensity(data);
        var priorList = (priors ?? DefaultPriors(data)).ToList();
        double sum = 0;
        for (int i = 0; i < data.Count; i++) sum += data.Weights[i] * data.MeanSpend[i];
        double[] start = [0.0, Math.Log(2.0), Math.Log(sum / data.TotalWeight)];
        var fit = FitEngine.Fit(method, likelihood, _ => new LogPosterior(new GammaGammaLogDensity(data), priorList),
            GammaGammaParameters.Names, start, static v => new GammaGammaParameters(v[0], v[1], v[2]),
            options ?? FitOptions.Default, []);
        if (!fit.PointEstimate.HasFinitePopulationMean)
            return fit.WithWarning(string.Create(CultureInfo.InvariantCulture,
                $"q = {fit.PointEstimate.Q:G4} ≤ 1: the population mean spend p·γ/(q − 1) is infinite; customers without repeat purchases cannot be valued."));
        return fit;
    }
}
