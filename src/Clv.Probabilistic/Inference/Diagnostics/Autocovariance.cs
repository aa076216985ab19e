using Clv.Probabilistic.Inference.Laplace;
using Clv.Probabilistic.Inference.Optimization;
using Clv.Probabilistic.Inference.Sampling;

namespace Clv.Probabilistic.Inference.Diagnostics;

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
        var re = new double[size];
        var im = new double[size];
        for (int i = 0; i < n; i++) re[i] = x[i] - mean;
        Transform(re, im, inverse: false);
        for (int i = 0; i < size; i++)
        {
            re[i] = re[i] * re[i] + im[i] * im[i];
            im[i] = 0;
        }
        Transform(re, im, inverse: true);
        for (int t = 0; t < n; t++) result[t] = re[t] / size / n;
    }

    /// <summary>In-place iterative radix-2 Cooley–Tukey transform, unscaled in both directions.</summary>
    internal static void Transform(double[] re, double[] im, bool inverse)
    {
        int size = re.Length;
        for (int i = 1, j = 0; i < size; i++)
        {
            int bit = size >> 1;
            for (; (j & bit) != 0; bit >>= 1) j ^= bit;
            j ^= bit;
            if (i < j)
            {
                (re[i], re[j]) = (re[j], re[i]);
                (im[i], im[j]) = (im[j], im[i]);
            }
        }
        for (int length = 2; length <= size; length <<= 1)
        {
            double angle = (inverse ? 2 : -2) * Math.PI / length;
            int half = length >> 1;
            for (int k = 0; k < half; k++)
            {
                double wr = Math.Cos(angle * k), wi = Math.Sin(angle * k);
                for (int start = 0; start < size; start += length)
                {
                    int a = start + k, b = a + half;
                    double tr = re[b] * wr - im[b] * wi;
                    double ti = re[b] * wi + im[b] * wr;
                    re[b] = re[a] - tr;
                    im[b] = im[a] - ti;
                    re[a] += tr;
                    im[a] += ti;
                }
            }
        }
    }
}
