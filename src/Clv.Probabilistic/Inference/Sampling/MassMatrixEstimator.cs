namespace Clv.Probabilistic.Inference;

/// <summary>
/// Running (Welford) estimate of the posterior variance or covariance over one warm-up window, regularised towards
/// a small multiple of the identity: Σ̂ = n/(n+5) · S + 10⁻³ · 5/(n+5) · I.
/// </summary>
/// <remarks>Welford (1962), Technometrics 4(3); regularisation as in the Stan Reference Manual, "Euclidean metric".</remarks>
internal sealed class MassMatrixEstimator
{
    private readonly int _d;
    private readonly bool _dense;
    private readonly double[] _mean;
    private readonly double[] _delta;
    private readonly double[] _m2;
    private int _n;

    public MassMatrixEstimator(int dimension, bool dense)
    {
        _d = dimension;
        _dense = dense;
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
        for (int k = 0; k < values.Length; k++) values[k] = shrink * _m2[k] / (_n - 1);
        if (!_dense)
        {
            for (int i = 0; i < _d; i++) values[i] += ridge;
            return new DiagonalMetric(values);
        }
        for (int i = 0; i < _d; i++)
        {
            values[i * _d + i] += ridge;
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
