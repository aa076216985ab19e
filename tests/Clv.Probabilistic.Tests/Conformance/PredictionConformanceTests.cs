using System.Globalization;
using Clv.Probabilistic.Data;
using Clv.Probabilistic.Models;
using MathNet.Numerics.Random;
using Xunit.Abstractions;

namespace Clv.Probabilistic.Tests.Conformance;

/// <summary>
/// 9. Every registered model's closed-form predictions against its own simulator at the case's truth: a simulated mean
/// lies within 4 of its standard errors of the formula.
/// </summary>
public class PredictionConformanceTests(ITestOutputHelper output)
{
    public static TheoryData<string> PurchaseModels => Of(ModelKind.Purchase);

    public static TheoryData<string> SpendModels => Of(ModelKind.Spend);

    public static TheoryData<string> DiscretePurchaseModels => Of(ModelKind.DiscretePurchase);

    private static TheoryData<string> Of(ModelKind kind)
    {
        var data = new TheoryData<string>();
        foreach (var model in ModelRegistry.All.Where(m => m.Kind == kind)) data.Add(model.Name);
        return data;
    }

    private static IPurchaseModel PurchaseModel(ModelCase model) => model.Definition.CreatePurchaseModel(model.Truth.ToArray(), model.TimeUnit);

    // E[X(t)]: the mean count of 40,000 simulated new customers observed for t.
    [Theory]
    [MemberData(nameof(PurchaseModels))]
    public void ExpectedPurchasesMatchSimulatedCustomers(string name)
    {
        var model = ModelCases.For(name);
        var purchases = PurchaseModel(model);
        foreach (double t in new[] { 1.0, 13, 52, 260 })
        {
            var lengths = Enumerable.Repeat(t, 40_000).ToArray();
            var counts = purchases.Simulate(lengths, seed: (int)t).Summary.Frequency.ToArray();
            AssertWithinFourStandardErrors(counts, purchases.ExpectedPurchases(t), $"E[X({t})]");
        }
    }

    // E[Y(t) | x, t_x, T]: the mean of 40,000 simulated futures of the same customer.
    [Theory]
    [MemberData(nameof(PurchaseModels))]
    public void ConditionalExpectationMatchesSimulatedFutures(string name)
    {
        var model = ModelCases.For(name);
        var purchases = PurchaseModel(model);
        (double X, double Recency, double T)[] histories = [(0, 0, 30), (1, 2, 39), (1, 35, 39), (4, 20, 35), (12, 38, 39), (3, 1, 39)];
        var summary = new RfmSummary(histories.Select((_, i) => i.ToString(CultureInfo.InvariantCulture)).ToArray(),
            histories.Select(h => h.X).ToArray(), histories.Select(h => h.Recency).ToArray(), histories.Select(h => h.T).ToArray(),
            default, model.TimeUnit);
        foreach (double horizon in new[] { 4.0, 52 })
        {
            var expected = new double[summary.Count];
            purchases.ConditionalExpectedPurchases(summary, horizon, expected);
            var random = new Xoshiro256StarStar(21);
            for (int i = 0; i < histories.Length; i++)
            {
                var (x, recency, t) = histories[i];
                var futures = new double[40_000];
                for (int k = 0; k < futures.Length; k++) futures[k] = purchases.SimulateFuturePurchases(x, recency, t, horizon, random);
                AssertWithinFourStandardErrors(futures, expected[i], $"E[Y({horizon}) | x = {x}, t_x = {recency}, T = {t}]");
            }
        }
    }

    // P(X(t) = n) sums to 1 over n, and Σ n P(X(t) = n) = E[X(t)].
    [Theory]
    [MemberData(nameof(PurchaseModels))]
    public void CountDistributionSumsToOneWithTheExpectedMean(string name)
    {
        var model = ModelCases.For(name);
        var purchases = PurchaseModel(model);
        foreach (double t in new[] { 1.0, 13, 52, 260 })
        {
            double total = 0, mean = 0;
            int n = 0;
            for (; n < 1_000_000; n++)
            {
                double p = Math.Exp(purchases.LogProbabilityOfPurchases(t, n));
                Assert.True(p >= 0 && p <= 1, $"P(X({t}) = {n}) = {p}");
                total += p;
                mean += n * p;
                if (n * p < 1e-17 && 1 - total < 1e-14) break;
            }
            double expected = purchases.ExpectedPurchases(t);
            output.WriteLine($"t = {t}: {n + 1} terms, Σ P = 1 − {1 - total:G3}, Σ n P = {mean:G10}, E[X(t)] = {expected:G10}");
            Assert.True(Math.Abs(total - 1) <= 1e-10, $"t = {t}: Σ P = {total:R}");
            Assert.True(Math.Abs(mean - expected) <= 1e-9 * expected, $"t = {t}: Σ n P = {mean:R}, E[X(t)] = {expected:R}");
        }
    }

    // E[Z | x, z̄]: the mean of 40,000 simulated values of one future purchase of the same customer.
    [Theory]
    [MemberData(nameof(SpendModels))]
    public void ConditionalSpendMatchesSimulatedValues(string name)
    {
        var model = ModelCases.For(name);
        var spend = model.Definition.CreateSpendModel(model.Truth.ToArray());
        (double X, double MeanSpend)[] customers = [(0, 0), (1, 5), (1, 80), (3, 40), (10, 15), (30, 200)];
        var summary = new RfmSummary(customers.Select((_, i) => i.ToString(CultureInfo.InvariantCulture)).ToArray(),
            customers.Select(c => c.X).ToArray(), customers.Select(c => c.X == 0 ? 0 : 1.0).ToArray(),
            Enumerable.Repeat(2.0, customers.Length).ToArray(), customers.Select(c => c.MeanSpend).ToArray(), model.TimeUnit);
        var expected = new double[summary.Count];
        spend.ConditionalExpectedSpend(summary, expected);
        var random = new Xoshiro256StarStar(22);
        for (int i = 0; i < customers.Length; i++)
        {
            var (x, z) = customers[i];
            var values = new double[40_000];
            for (int k = 0; k < values.Length; k++) values[k] = spend.SimulateFutureValue(x, z, 1, random);
            AssertWithinFourStandardErrors(values, expected[i], $"E[Z | x = {x}, z̄ = {z}]");
        }
    }

    private static IDiscretePurchaseModel DiscreteModel(ModelCase model) =>
        model.Definition.CreateDiscretePurchaseModel(model.Truth.ToArray(), model.TimeUnit);

    // E[X(n)]: the mean count of 40,000 simulated new customers observed for n opportunities.
    [Theory]
    [MemberData(nameof(DiscretePurchaseModels))]
    public void ExpectedTransactionsMatchSimulatedCustomers(string name)
    {
        var model = DiscreteModel(ModelCases.For(name));
        foreach (int n in new[] { 1, 6, 26, 100 })
        {
            var counts = model.Simulate(Enumerable.Repeat(n, 40_000).ToArray(), seed: n).Calibration.Frequency.ToArray();
            AssertWithinFourStandardErrors(counts, model.ExpectedTransactions(n), $"E[X({n})]");
        }
    }

    // E[X(n, n+n*) | x, t_x, n]: the mean of 40,000 simulated futures of the same customer, and the mean holdout count
    // of simulated new customers who happened to have that history.
    [Theory]
    [MemberData(nameof(DiscretePurchaseModels))]
    public void ConditionalTransactionsMatchSimulatedFutures(string name)
    {
        var model = DiscreteModel(ModelCases.For(name));
        (int X, int Recency, int N)[] histories = [(0, 0, 6), (1, 1, 6), (2, 4, 6), (6, 6, 6), (3, 10, 20), (1, 2, 20)];
        var summary = Histories(histories, ModelCases.For(name).TimeUnit);
        var simulated = model.Simulate(Enumerable.Repeat(6, 200_000).ToArray(), seed: 23, holdoutPeriods: 5);
        foreach (int horizon in new[] { 5, 52 })
        {
            var expected = new double[summary.Count];
            model.ConditionalExpectedTransactions(summary, horizon, expected);
            var random = new Xoshiro256StarStar(21);
            for (int i = 0; i < histories.Length; i++)
            {
                var (x, recency, n) = histories[i];
                var futures = new double[40_000];
                for (int k = 0; k < futures.Length; k++) futures[k] = model.SimulateFutureTransactions(x, recency, n, horizon, random);
                AssertWithinFourStandardErrors(futures, expected[i], $"E[X(n, n + {horizon}) | x = {x}, t_x = {recency}, n = {n}]");
                if (n != 6 || horizon != 5) continue;
                var c = simulated.Calibration;
                var holdout = Enumerable.Range(0, c.Count).Where(j => c.Frequency[j] == x && c.Recency[j] == recency)
                    .Select(j => simulated.FrequencyHoldout[j]).ToArray();
                AssertWithinFourStandardErrors(holdout, expected[i], $"holdout of simulated customers with x = {x}, t_x = {recency}, n = 6");
            }
        }
    }

    // P(X(n) = x) and P(X(n, n+n*) = x | history) sum to 1 with the expected means.
    [Theory]
    [MemberData(nameof(DiscretePurchaseModels))]
    public void DiscreteCountDistributionsSumToOneWithTheExpectedMeans(string name)
    {
        var model = DiscreteModel(ModelCases.For(name));
        (int X, int Recency, int N)[] histories = [(0, 0, 6), (2, 4, 6), (6, 6, 6), (3, 10, 20)];
        var summary = Histories(histories, ModelCases.For(name).TimeUnit);
        foreach (int horizon in new[] { 1, 6, 40 })
        {
            double total = 0, mean = 0;
            var conditionalTotal = new double[summary.Count];
            var conditionalMean = new double[summary.Count];
            var p = new double[summary.Count];
            for (int x = 0; x <= horizon; x++)
            {
                double q = model.ProbabilityOfTransactions(horizon, x);
                total += q;
                mean += x * q;
                model.ConditionalProbabilityOfTransactions(summary, horizon, x, p);
                for (int i = 0; i < p.Length; i++)
                {
                    Assert.InRange(p[i], 0, 1);
                    conditionalTotal[i] += p[i];
                    conditionalMean[i] += x * p[i];
                }
            }
            Assert.Equal(0, model.ProbabilityOfTransactions(horizon, horizon + 1));
            Assert.Equal(1, total, 1e-12);
            Assert.Equal(model.ExpectedTransactions(horizon), mean, 1e-12 * Math.Max(1, mean));
            var expected = new double[summary.Count];
            model.ConditionalExpectedTransactions(summary, horizon, expected);
            for (int i = 0; i < p.Length; i++)
            {
                output.WriteLine($"n* = {horizon}, history {histories[i]}: Σ P = 1 − {1 - conditionalTotal[i]:G3}, Σ x P = {conditionalMean[i]:G10}, E = {expected[i]:G10}");
                Assert.Equal(1, conditionalTotal[i], 1e-12);
                Assert.Equal(expected[i], conditionalMean[i], 1e-12 * Math.Max(1, expected[i]));
            }
        }
    }

    private static RfmSummary Histories((int X, int Recency, int N)[] histories, TimeUnit unit) =>
        new(histories.Select((_, i) => i.ToString(CultureInfo.InvariantCulture)).ToArray(),
            histories.Select(h => (double)h.X).ToArray(), histories.Select(h => (double)h.Recency).ToArray(),
            histories.Select(h => (double)h.N).ToArray(), default, unit);

    private void AssertWithinFourStandardErrors(double[] sample, double expected, string what)
    {
        double mean = sample.Average();
        double variance = sample.Sum(v => (v - mean) * (v - mean)) / (sample.Length - 1);
        double se = Math.Sqrt(variance / sample.Length);
        double z = (mean - expected) / se;
        output.WriteLine($"{what}: formula {expected:G6}, simulated {mean:G6} ± {se:G3} (z = {z:F2})");
        Assert.True(Math.Abs(z) <= 4, $"{what}: formula {expected:R}, simulated mean {mean:R} with standard error {se:G3} (z = {z:F2})");
    }
}
