namespace Clv.Probabilistic.Inference;

/// <summary>The verdict on a fit, decided in one place for every model and method (see <see cref="FitVerdict"/>).</summary>
public enum FitStatus
{
    /// <summary>The optimiser met its criterion with a positive-definite, informative curvature, or the chains agree.</summary>
    Converged,

    /// <summary>The optimiser stopped without meeting its criterion, or the chains disagree (R̂ above the limit).</summary>
    NotConverged,

    /// <summary>
    /// The data do not pin the parameters down: the information matrix is singular, or a parameter ran towards a limit
    /// of its domain (its standard error on the unconstrained scale exceeds <see cref="FitVerdict.MaxUnconstrainedStandardError"/>).
    /// </summary>
    NotIdentified,
}

/// <summary>One parameter's estimate with its uncertainty on the natural scale.</summary>
/// <param name="Name">The parameter's name (r, alpha, …).</param>
/// <param name="Estimate">The point estimate (MLE, mode, or posterior mean).</param>
/// <param name="StandardError">Delta-method standard error (MLE, MAP, Laplace) or posterior standard deviation (NUTS).</param>
/// <param name="Lower">Lower end of the interval: the Wald interval on the unconstrained scale mapped back (MLE, MAP,
/// Laplace), or the equal-tailed posterior quantile (NUTS).</param>
/// <param name="Upper">Upper end of the same interval.</param>
public sealed record ParameterEstimate(string Name, double Estimate, double StandardError, double Lower, double Upper);
