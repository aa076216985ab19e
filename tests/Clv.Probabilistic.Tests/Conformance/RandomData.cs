using System.Globalization;
using Clv.Probabilistic.Data;
using Clv.Probabilistic.Models.BgNbd;

namespace Clv.Probabilistic.Tests.Conformance;

/// <summary>Random summaries and the rearrangements of them that must not change a likelihood.</summary>
internal static class RandomData
{
    /// <summary>The CDNOW maximum-likelihood estimate of BG/NBD in weeks (FHL 2005: 0.243, 4.414, 0.793, 2.426).</summary>
    public static readonly double[] CdnowPurchases = [0.2425945, 4.4136019, 0.7929199, 2.4258881];

    /// <summary>
    /// <paramref name="customers"/> customers with weight 1: x = 0 for 40%, otherwise ⌊e^{4u}⌋ (1 to 54); T uniform on
    /// [1, 100] and t_x uniform on [0, T] (at least one step, 1 or 0.01, where x ≥ 1), each whole or with two decimals; z̄ log-uniform on [0.5, 500] where x ≥ 1.
    /// </summary>
    public static RfmSummary Summary(Random random, int customers, TimeUnit unit, bool wholeT = false, bool wholeRecency = false)
    {
        var x = new double[customers];
        var recency = new double[customers];
        var t = new double[customers];
        var spend = new double[customers];
        for (int i = 0; i < customers; i++)
        {
            t[i] = Math.Round(1 + 99 * random.NextDouble(), wholeT ? 0 : 2);
            x[i] = random.NextDouble() < 0.4 ? 0 : Math.Floor(Math.Exp(4 * random.NextDouble()));
            recency[i] = x[i] == 0 ? 0 : Math.Min(t[i], Math.Max(wholeRecency ? 1 : 0.01, Math.Round(t[i] * random.NextDouble(), wholeRecency ? 0 : 2)));
            spend[i] = x[i] == 0 ? 0 : 0.5 * Math.Pow(1000, random.NextDouble());
        }
        return new RfmSummary(Ids(customers), x, recency, t, spend, unit);
    }

    /// <summary>(x, t_x, T) of <paramref name="customers"/> BG/NBD customers at <see cref="CdnowPurchases"/>, T on [26, 39] weeks.</summary>
    public static RfmSummary PurchaseHistories(int customers, int seed, TimeUnit unit)
    {
        var random = new MathNet.Numerics.Random.Xoshiro256StarStar(seed);
        var lengths = new double[customers];
        for (int i = 0; i < customers; i++) lengths[i] = 26 + 13 * random.NextDouble();
        return BgNbdDefinition.Instance.CreatePurchaseModel(CdnowPurchases, unit).Simulate(lengths, random.Next()).Summary;
    }

    /// <summary>The same customers with monetary values <paramref name="spend"/>.</summary>
    public static RfmSummary WithMonetaryValue(RfmSummary summary, ReadOnlySpan<double> spend) =>
        new(summary.CustomerIds, summary.Frequency, summary.Recency, summary.T, spend, summary.TimeUnit, summary.Weights);

    /// <summary>The same rows with whole weights 1 to 5.</summary>
    public static RfmSummary WithWholeWeights(RfmSummary summary, Random random) =>
        WithWeights(summary, _ => 1 + random.Next(5));

    /// <summary>The same rows, half of them with weight 1 and the others with weights on [1.5, 5], not whole.</summary>
    public static RfmSummary WithMixedWeights(RfmSummary summary, Random random) =>
        WithWeights(summary, _ => random.NextDouble() < 0.5 ? 1 : 1.5 + 3.5 * random.NextDouble());

    private static RfmSummary WithWeights(RfmSummary summary, Func<int, double> weight)
    {
        var weights = new double[summary.Count];
        for (int i = 0; i < weights.Length; i++) weights[i] = weight(i);
        return new RfmSummary(summary.CustomerIds, summary.Frequency, summary.Recency, summary.T, summary.MonetaryValue, summary.TimeUnit, weights);
    }

    /// <summary>Every row of whole weight k written out as k rows of weight 1.</summary>
    public static RfmSummary Expanded(RfmSummary summary)
    {
        var rows = new List<int>();
        for (int i = 0; i < summary.Count; i++)
        {
            double w = summary.Weights[i];
            if (w != Math.Floor(w)) throw new ArgumentException($"Row {i} has weight {w}, not a whole number.");
            for (int k = 0; k < w; k++) rows.Add(i);
        }
        return Select(summary, rows, Ones(rows.Count));
    }

    /// <summary>The rows in a random order.</summary>
    public static RfmSummary Shuffled(RfmSummary summary, Random random)
    {
        var rows = Enumerable.Range(0, summary.Count).ToArray();
        random.Shuffle(rows);
        return Select(summary, rows, rows.Select(i => summary.Weights[i]).ToArray());
    }

    /// <summary>
    /// <paramref name="customers"/> rows drawn with replacement from <paramref name="pool"/>, each weight 1: many rows
    /// repeat, so the prepared data merges them.
    /// </summary>
    public static RfmSummary DrawnFrom(RfmSummary pool, int customers, Random random)
    {
        var rows = new int[customers];
        for (int i = 0; i < customers; i++) rows[i] = random.Next(pool.Count);
        return Select(pool, rows, Ones(customers));
    }

    /// <summary>
    /// Identical rows merged into one row carrying their total weight: the library's own compression, grouped by monetary
    /// value so that spend models see the same customers.
    /// </summary>
    public static RfmSummary Merged(RfmSummary summary) => summary.Compress(byMonetaryValue: true).Rows;

    /// <summary>Each row of weight w split into two rows of weights u·w and (1 − u)·w.</summary>
    public static RfmSummary Split(RfmSummary summary, Random random)
    {
        var rows = new List<int>();
        var weights = new List<double>();
        for (int i = 0; i < summary.Count; i++)
        {
            double w = summary.Weights[i], part = w * (0.25 + 0.5 * random.NextDouble());
            rows.Add(i);
            weights.Add(part);
            rows.Add(i);
            weights.Add(w - part);
        }
        return Select(summary, rows, weights.ToArray());
    }

    private static RfmSummary Select(RfmSummary summary, IReadOnlyList<int> rows, double[] weights)
    {
        int n = rows.Count;
        var x = new double[n];
        var recency = new double[n];
        var t = new double[n];
        var spend = new double[n];
        for (int k = 0; k < n; k++)
        {
            int i = rows[k];
            x[k] = summary.Frequency[i];
            recency[k] = summary.Recency[i];
            t[k] = summary.T[i];
            spend[k] = summary.MonetaryValue[i];
        }
        return new RfmSummary(Ids(n), x, recency, t, spend, summary.TimeUnit, weights);
    }

    private static double[] Ones(int n) => Enumerable.Repeat(1.0, n).ToArray();

    private static string[] Ids(int n) => Enumerable.Range(0, n).Select(i => i.ToString(CultureInfo.InvariantCulture)).ToArray();
}
