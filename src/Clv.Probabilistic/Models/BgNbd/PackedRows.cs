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
        int n = summary.Count, half = n / 2;
        if (n <= MinimumRows) return null;
        // As DurationTable: a table pays while at most a quarter of the rows are distinct (and here an index fits 16 bits).
        // The repeat rows are not counted yet, so the bound is checked as it can be during the pass and again after it.
        var bounds = new Bounds(Math.Min(n / 4, IndexLimit), Math.Max(1 << 16, 4L * n), model);
        // The two halves are counted side by side and merged. That is exact where every weight is 1 (the sums of weights
        // are then whole numbers); otherwise, or where a half meets a bad row, the summary is counted again in one pass,
        // which sums in row order and reports the first bad row.
        var first = new Tally();
        var second = new Tally();
        var applies = new bool[2];
        bool failed = false;
        try
        {
            Parallel.Invoke(
                () => applies[0] = first.Add(summary, 0, half, bounds),
                () => applies[1] = second.Add(summary, half, n, bounds));
        }
        catch (AggregateException e) when (e.InnerExceptions.All(inner => inner is ArgumentException))
        {
            failed = true;
        }
        if (!failed && !(applies[0] && applies[1])) return null;
        Tally tally;
        int[] unitBeforeHalf, otherBeforeHalf;
        if (!failed && first.AllUnit && second.AllUnit)
        {
            unitBeforeHalf = (int[])first.Unit.Clone();
            otherBeforeHalf = (int[])first.Other.Clone();
            first.Merge(second);
            tally = first;
        }
        else
        {
            tally = new Tally();
            if (!tally.Add(summary, 0, half, bounds)) return null;
            unitBeforeHalf = (int[])tally.Unit.Clone();
            otherBeforeHalf = (int[])tally.Other.Clone();
            if (!tally.Add(summary, half, n, bounds)) return null;
        }
        var (t, recency, unit, other, weightOfX) = (tally.T, tally.Recency, tally.Unit, tally.Other, tally.WeightOfX);
        int repeatRows = tally.RepeatRows;
        bool allUnit = tally.AllUnit;
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
        return new BgNbdData(tally.ZeroT.Values(), [.. tally.ZeroWeight], runs, groupWeight, tally.Total, summary.Count);
    }

    /// <summary>The limits of this layout: distinct durations, largest x; and the model named in errors.</summary>
    private sealed record Bounds(int Durations, long LargestX, string Model);

    /// <summary>
    /// Counts of a range of the summary's rows: the x = 0 rows merged by T, the distinct T and t_x of the repeat rows, and
    /// per x the rows of weight 1, of other weights, and their total weight.
    /// </summary>
    private sealed class Tally
    {
        public DistinctDurations ZeroT { get; } = new();
        public List<double> ZeroWeight { get; } = [];
        public DistinctDurations T { get; } = new();
        public DistinctDurations Recency { get; } = new();
        public int[] Unit { get; private set; } = new int[64];
        public int[] Other { get; private set; } = new int[64];
        public double[] WeightOfX { get; private set; } = new double[64];
        public bool AllUnit { get; private set; } = true;
        public double Total { get; private set; }
        public int RepeatRows { get; private set; }

        /// <summary>Adds rows [start, end); false where this layout does not apply.</summary>
        /// <exception cref="ArgumentException">A repeat row is bad (<see cref="RowTable.CheckRepeat"/>).</exception>
        public bool Add(RfmSummary summary, int start, int end, Bounds bounds)
        {
            ReadOnlySpan<double> fx = summary.Frequency, ftx = summary.Recency, ft = summary.T, fw = summary.StoredWeights;
            double total = Total;
            int repeatRows = RepeatRows;
            try
            {
                for (int i = start; i < end; i++)
                {
                    double w = fw.IsEmpty ? 1.0 : fw[i];
                    total += w;
                    if (fx[i] == 0)
                    {
                        int k = ZeroT.IndexOf(ft[i]);
                        if (k == ZeroWeight.Count) ZeroWeight.Add(w);
                        else ZeroWeight[k] += w;
                        continue;
                    }
                    repeatRows++;
                    RowTable.CheckRepeat(summary, i, fx[i], ftx[i], bounds.Model);
                    T.IndexOf(ft[i]);
                    Recency.IndexOf(ftx[i]);
                    if (T.Count > bounds.Durations || Recency.Count > bounds.Durations || fx[i] >= bounds.LargestX) return false;
                    Count((int)fx[i], 1, w == 1 ? 0 : 1, w);
                }
                return true;
            }
            finally
            {
                Total = total;
                RepeatRows = repeatRows;
            }
        }

        /// <summary>Adds <paramref name="next"/>, the counts of the rows that follow, all of weight 1 (so every sum is exact).</summary>
        public void Merge(Tally next)
        {
            var zeroT = next.ZeroT.Values();
            for (int k = 0; k < zeroT.Length; k++)
            {
                int at = ZeroT.IndexOf(zeroT[k]);
                if (at == ZeroWeight.Count) ZeroWeight.Add(next.ZeroWeight[k]);
                else ZeroWeight[at] += next.ZeroWeight[k];
            }
            foreach (double value in next.T.Values()) T.IndexOf(value);
            foreach (double value in next.Recency.Values()) Recency.IndexOf(value);
            for (int x = 0; x < next.Unit.Length; x++)
                if (next.Unit[x] + next.Other[x] > 0) Count(x, next.Unit[x] + next.Other[x], next.Other[x], next.WeightOfX[x]);
            Total += next.Total;
            RepeatRows += next.RepeatRows;
            AllUnit &= next.AllUnit;
        }

        /// <summary>Counts <paramref name="rows"/> rows with <paramref name="x"/>, <paramref name="others"/> of them of a weight other than 1, of total weight <paramref name="weight"/>.</summary>
        private void Count(int x, int rows, int others, double weight)
        {
            if (x >= Unit.Length)
            {
                int size = Math.Max(2 * Unit.Length, x + 1);
                var unit = Unit;
                var other = Other;
                var weightOfX = WeightOfX;
                Array.Resize(ref unit, size);
                Array.Resize(ref other, size);
                Array.Resize(ref weightOfX, size);
                (Unit, Other, WeightOfX) = (unit, other, weightOfX);
            }
            Unit[x] += rows - others;
            Other[x] += others;
            if (others > 0) AllUnit = false;
            WeightOfX[x] += weight;
        }
    }

    private static void Fill(RfmSummary summary, int start, int end, Cursors cursors, DistinctDurations t,
        DistinctDurations recency, uint[] packed, double[] weight)
    {
        ReadOnlySpan<double> fx = summary.Frequency, ftx = summary.Recency, ft = summary.T, fw = summary.StoredWeights;
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
}
