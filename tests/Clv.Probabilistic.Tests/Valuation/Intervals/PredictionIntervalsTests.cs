using Clv.Probabilistic.Data;
using Clv.Probabilistic.Inference;
using Clv.Probabilistic.Models;
using Clv.Probabilistic.Models.BgNbd;
using Clv.Probabilistic.Models.GammaGamma;
using Clv.Probabilistic.Valuation;
using Clv.Probabilistic.Valuation.Intervals;

namespace Clv.Probabilistic.Tests.Valuation.Intervals;

public class PredictionIntervalsTests
{
    private static readonly Lazy<RfmSummary> Cdnow = new(Clv.Probabilistic.Datasets.CdnowSummaryWithMonetaryValue);

    private static readonly Lazy<(ModelFit<BgNbdParameters, BgNbdModel> Purchases, ModelFit<GammaGammaParameters, GammaGammaSpendModel> Spend)> Fits = new(() =>
    (
        ModelFitter.Fit(BgNbdDefinition.Instance, Cdnow.Value, new FitOptions { Draws = 300, Seed = 1 }),
        ModelFitter.Fit(GammaGammaDefinition.Instance, Cdnow.Value, new FitOptions { Draws = 300, Seed = 2 })
    ));

    private static readonly ClvOptions Valuation = ClvOptions.Monthly(12, DiscountRate.PerYear(0.1));

    private static RfmSummary Head(int count) => SummaryRows.Range(Cdnow.Value, 0, count);

    [Fact]
    public void StreamedIntervalsEqualBruteForceOverAllDrawsInMemory()
    {
        var (purchases, spend) = Fits.Value;
        var customers = Head(37);
        var options = new IntervalOptions { Level = 0.8, Horizon = 39, Clv = Valuation, MaxDraws = 60, RowsPerBlock = 5 };
        var streamed = PredictionIntervals.Compute(purchases, spend, customers, options);

        // Brute force: every draw's full predictions through the public single-model APIs, then each customer's column.
        int draws = streamed.Draws, n = customers.Count;
        Assert.Equal(60, draws);
        var all = new Dictionary<string, double[,]>
        {
            ["expected_purchases"] = new double[draws, n], ["p_alive"] = new double[draws, n],
            ["expected_spend"] = new double[draws, n], ["clv"] = new double[draws, n],
        };
        for (int d = 0; d < draws; d++)
        {
            int source = (int)((long)d * purchases.Draws!.Count / draws);
            var model = new BgNbdModel(purchases.DrawParameters(source), TimeUnit.Weeks);
            var spendModel = new GammaGammaSpendModel(spend.DrawParameters((int)((long)d * spend.Draws!.Count / draws)));
            var row = new double[n];
            model.ConditionalExpectedPurchases(customers, 39, row);
            Fill(all["expected_purchases"], d, row);
            model.ProbabilityAlive(customers, row);
            Fill(all["p_alive"], d, row);
            spendModel.ConditionalExpectedSpend(customers, row);
            Fill(all["expected_spend"], d, row);
            Fill(all["clv"], d, CustomerLifetimeValue.Compute(model, spendModel, customers, Valuation).Values.ToArray());
        }
        foreach (var (name, matrix) in all)
        {
            var quantity = streamed[name]!;
            for (int i = 0; i < n; i++)
            {
                var column = Enumerable.Range(0, draws).Select(d => matrix[d, i]).Order().ToArray();
                double lower = column[(int)Math.Floor(0.1 * (draws - 1))] + (0.1 * (draws - 1) % 1) * (column[(int)Math.Floor(0.1 * (draws - 1)) + 1] - column[(int)Math.Floor(0.1 * (draws - 1))]);
                double upper = column[(int)Math.Floor(0.9 * (draws - 1))] + (0.9 * (draws - 1) % 1) * (column[(int)Math.Floor(0.9 * (draws - 1)) + 1] - column[(int)Math.Floor(0.9 * (draws - 1))]);
                Assert.Equal(column.Average(), quantity.Mean[i], 1e-9 * (1 + Math.Abs(column.Average())));
                Assert.Equal(lower, quantity.Lower[i], 1e-9 * (1 + Math.Abs(lower)));
                Assert.Equal(upper, quantity.Upper[i], 1e-9 * (1 + Math.Abs(upper)));
                // HDI by exhaustive search over every window of 48 = ⌈0.8 · 60⌉ sorted draws: the shortest width, and a
                // window that holds 48 draws.
                double width = Enumerable.Range(0, draws - 47).Min(k => column[k + 47] - column[k]);
                Assert.Equal(width, quantity.HdiUpper[i] - quantity.HdiLower[i], 1e-9 * (1 + width));
                double slack = 1e-9 * (1 + Math.Abs(quantity.HdiUpper[i]));
                Assert.True(column.Count(v => v >= quantity.HdiLower[i] - slack && v <= quantity.HdiUpper[i] + slack) >= 48, $"{name}, customer {i}");
            }
        }
    }

    private static void Fill(double[,] matrix, int d, double[] row)
    {
        for (int i = 0; i < row.Length; i++) matrix[d, i] = row[i];
    }

    [Fact]
    public void IntervalsContainThePointEstimateAndHdiIsNoWiderThanEqualTailed()
    {
        var (purchases, spend) = Fits.Value;
        var customers = Head(300);
        var result = PredictionIntervals.Compute(purchases, spend, customers, new IntervalOptions { Level = 0.9, Horizon = 39, Clv = Valuation });
        var point = new double[customers.Count];
        new BgNbdModel(purchases.PointEstimate, TimeUnit.Weeks).ConditionalExpectedPurchases(customers, 39, point);
        var values = CustomerLifetimeValue.Compute(new BgNbdModel(purchases.PointEstimate, TimeUnit.Weeks),
            new GammaGammaSpendModel(spend.PointEstimate), customers, Valuation).Values;
        var ey = result["expected_purchases"]!;
        var clv = result["clv"]!;
        for (int i = 0; i < customers.Count; i++)
        {
            Assert.InRange(point[i], ey.Lower[i] - 1e-12, ey.Upper[i] + 1e-12);
            Assert.InRange(values[i], clv.Lower[i] - 1e-9, clv.Upper[i] + 1e-9);
            foreach (var q in result.Quantities)
                Assert.True(q.HdiUpper[i] - q.HdiLower[i] <= q.Upper[i] - q.Lower[i] + 1e-12, $"{q.Name}, customer {i}");
        }
        // Skewed case: CLV of a customer with many purchases has a right-skewed draw distribution; HDI strictly shorter.
        Assert.Contains(Enumerable.Range(0, customers.Count), i => clv.HdiUpper[i] - clv.HdiLower[i] < 0.99 * (clv.Upper[i] - clv.Lower[i]));
    }

    [Fact]
    public void PredictiveSimulationMeanMatchesTheConditionalExpectation()
    {
        // With one fixed parameter vector, the mean of simulated futures is E[Y(t) | x, t_x, T] (FHL 2005 eq. 10) and
        // the mean value is E[Y(t)] · E[Z | x, z̄]; each within 4 standard errors of the simulation.
        var purchases = new BgNbdParameters(0.243, 4.414, 0.793, 2.426);
        var spend = new GammaGammaParameters(6.25, 3.74, 15.44);
        double[] x = [0, 2, 7, 1], tx = [0, 30, 35, 2], t = [38, 38, 38, 38], z = [0, 25, 40, 10];
        var random = new MathNet.Numerics.Random.Xoshiro256StarStar(9);
        const int n = 40000;
        for (int c = 0; c < x.Length; c++)
        {
            double sum = 0, sumSq = 0, value = 0;
            for (int k = 0; k < n; k++)
            {
                int y = BgNbdSimulator.SimulateFuture(purchases, x[c], tx[c], t[c], 39, random);
                sum += y;
                sumSq += (double)y * y;
                value += GammaGammaSimulator.SimulateFutureValue(spend, x[c], z[c], y, random);
            }
            double mean = sum / n, se = Math.Sqrt((sumSq / n - mean * mean) / n);
            var row = new RfmSummary(["c"], [x[c]], [tx[c]], [t[c]], [z[c]], TimeUnit.Weeks);
            var expected = new double[1];
            new BgNbdModel(purchases, TimeUnit.Weeks).ConditionalExpectedPurchases(row, 39, expected);
            Assert.InRange(mean, expected[0] - 4 * se, expected[0] + 4 * se);
            double spendMean = new GammaGammaSpendModel(spend).ConditionalExpectedSpend(x[c], z[c]);
            Assert.Equal(expected[0] * spendMean, value / n, 0.08 * expected[0] * spendMean);
        }
    }

    [Fact]
    public void PredictiveIntervalsAreReproducibleAndContainTheirMean()
    {
        var (purchases, spend) = Fits.Value;
        var customers = Head(50);
        var options = new IntervalOptions { Level = 0.9, Horizon = 39, MaxDraws = 100, RowsPerBlock = 16, Seed = 4 };
        var first = PredictionIntervals.Predictive(purchases, spend, customers, options);
        var second = PredictionIntervals.Predictive(purchases, spend, customers, options);
        var y = first["future_purchases"]!;
        Assert.True(y.Upper.SequenceEqual(second["future_purchases"]!.Upper));
        // Counts: each mean is a whole number of purchases spread over the draws, and each HDI end is a simulated count.
        Assert.Equal(100, first.Draws);
        for (int i = 0; i < customers.Count; i++)
        {
            double total = y.Mean[i] * first.Draws;
            Assert.True(Math.Abs(total - Math.Round(total)) <= 1e-9 * (1 + total), $"customer {i}: mean {y.Mean[i]}");
            Assert.True(y.HdiLower[i] == Math.Floor(y.HdiLower[i]) && y.HdiUpper[i] == Math.Floor(y.HdiUpper[i]), $"customer {i}");
            Assert.True(y.Lower[i] == Math.Floor(y.Lower[i]) && y.Upper[i] == Math.Floor(y.Upper[i]), $"customer {i}: {y.Lower[i]} to {y.Upper[i]}");
            Assert.InRange(y.Lower[i], 0, y.Upper[i]);
        }
        Assert.True(y.IsCount);
        Assert.False(first.FutureValue!.IsCount);
        Assert.Same(y, first.FuturePurchases);
        Assert.Null(first.ExpectedPurchases);
        // Averaged over the same parameter draws, simulated futures have the expected purchases' mean (tower rule);
        // the total over 5,000 simulations has a relative standard error of about 4%.
        var credible = PredictionIntervals.Compute(purchases, spend, customers, options);
        var expected = credible.ExpectedPurchases!;
        Assert.Same(credible["p_alive"], credible.ProbabilityAlive);
        Assert.Same(credible["expected_spend"], credible.ExpectedSpend);
        Assert.Null(credible.Clv);
        Assert.Null(credible.FuturePurchases);
        double simulated = 0, exact = 0;
        for (int i = 0; i < customers.Count; i++)
        {
            simulated += y.Mean[i];
            exact += expected.Mean[i];
        }
        Assert.Equal(exact, simulated, 0.15 * exact);
    }

    [Theory]
    [InlineData(new double[] { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9 }, 0.8, 0, 8)]
    [InlineData(new double[] { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9 }, 0.9, 0, 9)]
    [InlineData(new double[] { 0, 0, 0, 1, 1, 2, 2, 2, 3, 7 }, 0.5, 0, 2)]
    [InlineData(new double[] { 4 }, 0.9, 4, 4)]
    public void EqualTailedEndsOfCountsAreDrawsAtTheInverseEmpiricalQuantiles(double[] sorted, double level, double lower, double upper)
    {
        // Hyndman & Fan definition 1: Q(p) is the smallest draw with empirical CDF ≥ p; for n = 10 and level 0.8,
        // p = 0.1 → the 1st draw, p = 0.9 → the 9th.
        Assert.Equal((lower, upper), IntervalMath.EqualTailedOfDraws(sorted, level));
    }

    [Fact]
    public void MismatchedTimeUnitsAreRejected()
    {
        var (purchases, _) = Fits.Value;
        var days = new RfmSummary(["a"], [1.0], [3.0], [10.0], [5.0], TimeUnit.Days);
        Assert.Throws<ArgumentException>(() => PredictionIntervals.Compute(purchases, null, days, new IntervalOptions()));
    }
}
