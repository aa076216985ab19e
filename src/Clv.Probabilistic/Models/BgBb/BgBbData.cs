using System.Globalization;
using Clv.Probabilistic.Data;

namespace Clv.Probabilistic.Models.BgBb;

/// <summary>
/// A discrete summary prepared for the BG/BB likelihood: identical (x, t_x, n) rows merged with their weights added, in
/// the canonical order (by x, then t_x, then n) so that sums do not depend on the order of the input rows.
/// </summary>
internal sealed class BgBbData
{
    private BgBbData(int[] x, int[] recency, int[] periods, double[] weight, double totalWeight)
    {
        X = x;
        Recency = recency;
        Periods = periods;
        Weight = weight;
        TotalWeight = totalWeight;
        foreach (int n in periods) LongestHistory = Math.Max(LongestHistory, n);
        foreach (int k in x) AnyRepeat |= k > 0;
    }

    /// <summary>x of each row: transactions at the opportunities after the first.</summary>
    public int[] X { get; }

    /// <summary>t_x of each row: the opportunity of the last transaction (0 when x = 0).</summary>
    public int[] Recency { get; }

    /// <summary>n of each row: opportunities observed after the first.</summary>
    public int[] Periods { get; }

    /// <summary>Weight of each row.</summary>
    public double[] Weight { get; }

    /// <summary>Sum of the weights.</summary>
    public double TotalWeight { get; }

    /// <summary>Largest n.</summary>
    public int LongestHistory { get; }

    /// <summary>Whether some customer has a repeat transaction.</summary>
    public bool AnyRepeat { get; }

    /// <summary>Rows after merging.</summary>
    public int Rows => X.Length;

    /// <summary>Merges identical rows of <paramref name="summary"/> and orders them by (x, t_x, n).</summary>
    /// <exception cref="ArgumentException">The summary has no rows, or a row is not a discrete history (the message names the customer).</exception>
    public static BgBbData From(RfmSummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        if (summary.Count == 0) throw new ArgumentException("The summary has no customers.", nameof(summary));
        ReadOnlySpan<double> fx = summary.Frequency, ftx = summary.Recency, fn = summary.T, fw = summary.Weights;
        var index = new Dictionary<(int X, int Recency, int Periods), int>();
        var keys = new List<(int X, int Recency, int Periods)>();
        var weights = new List<double>();
        double total = 0;
        for (int i = 0; i < fx.Length; i++)
        {
            string? problem = BgBbChecks.Problem(fx[i], ftx[i], fn[i]);
            if (problem is not null)
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"Customer '{summary.CustomerIds[i]}' (row {i}): {problem}"), nameof(summary));
            total += fw[i];
            var key = ((int)fx[i], (int)ftx[i], (int)fn[i]);
            if (index.TryGetValue(key, out int row))
            {
                weights[row] += fw[i];
                continue;
            }
            index[key] = keys.Count;
            keys.Add(key);
            weights.Add(fw[i]);
        }
        var order = Enumerable.Range(0, keys.Count).ToArray();
        Array.Sort(order, (i, j) => keys[i].CompareTo(keys[j]));
        int m = order.Length;
        var x = new int[m];
        var recency = new int[m];
        var periods = new int[m];
        var weight = new double[m];
        for (int k = 0; k < m; k++)
        {
            (x[k], recency[k], periods[k]) = keys[order[k]];
            weight[k] = weights[order[k]];
        }
        return new BgBbData(x, recency, periods, weight, total);
    }
}
