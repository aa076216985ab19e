using Clv.Probabilistic.Data;
using Clv.Probabilistic.Models;
using Clv.Probabilistic.Models.GammaGamma;
using Clv.Probabilistic.Valuation;

namespace Clv.Probabilistic.Tests.Valuation;

/// <summary>
/// <see cref="CustomerPredictions"/> computed in blocks of rows over threads (<see cref="RowPredictions"/>,
/// <see cref="FactoredValuation"/>): every column the same bits for any thread count and block length, block boundaries
/// included, and the same bits as each model's own whole-summary method; for every registered purchase model.
/// </summary>
public class RowPredictionsTests
{
    private static readonly GammaGammaSpendModel Spend = new(new GammaGammaParameters(6.25, 3.74, 15.44));

    /// <summary>(threads, rows per block): one thread in blocks of four, blocks that end inside the last four rows, one block.</summary>
    private static readonly (int Threads, int Block)[] Settings = [(1, 4), (2, 8), (-1, 12), (-1, 1000), (-1, 1 << 14)];

    public static TheoryData<string, DiscountingKind> PurchaseModels()
    {
        var data = new TheoryData<string, DiscountingKind>();
        foreach (var model in ModelRegistry.All.Where(m => m.Kind == ModelKind.Purchase))
            foreach (var kind in new[] { DiscountingKind.Discrete, DiscountingKind.Continuous }) data.Add(model.Name, kind);
        return data;
    }

    [Theory]
    [MemberData(nameof(PurchaseModels))]
    public void EveryColumnIsTheSameBitsForAnyThreadCountAndBlockLength(string name, DiscountingKind kind)
    {
        // 2,003 customers: not a multiple of four, so the last block ends inside a group of four.
        var (model, customers) = HistoryValuationTests.Case(name);
        var valuation = new ClvOptions(12, TimeUnit.Months, DiscountRate.PerMonth(0.01), kind, margin: 0.3);
        double t = TimeUnit.Months.ConvertTo(6, model.TimeUnit);

        // The reference: each model's own methods over the whole summary, on one thread.
        var alive = model.ProbabilityAlive(customers);
        var expected = model.ConditionalExpectedPurchases(customers, t);
        var spend = Spend.ConditionalExpectedSpend(customers);
        CustomerPredictions? firstValued = null;
        foreach (var (threads, block) in Settings)
        {
            string where = $"{name}, {threads} threads, blocks of {block}";
            var purchases = CustomerPredictions.Compute(model, customers, 6, TimeUnit.Months, null, null, threads, block);
            Same(alive, purchases.ProbabilityAlive, where + ", P(alive)");
            Same(expected, purchases.ExpectedPurchases, where + ", E[Y]");

            var valued = CustomerPredictions.Compute(model, customers, 12, TimeUnit.Months, Spend, valuation, threads, block);
            Same(alive, valued.ProbabilityAlive, where + ", P(alive) with value");
            Same(spend, valued.ExpectedSpend, where + ", E[Z]");
            if (firstValued is null)
            {
                firstValued = valued;
                continue;
            }
            Same(firstValued.ExpectedPurchases, valued.ExpectedPurchases, where + ", E[Y] at 12 months");
            Same(firstValued.Clv, valued.Clv, where + ", CLV");
            Same(firstValued.Value!.DiscountedPurchases, valued.Value!.DiscountedPurchases, where + ", discounted purchases");
        }
    }

    [Theory]
    [InlineData(3)]
    [InlineData(6)]
    [InlineData(0)]
    public void BlocksOfRowsAreWholeFours(int block)
    {
        var (model, customers) = HistoryValuationTests.Case("bgnbd");
        Assert.Throws<ArgumentOutOfRangeException>(() => CustomerPredictions.Compute(model, customers, 6, TimeUnit.Months, null, null, -1, block));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(-1)]
    public void ASpendErrorInSeveralBlocksNamesTheFirstCustomer(int threads)
    {
        var (model, customers) = HistoryValuationTests.Case("bgnbd");
        int n = customers.Count;
        var repeat = Enumerable.Range(0, n).Where(i => customers.Frequency[i] >= 1).ToArray();
        int first = repeat[3], later = repeat[^5];
        var spend = customers.MonetaryValue.ToArray();
        spend[first] = spend[later] = 0;
        var bad = new RfmSummary(customers.CustomerIds.ToArray(), customers.Frequency.ToArray(), customers.Recency.ToArray(),
            customers.T.ToArray(), spend, customers.TimeUnit);
        var valuation = ClvOptions.Monthly(12, DiscountRate.PerMonth(0.01));
        var error = Assert.ThrowsAny<ArgumentException>(() => CustomerPredictions.Compute(model, bad, 12, TimeUnit.Months, Spend, valuation, threads, 8));
        Assert.Contains($"'c{first}'", error.Message);
        Assert.DoesNotContain($"'c{later}'", error.Message);
    }

    private static void Same(ReadOnlySpan<double> expected, ReadOnlySpan<double> actual, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
            if (BitConverter.DoubleToInt64Bits(expected[i]) != BitConverter.DoubleToInt64Bits(actual[i]))
                Assert.Fail($"{what}, row {i}: expected {expected[i]:R}, got {actual[i]:R}");
    }
}
