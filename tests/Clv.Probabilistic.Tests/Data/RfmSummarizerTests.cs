using Clv.Probabilistic.Data;

namespace Clv.Probabilistic.Tests.Data;

public class RfmSummarizerTests
{
    private static readonly DateOnly Jan1 = new(2020, 1, 1);

    /// <summary>A log from (customer, days after 2020-01-01, amount) rows.</summary>
    internal static TransactionLog Log(params (string Id, int Day, double Amount)[] rows) =>
        TransactionLog.FromArrays(rows.Select(r => r.Id).ToArray(), rows.Select(r => Jan1.AddDays(r.Day)).ToArray(),
            rows.Select(r => r.Amount).ToArray(), allowNegativeAmounts: true);

    private static SummaryOptions Options(int endDay, TimeUnit unit) => new(Jan1.AddDays(endDay), unit);

    private static (double X, double Tx, double T, double M) Row(RfmSummary s, string id)
    {
        int i = s.CustomerIds.ToList().IndexOf(id);
        Assert.True(i >= 0, $"customer {id} missing");
        return (s.Frequency[i], s.Recency[i], s.T[i], s.MonetaryValue[i]);
    }

    [Fact]
    public void SameDayPurchasesAreOnePurchaseWithSummedAmount()
    {
        // Days 0 (10 + 5), 7 (20 + 2), 14 (4); end day 30. Repeat days: 7 and 14.
        var log = Log(("a", 14, 4), ("a", 0, 10), ("a", 7, 20), ("a", 0, 5), ("a", 7, 2));
        var s = RfmSummarizer.Summarize(log, Options(30, TimeUnit.Weeks));
        Assert.Equal((2.0, 2.0, 30 / 7.0, 13.0), Row(s, "a"));
        Assert.Equal(TimeUnit.Weeks, s.TimeUnit);
        Assert.Equal(1.0, s.Weights[0]);
    }

    [Fact]
    public void FirstPurchaseOptionAveragesAllPurchaseDays()
    {
        var log = Log(("a", 0, 10), ("a", 0, 5), ("a", 7, 20), ("a", 14, 4), ("b", 3, 8));
        var s = RfmSummarizer.Summarize(log, Options(30, TimeUnit.Days) with { IncludeFirstPurchaseInMonetaryValue = true });
        Assert.Equal((2.0, 14.0, 30.0, (15 + 20 + 4) / 3.0), Row(s, "a"));
        Assert.Equal((0.0, 0.0, 27.0, 8.0), Row(s, "b"));
    }

    [Fact]
    public void SinglePurchaseHasZeroFrequencyRecencyAndMonetaryValue()
    {
        var s = RfmSummarizer.Summarize(Log(("solo", 5, 42)), Options(12, TimeUnit.Weeks));
        Assert.Equal((0.0, 0.0, 1.0, 0.0), Row(s, "solo"));
    }

    [Fact]
    public void PurchaseOnTheObservationEndCounts()
    {
        var s = RfmSummarizer.Summarize(Log(("a", 0, 1), ("a", 21, 3)), Options(21, TimeUnit.Weeks));
        Assert.Equal((1.0, 3.0, 3.0, 3.0), Row(s, "a"));
        var first = RfmSummarizer.Summarize(Log(("z", 21, 1)), Options(21, TimeUnit.Weeks));
        Assert.Equal((0.0, 0.0, 0.0, 0.0), Row(first, "z"));
    }

    [Fact]
    public void TimeIsWholeDaysInTheChosenUnit()
    {
        var log = Log(("a", 0, 1), ("a", 45, 1));
        var months = RfmSummarizer.Summarize(log, Options(100, TimeUnit.Months));
        Assert.Equal(45 / 30.4375, months.Recency[0], 15);
        Assert.Equal(100 / 30.4375, months.T[0], 15);
    }

    [Fact]
    public void RowsFollowFirstAppearanceOfCustomers()
    {
        var s = RfmSummarizer.Summarize(Log(("c", 2, 1), ("a", 1, 1), ("c", 3, 1), ("b", 0, 1)), Options(9, TimeUnit.Days));
        Assert.Equal(["c", "a", "b"], s.CustomerIds);
    }

    [Fact]
    public void LongUnsortedHistoriesAreSorted()
    {
        var rows = Enumerable.Range(0, 200).Select(k => ("a", (k * 37) % 200, 1.0 + k % 3)).ToArray();
        var s = RfmSummarizer.Summarize(Log(rows), Options(250, TimeUnit.Days));
        double repeatTotal = rows.Where(r => r.Item2 != 0).Sum(r => r.Item3);
        Assert.Equal((199.0, 199.0, 250.0, repeatTotal / 199), Row(s, "a"));
    }

    [Fact]
    public void TransactionsAfterTheEndAreAnErrorThatCountsThem()
    {
        var log = Log(("a", 0, 1), ("a", 40, 1), ("b", 1, 1), ("b", 41, 1), ("b", 42, 1));
        var e = Assert.Throws<ClvDataException>(() => RfmSummarizer.Summarize(log, Options(30, TimeUnit.Days)));
        Assert.Equal(3, e.Count);
        Assert.Equal("a", e.CustomerId);
        Assert.Contains("2020-02-10", e.Message); // the first
        Assert.Contains("2020-02-12", e.Message); // the latest
        var dropped = RfmSummarizer.Summarize(log, Options(30, TimeUnit.Days) with { DropTransactionsAfterEnd = true });
        Assert.Equal((0.0, 0.0, 30.0, 0.0), Row(dropped, "a"));
        Assert.Equal((0.0, 0.0, 29.0, 0.0), Row(dropped, "b"));
    }

    [Fact]
    public void ObservationEndBeforeFirstPurchaseNamesTheCustomer()
    {
        var log = Log(("a", 0, 1), ("late", 50, 1), ("later", 60, 1));
        var e = Assert.Throws<ClvDataException>(() => RfmSummarizer.Summarize(log, Options(30, TimeUnit.Days)));
        Assert.Equal(("late", 2L), (e.CustomerId, e.Count!.Value));
        Assert.Contains("first purchase", e.Message);
        var dropped = RfmSummarizer.Summarize(log, Options(30, TimeUnit.Days) with { DropTransactionsAfterEnd = true });
        Assert.Equal(["a"], dropped.CustomerIds);
        Assert.Throws<ClvDataException>(() =>
            RfmSummarizer.Summarize(Log(("late", 50, 1)), Options(30, TimeUnit.Days) with { DropTransactionsAfterEnd = true }));
    }

    [Fact]
    public void CalibrationHoldoutSplitsPurchaseDays()
    {
        // Calibration end day 20, observation end day 48 (4 weeks of holdout).
        var log = Log(("a", 0, 1), ("a", 10, 4), ("a", 20, 6), ("a", 21, 3), ("a", 21, 2), ("a", 48, 7),
            ("b", 5, 9), ("new", 30, 1));
        var split = RfmSummarizer.SummarizeCalibrationHoldout(log, Jan1.AddDays(20), Options(48, TimeUnit.Weeks));
        Assert.Equal(["a", "b"], split.Calibration.CustomerIds); // "new" first buys in the holdout period
        Assert.Equal((2.0, 20 / 7.0, 20 / 7.0, 5.0), Row(split.Calibration, "a"));
        Assert.Equal((0.0, 0.0, 15 / 7.0, 0.0), Row(split.Calibration, "b"));
        Assert.Equal([2.0, 0.0], split.FrequencyHoldout.ToArray());
        Assert.Equal([6.0, 0.0], split.MonetaryValueHoldout.ToArray());
        Assert.Equal([4.0, 4.0], split.DurationHoldout.ToArray());
        Assert.Equal(TimeUnit.Weeks, split.TimeUnit);
    }

    [Fact]
    public void CalibrationEndMustPrecedeObservationEnd() =>
        Assert.Throws<ArgumentException>(() =>
            RfmSummarizer.SummarizeCalibrationHoldout(Log(("a", 0, 1)), Jan1.AddDays(9), Options(9, TimeUnit.Days)));

    [Fact]
    public void NegativeAmountsFlowIntoMonetaryValueWhenAllowed()
    {
        var s = RfmSummarizer.Summarize(Log(("a", 0, 10), ("a", 3, 10), ("a", 3, -4)), Options(5, TimeUnit.Days));
        Assert.Equal(6.0, s.MonetaryValue[0]);
    }

    [Fact]
    public void OptionsWithoutTimeUnitAreRejected() =>
        Assert.Throws<ArgumentException>(() => RfmSummarizer.Summarize(Log(("a", 0, 1)), new SummaryOptions(Jan1, default)));
}
