using System.Numerics;
using MathNet.Numerics.IntegralTransforms;

namespace Clv.Probabilistic.Inference;

/// <summary>Autocovariance of a series by the fast Fourier transform (Wiener–Khinchin), O(n log n).</summary>
internal static class Autocovariance
{
    /// <summary>
    /// Writes γ̂(t) = (1/n) Σ_{i=0}^{n−1−t} (xᵢ − x̄)(x_{i+t} − x̄) for t = 0..n−1 (the biased estimator).
    /// The series is zero-padded to a power of two ≥ 2n so the circular correlation equals the linear one.
    /// </summary>
    public static void Compute(ReadOnlySpan<double> x, Span<double> result)
    {
        int n = x.Length;
        if (result.Length < n) throw new ArgumentException("The result is shorter than the series.", nameof(result));
        double mean = 0;
        foreach (double v in x) mean += v;
        mean /= n;
        int size = 1;
        while (size < 2 * n) size <<= 1;
        var buffer = new Complex[size];
        for (int i = 0; i < n; i++) buffer[i] = new Complex(x[i] - mean, 0);
        Fourier.Forward(buffer, FourierOptions.NoScaling);
        for (int i = 0; i < size; i++)
        {
            double m = buffer[i].Real * buffer[i].Real + buffer[i].Imaginary * buffer[i].Imaginary;
            buffer[i] = new Complex(m, 0);
        }
        Fourier.Inverse(buffer, FourierOptions.NoScaling);
        for (int t = 0; t < n; t++) result[t] = buffer[t].Real / size / n;
    }
}
