namespace Clv.Probabilistic.Interactive;

/// <summary>Weighted descriptive statistics of one column.</summary>
/// <param name="TotalWeight">Sum of the weights (the number of customers or draws).</param>
/// <param name="Mean">Weighted mean.</param>
/// <param name="StandardDeviation">Sample standard deviation, denominator (total weight − 1); NaN when the total weight is ≤ 1.</param>
/// <param name="Min">Smallest value.</param>
/// <param name="Max">Largest value.</param>
/// <param name="Quantiles">The requested quantiles, in the order asked.</param>
public sealed record ColumnStatistics(double TotalWeight, double Mean, double StandardDeviation, double Min, double Max, IReadOnlyList<double> Quantiles);

/// <summary>Descriptive statistics with frequency weights, as shown by the HTML formatters.</summary>
/// <remarks>
/// A row of weight w counts as w identical rows: with whole-number weights every statistic equals that of the expanded
/// data. Quantiles interpolate linearly between order statistics at position (W − 1)·p of the expanded, sorted data,
/// which is Hyndman &amp; Fan (1996) definition 7, the default of R, NumPy and pandas' <c>describe</c>.
/// </remarks>
public static class Describe
{
    /// <summary>Statistics of <paramref name="values"/> with <paramref name="weights"/> (empty means all 1).</summary>
    /// <exception cref="ArgumentException">The spans differ in length, are empty, or a value or weight is not finite (weights must be &gt; 0).</exception>
    public static ColumnStatistics Column(ReadOnlySpan<double> values, ReadOnlySpan<double> weights, ReadOnlySpan<double> probabilities)
    {
        int n = values.Length;
        if (n == 0) throw new ArgumentException("No values to describe.", nameof(values));
        if (!weights.IsEmpty && weights.Length != n) throw new ArgumentException($"{weights.Length} weights for {n} values.", nameof(weights));
        var order = new int[n];
        var sorted = values.ToArray();
        for (int i = 0; i < n; i++)
        {
            order[i] = i;
            if (!double.IsFinite(sorted[i])) throw new ArgumentException($"Value {i} ({sorted[i]}) is not finite.", nameof(values));
            if (!weights.IsEmpty && !(double.IsFinite(weights[i]) && weights[i] > 0))
                throw new ArgumentException($"Weight {i} ({weights[i]}) is not a finite positive number.", nameof(weights));
        }
        Array.Sort(sorted, order);
        var cumulative = new double[n];
        double total = 0, sum = 0;
        for (int k = 0; k < n; k++)
        {
            double w = weights.IsEmpty ? 1.0 : weights[order[k]];
            total += w;
            sum += w * sorted[k];
            cumulative[k] = total;
        }
        double mean = sum / total, squares = 0;
        for (int k = 0; k < n; k++)
        {
            double w = weights.IsEmpty ? 1.0 : weights[order[k]];
            double d = sorted[k] - mean;
            squares += w * d * d;
        }
        double sd = total > 1 ? Math.Sqrt(squares / (total - 1)) : double.NaN;
        var quantiles = new double[probabilities.Length];
        for (int q = 0; q < quantiles.Length; q++)
        {
            double p = probabilities[q];
            if (!(p >= 0 && p <= 1)) throw new ArgumentException($"Probability {p} is outside [0, 1].", nameof(probabilities));
            double h = (total - 1) * p;
            double lo = Math.Floor(h);
            double a = AtExpandedIndex(sorted, cumulative, lo);
            double b = AtExpandedIndex(sorted, cumulative, Math.Min(lo + 1, total - 1));
            quantiles[q] = a + (h - lo) * (b - a);
        }
        return new ColumnStatistics(total, mean, sd, sorted[0], sorted[^1], quantiles);
    }

    /// <summary>The value at 0-based position <paramref name="index"/> of the expanded sorted data.</summary>
    private static double AtExpandedIndex(double[] sorted, double[] cumulative, double index)
    {
        int k = Array.BinarySearch(cumulative, index);
        // cumulative[k] is the first position past row k: index j belongs to the first row with cumulative > j.
        k = k >= 0 ? k + 1 : ~k;
        return sorted[Math.Min(k, sorted.Length - 1)];
    }
}
