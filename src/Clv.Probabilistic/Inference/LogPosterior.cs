using Clv.Probabilistic.Inference.Diagnostics;
using Clv.Probabilistic.Inference.Laplace;
using Clv.Probabilistic.Inference.Optimization;
using Clv.Probabilistic.Inference.Priors;
using Clv.Probabilistic.Inference.Sampling;

namespace Clv.Probabilistic.Inference;

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
    private readonly ParameterSpace? _space;

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

    /// <summary>Creates the log posterior over the unconstrained θ of <paramref name="space"/>.</summary>
    /// <param name="logLikelihood">Log-likelihood over θ; null for the prior alone.</param>
    /// <param name="priors">One prior per parameter, on its natural scale, in the space's order.</param>
    /// <param name="space">The parameters' domains, which fix the map θ → φ and its log-Jacobian.</param>
    /// <param name="includeJacobian">False leaves the log-Jacobian out: the mode is then the mode of φ's posterior
    /// (maximum a posteriori), not a density of θ.</param>
    public LogPosterior(ILogDensity? logLikelihood, IReadOnlyList<ParameterPrior> priors, ParameterSpace space, bool includeJacobian = true)
        : this(logLikelihood, priors, includeJacobian)
    {
        ArgumentNullException.ThrowIfNull(space);
        if (space.Dimension != priors.Count)
            throw new ArgumentException($"{priors.Count} priors for {space.Dimension} parameters.", nameof(priors));
        _space = space;
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
            double log = Prior(j, theta[j], out double derivative);
            if (double.IsNegativeInfinity(log)) return Fail(gradient);
            value += log;
            gradient[j] += derivative;
        }
        return double.IsFinite(value) ? value : Fail(gradient);
    }

    /// <summary>Draws θ from the prior (θ = ln φ for positive parameters), one value per parameter.</summary>
    public double[] SampleLogPrior(Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        var natural = new double[_priors.Length];
        for (int j = 0; j < natural.Length; j++) natural[j] = _priors[j].Sample(random);
        if (_space is not null) return _space.ToUnconstrained(natural);
        for (int j = 0; j < natural.Length; j++) natural[j] = Math.Log(natural[j]);
        return natural;
    }

    /// <summary>ln p_θ(θ_j) of parameter j with its derivative: the prior of φ_j = g(θ_j) plus ln |g′(θ_j)|.</summary>
    private double Prior(int j, double theta, out double derivative)
    {
        if (_space is null || _space.Parameters[j].Domain == ParameterDomain.Positive)
            return _priors[j].LogDensityOfLog(theta, out derivative, _includeJacobian);
        double value = _space.ToNatural(j, theta);
        double log = _priors[j].LogDensity(value, out double dValue);
        if (double.IsNegativeInfinity(log))
        {
            derivative = 0;
            return double.NegativeInfinity;
        }
        derivative = dValue * _space.Derivative(j, theta);
        if (!_includeJacobian) return log;
        log += _space.LogJacobian(j, theta, out double dJacobian);
        derivative += dJacobian;
        return log;
    }

    private static double Fail(Span<double> gradient)
    {
        gradient.Clear();
        return double.NegativeInfinity;
    }
}
