using Clv.Probabilistic.Inference.Diagnostics;
using Clv.Probabilistic.Inference.Laplace;
using Clv.Probabilistic.Inference.Sampling;
using MathNet.Numerics.Distributions;
using MathNet.Numerics.Random;

namespace Clv.Probabilistic.Inference.Optimization;

/// <summary>Seeded draws from N(θ̂, Σ) as θ̂ + L z (Σ = L Lᵀ), the same on every machine for the same seed.</summary>
internal static class GaussianDraws
{
    /// <summary>Draws from N(<paramref name="theta"/>, <paramref name="covariance"/>) (row-major), mapped by <paramref name="transform"/>.</summary>
    /// <exception cref="NotPositiveDefiniteException">The covariance is not positive definite.</exception>
    public static ParameterDraws Draw(ReadOnlySpan<double> theta, double[] covariance, IReadOnlyList<string> names, int count, int seed,
        ParameterTransform? transform)
    {
        var factor = Cholesky.TryFactor(covariance, theta.Length, out int pivot)
            ?? throw new NotPositiveDefiniteException(pivot, names[pivot]);
        return Draw(theta, factor, names, count, seed, transform);
    }

    /// <summary>Draws with a covariance already factored.</summary>
    public static ParameterDraws Draw(ReadOnlySpan<double> theta, Cholesky factor, IReadOnlyList<string> names, int count, int seed,
        ParameterTransform? transform)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        int n = theta.Length;
        var random = new Xoshiro256StarStar(seed);
        var values = new double[count * n];
        Span<double> z = stackalloc double[n];
        Span<double> point = stackalloc double[n];
        for (int d = 0; d < count; d++)
        {
            for (int i = 0; i < n; i++) z[i] = Normal.Sample(random, 0.0, 1.0);
            factor.MultiplyLower(z, point);
            for (int i = 0; i < n; i++) point[i] += theta[i];
            var destination = values.AsSpan(d * n, n);
            if (transform is null) point.CopyTo(destination);
            else transform(point, destination);
        }
        return new ParameterDraws(names, values);
    }
}
