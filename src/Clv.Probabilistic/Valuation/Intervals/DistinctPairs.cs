using Clv.Probabilistic.Data;
using Clv.Probabilistic.Models;

namespace Clv.Probabilistic.Valuation.Intervals;

/// <summary>The distinct (x, T) pairs of a summary and each customer's pair.</summary>
internal sealed class DistinctPairs
{
    private DistinctPairs(int[] index, RfmSummary rows)
    {
        Index = index;
        Rows = rows;
    }

    /// <summary>Pair of each customer.</summary>
    public int[] Index { get; }

    /// <summary>One row per pair with t_x = T.</summary>
    public RfmSummary Rows { get; }

    public int Count => Rows.Count;

    public static DistinctPairs Of(RfmSummary customers)
    {
        var map = new Dictionary<(double X, double T), int>();
        var index = new int[customers.Count];
        var xs = new List<double>();
        var ts = new List<double>();
        for (int i = 0; i < index.Length; i++)
        {
            var key = (customers.Frequency[i], customers.T[i]);
            if (!map.TryGetValue(key, out int k))
            {
                map[key] = k = xs.Count;
                xs.Add(key.Item1);
                ts.Add(key.Item2);
            }
            index[i] = k;
        }
        int n = xs.Count;
        var ids = new string[n];
        for (int k = 0; k < n; k++) ids[k] = k.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var t = ts.ToArray();
        var recency = xs.Select((x, k) => x == 0 ? 0.0 : t[k]).ToArray();
        var ones = new double[n];
        Array.Fill(ones, 1.0);
        return new DistinctPairs(index, new RfmSummary(ids, xs.ToArray(), recency, t, new double[n], ones, customers.TimeUnit, validate: false));
    }

    /// <summary>
    /// E[Y(t)] / P(alive) and (with CLV options) discounted purchases / P(alive) of every pair at every draw, draw-major:
    /// the part of the conditional expectation that does not depend on t_x.
    /// </summary>
    public (double[] Horizon, double[]? Discounted) ExpectedPerAlive(IPurchaseModel[] models, double horizon, ClvOptions? clv)
    {
        int n = Count, draws = models.Length;
        var perHorizon = new double[draws * n];
        var perDiscounted = clv is null ? null : new double[draws * n];
        Parallel.For(0, draws, d =>
        {
            var model = models[d];
            var alive = new double[n];
            model.ProbabilityAlive(Rows, alive);
            var h = perHorizon.AsSpan(d * n, n);
            model.ConditionalExpectedPurchases(Rows, horizon, h);
            for (int k = 0; k < n; k++) h[k] /= alive[k];
            if (clv is null) return;
            var discounted = perDiscounted.AsSpan(d * n, n);
            CustomerLifetimeValue.DiscountBlock(model, Rows, clv, clv.Period.ConvertTo(1.0, model.TimeUnit), discounted, new double[n]);
            for (int k = 0; k < n; k++) discounted[k] /= alive[k];
        });
        return (perHorizon, perDiscounted);
    }
}
