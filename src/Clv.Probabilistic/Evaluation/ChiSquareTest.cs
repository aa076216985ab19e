using MathNet.Numerics;

namespace Clv.Probabilistic.Evaluation;

/// <summary>A bin of a <see cref="ChiSquareTest"/> after pooling: original bins <see cref="FirstBin"/> to <see cref="LastBin"/>.</summary>
/// <param name="FirstBin">Index of the first original bin pooled here.</param>
/// <param name="LastBin">Index of the last original bin pooled here (inclusive).</param>
/// <param name="Observed">Observed count of the pooled bin.</param>
/// <param name="Expected">Expected count of the pooled bin.</param>
public sealed record PooledBin(int FirstBin, int LastBin, double Observed, double Expected);

/// <summary>
/// Pearson's chi-square goodness-of-fit test of observed against expected counts, after pooling bins with small
/// expected counts.
/// </summary>
/// <remarks>
/// Statistic X² = Σ_b (O_b − E_b)² / E_b over the pooled bins (Pearson 1900). Degrees of freedom: pooled bins − 1 − the
/// number of parameters fitted to the same data (Fisher 1924), which the caller supplies. p-value = P(χ²_df ≥ X²), the
/// upper regularised incomplete gamma function Q(df/2, X²/2), which equals 1 − <c>ChiSquared.CDF(df, X²)</c> without
/// its loss of precision for small p.
/// <para>
/// Pooling rule (after Cochran (1954), "Some methods for strengthening the common χ² tests", Biometrics 10(4), who asks
/// for expected counts of about 5): while more than one bin remains and some bin's expected count is below
/// <c>minimumExpected</c> (default 5), take the bin with the smallest expected count (the first one on ties) and merge it
/// with its adjacent bin of smaller expected count (the lower one on ties; the only one at either end). Bins stay
/// contiguous, so a pooled bin reads as a range of counts such as "4–6" or "7+".
/// </para>
/// </remarks>
/// <param name="Statistic">Pearson's X².</param>
/// <param name="DegreesOfFreedom">Pooled bins − 1 − fitted parameters; may be ≤ 0.</param>
/// <param name="PValue">P(χ²_df ≥ X²); <c>null</c> when <see cref="DegreesOfFreedom"/> &lt; 1 (too few bins to test).</param>
/// <param name="Bins">The bins after pooling.</param>
public sealed record ChiSquareTest(double Statistic, int DegreesOfFreedom, double? PValue, IReadOnlyList<PooledBin> Bins)
{
    /// <summary>Pools bins, then computes the statistic, degrees of freedom and p-value.</summary>
    /// <param name="observed">Observed count per bin (≥ 0).</param>
    /// <param name="expected">Expected count per bin (≥ 0, total &gt; 0).</param>
    /// <param name="fittedParameters">Number of model parameters estimated from these data (for example 4 for BG/NBD).</param>
    /// <param name="minimumExpected">Pool until every bin expects at least this many; 0 disables pooling.</param>
    /// <exception cref="ArgumentException">Lengths differ, there are no bins, or the expected counts sum to 0.</exception>
    /// <exception cref="InvalidRowException">A count is negative or not finite.</exception>
    /// <exception cref="InvalidOperationException">A pooled bin expects 0 customers but observed some (only when pooling is disabled).</exception>
    public static ChiSquareTest Compute(ReadOnlySpan<double> observed, ReadOnlySpan<double> expected, int fittedParameters,
        double minimumExpected = 5.0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(fittedParameters);
        if (!double.IsFinite(minimumExpected) || minimumExpected < 0)
            throw new ArgumentOutOfRangeException(nameof(minimumExpected), minimumExpected, "Must be finite and ≥ 0.");
        if (observed.IsEmpty) throw new ArgumentException("At least one bin is needed.", nameof(observed));
        Input.SameLength(observed.Length, nameof(observed), expected.Length, nameof(expected));
        Input.NonNegative(observed, nameof(observed));
        Input.NonNegative(expected, nameof(expected));

        var bins = new List<PooledBin>(observed.Length);
        double totalExpected = 0;
        for (int b = 0; b < observed.Length; b++)
        {
            bins.Add(new PooledBin(b, b, observed[b], expected[b]));
            totalExpected += expected[b];
        }
        if (!(totalExpected > 0)) throw new ArgumentException("The expected counts sum to 0.", nameof(expected));
        Pool(bins, minimumExpected);

        double statistic = 0;
        foreach (var bin in bins)
        {
            double gap = bin.Observed - bin.Expected;
            if (bin.Expected > 0) statistic += gap * gap / bin.Expected;
            else if (bin.Observed > 0)
                throw new InvalidOperationException($"Bins {bin.FirstBin}–{bin.LastBin} expect 0 customers but {bin.Observed} were observed; enable pooling.");
        }
        int df = bins.Count - 1 - fittedParameters;
        double? p = df >= 1 ? UpperTail(statistic, df) : null;
        return new ChiSquareTest(statistic, df, p, bins);
    }

    /// <summary>P(χ²_df ≥ x) = Q(df/2, x/2).</summary>
    internal static double UpperTail(double x, int degreesOfFreedom) =>
        x <= 0 ? 1.0 : SpecialFunctions.GammaUpperRegularized(degreesOfFreedom / 2.0, x / 2.0);

    private static void Pool(List<PooledBin> bins, double minimumExpected)
    {
        while (bins.Count > 1)
        {
            int smallest = 0;
            for (int b = 1; b < bins.Count; b++)
                if (bins[b].Expected < bins[smallest].Expected) smallest = b;
            if (bins[smallest].Expected >= minimumExpected) return;

            int neighbour = smallest == 0 ? 1
                : smallest == bins.Count - 1 ? smallest - 1
                : bins[smallest + 1].Expected < bins[smallest - 1].Expected ? smallest + 1 : smallest - 1;
            int left = Math.Min(smallest, neighbour);
            PooledBin a = bins[left], c = bins[left + 1];
            bins[left] = new PooledBin(a.FirstBin, c.LastBin, a.Observed + c.Observed, a.Expected + c.Expected);
            bins.RemoveAt(left + 1);
        }
    }
}
