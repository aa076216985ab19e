using Clv.Probabilistic.Data;
using Clv.Probabilistic.Inference;
using Clv.Probabilistic.Inference.Priors;

namespace Clv.Probabilistic.Models.ParetoNbd.TimeVarying;

/// <summary>
/// Fits the Pareto/NBD with time-varying covariates (Bachmann, Meierer &amp; Näf 2021, "The role of time-varying
/// contextual factors in latent attrition models for customer base analysis", Marketing Science 40(4)) by any
/// <see cref="FitMethod"/>: parameters r, α, s, β on θ = ln φ and the coefficients γ_trans, γ_life on the real line.
/// </summary>
/// <remarks>
/// Start: r = s = 1, α = Σ T/Σ x, β = the mean T, γ = 0 (the Pareto/NBD definition's start). Priors for Bayesian fits:
/// the Pareto/NBD's default priors on r, α, s, β and Normal(0, 2) on each coefficient.
/// </remarks>
public static class TimeVaryingParetoNbd
{
    /// <summary>Standard deviation of the default Normal(0, σ) prior on each coefficient.</summary>
    public const double CoefficientPriorSigma = 2.0;

    /// <summary>The parameter space for <paramref name="covariateNames"/>: r, alpha, s, beta, trans.NAME…, life.NAME….</summary>
    public static ParameterSpace Space(IReadOnlyList<string> covariateNames)
    {
        ArgumentNullException.ThrowIfNull(covariateNames);
        var names = TimeVaryingParetoNbdParameters.Names(covariateNames);
        var info = new List<ParameterInfo>();
        for (int j = 0; j < names.Count; j++)
            info.Add(j < 4
                ? new ParameterInfo(names[j], ParameterDomain.Positive, ParetoNbdDefinition.Instance.Parameters.Parameters[j].Description)
                : new ParameterInfo(names[j], ParameterDomain.Real, j < 4 + covariateNames.Count
                    ? "log purchase-rate multiplier per unit of the covariate"
                    : "log drop-out-hazard multiplier per unit of the covariate"));
        return new ParameterSpace(info);
    }

    /// <summary>Fits the model to <paramref name="data"/>.</summary>
    /// <param name="data">Customers with their covariate paths.</param>
    /// <param name="options">Method, draws, seed, priors; null for maximum likelihood.</param>
    /// <exception cref="ArgumentException">No customer has a repeat purchase, or the options do not match the parameters.</exception>
    /// <exception cref="ConvergenceException">The fit did not converge and <see cref="FitOptions.ThrowIfUnreliable"/> is true.</exception>
    /// <exception cref="NotIdentifiedException">The data do not identify the parameters and <see cref="FitOptions.ThrowIfUnreliable"/> is true.</exception>
    public static TimeVaryingParetoNbdFit Fit(TimeVaryingParetoNbdData data, FitOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        options ??= FitOptions.Default;
        var rows = data.Rows;
        if (rows.X.All(x => x == 0))
            throw new ArgumentException("No customer has a repeat purchase: the purchase process is not identified.", nameof(data));
        var space = Space(data.CovariateNames);
        var start = options.Start?.ToArray() ?? StartingValues(rows);
        if (start.Length != space.Dimension)
            throw new ArgumentException($"{start.Length} starting values for {space.Dimension} parameters ({string.Join(", ", space.Names)}).", nameof(options));
        var priors = options.Priors ?? DefaultPriors(data.CovariateNames.Count, data.TimeUnit);
        if (priors.Count != space.Dimension)
            throw new ArgumentException($"{priors.Count} priors for {space.Dimension} parameters ({string.Join(", ", space.Names)}).", nameof(options));
        var problem = new FitProblem(space, _ => new TimeVaryingParetoNbdLogLikelihood(rows), priors, start);
        var estimation = FitEngine.Run(problem, options,
            (natural, errors) => ParetoNbdDefinition.Instance.DescribeLimit(natural, errors));
        if (options.ThrowIfUnreliable) FitVerdict.ThrowIfUnreliable(estimation, space, "Pareto/NBD with time-varying covariates");
        return new TimeVaryingParetoNbdFit(data.CovariateNames, estimation, data.TimeUnit);
    }

    private static double[] StartingValues(TimeVaryingRows rows)
    {
        double exposure = rows.T.Sum(), purchases = rows.X.Sum();
        double alpha = exposure / purchases, beta = exposure / rows.Customers;
        if (!(alpha > 0) || !double.IsFinite(alpha)) alpha = 1;
        if (!(beta > 0) || !double.IsFinite(beta)) beta = 1;
        return [1, alpha, 1, beta, .. new double[2 * rows.Covariates]];
    }

    private static ParameterPrior[] DefaultPriors(int covariates, TimeUnit unit)
    {
        var description = new DataDescription(1, 1, 1, 0, unit);
        var rates = ParetoNbdDefinition.Instance.DefaultPriors(new PriorData(description));
        return [.. rates, .. Enumerable.Repeat<ParameterPrior>(new NormalPrior(0, CoefficientPriorSigma), 2 * covariates)];
    }

    /// <summary>Carries only the time unit, which is all the Pareto/NBD's default priors read.</summary>
    private sealed class PriorData(DataDescription description) : ModelData(description);
}
