using Clv.Probabilistic.Inference.Diagnostics;
using Clv.Probabilistic.Inference.Laplace;
using Clv.Probabilistic.Inference.Optimization;
using Clv.Probabilistic.Inference.Sampling;
using Clv.Probabilistic.Valuation.Intervals;

namespace Clv.Probabilistic.Inference;

/// <summary>
/// The model-independent part of every fit: optimise or sample the unconstrained θ of a <see cref="FitProblem"/>, form
/// the estimates, draws and diagnostics, and ask <see cref="FitVerdict"/> for the verdict.
/// </summary>
/// <remarks>
/// NUTS starts at the Laplace mode with the Laplace covariance as its metric unless the sampler options already give a
/// metric; where the Laplace approximation fails it starts from the problem's start with the identity metric.
/// </remarks>
internal static class FitEngine
{
    public static Estimation Run(FitProblem problem, FitOptions options, Func<double[], double[], string?>? describeLimit)
    {
        ArgumentNullException.ThrowIfNull(problem);
        ArgumentNullException.ThrowIfNull(options);
        var space = problem.Space;
        var start = space.ToUnconstrained(problem.Start);
        return options.Method switch
        {
            FitMethod.Nuts => Sample(problem, options, start),
            _ => Optimise(problem, options, start, describeLimit),
        };
    }

    private static Estimation Optimise(FitProblem problem, FitOptions options, double[] start, Func<double[], double[], string?>? describeLimit)
    {
        var space = problem.Space;
        var likelihood = problem.LikelihoodForChain(0);
        ILogDensity objective = options.Method switch
        {
            FitMethod.MaximumLikelihood when options.IsPenalized => new PenalizedLogDensity(likelihood, Weights(options, space.Dimension),
                options.PenaltyCentre is { } centre ? space.ToUnconstrained(centre.ToArray()) : default),
            FitMethod.MaximumLikelihood => likelihood,
            FitMethod.MaximumAPosteriori => new LogPosterior(likelihood, problem.Priors, space, includeJacobian: false),
            FitMethod.Laplace => new LogPosterior(likelihood, problem.Priors, space),
            _ => throw new ArgumentOutOfRangeException(nameof(options), options.Method, "Unknown fit method."),
        };
        if (options.IsPenalized && options.Method != FitMethod.MaximumLikelihood)
            throw new ArgumentException("The L2 penalty applies to maximum likelihood only; Bayesian fits express it as priors.", nameof(options));
        var optimum = QuasiNewton.Maximize(objective, start, options.Optimizer);
        var point = space.ToNatural(optimum.Theta);
        GaussianApproximation? gaussian = null;
        Exception? curvatureFailure = null;
        if (optimum.Converged)
        {
            try
            {
                gaussian = options.Method == FitMethod.Laplace
                    ? LaplaceApproximation.FromOptimum(objective, optimum, space.Names)
                    : MaximumLikelihoodEstimate.FromOptimum(objective, optimum, space.Names);
            }
            catch (Exception e) when (e is NotPositiveDefiniteException or ArgumentException)
            {
                curvatureFailure = e;
            }
        }
        double logLikelihood = ReferenceEquals(objective, likelihood) ? optimum.Value : Value(likelihood, optimum.Theta);
        var (status, problemText) = FitVerdict.Optimisation(optimum, gaussian, curvatureFailure, space, describeLimit, logLikelihood);
        var estimates = gaussian is null ? [] : NaturalScaleEstimates(gaussian, space, options.ConfidenceLevel);
        // Draws only where the normal approximation means something: a fit that did not converge or is not identified
        // has none (its draws would spread over dozens of orders of magnitude and overflow). They are drawn around θ
        // recomputed from the natural point estimate, as a model file regenerates them (ln e^θ̂ can differ from θ̂ in
        // the last bit), so a saved and reloaded fit has the same draws bit for bit.
        // They are made when first asked for: most maximum-likelihood fits are used at their point estimate only, and
        // a thousand draws cost a fit of 10^4 customers a quarter of its time.
        var draws = gaussian is null || status != FitStatus.Converged ? null
            : new Lazy<ParameterDraws>(() => GaussianDraws.Draw(space.ToUnconstrained(point), gaussian.Covariance.ToArray(),
                space.Names, options.Draws, options.Seed, space.ToNatural));
        return new Estimation(options.Method, status, problemText, point, logLikelihood, optimum.Value, estimates, draws,
            draws is null ? 0 : options.Draws, gaussian, optimum, null, null, [])
        {
            CurvaturePivot = (curvatureFailure as NotPositiveDefiniteException)?.Pivot,
        };
    }

    private static double[] Weights(FitOptions options, int dimension)
    {
        var extra = options.ParameterPenalties;
        if (extra is not null && extra.Count != dimension)
            throw new ArgumentException($"{extra.Count} parameter penalties for {dimension} parameters.", nameof(options));
        var weights = new double[dimension];
        for (int j = 0; j < dimension; j++) weights[j] = options.Penalty + (extra?[j] ?? 0);
        return weights;
    }

    private static Estimation Sample(FitProblem problem, FitOptions options, double[] start)
    {
        if (options.IsPenalized)
            throw new ArgumentException("The L2 penalty applies to maximum likelihood only; Bayesian fits express it as priors.", nameof(options));
        var space = problem.Space;
        var names = space.Names;
        var first = new LogPosterior(problem.LikelihoodForChain(0), problem.Priors, space);
        ILogDensity PosteriorForChain(int chain) => chain == 0 ? first : new LogPosterior(problem.LikelihoodForChain(chain), problem.Priors, space);
        var sampler = options.Sampler with { Seed = options.Seed };
        var initial = start;
        if (sampler.InitialInverseMetric is null && TryLaplace(first, start, names, options.Optimizer) is { } laplace)
        {
            initial = laplace.Theta.ToArray();
            sampler = sampler with { InitialInverseMetric = laplace.Covariance.ToArray() };
        }
        var result = NutsSampler.Sample(PosteriorForChain, names, sampler, initial);
        var natural = result.Draws.Map(names, space.ToNatural);
        var summary = result.Summarize(natural);
        var warnings = summary.Warnings.Select(w => w.Message).ToList();
        var point = new double[names.Count];
        for (int j = 0; j < point.Length; j++) point[j] = summary.Rows[j].Mean;
        var estimates = new ParameterEstimate[names.Count];
        for (int j = 0; j < estimates.Length; j++)
        {
            var (lower, upper) = IntervalMath.EqualTailed(natural, j, options.ConfidenceLevel);
            estimates[j] = new ParameterEstimate(names[j], point[j], summary.Rows[j].StandardDeviation, lower, upper);
        }
        double logLikelihood = space.Contains(point) ? Value(problem.LikelihoodForChain(0), space.ToUnconstrained(point)) : double.NaN;
        var (status, problemText) = FitVerdict.Sampling(summary, space, point, logLikelihood);
        return new Estimation(FitMethod.Nuts, status, problemText, point, logLikelihood, logLikelihood, estimates,
            new Lazy<ParameterDraws>(natural), natural.Count, null, null, result, summary, warnings);
    }

    /// <summary>
    /// Natural-scale estimates from the normal approximation on θ: φ̂ = g(θ̂), delta-method standard error |g′(θ̂)| SE(θ̂),
    /// and g of the Wald interval θ̂ ± z SE(θ̂) (for a positive parameter, exp of the log-scale interval: always &gt; 0).
    /// </summary>
    /// <remarks>Delta method: Var g(θ̂) ≈ g′(θ̂)² Var θ̂ (Casella &amp; Berger, Thm 5.5.24).</remarks>
    internal static ParameterEstimate[] NaturalScaleEstimates(GaussianApproximation gaussian, ParameterSpace space, double level)
    {
        var estimates = new ParameterEstimate[space.Dimension];
        Span<double> lowerTheta = stackalloc double[space.Dimension];
        Span<double> upperTheta = stackalloc double[space.Dimension];
        for (int j = 0; j < estimates.Length; j++)
        {
            var wald = gaussian.WaldInterval(j, level);
            lowerTheta[j] = wald.Lower;
            upperTheta[j] = wald.Upper;
        }
        var value = space.ToNatural(gaussian.Theta);
        var lower = space.ToNatural(lowerTheta);
        var upper = space.ToNatural(upperTheta);
        for (int j = 0; j < estimates.Length; j++)
        {
            double se = space.Parameters[j].Domain == ParameterDomain.Positive
                ? value[j] * gaussian.StandardErrors[j]
                : Math.Abs(space.Derivative(j, gaussian.Theta[j])) * gaussian.StandardErrors[j];
            estimates[j] = new ParameterEstimate(space.Names[j], value[j], se, lower[j], upper[j]);
        }
        return estimates;
    }

    private static double Value(ILogDensity density, ReadOnlySpan<double> theta)
    {
        Span<double> gradient = stackalloc double[density.Dimension];
        return density.Evaluate(theta, gradient);
    }

    /// <summary>The Laplace approximation where it exists, or null where the optimiser or the curvature fails.</summary>
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
}
