using Clv.Probabilistic.Data;

namespace Clv.Probabilistic.Models.BgNbd;

/// <summary>
/// A summary prepared for the BG/NBD likelihood: customers without repeat purchases (x = 0) merged by T, the repeat rows
/// in runs of equal x (ascending), so that every term depending on x alone is computed once per distinct x and is
/// constant along a run. Within each run the rows of weight exactly 1 come first (their ln(1 + e^{−|d|}) terms can be
/// summed as the logarithm of a product). Identical (x, t_x, T) rows are merged where that pays
/// (<see cref="RowTable.WorthMerging"/>); T and t_x are each tabulated when they take few distinct values (whole days,
/// weeks). A large summary whose rows are not merged and whose durations tabulate is laid out by
/// <see cref="PackedRows"/> straight from its columns, with the same rows in the same order.
/// </summary>
internal sealed class BgNbdData
{
    internal BgNbdData(double[] zeroT, double[] zeroWeight, RowRuns runs, double[] groupWeight, double totalWeight, int originalRows)
    {
        ZeroT = zeroT;
        ZeroWeight = zeroWeight;
        Runs = runs;
        GroupWeight = groupWeight;
        TotalWeight = totalWeight;
        OriginalRows = originalRows;
    }

    /// <summary>The repeat rows as <see cref="RowKernel"/> sums them.</summary>
    public RowRuns Runs { get; }

    /// <summary>Distinct T of the rows with x = 0.</summary>
    public double[] ZeroT { get; }

    /// <summary>Total weight of each <see cref="ZeroT"/>.</summary>
    public double[] ZeroWeight { get; }

    /// <summary>Number of repeat-purchase rows (x ≥ 1).</summary>
    public int RepeatRows => Runs.GroupStart[^1];

    /// <summary>Distinct values of x ≥ 1, ascending.</summary>
    public int[] DistinctX => Runs.DistinctX;

    /// <summary>Total weight of the rows with each <see cref="DistinctX"/>.</summary>
    public double[] GroupWeight { get; }

    /// <summary>The distinct values of T over the repeat rows when they are few (for example whole days); else null.</summary>
    public DurationTable? TTable => Runs.TTable;

    /// <summary>The distinct values of t_x over the repeat rows when they are few; else null.</summary>
    public DurationTable? RecencyTable => Runs.RecencyTable;

    /// <summary>Sum of all weights (customers).</summary>
    public double TotalWeight { get; }

    /// <summary>Rows of the summary this was built from.</summary>
    public int OriginalRows { get; }

    /// <summary>Rows after merging (both kinds).</summary>
    public int CompressedRows => ZeroT.Length + RepeatRows;

    /// <summary>Σ w T over all rows and Σ w x over the repeat rows, each summed in row order (the x = 0 rows first).</summary>
    public (double Exposure, double Purchases) Totals()
    {
        double exposure = 0, purchases = 0;
        for (int i = 0; i < ZeroT.Length; i++) exposure += ZeroWeight[i] * ZeroT[i];
        var runs = Runs;
        for (int j = 0; j < runs.DistinctX.Length; j++)
        {
            double x = runs.DistinctX[j];
            for (int i = runs.GroupStart[j]; i < runs.GroupStart[j + 1]; i++)
            {
                double w = i < runs.UnitEnd[j] ? 1.0 : runs.Weight[i];
                double t = runs.PackedIndex is { } packed ? runs.TTable!.Values[packed[i] & 0xFFFF] : runs.T[i];
                exposure += w * t;
                purchases += w * x;
            }
        }
        return (exposure, purchases);
    }

    /// <summary>Merges identical rows of <paramref name="summary"/> where that pays and orders the repeat rows by x (stable).</summary>
    /// <exception cref="ArgumentException">The summary has no rows, or a frequency exceeds 2^31 − 1.</exception>
    public static BgNbdData From(RfmSummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        if (summary.Count == 0) throw new ArgumentException("The summary has no customers.", nameof(summary));
        if (summary.Count > PackedRows.MinimumRows && !RowTable.WorthMerging(summary.Frequency, summary.Recency, summary.T, summary.Count)
            && PackedRows.TryBuild(summary, "BG/NBD") is { } packed)
            return packed;
        return General(summary);
    }

    /// <summary>The data by the general path (<see cref="RowTable"/>, <see cref="GroupedRows"/>), whatever the summary.</summary>
    internal static BgNbdData General(RfmSummary summary)
    {
        var (repeatRows, total) = RowTable.Check(summary, "BG/NBD");
        bool merge = RowTable.WorthMerging(summary.Frequency, summary.Recency, summary.T, repeatRows);
        var (zeros, repeats) = RowTable.Split(summary, repeatRows, merge);
        var g = GroupedRows.From(repeats);
        var runs = new RowRuns(g.DistinctX, g.GroupStart, g.UnitEnd, g.Recency, g.T, g.Weight,
            DurationTable.TryCreate(g.T), DurationTable.TryCreate(g.Recency));
        return new BgNbdData(zeros.T.AsSpan(0, zeros.Count).ToArray(), zeros.Weight.AsSpan(0, zeros.Count).ToArray(),
            runs, g.GroupWeight, total, summary.Count);
    }
}
