using Clv.Probabilistic.Inference;

namespace Clv.Probabilistic.Bayesian;

/// <summary>The model-independent part of a fit: optimise or sample θ = ln φ and return draws on the natural scale.</summary>
/// <remarks>
/// NUTS starts at the posterior mode with the Laplace covariance as its metric (see <see cref="FitOptions.Sampler"/>)
/// unless the sampler options already give a metric. (Until the Gamma-Gamma likelihood was put in a form that keeps its
/// digits along the ridge p → ∞, γ → 0, chains started this way walked out along it in 5 of 12 CDNOW seeds; since then
/// 12 of 12 seeds give R̂ ≤ 1.003.)
/// </remarks>
internal static class FitEngine
{
    public static ModelFit<T> Fit<T>(FitMethod method, ILogDensity logLikelihood, Func<int, ILogDensity> posteriorForChain,
        IReadOnlyList<string> names, double[] start, Func<ReadOnlySpan<double>, T> build, FitOptions options,
        IReadOnlyList<string> modelWarnings)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.Draws);
        var warnings = new List<string>(modelWarnings);
        switch (method)
        {
            case FitMethod.MaximumLikelihood:
            case FitMethod.Laplace:
            {
                GaussianApproximation gaussian = method == FitMethod.MaximumLikelihood
                    ? MaximumLikelihoodEstimate.Fit(logLikelihood, start, names, options.Optimizer)
                    : LaplaceApproximation.Fit(posteriorForChain(0), start, names, options.Optimizer);
                var draws = gaussian.DrawAsymptoticNormal(options.Draws, options.Seed, Exp);
                return new ModelFit<T>(method, build(Exp(gaussian.Theta)), draws, build, gaussian, null, null, warnings);
            }
            case FitMethod.Nuts:
            {
                var sampler = options.Sampler with { Seed = options.Seed };
                var initial = start;
                if (sampler.InitialInverseMetric is null && TryLaplace(posteriorForChain(0), start, names, options.Optimizer) is { } laplace)
                {
                    initial = laplace.Theta.ToArray();
                    sampler = sampler with { InitialInverseMetric = laplace.Covariance.ToArray() };
                }
                var result = NutsSampler.Sample(posteriorForChain, names, sampler, initial);
                var natural = result.Draws.Map(names, Exp);
                var summary = result.Summarize(natural);
                foreach (var warning in summary.Warnings) warnings.Add(warning.Message);
                var mean = new double[names.Count];
                for (int j = 0; j < mean.Length; j++) mean[j] = summary.Rows[j].Mean;
                return new ModelFit<T>(method, build(mean), natural, build, null, result, summary, warnings);
            }
            default:
                throw new ArgumentOutOfRangeException(nameof(method), method, "Unknown fit method.");
        }
    }

    /// <summary>
    /// The Laplace approximation where it exists, to start NUTS at the posterior mode with the inverse negative Hessian
    /// as its metric; null where the optimiser fails or the Hessian is not negative definite (NUTS then starts from
    /// <paramref name="start"/> with the identity metric, as Stan would).
    /// </summary>
    private static LaplaceApproximation? TryLaplace(ILogDensity posterior, double[] start, IReadOnlyList<string> names,
        OptimizerOptions? optimizer)
    {
        try
        {
            return LaplaceApproximation.Fit(posterior, start, names, optimizer);
        }
        catch (Exception e) when (e is ConvergenceException or NotPositiveDefiniteException or ArgumentException)
        {
            return null;
        }
    }

    private static void Exp(ReadOnlySpan<double> theta, Span<double> natural)
    {
        for (int j = 0; j < theta.Length; j++) natural[j] = Math.Exp(theta[j]);
    }

    private static double[] Exp(ReadOnlySpan<double> theta)
    {
        var natural = new double[theta.Length];
        Exp(theta, natural);
        return natural;
    }
}
