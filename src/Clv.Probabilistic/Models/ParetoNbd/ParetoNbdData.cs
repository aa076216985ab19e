using System.Runtime.InteropServices;
using Clv.Probabilistic.Data;

namespace Clv.Probabilistic.Models.ParetoNbd;

/// <summary>
/// A summary prepared for the Pareto/NBD likelihood: identical (x, t_x, T) rows merged with their weights added, in the
/// order of (x, t_x, T), so that the sum over rows does not depend on the order or the splitting of the input.
/// </summary>
internal sealed class ParetoNbdData
{
    private ParetoNbdData(double[] x, double[] recency, double[] t, double[] weight, double totalWeight, int originalRows)
    {
        X = x;
        Recency = recency;
        T = t;
        Weight = weight;
        TotalWeight = totalWeight;
        OriginalRows = originalRows;
    }

    /// <summary>x of each row, non-decreasing.</summary>
    public double[] X { get; }

    /// <summary>t_x of each row.</summary>
    public double[] Recency { get; }

    /// <summary>T of each row.</summary>
    public double[] T { get; }

    /// <summary>Weight of each row.</summary>
    public double[] Weight { get; }

    /// <summary>Sum of the weights (customers).</summary>
    public double TotalWeight { get; }

    /// <summary>Rows of the summary this was built from.</summary>
    public int OriginalRows { get; }

    /// <summary>Rows after merging.</summary>
    public int CompressedRows => X.Length;

    /// <summary>Merges identical rows of <paramref name="summary"/> and orders them by (x, t_x, T).</summary>
    /// <exception cref="ArgumentException">The summary has no rows.</exception>
    public static ParetoNbdData From(RfmSummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        if (summary.Count == 0) throw new ArgumentException("The summary has no customers.", nameof(summary));
        ReadOnlySpan<double> fx = summary.Frequency, ftx = summary.Recency, ft = summary.T, fw = summary.Weights;
        int n = fx.Length;
        var order = new int[n];
        for (int i = 0; i < n; i++) order[i] = i;
        var x = new List<double>();
        var recency = new List<double>();
        var t = new List<double>();
        var weight = new List<double>();
        double total = 0;
        if (TryPack(fx, ftx, ft) is { } packed)
        {
            packed.AsSpan().Sort(order.AsSpan());
            for (int k = 0; k < n; k++)
            {
                double w = fw[order[k]];
                total += w;
                if (k > 0 && packed[k] == packed[k - 1]) CollectionsMarshal.AsSpan(weight)[^1] += w;
                else Add(packed[k] >> 42, (packed[k] >> 21) & PackMask, packed[k] & PackMask, w);
            }
        }
        else
        {
            var keys = new Key[n];
            for (int i = 0; i < n; i++) keys[i] = new Key(fx[i], ftx[i], ft[i]);
            keys.AsSpan().Sort(order.AsSpan(), default(KeyOrder));
            for (int k = 0; k < n; k++)
            {
                double w = fw[order[k]];
                total += w;
                if (k > 0 && keys[k] == keys[k - 1]) CollectionsMarshal.AsSpan(weight)[^1] += w;
                else Add(keys[k].X, keys[k].Recency, keys[k].T, w);
            }
        }
        return new ParetoNbdData(x.ToArray(), recency.ToArray(), t.ToArray(), weight.ToArray(), total, n);

        void Add(double rowX, double rowRecency, double rowT, double w)
        {
            x.Add(rowX);
            recency.Add(rowRecency);
            t.Add(rowT);
            weight.Add(w);
        }
    }

    private const ulong PackMask = (1UL << 21) - 1;
    private const double PackLimit = 1 << 21;

    /// <summary>
    /// x · 2⁴² + t_x · 2²¹ + T when every value is a whole number below 2²¹ (counts and whole-day or whole-week durations),
    /// whose order as integers is the order by (x, t_x, T) and far quicker to sort; otherwise null.
    /// </summary>
    private static ulong[]? TryPack(ReadOnlySpan<double> x, ReadOnlySpan<double> recency, ReadOnlySpan<double> t)
    {
        var packed = new ulong[x.Length];
        for (int i = 0; i < packed.Length; i++)
        {
            double a = x[i], b = recency[i], c = t[i];
            if (!(Whole(a) && Whole(b) && Whole(c))) return null;
            packed[i] = ((ulong)a << 42) | ((ulong)b << 21) | (ulong)c;
        }
        return packed;

        static bool Whole(double v) => v >= 0 && v < PackLimit && v == Math.Floor(v);
    }

    /// <summary>One row's (x, t_x, T); equal as doubles are (so −0 = +0).</summary>
    private readonly record struct Key(double X, double Recency, double T);

    /// <summary>By x, then t_x, then T, each as <see cref="double.CompareTo(double)"/>.</summary>
    private readonly struct KeyOrder : IComparer<Key>
    {
        public int Compare(Key a, Key b)
        {
            int c = a.X.CompareTo(b.X);
            if (c != 0) return c;
            c = a.Recency.CompareTo(b.Recency);
            return c != 0 ? c : a.T.CompareTo(b.T);
        }
    }
}
