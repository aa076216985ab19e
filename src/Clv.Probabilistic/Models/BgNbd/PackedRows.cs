using Clv.Probabilistic.Data;

namespace Clv.Probabilistic.Models.BgNbd;

/// <summary>
/// The rows of a large summary laid out for <see cref="RowKernel"/> straight from its columns, when its repeat rows are
/// not worth merging and T and t_x each take few distinct values: per repeat row one 32-bit word holding the indexes of
/// its T and t_x (<see cref="RowRuns.PackedIndex"/>), and a weight only where some weight is not 1. The rows, their order
/// and every sum are those of the general path (<see cref="RowTable.Split(RfmSummary, int, bool)"/>,
/// <see cref="GroupedRows"/>, <see cref="DurationTable"/>), without its four copied columns and per-row index arrays.
/// </summary>
internal static class PackedRows
{
    private const int IndexLimit = 1 << 16;

    /// <summary>Smallest summary worth this layout: below it the repeat rows are always merged (<see cref="RowTable.WorthMerging"/>).</summary>
    public const int MinimumRows = 8 * 8192;

    /// <summary>
    /// The data of <paramref name="summary"/>, whose first repeat rows are too distinct to merge, or null where this
    /// layout does not apply; checks each repeat row as <see cref="RowTable.Check"/> does, in the same order.
    /// </summary>
    /// <exception cref="ArgumentException">A frequency exceeds 2^31 − 1, or a repeat purchase has t_x = 0.</exception>
    public static BgNbdData? TryBuild(RfmSummary summary, string model)
    {
        ReadOnlySpan<double> fx = summary.Frequency, ftx = summary.Recency, ft = summary.T, fw = Weights(summary);
        int n = fx.Length, half = n / 2;
        if (n <= MinimumRows) return null;
        // As DurationTable: a table pays while at most a quarter of the rows are distinct (and here an index fits 16 bits).
        // The repeat rows are not counted yet, so the bound is checked as it can be during the pass and again after it.
        int limit = Math.Min(n / 4, IndexLimit);
        long largestX = Math.Max(1 << 16, 4L * n);
        var zeroT = new DistinctDurations();
        var zeroWeight = new List<double>();
        var t = new DistinctDurations();
        var recency = new DistinctDurations();
        var unit = new int[64];
        var other = new int[64];
        var weightOfX = new double[64];
        int[] unitBeforeHalf = [], otherBeforeHalf = [];
        bool allUnit = true;
        double total = 0;
        int repeatRows = 0;
        for (int i = 0; i < n; i++)
        {
            if (i == half)
            {
                unitBeforeHalf = (int[])unit.Clone();
                otherBeforeHalf = (int[])other.Clone();
            }
            double w = fw.IsEmpty ? 1.0 : fw[i];
            total += w;
            if (fx[i] == 0)
            {
                int k = zeroT.IndexOf(ft[i]);
                if (k == zeroWeight.Count) zeroWeight.Add(w);
                else zeroWeight[k] += w;
                continue;
            }
            repeatRows++;
            RowTable.CheckRepeat(summary, i, fx[i], ftx[i], model);
            t.IndexOf(ft[i]);
            recency.IndexOf(ftx[i]);
            if (t.Count > limit || recency.Count > limit || fx[i] >= largestX) return null;
            int x = (int)fx[i];
            if (x >= unit.Length)
            {
                int size = Math.Max(2 * unit.Length, x + 1);
                Array.Resize(ref unit, size);
                Array.Resize(ref other, size);
                Array.Resize(ref weightOfX, size);
            }
            if (w == 1) unit[x]++;
            else
            {
                other[x]++;
                allUnit = false;
            }
            weightOfX[x] += w;
        }
        if (repeatRows <= MinimumRows || t.Count > repeatRows / 4 || recency.Count > repeatRows / 4) return null;

        int groups = 0;
        for (int x = 0; x < unit.Length; x++)
            if (unit[x] + other[x] > 0) groups++;
        var distinctX = new int[groups];
        var groupStart = new int[groups + 1];
        var unitEnd = new int[groups];
        var groupWeight = new double[groups];
        // The next free row of each part of each run, for the rows before the middle of the summary and after it.
        var firstHalf = new Cursors(unit.Length);
        var secondHalf = new Cursors(unit.Length);
        for (int x = 0, j = 0; x < unit.Length; x++)
        {
            if (unit[x] + other[x] == 0) continue;
            distinctX[j] = x;
            groupWeight[j] = weightOfX[x];
            unitEnd[j] = groupStart[j] + unit[x];
            groupStart[j + 1] = unitEnd[j] + other[x];
            firstHalf.Unit[x] = groupStart[j];
            firstHalf.Other[x] = unitEnd[j];
            secondHalf.Unit[x] = groupStart[j] + (x < unitBeforeHalf.Length ? unitBeforeHalf[x] : 0);
            secondHalf.Other[x] = unitEnd[j] + (x < otherBeforeHalf.Length ? otherBeforeHalf[x] : 0);
            j++;
        }

        var packed = new uint[repeatRows];
        var weight = allUnit ? [] : new double[repeatRows];
        // The two halves fill disjoint rows with lookups only (every value is numbered), so they run side by side.
        Parallel.For(0, 2, part =>
        {
            var (start, end, cursors) = part == 0 ? (0, half, firstHalf) : (half, n, secondHalf);
            Fill(summary, start, end, cursors, t, recency, packed, weight);
        });
        var runs = new RowRuns(distinctX, groupStart, unitEnd, [], [], weight,
            DurationTable.OfValues(t.Values()), DurationTable.OfValues(recency.Values()), packed);
        return new BgNbdData(zeroT.Values(), [.. zeroWeight], runs, groupWeight, total, summary.Count);
    }

    private static void Fill(RfmSummary summary, int start, int end, Cursors cursors, DistinctDurations t,
        DistinctDurations recency, uint[] packed, double[] weight)
    {
        ReadOnlySpan<double> fx = summary.Frequency, ftx = summary.Recency, ft = summary.T, fw = Weights(summary);
        bool weighted = weight.Length > 0;
        for (int i = start; i < end; i++)
        {
            if (fx[i] == 0) continue;
            double w = fw.IsEmpty ? 1.0 : fw[i];
            int x = (int)fx[i];
            int k = w == 1 ? cursors.Unit[x]++ : cursors.Other[x]++;
            packed[k] = (uint)t.IndexOf(ft[i]) | (uint)recency.IndexOf(ftx[i]) << 16;
            if (weighted) weight[k] = w;
        }
    }

    /// <summary>The next free row of the weight-1 part and of the other part of each run, by x.</summary>
    private sealed class Cursors(int size)
    {
        public int[] Unit { get; } = new int[size];

        public int[] Other { get; } = new int[size];
    }

    /// <summary>The summary's weights, or empty where every weight is 1: the one place that reads them.</summary>
    private static ReadOnlySpan<double> Weights(RfmSummary summary) => summary.Weights;
}
