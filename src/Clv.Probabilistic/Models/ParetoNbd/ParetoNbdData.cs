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
        var order = new int[fx.Length];
        for (int i = 0; i < order.Length; i++) order[i] = i;
        var keys = new (double X, double Recency, double T)[fx.Length];
        for (int i = 0; i < keys.Length; i++) keys[i] = (fx[i], ftx[i], ft[i]);
        Array.Sort(keys, order);
        var x = new List<double>();
        var recency = new List<double>();
        var t = new List<double>();
        var weight = new List<double>();
        double total = 0;
        for (int k = 0; k < keys.Length; k++)
        {
            double w = fw[order[k]];
            total += w;
            if (x.Count > 0 && keys[k] == keys[k - 1])
            {
                weight[^1] += w;
                continue;
            }
            x.Add(keys[k].X);
            recency.Add(keys[k].Recency);
            t.Add(keys[k].T);
            weight.Add(w);
        }
        return new ParetoNbdData(x.ToArray(), recency.ToArray(), t.ToArray(), weight.ToArray(), total, fx.Length);
    }
}
