using Clv.Probabilistic.Data;

namespace Clv.Probabilistic.Tests.Data;

/// <summary>The summarizer against the published CDNOW summaries (Fader, Hardie &amp; Lee 2005) and known holdout counts.</summary>
public class CdnowTests
{
    /// <summary>
    /// The published values are rounded to 2 decimals, so they are within half a cent of the exact values; the 1e-9 allows
    /// for both decimals being stored in binary (22.345, exact mean repeat spend of customer 1, is 22.344999... as a double).
    /// </summary>
    private const double Rounding = 0.005 + 1e-9;

    private static readonly TransactionLog Sample = Datasets.CdnowSample();

    private static RfmSummary Calibration() =>
        RfmSummarizer.Summarize(Sample, new SummaryOptions(Datasets.CdnowCalibrationEnd, TimeUnit.Weeks) { DropTransactionsAfterEnd = true });

    [Fact]
    public void SampleHasAllTransactionsAndCustomers()
    {
        Assert.Equal(6919, Sample.Count);
        Assert.Equal(2357, Sample.CustomerCount);
        Assert.Equal("1", Sample.CustomerIds[0]);
        Assert.Equal("2357", Sample.CustomerIds[^1]);
        Assert.Equal(new DateOnly(1997, 1, 1), Sample.GetDate(0));
        Assert.Equal(29.33, Sample.Amounts[0]);
    }

    [Fact]
    public void ReproducesPublishedSummaryForEveryCustomer()
    {
        var ours = Calibration();
        var published = Datasets.CdnowSummary();
        Assert.Equal(2357, published.Count);
        Assert.Equal(published.CustomerIds, ours.CustomerIds);
        for (int i = 0; i < published.Count; i++)
        {
            Assert.Equal(published.Frequency[i], ours.Frequency[i]);
            Assert.True(Math.Abs(published.Recency[i] - ours.Recency[i]) <= Rounding, $"recency of {ours.CustomerIds[i]}");
            Assert.True(Math.Abs(published.T[i] - ours.T[i]) <= Rounding, $"T of {ours.CustomerIds[i]}");
        }
    }

    [Fact]
    public void ReproducesPublishedMeanRepeatSpend()
    {
        var ours = Calibration();
        var published = Datasets.CdnowSummaryWithMonetaryValue();
        Assert.Equal(published.CustomerIds, ours.CustomerIds);
        for (int i = 0; i < published.Count; i++)
        {
            Assert.Equal(published.Frequency[i], ours.Frequency[i]);
            Assert.True(Math.Abs(published.Recency[i] - ours.Recency[i]) <= Rounding, $"t_x of {ours.CustomerIds[i]}");
            Assert.True(Math.Abs(published.T[i] - ours.T[i]) <= Rounding, $"T of {ours.CustomerIds[i]}");
            Assert.True(Math.Abs(published.MonetaryValue[i] - ours.MonetaryValue[i]) <= Rounding, $"zbar of {ours.CustomerIds[i]}");
        }
    }

    [Fact]
    public void HoldoutMatchesKnownCounts()
    {
        var split = RfmSummarizer.SummarizeCalibrationHoldout(Sample, Datasets.CdnowCalibrationEnd,
            new SummaryOptions(Datasets.CdnowObservationEnd, TimeUnit.Weeks));
        var cal = split.Calibration;
        Assert.Equal(2357, split.Count);
        int none = 0;
        double repeats = 0, holdoutRepeats = 0;
        for (int i = 0; i < split.Count; i++)
        {
            if (cal.Frequency[i] == 0) none++;
            repeats += cal.Frequency[i];
            holdoutRepeats += split.FrequencyHoldout[i];
            Assert.Equal(39.0, split.DurationHoldout[i]);
        }
        Assert.Equal(1411, none);
        Assert.Equal(2357 - 1411, split.Count - none);
        Assert.Equal(2457, repeats);
        Assert.Equal(1882, holdoutRepeats);
    }

    [Fact]
    public void WholeSampleHasNothingAfterTheLastDayButTheCalibrationEndNeedsOptIn()
    {
        var e = Assert.Throws<ClvDataException>(() => RfmSummarizer.Summarize(Sample, new SummaryOptions(Datasets.CdnowCalibrationEnd, TimeUnit.Weeks)));
        int after = 0;
        for (int i = 0; i < Sample.Count; i++)
            if (Sample.GetDate(i) > Datasets.CdnowCalibrationEnd) after++;
        Assert.Equal(after, e.Count);
        Assert.Contains($"{after} of {Sample.Count} transactions", e.Message);
        var whole = RfmSummarizer.Summarize(Sample, new SummaryOptions(Datasets.CdnowObservationEnd, TimeUnit.Weeks));
        Assert.Equal(2457 + 1882, whole.Frequency.ToArray().Sum());
    }

    [Fact]
    public void PublishedSummariesCarryWeeksAndZeroOrZbarSpend()
    {
        var plain = Datasets.CdnowSummary();
        var spend = Datasets.CdnowSummaryWithMonetaryValue();
        Assert.Equal(TimeUnit.Weeks, plain.TimeUnit);
        Assert.All(plain.MonetaryValue.ToArray(), m => Assert.Equal(0.0, m));
        Assert.Equal((2.0, 30.43, 38.86, 22.35), (spend.Frequency[0], spend.Recency[0], spend.T[0], spend.MonetaryValue[0]));
        Assert.Equal(2357, spend.TotalWeight);
    }
}
