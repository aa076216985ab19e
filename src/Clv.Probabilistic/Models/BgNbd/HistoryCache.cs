using System.Runtime.InteropServices;

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
    /// The distinct (x, T) pairs of the rows, in order of first appearance, and each row's pair: for quantities of
    /// (x, T) that are wanted at several horizons.
    /// </summary>
    public static Pairs Index(ReadOnlySpan<double> xs, ReadOnlySpan<double> ts)
    {
        int n = xs.Length;
        var x = new List<double>();
        var t = new List<double>();
        if (TryDenseKeys(xs, ts, out int maxX, out int maxT))
        {
            // Pair numbers + 1 in a table indexed by (x, T); no per-row index is stored.
            var dense = new int[(maxX + 1) * (maxT + 1)];
            for (int i = 0; i < n; i++)
            {
                ref int slot = ref dense[(int)xs[i] * (maxT + 1) + (int)ts[i]];
                if (slot != 0) continue;
                x.Add(xs[i]);
                t.Add(ts[i]);
                slot = x.Count;
            }
            return new Pairs(x.ToArray(), t.ToArray(), dense, maxT + 1, null);
        }
        var pairOf = new int[n];
        var index = new Dictionary<(double X, double T), int>();
        for (int i = 0; i < n; i++)
        {
            ref int slot = ref CollectionsMarshal.GetValueRefOrAddDefault(index, (xs[i], ts[i]), out bool found);
            if (!found)
            {
                slot = x.Count;
                x.Add(xs[i]);
                t.Add(ts[i]);
            }
            pairOf[i] = slot;
        }
        return new Pairs(x.ToArray(), t.ToArray(), null, 0, pairOf);
    }

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
        public int Of(int row, double x, double t) => dense is null ? pairOf![row] : dense[(int)x * stride + (int)t] - 1;
    }

    private static bool TryDenseKeys(ReadOnlySpan<double> xs, ReadOnlySpan<double> ts, out int maxX, out int maxT)
    {
        const int Limit = 1 << 22;
        double mx = 0, mt = 0;
        for (int i = 0; i < ts.Length; i++)
        {
            double tt = ts[i], x = xs[i];
            if (tt != Math.Floor(tt) || tt > Limit || x != Math.Floor(x) || x > Limit) { maxX = maxT = 0; return false; }
            if (tt > mt) mt = tt;
            if (x > mx) mx = x;
        }
        maxX = (int)mx;
        maxT = (int)mt;
        return (mx + 1) * (mt + 1) <= Limit;
    }
}
