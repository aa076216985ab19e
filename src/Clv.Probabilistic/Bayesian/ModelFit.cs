using Clv.Probabilistic.Inference;

namespace Clv.Probabilistic.Bayesian;

/// <summary>How a model's parameters are estimated.</summary>
public enum FitMethod
{
    /// <summary>Maximum likelihood; uncertainty from the asymptotic normal of θ̂ = ln φ̂.</summary>
    MaximumLikelihood,

    /// <summary>Posterior mode with the Laplace (Gaussian) approximation on θ = ln φ.</summary>
    Laplace,

    /// <summary>Posterior draws from the No-U-Turn sampler.</summary>
    Nuts,
}

/// <summary>Settings of a fit by any <see cref="FitMethod"/>.</summary>
public sealed record FitOptions
{
    /// <summary>Draws kept for maximum likelihood and Laplace (from their Gaussian on θ); NUTS keeps chains × draws.</summary>
    public int Draws { get; init; } = 1000;

    /// <summary>Seed of the draws (and of NUTS, overriding <see cref="NutsOptions.Seed"/>).</summary>
    public int Seed { get; init; } = 1;

    /// <summary>
    /// NUTS settings (chains, warm-up, draws per chain, progress). The default adapts a dense mass matrix: the
    /// parameters of both models are strongly correlated on the log scale (ln p with ln γ, ln r with ln α). Unless the
    /// settings give an <see cref="NutsOptions.InitialInverseMetric"/>, a fit (BG/NBD or Gamma-Gamma) first finds the
    /// posterior mode and starts the warm-up there, with the Laplace covariance as the metric; each chain then starts
    /// from its own point within ±2 Laplace standard deviations (whitened) of the mode, so R-hat compares chains from
    /// dispersed starts. A fit whose Laplace approximation fails starts each chain within ±2 of the starting estimate
    /// on the log scale (Stan's box width) with the identity metric. The dual-averaging scale γ is 0.1
    /// rather than Stan's 0.05: the smaller spread of the step-size iterates saves about a tenth of the warm-up's
    /// gradients (docs/performance.md, "NUTS on 10^6 customers").
    /// </summary>
    public NutsOptions Sampler { get; init; } = new() { DenseMassMatrix = true, InitialJitter = 2, Gamma = 0.1 };

    /// <summary>Optimiser settings for maximum likelihood and Laplace.</summary>
    public OptimizerOptions? Optimizer { get; init; }

    /// <summary>The default options.</summary>
    public static FitOptions Default { get; } = new();
}

/// <summary>
/// One kind of fit result for every method: a point estimate, draws of the parameters on their natural scale, the
/// method and its diagnostics. Predictions and intervals take the draws, so they have one code path for all methods.
/// </summary>
/// <typeparam name="TParameters">The model's parameter record (for example BgNbdParameters).</typeparam>
/// <remarks>
/// Point estimate: the MLE (maximum likelihood), exp of the posterior mode of θ = ln φ (Laplace), or the posterior mean of
/// φ (NUTS). Draws: exp of draws from N(θ̂, (−H)⁻¹) for the first two; the sampler's draws for NUTS.
/// </remarks>
public sealed class ModelFit<TParameters>
    where TParameters : class
{
    private readonly Func<ReadOnlySpan<double>, TParameters> _build;

    internal ModelFit(FitMethod method, TParameters point, ParameterDraws draws, Func<ReadOnlySpan<double>, TParameters> build,
        GaussianApproximation? gaussian, NutsResult? nuts, PosteriorSummary? summary, IReadOnlyList<string> warnings)
    {
        Method = method;
        PointEstimate = point;
        Draws = draws;
        _build = build;
        Gaussian = gaussian;
        Nuts = nuts;
        Summary = summary;
        Warnings = warnings;
    }

    /// <summary>Time unit of the durations the model was fitted in (purchase models), or null (spend models).</summary>
    public Data.TimeUnit? TimeUnit { get; internal init; }

    /// <summary>The method of the fit.</summary>
    public FitMethod Method { get; }

    /// <summary>MLE, Laplace mode (exp of the mode of θ) or posterior mean.</summary>
    public TParameters PointEstimate { get; }

    /// <summary>Draws of the parameters on their natural scale (r, alpha, …), with their chains.</summary>
    public ParameterDraws Draws { get; }

    /// <summary>The Gaussian approximation on θ (maximum likelihood, Laplace), or null.</summary>
    public GaussianApproximation? Gaussian { get; }

    /// <summary>The sampler's result (NUTS), or null.</summary>
    public NutsResult? Nuts { get; }

    /// <summary>Posterior summary with R̂ and ESS (NUTS), or null.</summary>
    public PosteriorSummary? Summary { get; }

    /// <summary>Plain-language warnings: divergences, R̂ &gt; 1.01, low ESS, and the model's own (empty when all is well).</summary>
    public IReadOnlyList<string> Warnings { get; }

    /// <summary>The parameters of draw <paramref name="draw"/>.</summary>
    public TParameters DrawParameters(int draw) => _build(Draws.Draw(draw));

    internal ModelFit<TParameters> WithTimeUnit(Data.TimeUnit unit) =>
        new(Method, PointEstimate, Draws, _build, Gaussian, Nuts, Summary, Warnings) { TimeUnit = unit };

    internal ModelFit<TParameters> WithWarning(string warning) =>
        new(Method, PointEstimate, Draws, _build, Gaussian, Nuts, Summary, [.. Warnings, warning]) { TimeUnit = TimeUnit };

    /// <summary>The same fit with <paramref name="count"/> draws kept evenly spaced (all when count ≥ the draws).</summary>
    internal ParameterDraws Thinned(int count)
    {
        if (count >= Draws.Count) return Draws;
        int d = Draws.Dimension;
        var values = new double[count * d];
        for (int k = 0; k < count; k++)
            Draws.Draw((int)((long)k * Draws.Count / count)).CopyTo(values.AsSpan(k * d, d));
        return new ParameterDraws(Draws.Names, values);
    }
}
