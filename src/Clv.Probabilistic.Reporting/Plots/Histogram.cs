namespace Clv.Probabilistic.Reporting.Plots;

/// <summary>Equal-width bins over a sample, optionally on the log10 scale.</summary>
/// <param name="Edges">Bin edges, one more than <paramref name="Counts"/>; on the log scale these are log10 values.</param>
/// <param name="Counts">Number of values in each bin: [Edges[k], Edges[k+1]), the last bin closed on the right.</param>
/// <param name="Excluded">Values left out because they are not positive (log scale only).</param>
internal sealed record Histogram(double[] Edges, int[] Counts, int Excluded)
{
    /// <summary>Bins <paramref name="values"/> (all finite) into <paramref name="binCount"/> equal bins.</summary>
    public static Histogram Compute(ReadOnlySpan<double> values, int binCount, bool logScale)
    {
        var kept = new List<double>(values.Length);
        foreach (double v in values)
            if (!logScale) kept.Add(v);
            else if (v > 0) kept.Add(Math.Log10(v));
        int excluded = values.Length - kept.Count;
        if (kept.Count == 0)
            throw new ArgumentException("values has no positive value to show on a log scale.", nameof(values));

        double min = kept.Min(), max = kept.Max();
        if (max == min)
        {
            min -= 0.5;
            max += 0.5;
        }
        double width = (max - min) / binCount;
        var edges = new double[binCount + 1];
        for (int k = 0; k <= binCount; k++) edges[k] = min + k * width;
        edges[binCount] = max;

        var counts = new int[binCount];
        foreach (double v in kept)
        {
            int k = Math.Clamp((int)((v - min) / width), 0, binCount - 1);
            // The division can round across an edge; settle on the bin whose half-open interval holds v.
            while (k > 0 && v < edges[k]) k--;
            while (k < binCount - 1 && v >= edges[k + 1]) k++;
            counts[k]++;
        }
        return new Histogram(edges, counts, excluded);
    }
}
