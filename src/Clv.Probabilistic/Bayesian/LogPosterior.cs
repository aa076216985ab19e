using Clv.Probabilistic.Inference;

namespace Clv.Probabilistic.Bayesian;

/// <summary>
/// The unnormalised log posterior over θ = ln φ: log-likelihood + Σ_j ln p_j(e^{θ_j}) + Σ_j θ_j (the log-Jacobian of
/// φ = e^θ), with the analytic gradient. This is the density NUTS samples and the Laplace approximation expands.
/// </summary>
/// <remarks>
/// Bayes' rule on the unconstrained scale (Stan Reference Manual, "Variable transforms"): p(θ | y) ∝ p(y | e^θ) p_φ(e^θ) |e^θ|.
/// The likelihood must already be parameterised by θ = ln φ, as the library's BG/NBD and Gamma-Gamma likelihoods are.
/// </remarks>
public sealed class LogPosterior : ILogDensity, IParallelLogDensity
{
    private readonly ILogDensity? _likelihood;
    private readonly ParameterPrior[] _priors;
    private readonly bool _includeJacobian;

    /// <summary>Creates the log posterior.</summary>
    /// <param name="logLikelihood">Log-likelihood over θ = ln φ; null for the prior alone.</param>
    /// <param name="priors">One prior per parameter, in the likelihood's order.</param>
    /// <exception cref="ArgumentException">The number of priors differs from the likelihood's dimension.</exception>
    public LogPosterior(ILogDensity? logLikelihood, IReadOnlyList<ParameterPrior> priors)
        : this(logLikelihood, priors, includeJacobian: true)
    {
    }

    /// <summary>With <paramref name="includeJacobian"/> false the density is wrong on purpose (calibration tests only).</summary>
    internal LogPosterior(ILogDensity? logLikelihood, IReadOnlyList<ParameterPrior> priors, bool includeJacobian)
    {
        ArgumentNullException.ThrowIfNull(priors);
        if (priors.Any(p => p is null)) throw new ArgumentException("A prior is null.", nameof(priors));
        if (logLikelihood is not null && logLikelihood.Dimension != priors.Count)
            throw new ArgumentException($"{priors.Count} priors for a likelihood of {logLikelihood.Dimension} parameters.", nameof(priors));
        if (priors.Count == 0) throw new ArgumentException("At least one prior is needed.", nameof(priors));
        _likelihood = logLikelihood;
        _priors = priors.ToArray();
        _includeJacobian = includeJacobian;
    }

    /// <inheritdoc />
    public int Dimension => _priors.Length;

    /// <summary>The likelihood's thread limit, when its evaluation can run in parallel (−1 otherwise).</summary>
    int IParallelLogDensity.MaxDegreeOfParallelism
    {
        get => _likelihood is IParallelLogDensity parallel ? parallel.MaxDegreeOfParallelism : -1;
        set
        {
            if (_likelihood is IParallelLogDensity parallel) parallel.MaxDegreeOfParallelism = value;
        }
    }

    /// <summary>The priors, one per parameter.</summary>
    public IReadOnlyList<ParameterPrior> Priors => _priors;

    /// <inheritdoc />
    public double Evaluate(ReadOnlySpan<double> theta, Span<double> gradient)
    {
        if (theta.Length != Dimension || gradient.Length != Dimension)
            throw new ArgumentException($"The log posterior has {Dimension} parameters; got θ of length {theta.Length} and gradient of length {gradient.Length}.");
        double value = 0;
        if (_likelihood is null) gradient.Clear();
        else
        {
            value = _likelihood.Evaluate(theta, gradient);
            if (double.IsNegativeInfinity(value) || double.IsNaN(value)) return Fail(gradient);
        }
        for (int j = 0; j < _priors.Length; j++)
        {
            double log = _priors[j].LogDensityOfLog(theta[j], out double derivative, _includeJacobian);
            if (double.IsNegativeInfinity(log)) return Fail(gradient);
            value += log;
            gradient[j] += derivative;
        }
        return double.IsFinite(value) ? value : Fail(gradient);
    }

    /// <summary>Draws θ = ln φ from the prior, one value per parameter.</summary>
    public double[] SampleLogPrior(Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        var theta = new double[_priors.Length];
        for (int j = 0; j < theta.Length; j++) theta[j] = Math.Log(_priors[j].Sample(random));
        return theta;
    }

    private static double Fail(Span<double> gradient)
    {
        gradient.Clear();
        return double.NegativeInfinity;
    }
}
