using System.Runtime.InteropServices;
using Clv.Probabilistic.Data;

namespace Clv.Probabilistic.Models.BgNbd;

/// <summary>
/// A summary prepared for the BG/NBD likelihood: identical (x, t_x, T) rows merged with their weights added,
/// customers without repeat purchases (x = 0) kept apart and merged by T, and the distinct values of x
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

    /// <summary>x of each repeat-purchase row (x ≥ 1).</summary>
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

    private readonly record struct Key(double X, double Recency, double T);

    /// <summary>Merges identical rows of <paramref name="summary"/> (rows keep the order of their first occurrence).</summary>
    /// <exception cref="ArgumentException">The summary has no rows, or a frequency exceeds 2^31 − 1.</exception>
    public static BgNbdData From(RfmSummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        if (summary.Count == 0) throw new ArgumentException("The summary has no customers.", nameof(summary));
        ReadOnlySpan<double> fx = summary.Frequency, ftx = summary.Recency, ft = summary.T, fw = summary.Weights;
        var zeros = new Dictionary<double, double>();
        var repeats = new Dictionary<Key, double>();
        double total = 0;
        for (int i = 0; i < fx.Length; i++)
        {
            double w = fw[i];
            total += w;
            if (fx[i] == 0)
            {
                CollectionsMarshal.GetValueRefOrAddDefault(zeros, ft[i], out _) += w;
                continue;
            }
            if (fx[i] > int.MaxValue)
                throw new ArgumentException($"Customer '{summary.CustomerIds[i]}' (row {i}): frequency {fx[i]} is too large.", nameof(summary));
            CollectionsMarshal.GetValueRefOrAddDefault(repeats, new Key(fx[i], ftx[i], ft[i]), out _) += w;
        }

        var zeroT = new double[zeros.Count];
        var zeroW = new double[zeros.Count];
        zeros.Keys.CopyTo(zeroT, 0);
        zeros.Values.CopyTo(zeroW, 0);

        int n = repeats.Count;
        var x = new double[n];
        var tx = new double[n];
        var t = new double[n];
        var weight = new double[n];
        var distinct = new HashSet<int>();
        int k = 0;
        foreach (var (key, w) in repeats)
        {
            x[k] = key.X;
            tx[k] = key.Recency;
            t[k] = key.T;
            weight[k] = w;
            distinct.Add((int)key.X);
            k++;
        }
        var distinctX = distinct.ToArray();
        Array.Sort(distinctX);
        var index = new Dictionary<int, int>(distinctX.Length);
        for (int j = 0; j < distinctX.Length; j++) index[distinctX[j]] = j;
        var group = new int[n];
        var groupWeight = new double[distinctX.Length];
        for (int i = 0; i < n; i++)
        {
            group[i] = index[(int)x[i]];
            groupWeight[group[i]] += weight[i];
        }
        return new BgNbdData(zeroT, zeroW, x, tx, t, weight, group, distinctX, groupWeight, total, summary.Count);
    }
}
