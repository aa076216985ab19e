namespace Clv.Probabilistic.Models.BgNbd;

/// <summary>
/// The distinct values of a duration column (T or t_x) and, for every row, the index of its value, so that
/// ln(α + d) and 1/(α + d) are computed once per distinct value rather than once per row.
/// </summary>
internal sealed class DurationTable
{
    private DurationTable(double[] values, int[] index)
    {
        Values = values;
        Index = index;
    }

    /// <summary>Distinct durations, in order of first occurrence.</summary>
    public double[] Values { get; }

    /// <summary>Index into <see cref="Values"/> of each row (empty when the indexes are packed elsewhere).</summary>
    public int[] Index { get; }

    /// <summary>
    /// Tabulates <paramref name="column"/> when it has at least 64 rows and at most a quarter of them are distinct;
    /// otherwise returns null (a table would cost more than it saves).
    /// </summary>
    public static DurationTable? TryCreate(double[] column)
    {
        int n = column.Length, limit = n / 4;
        if (n < 64) return null;
        var index = new int[n];
        var distinct = new DistinctDurations();
        for (int i = 0; i < n; i++)
        {
            index[i] = distinct.IndexOf(column[i]);
            if (distinct.Count > limit) return null;
        }
        return new DurationTable(distinct.Values(), index);
    }

    /// <summary>A table of <paramref name="values"/> whose rows' indexes are kept elsewhere (<see cref="RowRuns.PackedIndex"/>).</summary>
    public static DurationTable OfValues(double[] values) => new(values, []);

    /// <summary>ln(α + d) and 1/(α + d) for each distinct duration d, interleaved: [ln(α + d₀), 1/(α + d₀), ln(α + d₁), …].</summary>
    public double[] Pairs(double alpha)
    {
        var pairs = new double[2 * Values.Length];
        for (int k = 0; k < Values.Length; k++)
        {
            double shifted = alpha + Values[k];
            pairs[2 * k] = Math.Log(shifted);
            pairs[2 * k + 1] = 1.0 / shifted;
        }
        return pairs;
    }
}
