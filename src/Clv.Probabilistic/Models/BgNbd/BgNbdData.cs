using Clv.Probabilistic.Data;

namespace Clv.Probabilistic.Models.BgNbd;

/// <summary>
/// A summary prepared for the BG/NBD likelihood: identical (x, t_x, T) rows merged with their weights added,
/// customers without repeat purchases (x = 0) kept apart and merged by T, and the repeat rows ordered by x, so that
/// every term depending on x alone is computed once per distinct x and is constant along a run of rows.
/// Within each run the rows of weight exactly 1 come first (their ln(1 + e^{−|d|}) terms can be summed as the
/// logarithm of a product). T and t_x are each tabulated when they take few distinct values (whole days, weeks).
/// </summary>
internal sealed class BgNbdData
{
    private BgNbdData(double[] zeroT, double[] zeroWeight, double[] x, double[] recency, double[] t, double[] weight,
        int[] distinctX, int[] groupStart, int[] unitEnd, double[] groupWeight, double totalWeight, int originalRows)
    {
        ZeroT = zeroT;
        ZeroWeight = zeroWeight;
        X = x;
        Recency = recency;
        T = t;
        Weight = weight;
        DistinctX = distinctX;
        GroupStart = groupStart;
        UnitEnd = unitEnd;
        GroupWeight = groupWeight;
        TotalWeight = totalWeight;
        OriginalRows = originalRows;
        TTable = DurationTable.TryCreate(t);
        RecencyTable = DurationTable.TryCreate(recency);
        Runs = new RowRuns(distinctX, groupStart, unitEnd, recency, t, weight, TTable, RecencyTable);
    }

    /// <summary>The repeat rows as <see cref="RowKernel"/> sums them.</summary>
    public RowRuns Runs { get; }

    /// <summary>Distinct T of the rows with x = 0.</summary>
    public double[] ZeroT { get; }

    /// <summary>Total weight of each <see cref="ZeroT"/>.</summary>
    public double[] ZeroWeight { get; }

    /// <summary>x of each repeat-purchase row (x ≥ 1), non-decreasing.</summary>
    public double[] X { get; }

    /// <summary>t_x of each repeat-purchase row.</summary>
    public double[] Recency { get; }

    /// <summary>T of each repeat-purchase row.</summary>
    public double[] T { get; }

    /// <summary>Weight of each repeat-purchase row.</summary>
    public double[] Weight { get; }

    /// <summary>Distinct values of x ≥ 1, ascending.</summary>
    public int[] DistinctX { get; }

    /// <summary>
    /// Rows with x = <see cref="DistinctX"/>[j] are [GroupStart[j], GroupStart[j + 1]); the array has one more
    /// element than <see cref="DistinctX"/>.
    /// </summary>
    public int[] GroupStart { get; }

    /// <summary>Rows [GroupStart[j], UnitEnd[j]) of group j have weight exactly 1, the rest of the group other weights.</summary>
    public int[] UnitEnd { get; }

    /// <summary>Total weight of the rows with each <see cref="DistinctX"/>.</summary>
    public double[] GroupWeight { get; }

    /// <summary>The distinct values of T over the repeat rows when they are few (for example whole days); else null.</summary>
    public DurationTable? TTable { get; }

    /// <summary>The distinct values of t_x over the repeat rows when they are few; else null.</summary>
    public DurationTable? RecencyTable { get; }

    /// <summary>Sum of all weights (customers).</summary>
    public double TotalWeight { get; }

    /// <summary>Rows of the summary this was built from.</summary>
    public int OriginalRows { get; }

    /// <summary>Rows after merging (both kinds).</summary>
    public int CompressedRows => ZeroT.Length + X.Length;

    /// <summary>Merges identical rows of <paramref name="summary"/> and orders the repeat rows by x (stable).</summary>
    /// <exception cref="ArgumentException">The summary has no rows, or a frequency exceeds 2^31 − 1.</exception>
    public static BgNbdData From(RfmSummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        if (summary.Count == 0) throw new ArgumentException("The summary has no customers.", nameof(summary));
        var (zeros, repeats, total) = RowTable.Split(summary, "BG/NBD");
        var g = GroupedRows.From(repeats);
        return new BgNbdData(zeros.T.AsSpan(0, zeros.Count).ToArray(), zeros.Weight.AsSpan(0, zeros.Count).ToArray(),
            g.X, g.Recency, g.T, g.Weight, g.DistinctX, g.GroupStart, g.UnitEnd, g.GroupWeight, total, summary.Count);
    }
}
