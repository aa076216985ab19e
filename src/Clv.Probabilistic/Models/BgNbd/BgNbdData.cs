using System.Runtime.InteropServices;
using Clv.Probabilistic.Data;

namespace Clv.Probabilistic.Models.BgNbd;

/// <summary>
/// A summary prepared for the BG/NBD likelihood: identical (x, t_x, T) rows merged with their weights added,
/// customers without repeat purchases (x = 0) kept apart by T, the others sorted by x, and the distinct values of x
/// listed once with their total weight, so that every term depending on x alone is computed once per distinct x.
/// </summary>
internal sealed class BgNbdData
{
    private BgNbdData(double[] zeroT, double[] zeroWeight, double[] x, double[] recency, double[] t, double[] weight,
        int[] group, int[] distinctX, double[] groupWeight, double totalWeight, int originalRows)
    {
        ZeroT = zeroT;
        ZeroWeight = zeroWeight;
        X = x;
        Recency = recency;
        T = t;
        Weight = weight;
        Group = group;
        DistinctX = distinctX;
        GroupWeight = groupWeight;
        TotalWeight = totalWeight;
        OriginalRows = originalRows;
    }

    /// <summary>Distinct T of the rows with x = 0.</summary>
    public double[] ZeroT { get; }

    /// <summary>Total weight of each <see cref="ZeroT"/>.</summary>
    public double[] ZeroWeight { get; }

    /// <summary>x of each repeat-purchase row (x ≥ 1), ascending.</summary>
    public double[] X { get; }

    /// <summary>t_x of each repeat-purchase row.</summary>
    public double[] Recency { get; }

    /// <summary>T of each repeat-purchase row.</summary>
    public double[] T { get; }

    /// <summary>Weight of each repeat-purchase row.</summary>
    public double[] Weight { get; }

    /// <summary>Index into <see cref="DistinctX"/> of each repeat-purchase row.</summary>
    public int[] Group { get; }

    /// <summary>Distinct values of x ≥ 1, ascending.</summary>
    public int[] DistinctX { get; }

    /// <summary>Total weight of the rows with each <see cref="DistinctX"/>.</summary>
    public double[] GroupWeight { get; }

    /// <summary>Sum of all weights (customers).</summary>
    public double TotalWeight { get; }

    /// <summary>Rows of the summary this was built from.</summary>
    public int OriginalRows { get; }

    /// <summary>Rows after merging (both kinds).</summary>
    public int CompressedRows => ZeroT.Length + X.Length;

    private readonly record struct Key(double X, double Recency, double T) : IComparable<Key>
    {
        public int CompareTo(Key other)
        {
            int c = X.CompareTo(other.X);
            if (c != 0) return c;
            c = T.CompareTo(other.T);
            return c != 0 ? c : Recency.CompareTo(other.Recency);
        }
    }

    /// <summary>Merges identical rows of <paramref name="summary"/>.</summary>
    /// <exception cref="ArgumentException">The summary has no rows, or a frequency exceeds 2^31 − 1.</exception>
    public static BgNbdData From(RfmSummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        if (summary.Count == 0) throw new ArgumentException("The summary has no customers.", nameof(summary));
        ReadOnlySpan<double> fx = summary.Frequency, ftx = summary.Recency, ft = summary.T, fw = summary.Weights;
        var merged = new Dictionary<Key, double>(Math.Min(summary.Count, 1 << 16));
        double total = 0;
        for (int i = 0; i < fx.Length; i++)
        {
            if (fx[i] > int.MaxValue)
                throw new ArgumentException($"Customer '{summary.CustomerIds[i]}' (row {i}): frequency {fx[i]} is too large.", nameof(summary));
            ref double w = ref CollectionsMarshal.GetValueRefOrAddDefault(merged, new Key(fx[i], ftx[i], ft[i]), out _);
            w += fw[i];
            total += fw[i];
        }

        var keys = new Key[merged.Count];
        var weights = new double[merged.Count];
        merged.Keys.CopyTo(keys, 0);
        merged.Values.CopyTo(weights, 0);
        Array.Sort(keys, weights);

        int zeros = 0;
        while (zeros < keys.Length && keys[zeros].X == 0) zeros++;
        int n = keys.Length - zeros;
        var zeroT = new double[zeros];
        var zeroW = new double[zeros];
        for (int i = 0; i < zeros; i++)
        {
            zeroT[i] = keys[i].T;
            zeroW[i] = weights[i];
        }

        var x = new double[n];
        var tx = new double[n];
        var t = new double[n];
        var w2 = new double[n];
        var group = new int[n];
        var distinct = new List<int>();
        var groupWeight = new List<double>();
        for (int i = 0; i < n; i++)
        {
            var k = keys[zeros + i];
            x[i] = k.X;
            tx[i] = k.Recency;
            t[i] = k.T;
            w2[i] = weights[zeros + i];
            if (distinct.Count == 0 || distinct[^1] != (int)k.X)
            {
                distinct.Add((int)k.X);
                groupWeight.Add(0);
            }
            group[i] = distinct.Count - 1;
            groupWeight[^1] += w2[i];
        }

        return new BgNbdData(zeroT, zeroW, x, tx, t, w2, group, distinct.ToArray(), groupWeight.ToArray(), total, summary.Count);
    }
}
