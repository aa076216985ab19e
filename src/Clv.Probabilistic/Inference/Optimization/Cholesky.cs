using Clv.Probabilistic.Inference.Diagnostics;
using Clv.Probabilistic.Inference.Laplace;
using Clv.Probabilistic.Inference.Sampling;

namespace Clv.Probabilistic.Inference.Optimization;

/// <summary>
/// Lower-triangular Cholesky factor L of a symmetric positive-definite matrix A = L Lᵀ (row-major, small dimension).
/// </summary>
internal sealed class Cholesky
{
    private readonly double[] _lower;

    private Cholesky(double[] lower, int dimension)
    {
        _lower = lower;
        Dimension = dimension;
    }

    public int Dimension { get; }

    /// <summary>Factorises <paramref name="matrix"/> (row-major n×n); null with the failing pivot when not positive definite.</summary>
    public static Cholesky? TryFactor(ReadOnlySpan<double> matrix, int n, out int failedPivot)
    {
        var l = new double[n * n];
        for (int j = 0; j < n; j++)
        {
            double diagonal = matrix[j * n + j];
            for (int k = 0; k < j; k++) diagonal -= l[j * n + k] * l[j * n + k];
            if (!(diagonal > 0) || !double.IsFinite(diagonal))
            {
                failedPivot = j;
                return null;
            }
            double root = Math.Sqrt(diagonal);
            l[j * n + j] = root;
            for (int i = j + 1; i < n; i++)
            {
                double sum = matrix[i * n + j];
                for (int k = 0; k < j; k++) sum -= l[i * n + k] * l[j * n + k];
                l[i * n + j] = sum / root;
            }
        }
        failedPivot = -1;
        return new Cholesky(l, n);
    }

    /// <summary>ln |A| = 2 Σ ln L_ii.</summary>
    public double LogDeterminant()
    {
        double sum = 0;
        for (int i = 0; i < Dimension; i++) sum += Math.Log(_lower[i * Dimension + i]);
        return 2 * sum;
    }

    /// <summary>A⁻¹ (row-major), column by column from L Lᵀ x = e_j.</summary>
    public double[] Inverse()
    {
        int n = Dimension;
        var inverse = new double[n * n];
        var column = new double[n];
        for (int j = 0; j < n; j++)
        {
            Array.Clear(column);
            column[j] = 1;
            Solve(column);
            for (int i = 0; i < n; i++) inverse[i * n + j] = column[i];
        }
        // Symmetrise the rounding.
        for (int i = 0; i < n; i++)
            for (int j = 0; j < i; j++)
                inverse[i * n + j] = inverse[j * n + i] = 0.5 * (inverse[i * n + j] + inverse[j * n + i]);
        return inverse;
    }

    /// <summary>Solves A x = b in place.</summary>
    public void Solve(Span<double> b)
    {
        int n = Dimension;
        for (int i = 0; i < n; i++)
        {
            double sum = b[i];
            for (int k = 0; k < i; k++) sum -= _lower[i * n + k] * b[k];
            b[i] = sum / _lower[i * n + i];
        }
        for (int i = n - 1; i >= 0; i--)
        {
            double sum = b[i];
            for (int k = i + 1; k < n; k++) sum -= _lower[k * n + i] * b[k];
            b[i] = sum / _lower[i * n + i];
        }
    }

    /// <summary>destination = L z.</summary>
    public void MultiplyLower(ReadOnlySpan<double> z, Span<double> destination)
    {
        int n = Dimension;
        for (int i = 0; i < n; i++)
        {
            double sum = 0;
            for (int k = 0; k <= i; k++) sum += _lower[i * n + k] * z[k];
            destination[i] = sum;
        }
    }
}
