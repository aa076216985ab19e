using Clv.Probabilistic.Inference.Diagnostics;
using Clv.Probabilistic.Inference.Laplace;
using Clv.Probabilistic.Inference.Optimization;

namespace Clv.Probabilistic.Inference.Sampling;

/// <summary>
/// The Euclidean metric of Hamiltonian Monte Carlo: kinetic energy K(p) = ½ pᵀ M⁻¹ p with momentum p ~ N(0, M).
/// Holds the inverse metric M⁻¹ (the adapted posterior covariance), diagonal or dense.
/// </summary>
/// <remarks>Betancourt (2017), "A Conceptual Introduction to Hamiltonian Monte Carlo", §4.2.</remarks>
internal abstract class EuclideanMetric
{
    protected EuclideanMetric(int dimension) => Dimension = dimension;

    public int Dimension { get; }

    /// <summary>Whether M⁻¹ is a full matrix.</summary>
    public abstract bool IsDense { get; }

    /// <summary>M⁻¹: the diagonal (length d) or the row-major matrix (length d²).</summary>
    public abstract double[] InverseMetric { get; }

    /// <summary>Writes the velocity ∂K/∂p = M⁻¹ p.</summary>
    public abstract void Velocity(ReadOnlySpan<double> momentum, Span<double> velocity);

    /// <summary>Draws p ~ N(0, M) from standard normals written into <paramref name="momentum"/> first.</summary>
    public abstract void SampleMomentum(StandardNormalSource normal, Span<double> momentum);

    /// <summary>Writes x = L u with L Lᵀ = M⁻¹: maps whitened coordinates u to the posterior scale.</summary>
    public abstract void Unwhiten(ReadOnlySpan<double> whitened, Span<double> scaled);

    /// <summary>
    /// The metric of <paramref name="inverse"/> (d values: diagonal; d²: dense, of which a diagonal metric keeps the
    /// diagonal), or the identity when it is null. Copies the values.
    /// </summary>
    public static EuclideanMetric Create(IReadOnlyList<double>? inverse, int dimension, bool dense)
    {
        if (inverse is null) return Identity(dimension, dense);
        bool given = inverse.Count == dimension * dimension && dimension > 1;
        if (!dense)
        {
            var diagonal = new double[dimension];
            for (int i = 0; i < dimension; i++) diagonal[i] = given ? inverse[i * dimension + i] : inverse[i];
            return new DiagonalMetric(diagonal);
        }
        var matrix = new double[dimension * dimension];
        for (int i = 0; i < dimension; i++)
        {
            if (!given) { matrix[i * dimension + i] = inverse[i]; continue; }
            for (int j = 0; j < dimension; j++)
                matrix[i * dimension + j] = 0.5 * (inverse[i * dimension + j] + inverse[j * dimension + i]);
        }
        return new DenseMetric(matrix, dimension);
    }

    public static EuclideanMetric Identity(int dimension, bool dense)
    {
        if (!dense) return new DiagonalMetric(Enumerable.Repeat(1.0, dimension).ToArray());
        var identity = new double[dimension * dimension];
        for (int i = 0; i < dimension; i++) identity[i * dimension + i] = 1;
        return new DenseMetric(identity, dimension);
    }
}

/// <summary>Diagonal M⁻¹ = diag(σ²).</summary>
internal sealed class DiagonalMetric : EuclideanMetric
{
    private readonly double[] _inverse;
    private readonly double[] _momentumScale;

    public DiagonalMetric(double[] inverseDiagonal) : base(inverseDiagonal.Length)
    {
        _inverse = inverseDiagonal;
        _momentumScale = new double[inverseDiagonal.Length];
        for (int i = 0; i < _inverse.Length; i++)
        {
            if (!(_inverse[i] > 0) || !double.IsFinite(_inverse[i]))
                throw new ArgumentException($"Inverse metric element {i} is {_inverse[i]}; it must be positive and finite.", nameof(inverseDiagonal));
            _momentumScale[i] = 1 / Math.Sqrt(_inverse[i]);
        }
    }

    public override bool IsDense => false;

    public override double[] InverseMetric => _inverse;

    public override void Velocity(ReadOnlySpan<double> momentum, Span<double> velocity)
    {
        for (int i = 0; i < _inverse.Length; i++) velocity[i] = _inverse[i] * momentum[i];
    }

    public override void SampleMomentum(StandardNormalSource normal, Span<double> momentum)
    {
        for (int i = 0; i < momentum.Length; i++) momentum[i] = normal.Next();
        for (int i = 0; i < momentum.Length; i++) momentum[i] *= _momentumScale[i];
    }

    public override void Unwhiten(ReadOnlySpan<double> whitened, Span<double> scaled)
    {
        for (int i = 0; i < _inverse.Length; i++) scaled[i] = whitened[i] / _momentumScale[i];
    }
}

/// <summary>Dense M⁻¹ = L Lᵀ (Cholesky); momentum p = L⁻ᵀ z with z standard normal, so that Cov(p) = M.</summary>
internal sealed class DenseMetric : EuclideanMetric
{
    private readonly double[] _inverse;
    private readonly double[] _cholesky;

    public DenseMetric(double[] inverseMatrix, int dimension) : base(dimension)
    {
        _inverse = inverseMatrix;
        _cholesky = Cholesky(inverseMatrix, dimension);
    }

    public override bool IsDense => true;

    public override double[] InverseMetric => _inverse;

    public override void Velocity(ReadOnlySpan<double> momentum, Span<double> velocity)
    {
        int d = Dimension;
        for (int i = 0; i < d; i++)
        {
            double sum = 0;
            var row = _inverse.AsSpan(i * d, d);
            for (int j = 0; j < d; j++) sum += row[j] * momentum[j];
            velocity[i] = sum;
        }
    }

    public override void SampleMomentum(StandardNormalSource normal, Span<double> momentum)
    {
        for (int i = 0; i < momentum.Length; i++) momentum[i] = normal.Next();
        int d = Dimension;
        // Back substitution of Lᵀ p = z, in place.
        for (int i = d - 1; i >= 0; i--)
        {
            double sum = momentum[i];
            for (int k = i + 1; k < d; k++) sum -= _cholesky[k * d + i] * momentum[k];
            momentum[i] = sum / _cholesky[i * d + i];
        }
    }

    public override void Unwhiten(ReadOnlySpan<double> whitened, Span<double> scaled)
    {
        int d = Dimension;
        for (int i = 0; i < d; i++)
        {
            double sum = 0;
            for (int k = 0; k <= i; k++) sum += _cholesky[i * d + k] * whitened[k];
            scaled[i] = sum;
        }
    }

    /// <summary>Lower Cholesky factor (row-major) of a symmetric positive-definite matrix.</summary>
    internal static double[] Cholesky(double[] matrix, int d)
    {
        var l = new double[d * d];
        for (int i = 0; i < d; i++)
        {
            for (int j = 0; j <= i; j++)
            {
                double sum = matrix[i * d + j];
                for (int k = 0; k < j; k++) sum -= l[i * d + k] * l[j * d + k];
                if (i == j)
                {
                    if (!(sum > 0) || !double.IsFinite(sum))
                        throw new ArgumentException($"The inverse metric is not positive definite (pivot {i} is {sum}).", nameof(matrix));
                    l[i * d + i] = Math.Sqrt(sum);
                }
                else l[i * d + j] = sum / l[j * d + j];
            }
        }
        return l;
    }
}
