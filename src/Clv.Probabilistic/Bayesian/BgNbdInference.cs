using Clv.Probabilistic.Data;
using Clv.Probabilistic.Inference;
using Clv.Probabilistic.Models.BgNbd;

namespace Clv.Probabilistic.Bayesian;

/// <summary>Fits the BG/NBD model by maximum likelihood, Laplace or NUTS, returning one kind of result.</summary>
/// <remarks>Likelihood: Fader, Hardie &amp; Lee (2005), eq. 6, on θ = [ln r, ln α, ln a, ln b]; posterior as in <see cref="LogPosterior"/>.</remarks>
public static class BgNbdInference
{
    /// <summary>The log posterior of <paramref name="summary"/> under <paramref name="priors"/> (default <see cref="BgNbdPriors.Default"/>).</summary>
    public static LogPosterior LogPosterior(RfmSummary summary, BgNbdPriors? priors = null)
    {
        ArgumentNullException.ThrowIfNull(summary);
        return new LogPosterior(new BgNbdLogLikelihood(summary), (priors ?? BgNbdPriors.Default(summary.TimeUnit)).ToList());
    }

    /// <summary>Fits the model.</summary>
    /// <param name="summary">Customers; the model takes their time unit.</param>
    /// <param name="method">Maximum likelihood, Laplace or NUTS.</param>
    /// <param name="options">Draws, seed, sampler settings; null for defaults.</param>
    /// <param name="priors">Priors (Laplace, NUTS); null for <see cref="BgNbdPriors.Default"/> in the summary's unit.</param>
    /// <exception cref="ArgumentException">The summary is empty or has no repeat purchases.</exception>
    /// <exception cref="ConvergenceException">The optimiser did not converge (maximum likelihood, Laplace).</exception>
    public static ModelFit<BgNbdParameters> Fit(RfmSummary summary, FitMethod method, FitOptions? options = null, BgNbdPriors? priors = null)
    {
        ArgumentNullException.ThrowIfNull(summary);
        var data = BgNbdData.From(summary);
        if (data.X.Length == 0)
            throw new ArgumentException("No customer in the summary has a repeat purchase: the BG/NBD parameters are not identified.", nameof(summary));
        var likelihood = new BgNbdLogLikelihood(data);
        var posterior = new LogPosterior(likelihood, (priors ?? BgNbdPriors.Default(summary.TimeUnit)).ToList());
        var start = BgNbdFitter.StartingValues(data).ToLogVector();
        // One likelihood per chain (sharing the data), so the sampler can set each chain's gradient threads.
        var fit = FitEngine.Fit(method, likelihood,
            c => c == 0 ? posterior : new LogPosterior(new BgNbdLogLikelihood(data), posterior.Priors),
            BgNbdParameters.Names, start,
            static v => new BgNbdParameters(v[0], v[1], v[2], v[3]), options ?? FitOptions.Default, []);
        return fit.WithTimeUnit(summary.TimeUnit);
    }
}
