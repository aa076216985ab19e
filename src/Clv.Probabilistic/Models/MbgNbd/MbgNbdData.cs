using Clv.Probabilistic.Models.BgNbd;
using Clv.Probabilistic.Data;

namespace Clv.Probabilistic.Models.MbgNbd;

/// <summary>
/// A summary prepared for the MBG/NBD likelihood: identical (x, t_x, T) rows merged with their weights added (customers
/// without repeat purchases merged by T), in runs of equal x with the rows of weight 1 first, as BG/NBD's
/// <see cref="RowKernel"/> sums them; the terms depending on x alone are computed once per distinct x.
/// </summary>
internal sealed class MbgNbdData
{
    private MbgNbdData(GroupedRows rows, double totalWeight)
    {
        X = rows.X;
        Recency = rows.Recency;
        T = rows.T;
        Weight = rows.Weight;
        DistinctX = rows.DistinctX;
        GroupWeight = rows.GroupWeight;
        TotalWeight = totalWeight;
        AnyRepeat = DistinctX[^1] > 0;
        TTable = DurationTable.TryCreate(T);
        RecencyTable = DurationTable.TryCreate(Recency);
        Runs = new RowRuns(DistinctX, rows.GroupStart, rows.UnitEnd, Recency, T, Weight, TTable, RecencyTable);
    }

    /// <summary>The rows as BG/NBD's <see cref="RowKernel"/> sums them (its two-term log-sum is the MBG/NBD row's).</summary>
    public RowRuns Runs { get; }

    /// <summary>Distinct T values and each row's index among them, or null when too many are distinct to pay off.</summary>
    public DurationTable? TTable { get; }

    /// <summary>Distinct t_x values and each row's index among them, or null when too many are distinct to pay off.</summary>
    public DurationTable? RecencyTable { get; }

    /// <summary>x of each row, non-decreasing.</summary>
    public double[] X { get; }

    /// <summary>t_x of each row (0 where x = 0).</summary>
    public double[] Recency { get; }

    /// <summary>T of each row.</summary>
    public double[] T { get; }

    /// <summary>Weight of each row.</summary>
    public double[] Weight { get; }

    /// <summary>Distinct values of x, ascending.</summary>
    public int[] DistinctX { get; }

    /// <summary>Total weight of the rows with each <see cref="DistinctX"/>.</summary>
    public double[] GroupWeight { get; }

    /// <summary>Sum of all weights (customers).</summary>
    public double TotalWeight { get; }

    /// <summary>Whether some customer has a repeat purchase.</summary>
    public bool AnyRepeat { get; }

    /// <summary>Rows after merging.</summary>
    public int Rows => T.Length;

    /// <summary>Merges identical rows of <paramref name="summary"/> and groups them by x (<see cref="GroupedRows"/>).</summary>
    /// <exception cref="ArgumentException">The summary has no rows, or a frequency exceeds 2^31 − 1.</exception>
    public static MbgNbdData From(RfmSummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        if (summary.Count == 0) throw new ArgumentException("The summary has no customers.", nameof(summary));
        var (zeros, repeats, total) = RowTable.Split(summary, "MBG/NBD");
        return new MbgNbdData(GroupedRows.From(zeros, repeats), total);
    }
}
