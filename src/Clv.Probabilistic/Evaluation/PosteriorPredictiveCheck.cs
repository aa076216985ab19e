namespace Clv.Probabilistic.Evaluation;

/// <summary>
/// Posterior predictive check of a histogram (for example the period-transactions histogram of a Bayesian fit):
/// a predictive interval per bin from replicated histograms, and the posterior predictive p-value of the chi-square
/// discrepancy.
/// </summary>
/// <remarks>
/// For each posterior draw θ_d the caller simulates a replicated data set and bins it like the observed one (R_d), and
/// may give the expected histogram E_d under θ_d. The discrepancy is D(y, θ_d) = Σ_b (y_b − E_d,b)² / E_d,b and the
/// p-value is the fraction of draws with D(R_d, θ_d) ≥ D(observed, θ_d): Gelman, Meng &amp; Stern (1996), "Posterior
/// predictive assessment of model fitness via realized discrepancies", Statistica Sinica 6(4), section 2; Gelman et al.,
/// Bayesian Data Analysis (3rd ed., 2013), section 6.3. Values near 0 or 1 flag misfit. When no expected histograms
/// are given, E_d is the mean of the replicated histograms for every draw (a common shortcut that ignores how the
/// expectation varies with θ). Bins where E_d,b = 0 add 0 when the count is 0 and make the discrepancy infinite
/// otherwise (an impossible count), which the comparison handles. Interval ends are the equal-tailed quantiles of the
/// replicated counts with linear interpolation between order statistics (Hyndman &amp; Fan (1996), "Sample quantiles in
/// statistical packages", The American Statistician 50(4), definition 7).
/// </remarks>
/// <param name="Level">Central probability of the intervals, for example 0.9.</param>
/// <param name="Lower">Lower end of the predictive interval per bin.</param>
/// <param name="Median">Median replicated count per bin.</param>
/// <param name="Upper">Upper end of the predictive interval per bin.</param>
/// <param name="Outside">Per bin, whether the observed count lies outside its interval.</param>
/// <param name="PValue">Posterior predictive p-value of the chi-square discrepancy.</param>
public sealed record PosteriorPredictiveCheck(
    double Level,
    IReadOnlyList<double> Lower,
    IReadOnlyList<double> Median,
    IReadOnlyList<double> Upper,
    IReadOnlyList<bool> Outside,
    double PValue)
{
    /// <summary>Computes the intervals and p-value.</summary>
    /// <param name="observed">Observed count per bin.</param>
    /// <param name="replicated">Draw-major replicated counts: entry d·bins + b; length a positive multiple of the bins.</param>
    /// <param name="expected">Draw-major expected counts under each draw, same layout; empty to use the mean replicated histogram.</param>
    /// <param name="level">Central probability of the intervals, in (0, 1).</param>
    /// <exception cref="ArgumentException">Layouts do not match.</exception>
    /// <exception cref="InvalidRowException">A count is negative or not finite (row = draw-major index).</exception>
    public static PosteriorPredictiveCheck Compute(ReadOnlySpan<double> observed, ReadOnlySpan<double> replicated,
        ReadOnlySpan<double> expected = default, double level = 0.9)
    {
        if (!(level > 0 && level < 1)) throw new ArgumentOutOfRangeException(nameof(level), level, "Must be in (0, 1).");
        int bins = observed.Length;
        if (bins == 0) throw new ArgumentException("At least one bin is needed.", nameof(observed));
        if (replicated.IsEmpty || replicated.Length % bins != 0)
            throw new ArgumentException($"'{nameof(replicated)}' has {replicated.Length} entries, not a positive multiple of {bins} bins.", nameof(replicated));
        int draws = replicated.Length / bins;
        if (!expected.IsEmpty) Input.SameLength(replicated.Length, nameof(replicated), expected.Length, nameof(expected));
        Input.NonNegative(observed, nameof(observed));
        Input.NonNegative(replicated, nameof(replicated));
        Input.NonNegative(expected, nameof(expected));

        var meanReplicated = new double[bins];
        for (int d = 0; d < draws; d++)
            for (int b = 0; b < bins; b++) meanReplicated[b] += replicated[d * bins + b] / draws;

        int atLeastAsExtreme = 0;
        for (int d = 0; d < draws; d++)
        {
            var e = expected.IsEmpty ? meanReplicated : expected.Slice(d * bins, bins);
            if (Discrepancy(replicated.Slice(d * bins, bins), e) >= Discrepancy(observed, e)) atLeastAsExtreme++;
        }

        var lower = new double[bins];
        var median = new double[bins];
        var upper = new double[bins];
        var outside = new bool[bins];
        var column = new double[draws];
        double tail = (1 - level) / 2;
        for (int b = 0; b < bins; b++)
        {
            for (int d = 0; d < draws; d++) column[d] = replicated[d * bins + b];
            Array.Sort(column);
            lower[b] = SortedQuantile(column, tail);
            median[b] = SortedQuantile(column, 0.5);
            upper[b] = SortedQuantile(column, 1 - tail);
            outside[b] = observed[b] < lower[b] || observed[b] > upper[b];
        }
        return new PosteriorPredictiveCheck(level, lower, median, upper, outside, (double)atLeastAsExtreme / draws);
    }

    /// <summary>Σ_b (y_b − e_b)² / e_b, with 0/0 = 0 and y/0 = ∞ for y &gt; 0.</summary>
    internal static double Discrepancy(ReadOnlySpan<double> counts, ReadOnlySpan<double> expected)
    {
        double sum = 0;
        for (int b = 0; b < counts.Length; b++)
        {
            double gap = counts[b] - expected[b];
            if (expected[b] > 0) sum += gap * gap / expected[b];
            else if (counts[b] > 0) return double.PositiveInfinity;
        }
        return sum;
    }

    /// <summary>Quantile of sorted values, Hyndman–Fan definition 7: interpolate at position (n − 1)·prob.</summary>
    internal static double SortedQuantile(ReadOnlySpan<double> sorted, double prob)
    {
        double position = (sorted.Length - 1) * prob;
        int below = (int)Math.Floor(position);
        if (below >= sorted.Length - 1) return sorted[^1];
        double fraction = position - below;
        return sorted[below] + fraction * (sorted[below + 1] - sorted[below]);
    }
}
