using Clv.Probabilistic.Inference.Diagnostics;
using Clv.Probabilistic.Inference.Laplace;
using Clv.Probabilistic.Inference.Optimization;

namespace Clv.Probabilistic.Inference.Sampling;

/// <summary>
/// Running (Welford) estimate of the posterior variance or covariance over one warm-up window, regularised towards
/// a small multiple of a reference scale Σ₀: Σ̂ = n/(n+5) · S + 10⁻³ · 5/(n+5) · Σ₀, with Σ₀ the identity unless the
/// warm-up started from a given metric.
/// </summary>
/// <remarks>
/// Welford (1962), Technometrics 4(3); regularisation as in the Stan Reference Manual, "Euclidean metric", where Σ₀ = I.
/// A given Σ₀ keeps the ridge small relative to the posterior: with 10⁶ customers the posterior variances are about
/// 10⁻⁵, and a ridge of 10⁻⁴ · I would make the metric several times too wide in those directions.
/// </remarks>
internal sealed class MassMatrixEstimator
{
    private readonly int _d;
    private readonly bool _dense;
    private readonly double[] _mean;
    private readonly double[] _delta;
    private readonly double[] _m2;
    private readonly double[] _reference;
    private int _n;

    /// <param name="dimension">Dimension d.</param>
    /// <param name="dense">Whether to estimate the full covariance.</param>
    /// <param name="reference">Σ₀ as d (diagonal) or d² (dense) values, or null for the identity.</param>
    public MassMatrixEstimator(int dimension, bool dense, double[]? reference = null)
    {
        _d = dimension;
        _dense = dense;
        _reference = new double[dense ? dimension * dimension : dimension];
        for (int i = 0; i < dimension; i++)
        {
            if (reference is null) _reference[dense ? i * dimension + i : i] = 1;
            else if (!dense) _reference[i] = reference.Length == dimension ? reference[i] : reference[i * dimension + i];
            else if (reference.Length == dimension) _reference[i * dimension + i] = reference[i];
            else for (int j = 0; j < dimension; j++) _reference[i * dimension + j] = reference[i * dimension + j];
        }
        _mean = new double[dimension];
        _delta = new double[dimension];
        _m2 = new double[dense ? dimension * dimension : dimension];
    }

    public int Count => _n;

    public void Add(ReadOnlySpan<double> x)
    {
        _n++;
        for (int i = 0; i < _d; i++)
        {
            _delta[i] = x[i] - _mean[i];
            _mean[i] += _delta[i] / _n;
        }
        if (_dense)
        {
            for (int i = 0; i < _d; i++)
            {
                double after = x[i] - _mean[i];
                for (int j = 0; j < _d; j++) _m2[i * _d + j] += after * _delta[j];
            }
        }
        else
        {
            for (int i = 0; i < _d; i++) _m2[i] += _delta[i] * (x[i] - _mean[i]);
        }
    }

    /// <summary>The regularised estimate as a metric; needs at least two draws.</summary>
    public EuclideanMetric Estimate()
    {
        if (_n < 2) throw new InvalidOperationException($"A mass-matrix window needs at least 2 draws; it has {_n}.");
        double shrink = _n / (_n + 5.0);
        double ridge = 1e-3 * 5.0 / (_n + 5.0);
        var values = new double[_m2.Length];
        for (int k = 0; k < values.Length; k++) values[k] = shrink * _m2[k] / (_n - 1) + ridge * _reference[k];
        if (!_dense) return new DiagonalMetric(values);
        for (int i = 0; i < _d; i++)
        {
            for (int j = 0; j < i; j++)
            {
                double symmetric = 0.5 * (values[i * _d + j] + values[j * _d + i]);
                values[i * _d + j] = values[j * _d + i] = symmetric;
            }
        }
        return new DenseMetric(values, _d);
    }

    public void Reset()
    {
        _n = 0;
        Array.Clear(_mean);
        Array.Clear(_m2);
    }
}
