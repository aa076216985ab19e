namespace Clv.Probabilistic.Reporting.Plots;

/// <summary>Gaussian kernel density estimate with Silverman's rule-of-thumb bandwidth.</summary>
/// <remarks>
/// Silverman (1986), <i>Density Estimation for Statistics and Data Analysis</i>: the estimate is equation (2.2a),
/// f(t) = (1 / (n h)) Σ φ((t − x_i) / h) with the standard normal kernel φ, and the bandwidth equation (3.31),
/// h = 0.9 A n^(−1/5) with A = min(standard deviation, interquartile range / 1.34).
/// </remarks>
public static class KernelDensity
{
    private static readonly double InverseSqrtTwoPi = 1 / Math.Sqrt(2 * Math.PI);

    /// <summary>
    /// Silverman's bandwidth for <paramref name="sample"/>; 0 when the sample has no spread. Where the interquartile
    /// range is 0 but the standard deviation is not, A is the standard deviation.
    /// </summary>
    /// <exception cref="ArgumentException">Fewer than two values.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A value is NaN or infinite.</exception>
    public static double SilvermanBandwidth(ReadOnlySpan<double> sample)
    {
        if (sample.Length < 2) throw new ArgumentException("A bandwidth needs at least two values.", nameof(sample));
        InputGuard.Finite(sample, nameof(sample));
        int n = sample.Length;
        double mean = 0;
        foreach (double x in sample) mean += x;
        mean /= n;
        double squares = 0;
        foreach (double x in sample) squares += (x - mean) * (x - mean);
        double sd = Math.Sqrt(squares / (n - 1));

        var sorted = sample.ToArray();
        Array.Sort(sorted);
        double iqr = Quantile(sorted, 0.75) - Quantile(sorted, 0.25);
        double spread = iqr > 0 ? Math.Min(sd, iqr / 1.34) : sd;
        return 0.9 * spread * Math.Pow(n, -0.2);
    }

    /// <summary>Writes the density estimate at each point of <paramref name="at"/> into <paramref name="density"/>.</summary>
    /// <exception cref="ArgumentException">Empty sample, or <paramref name="density"/> shorter than <paramref name="at"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="bandwidth"/> not positive and finite.</exception>
    public static void Evaluate(ReadOnlySpan<double> sample, double bandwidth, ReadOnlySpan<double> at, Span<double> density)
    {
        if (sample.IsEmpty) throw new ArgumentException("The sample is empty.", nameof(sample));
        if (!(bandwidth > 0 && double.IsFinite(bandwidth)))
            throw new ArgumentOutOfRangeException(nameof(bandwidth), bandwidth, "The bandwidth must be positive and finite.");
        if (density.Length < at.Length)
            throw new ArgumentException($"density has room for {density.Length} values but {at.Length} are needed.", nameof(density));
        double scale = InverseSqrtTwoPi / (sample.Length * bandwidth);
        for (int j = 0; j < at.Length; j++)
        {
            double sum = 0;
            foreach (double x in sample)
            {
                double z = (at[j] - x) / bandwidth;
                sum += Math.Exp(-0.5 * z * z);
            }
            density[j] = sum * scale;
        }
    }

    /// <summary>Quantile of a sorted sample by linear interpolation between order statistics (Hyndman and Fan type 7).</summary>
    internal static double Quantile(double[] sorted, double probability)
    {
        double position = probability * (sorted.Length - 1);
        int below = (int)Math.Floor(position);
        int above = Math.Min(below + 1, sorted.Length - 1);
        return sorted[below] + (position - below) * (sorted[above] - sorted[below]);
    }
}
