using Clv.Probabilistic.Data;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Clv.Probabilistic.Interop.Tests;
using Microsoft.Data.Analysis;

namespace Clv.Probabilistic.DataFrames.Tests;

public sealed class DataFrameConversionsTests
{
    private static readonly SummaryOptions CdnowWeeks = new(Datasets.CdnowObservationEnd, TimeUnit.Weeks);

    [Fact]
    public void CdnowCalibrationHoldoutSummaryRoundTripsExactly()
    {
        var summary = RfmSummarizer.SummarizeCalibrationHoldout(Datasets.CdnowSample(), Datasets.CdnowCalibrationEnd, CdnowWeeks);
        var frame = summary.ToDataFrame();
        Assert.Equal(summary.Count, frame.Rows.Count);
        Assert.Equal(["customer_id", "frequency", "recency", "T", "monetary_value", "weight", "frequency_holdout", "monetary_value_holdout", "duration_holdout"],
            frame.Columns.Select(c => c.Name));
        var back = frame.ToCalibrationHoldoutSummary(TimeUnit.Weeks);
        SummaryAssert.Same(summary, back);
    }

    [Fact]
    public void CompressedSummaryKeepsWeights()
    {
        var summary = Datasets.CdnowSummary();
        var ids = summary.CustomerIds.ToArray();
        var weights = Enumerable.Range(0, summary.Count).Select(i => 1.0 + i % 3).ToArray();
        var weighted = new RfmSummary(ids, summary.Frequency, summary.Recency, summary.T, summary.MonetaryValue, TimeUnit.Weeks, weights);
        SummaryAssert.Same(weighted, weighted.ToDataFrame().ToRfmSummary(TimeUnit.Weeks));
    }

    [Property(MaxTest = 50)]
    public Property RandomSummariesRoundTrip() =>
        Prop.ForAll(SummaryAssert.Summaries(), summary => SummaryAssert.Same(summary, summary.ToDataFrame().ToRfmSummary(TimeUnit.Days)));

    [Fact]
    public void TransactionFrameGivesTheSameSummaryAsTheLog()
    {
        var log = Datasets.CdnowSample();
        var rows = Enumerable.Range(0, log.Count).ToArray();
        var frame = new DataFrame(
            new StringDataFrameColumn("customer_id", rows.Select(log.GetCustomerId)),
            new DateTimeDataFrameColumn("date", rows.Select(i => log.GetDate(i).ToDateTime(TimeOnly.MinValue))),
            new DoubleDataFrameColumn("amount", log.Amounts.ToArray()));
        var fromFrame = frame.ToTransactionLog();
        Assert.Equal(log.Count, fromFrame.Count);
        SummaryAssert.Same(RfmSummarizer.Summarize(log, CdnowWeeks), RfmSummarizer.Summarize(fromFrame, CdnowWeeks));
    }

    [Fact]
    public void IntegerColumnsAndMissingCells()
    {
        var frame = new DataFrame(
            new Int64DataFrameColumn("customer_id", [17L, 18L]),
            new Int32DataFrameColumn("frequency", [2, 0]),
            new DoubleDataFrameColumn("recency", [3.5, 0]),
            new DoubleDataFrameColumn("T", [10, 4]));
        var summary = frame.ToRfmSummary(TimeUnit.Months);
        Assert.Equal(["17", "18"], summary.CustomerIds);
        Assert.Equal([2.0, 0.0], summary.Frequency.ToArray());

        frame.Columns["T"][1] = null;
        var e = Assert.Throws<ClvDataException>(() => frame.ToRfmSummary(TimeUnit.Months));
        Assert.Equal(("T", "18", 1L), (e.Column, e.CustomerId, e.Row));
        Assert.Equal("frequency_holdout", Assert.Throws<ClvDataException>(() =>
            Datasets.CdnowSummary().ToDataFrame().ToCalibrationHoldoutSummary(TimeUnit.Weeks)).Column);
    }

    [Fact]
    public void PredictionsBecomeColumnsAfterTheIds()
    {
        var frame = DataFrameConversions.PredictionsToDataFrame(["a", "b"], [new("expected_purchases", [1.5, 0.25]), new("p_alive", [0.9, 0.1])]);
        Assert.Equal(["customer_id", "expected_purchases", "p_alive"], frame.Columns.Select(c => c.Name));
        Assert.Equal(0.1, frame.Columns["p_alive"][1]);
        Assert.Equal("b", frame.Columns["customer_id"][1]);
        Assert.Throws<ArgumentException>(() => DataFrameConversions.PredictionsToDataFrame(["a", "b"], [new("x", [1.0])]));
    }
}
