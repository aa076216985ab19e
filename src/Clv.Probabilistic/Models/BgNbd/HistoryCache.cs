using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Clv.Probabilistic.Data;

namespace Clv.Probabilistic.Models.BgNbd;

/// <summary>
/// Multiplies each row by a quantity of its (x, T) alone, computed once per distinct pair: indexed directly when T takes
/// whole values (days, weeks) and the pairs fit a table, else through a dictionary; or indexes the distinct pairs.
/// </summary>
internal static class HistoryCache
{
    /// <summary>destination[i] *= <paramref name="quantity"/>(x_i, T_i).</summary>
    public static void MultiplyBy(ReadOnlySpan<double> xs, ReadOnlySpan<double> ts, Span<double> destination, Func<double, double, double> quantity)
    {
        if (TryDenseKeys(xs, ts, out int maxX, out int maxT))
        {
            var dense = new double[(maxX + 1) * (maxT + 1)];
            Array.Fill(dense, double.NaN);
            for (int i = 0; i < destination.Length; i++)
            {
                int key = (int)xs[i] * (maxT + 1) + (int)ts[i];
                double value = dense[key];
                if (double.IsNaN(value)) dense[key] = value = quantity(xs[i], ts[i]);
                destination[i] *= value;
            }
            return;
        }
        var cache = new Dictionary<(double X, double T), double>();
        for (int i = 0; i < destination.Length; i++)
        {
            var key = (xs[i], ts[i]);
            ref double value = ref CollectionsMarshal.GetValueRefOrAddDefault(cache, key, out bool found);
            if (!found) value = quantity(key.Item1, key.Item2);
            destination[i] *= value;
        }
    }

    /// <summary>
    /// The distinct (x, T) pairs of the rows and each row's pair, for quantities of (x, T) that are wanted at several
    /// horizons: where x and T take whole values whose pairs fit a table, the pairs in the order of (x, T), the rows
    /// read in fixed blocks over threads; otherwise in order of first appearance.
    /// </summary>
    /// <param name="rows">The rows.</param>
    /// <param name="maxDegreeOfParallelism">Thread limit (−1: none); the pairs do not depend on it.</param>
    public static Pairs Index(RfmSummary rows, int maxDegreeOfParallelism)
    {
        int n = rows.Count;
        var keys = new DenseKeys[(n + IndexRows - 1) / IndexRows];
        RowBlocks.For(n, IndexRows, maxDegreeOfParallelism,
            (start, end) => keys[start / IndexRows] = DenseKeys.Of(rows.Frequency[start..end], rows.T[start..end]));
        if (DenseKeys.Combine(keys) is { } table)
        {
            // Pair numbers + 1 in a table indexed by (x, T); no per-row index is stored. Rows mark their slot, then the
            // marked slots are numbered in order. A slot is written once, not by every row: threads writing the same
            // cache lines over and over (the same 1) made the marking three times slower than one thread.
            int stride = table.Stride;
            var dense = new int[table.Size];
            RowBlocks.For(n, IndexRows, maxDegreeOfParallelism, (start, end) =>
            {
                ReadOnlySpan<double> xs = rows.Frequency, ts = rows.T;
                for (int i = start; i < end; i++)
                {
                    ref int slot = ref dense[(int)xs[i] * stride + (int)ts[i]];
                    if (slot == 0) slot = 1;
                }
            });
            var x = new List<double>();
            var t = new List<double>();
            for (int slot = 0; slot < dense.Length; slot++)
            {
                if (dense[slot] == 0) continue;
                x.Add(slot / stride);
                t.Add(slot % stride);
                dense[slot] = x.Count;
            }
            return new Pairs(x.ToArray(), t.ToArray(), dense, stride, null);
        }
        ReadOnlySpan<double> frequency = rows.Frequency, durations = rows.T;
        var pairX = new List<double>();
        var pairT = new List<double>();
        var pairOf = new int[n];
        var index = new Dictionary<(double X, double T), int>();
        for (int i = 0; i < n; i++)
        {
            ref int slot = ref CollectionsMarshal.GetValueRefOrAddDefault(index, (frequency[i], durations[i]), out bool found);
            if (!found)
            {
                slot = pairX.Count;
                pairX.Add(frequency[i]);
                pairT.Add(durations[i]);
            }
            pairOf[i] = slot;
        }
        return new Pairs(pairX.ToArray(), pairT.ToArray(), null, 0, pairOf);
    }

    /// <summary>Rows per block of <see cref="Index"/>.</summary>
    private const int IndexRows = 1 << 16;

    /// <summary>Distinct (x, T) pairs: pair k is (X[k], T[k]); <see cref="Of"/> gives a row's pair.</summary>
    public sealed class Pairs(double[] x, double[] t, int[]? dense, int stride, int[]? pairOf)
    {
        /// <summary>x of each pair.</summary>
        public double[] X { get; } = x;

        /// <summary>T of each pair.</summary>
        public double[] T { get; } = t;

        /// <summary>Number of distinct pairs.</summary>
        public int Count => X.Length;

        /// <summary>The pair of row <paramref name="row"/>, whose (x, T) is given.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public int Of(int row, double x, double t) => dense is null ? pairOf![row] : dense[(int)x * stride + (int)t] - 1;
    }

    private static bool TryDenseKeys(ReadOnlySpan<double> xs, ReadOnlySpan<double> ts, out int maxX, out int maxT)
    {
        var table = DenseKeys.Combine([DenseKeys.Of(xs, ts)]);
        maxX = table?.MaxX ?? 0;
        maxT = table?.MaxT ?? 0;
        return table is not null;
    }

    /// <summary>Whether a set of rows has whole x and T within the table's limit, and their largest values.</summary>
    internal readonly record struct DenseKeys(bool Whole, double MaxX, double MaxT)
    {
        private const int Limit = 1 << 22;

        public static DenseKeys Of(ReadOnlySpan<double> xs, ReadOnlySpan<double> ts)
        {
            double mx = 0, mt = 0;
            for (int i = 0; i < ts.Length; i++)
            {
                double tt = ts[i], x = xs[i];
                if (tt != Math.Floor(tt) || tt > Limit || x != Math.Floor(x) || x > Limit) return new DenseKeys(false, 0, 0);
                if (tt > mt) mt = tt;
                if (x > mx) mx = x;
            }
            return new DenseKeys(true, mx, mt);
        }

        /// <summary>The table of the blocks together, or null where a key is not whole or the table is too large.</summary>
        public static Table? Combine(ReadOnlySpan<DenseKeys> blocks)
        {
            double mx = 0, mt = 0;
            foreach (var block in blocks)
            {
                if (!block.Whole) return null;
                mx = Math.Max(mx, block.MaxX);
                mt = Math.Max(mt, block.MaxT);
            }
            return (mx + 1) * (mt + 1) <= Limit ? new Table((int)mx, (int)mt) : null;
        }
    }

    /// <summary>A table of (x, T) keys: x ≤ MaxX, T ≤ MaxT.</summary>
    internal readonly record struct Table(int MaxX, int MaxT)
    {
        public int Stride => MaxT + 1;

        public int Size => (MaxX + 1) * Stride;
    }
}
