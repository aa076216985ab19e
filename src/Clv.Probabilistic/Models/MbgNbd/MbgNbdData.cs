using Clv.Probabilistic.Models.BgNbd;
using Clv.Probabilistic.Data;

namespace Clv.Probabilistic.Models.MbgNbd;

/// <summary>
/// A summary prepared for the MBG/NBD likelihood: identical (x, t_x, T) rows merged with their weights added, in a
/// canonical order (by x, then the rows of weight 1 before the others, then t_x, then T) so that the sums do not depend on the order of the input rows; every row
/// knows the index of its x among the distinct counts, whose terms are computed once per evaluation.
/// </summary>
internal sealed class MbgNbdData
{
    private MbgNbdData(int[] group, double[] recency, double[] t, double[] weight, int[] distinctX, double[] groupWeight,
        double totalWeight, bool anyRepeat)
    {
        Group = group;
        Recency = recency;
        T = t;
        Weight = weight;
        DistinctX = distinctX;
        GroupWeight = groupWeight;
        TotalWeight = totalWeight;
        AnyRepeat = anyRepeat;
        TTable = DurationTable.TryCreate(t);
        RecencyTable = DurationTable.TryCreate(recency);
        var groupStart = new int[distinctX.Length + 1];
        var unitEnd = new int[distinctX.Length];
        for (int i = 0; i < group.Length; i++)
        {
            groupStart[group[i] + 1] = i + 1;
            if (weight[i] == 1) unitEnd[group[i]] = i + 1;
        }
        for (int j = 0; j < unitEnd.Length; j++) unitEnd[j] = Math.Max(unitEnd[j], groupStart[j]);
        Runs = new RowRuns(distinctX, groupStart, unitEnd, recency, t, weight, TTable, RecencyTable);
    }

    /// <summary>The rows as BG/NBD's <see cref="RowKernel"/> sums them (its two-term log-sum is the MBG/NBD row's).</summary>
    public RowRuns Runs { get; }

    /// <summary>Distinct T values and each row's index among them, or null when too many are distinct to pay off.</summary>
    public DurationTable? TTable { get; }

    /// <summary>Distinct t_x values and each row's index among them, or null when too many are distinct to pay off.</summary>
    public DurationTable? RecencyTable { get; }

    /// <summary>Index in <see cref="DistinctX"/> of each row's x.</summary>
    public int[] Group { get; }

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

    /// <summary>Merges identical rows of <paramref name="summary"/> and orders them by (x, weight ≠ 1, t_x, T).</summary>
    /// <exception cref="ArgumentException">The summary has no rows, or a frequency exceeds 2^31 − 1.</exception>
    public static MbgNbdData From(RfmSummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        if (summary.Count == 0) throw new ArgumentException("The summary has no customers.", nameof(summary));
        ReadOnlySpan<double> fx = summary.Frequency, ftx = summary.Recency, ft = summary.T, fw = summary.Weights;
        var table = new RowTable(fx.Length, merge: true);
        double total = 0;
        for (int i = 0; i < fx.Length; i++)
        {
            if (fx[i] > int.MaxValue)
                throw new ArgumentException($"Customer '{summary.CustomerIds[i]}' (row {i}): frequency {fx[i]} is too large.", nameof(summary));
            if (RfmSummary.RepeatWithoutRecency(fx[i], ftx[i]) is { } repeat)
                throw new ArgumentException($"{summary.Where(i)}: {repeat} The MBG/NBD likelihood is unbounded there (α → 0).", nameof(summary));
            total += fw[i];
            table.Add(fx[i], ftx[i], ft[i], fw[i]);
        }
        double[] keyX = table.X, keyRecency = table.Recency, keyT = table.T, weights = table.Weight;
        // By x, the rows of weight 1 first (as RowKernel sums them), then by t_x and T.
        var order = Enumerable.Range(0, table.Count).ToArray();
        var sortKeys = new SortKey[table.Count];
        for (int k = 0; k < sortKeys.Length; k++) sortKeys[k] = new SortKey(keyX[k], weights[k] == 1 ? 0 : 1, keyRecency[k], keyT[k]);
        sortKeys.AsSpan().Sort(order.AsSpan(), default(SortKeyOrder));

        int n = order.Length;
        var group = new int[n];
        var recency = new double[n];
        var t = new double[n];
        var weight = new double[n];
        var distinct = new List<int>();
        var groupWeight = new List<double>();
        for (int k = 0; k < n; k++)
        {
            double x = keyX[order[k]], tx = keyRecency[order[k]], tt = keyT[order[k]];
            if (distinct.Count == 0 || distinct[^1] != (int)x)
            {
                distinct.Add((int)x);
                groupWeight.Add(0);
            }
            group[k] = distinct.Count - 1;
            groupWeight[^1] += weights[order[k]];
            recency[k] = tx;
            t[k] = tt;
            weight[k] = weights[order[k]];
        }
        return new MbgNbdData(group, recency, t, weight, distinct.ToArray(), groupWeight.ToArray(), total, distinct[^1] > 0);
    }

    private readonly record struct SortKey(double X, int NotUnit, double Recency, double T);

    /// <summary>By x, rows of weight 1 first, then t_x, then T (each double by <see cref="double.CompareTo(double)"/>).</summary>
    private readonly struct SortKeyOrder : IComparer<SortKey>
    {
        public int Compare(SortKey a, SortKey b)
        {
            int c = a.X.CompareTo(b.X);
            if (c == 0) c = a.NotUnit.CompareTo(b.NotUnit);
            if (c == 0) c = a.Recency.CompareTo(b.Recency);
            return c != 0 ? c : a.T.CompareTo(b.T);
        }
    }
}
