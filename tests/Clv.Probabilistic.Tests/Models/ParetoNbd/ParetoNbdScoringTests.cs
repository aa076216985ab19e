using Clv.Probabilistic.Data;
using Clv.Probabilistic.Models.ParetoNbd;

namespace Clv.Probabilistic.Tests.Models.ParetoNbd;

/// <summary>
/// P(alive), E[Y(t) | x, t_x, T] and DERT of the model (evaluated once per distinct history, blocks over threads) against the
/// straightforward per-customer loop over <see cref="ParetoNbdFormulas"/>: the same bits, for every thread count.
/// </summary>
public class ParetoNbdScoringTests
{
    public static TheoryData<bool, double, double, double, double> Cases() => new()
    {
        { true, 0.553, 10.578 * 7, 0.606, 11.669 * 7 },
        { false, 0.553, 10.578 * 7, 0.606, 11.669 * 7 },
        { true, 2.3, 40, 1.7, 15 },
        { false, 0.8, 12, 0.4, 12 },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void MatchesPerCustomerLoopBitwise(bool wholeDays, double r, double alpha, double s, double beta)
    {
        var summary = Customers(4000, wholeDays, seed: 12);
        var parameters = new ParetoNbdParameters(r, alpha, s, beta);
        int n = summary.Count;
        var alive = new double[n];
        var expected = new double[n];
        var dert = new double[n];
        for (int i = 0; i < n; i++)
        {
            dert[i] = ParetoNbdFormulas.DiscountedExpectedResidualPurchases(parameters, summary.Frequency[i], summary.Recency[i], summary.T[i], 0.0004);
            alive[i] = ParetoNbdFormulas.ProbabilityAlive(parameters, summary.Frequency[i], summary.Recency[i], summary.T[i]);
            expected[i] = ParetoNbdFormulas.ConditionalExpectedPurchases(parameters, summary.Frequency[i], summary.Recency[i], summary.T[i], 365);
        }
        foreach (int threads in new[] { 1, 2, 3, -1 })
        {
            var model = new ParetoNbdModel(parameters, TimeUnit.Days) { MaxDegreeOfParallelism = threads };
            var actual = new double[n];
            model.ProbabilityAlive(summary, actual);
            AssertBitwise(alive, actual, $"P(alive), {threads} threads");
            model.ConditionalExpectedPurchases(summary, 365, actual);
            AssertBitwise(expected, actual, $"E[Y], {threads} threads");
            model.DiscountedExpectedResidualPurchases(summary, 0.0004, actual);
            AssertBitwise(dert, actual, $"DERT, {threads} threads");
        }
    }

    [Fact]
    public void EmptySummaryGivesNothing()
    {
        var model = new ParetoNbdModel(new ParetoNbdParameters(0.553, 74, 0.606, 81.7), TimeUnit.Days);
        var summary = new RfmSummary([], [], [], [], default, TimeUnit.Days);
        model.ProbabilityAlive(summary, []);
        model.ConditionalExpectedPurchases(summary, 365, []);
    }

    internal static void AssertBitwise(double[] expected, double[] actual, string what)
    {
        for (int i = 0; i < expected.Length; i++)
            Assert.True(BitConverter.DoubleToInt64Bits(expected[i]) == BitConverter.DoubleToInt64Bits(actual[i]),
                $"{what}, customer {i}: {actual[i]:R}, per-customer loop {expected[i]:R}");
    }

    /// <summary>
    /// Random histories, half of them copies of earlier rows (so distinct histories repeat, not always adjacent), with
    /// x = 0 (t_x = 0) and t_x = T among them; whole days or real durations.
    /// </summary>
    internal static RfmSummary Customers(int n, bool wholeDays, int seed)
    {
        var random = new Random(seed);
        double[] x = new double[n], recency = new double[n], t = new double[n];
        for (int i = 0; i < n; i++)
        {
            if (i > 0 && random.NextDouble() < 0.5)
            {
                int j = random.Next(i);
                (x[i], recency[i], t[i]) = (x[j], recency[j], t[j]);
                continue;
            }
            double tt = wholeDays ? random.Next(1, 60) : 1 + 59 * random.NextDouble();
            double xx = random.NextDouble() < 0.3 ? 0 : random.Next(1, 15);
            double rr = xx == 0 ? 0
                : random.NextDouble() < 0.1 ? tt
                : wholeDays ? random.Next(1, (int)tt + 1) : tt * random.NextDouble();
            (x[i], recency[i], t[i]) = (xx, rr, tt);
        }
        var ids = Enumerable.Range(0, n).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        return new RfmSummary(ids, x, recency, t, default, TimeUnit.Days);
    }
}
