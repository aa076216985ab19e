using Clv.Probabilistic.Inference.Diagnostics;
using Clv.Probabilistic.Inference.Laplace;
using Clv.Probabilistic.Inference.Sampling;

namespace Clv.Probabilistic.Inference.Optimization;

/// <summary>
/// f(θ) − λ Σ (θ_i − c_i)²: a log density with an L2 (ridge) penalty towards a centre c, gradient included.
/// </summary>
/// <remarks>
/// Equivalent to a normal prior N(c_i, 1/(2λ)) on each component up to a constant; keeps a weakly identified fit
/// (for example a BG/NBD fit on few repeat buyers) away from the boundary.
/// </remarks>
public sealed class PenalizedLogDensity : ILogDensity
{
    private readonly ILogDensity _inner;
    private readonly double[] _centre;
    private readonly double[] _lambdas;

    /// <summary>Wraps <paramref name="inner"/> with penalty weight <paramref name="lambda"/>.</summary>
    /// <param name="inner">The log density to penalise.</param>
    /// <param name="lambda">Penalty weight λ ≥ 0.</param>
    /// <param name="centre">Centre c; empty means the origin.</param>
    /// <exception cref="ArgumentOutOfRangeException">λ is negative or not finite.</exception>
    /// <exception cref="ArgumentException">The centre has the wrong length or a non-finite value.</exception>
    public PenalizedLogDensity(ILogDensity inner, double lambda, ReadOnlySpan<double> centre = default)
    {
        ArgumentNullException.ThrowIfNull(inner);
        if (!(lambda >= 0) || !double.IsFinite(lambda))
            throw new ArgumentOutOfRangeException(nameof(lambda), lambda, "The penalty weight must be non-negative and finite.");
        if (!centre.IsEmpty && centre.Length != inner.Dimension)
            throw new ArgumentException($"The centre has {centre.Length} values; the density has dimension {inner.Dimension}.", nameof(centre));
        _centre = centre.IsEmpty ? new double[inner.Dimension] : centre.ToArray();
        for (int i = 0; i < _centre.Length; i++)
            if (!double.IsFinite(_centre[i])) throw new ArgumentException($"Centre value {i} is {_centre[i]}.", nameof(centre));
        _inner = inner;
        Lambda = lambda;
        _lambdas = new double[inner.Dimension];
        Array.Fill(_lambdas, lambda);
    }

    /// <summary>Wraps <paramref name="inner"/> with one penalty weight per parameter: f(θ) − Σ λ_i (θ_i − c_i)².</summary>
    /// <param name="inner">The log density to penalise.</param>
    /// <param name="lambdas">Weights λ_i ≥ 0, one per parameter.</param>
    /// <param name="centre">Centre c; empty means the origin.</param>
    /// <exception cref="ArgumentException">A weight is negative or not finite, or a length is wrong.</exception>
    public PenalizedLogDensity(ILogDensity inner, ReadOnlySpan<double> lambdas, ReadOnlySpan<double> centre = default)
        : this(inner, 0, centre)
    {
        if (lambdas.Length != inner.Dimension)
            throw new ArgumentException($"{lambdas.Length} penalty weights; the density has dimension {inner.Dimension}.", nameof(lambdas));
        foreach (var l in lambdas)
            if (!(l >= 0) || !double.IsFinite(l)) throw new ArgumentException($"Penalty weight {l} is negative or not finite.", nameof(lambdas));
        lambdas.CopyTo(_lambdas);
        Lambda = lambdas.ToArray().Max();
    }

    /// <summary>Penalty weight λ (the largest weight when they differ per parameter).</summary>
    public double Lambda { get; }

    /// <summary>Centre c of the penalty.</summary>
    public ReadOnlySpan<double> Centre => _centre;

    /// <inheritdoc />
    public int Dimension => _inner.Dimension;

    /// <inheritdoc />
    public double Evaluate(ReadOnlySpan<double> theta, Span<double> gradient)
    {
        double value = _inner.Evaluate(theta, gradient);
        double penalty = 0;
        for (int i = 0; i < _centre.Length; i++)
        {
            double deviation = theta[i] - _centre[i];
            penalty += _lambdas[i] * deviation * deviation;
            gradient[i] -= 2 * _lambdas[i] * deviation;
        }
        return value - penalty;
    }
}
