using Clv.Probabilistic.Data;
using Clv.Probabilistic.Models.BgNbd;

namespace Clv.Probabilistic.Tests.Models.BgNbd;

/// <summary>The index of distinct (x, T) pairs: each row finds its own pair, every pair once, the same for any thread count.</summary>
public class HistoryCacheTests
{
    /// <summary>200,003 rows (several blocks of the index) with whole or fractional durations.</summary>
    private static RfmSummary Rows(bool whole)
    {
        var random = new Random(3);
        int n = 200_003;
        double[] x = new double[n], tx = new double[n], t = new double[n];
        for (int i = 0; i < n; i++)
        {
            x[i] = random.Next(40);
            t[i] = random.Next(1, 700) + (whole ? 0 : 0.5);
            tx[i] = x[i] == 0 ? 0 : t[i] / 2;
        }
        return new RfmSummary(Enumerable.Range(0, n).Select(i => $"c{i}").ToArray(), x, tx, t, default, TimeUnit.Days);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void EveryRowFindsItsOwnPairAndEveryPairIsDistinct(bool whole)
    {
        var rows = Rows(whole);
        HistoryCache.Pairs? first = null;
        foreach (int threads in new[] { 1, 2, -1 })
        {
            var pairs = HistoryCache.Index(rows, threads);
            var distinct = new HashSet<(double, double)>();
            for (int k = 0; k < pairs.Count; k++) Assert.True(distinct.Add((pairs.X[k], pairs.T[k])), $"pair ({pairs.X[k]}, {pairs.T[k]}) twice");
            Assert.Equal(rows.Frequency.ToArray().Zip(rows.T.ToArray()).Distinct().Count(), pairs.Count);
            for (int i = 0; i < rows.Count; i++)
            {
                int k = pairs.Of(i, rows.Frequency[i], rows.T[i]);
                Assert.True(pairs.X[k] == rows.Frequency[i] && pairs.T[k] == rows.T[i], $"row {i}");
            }
            first ??= pairs;
            Assert.Equal(first.X, pairs.X);
            Assert.Equal(first.T, pairs.T);
        }
    }
}
