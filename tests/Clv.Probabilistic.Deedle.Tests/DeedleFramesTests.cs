using Clv.Probabilistic.Data;
using Deedle;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Clv.Probabilistic.Interop.Tests;

namespace Clv.Probabilistic.Deedle.Tests;

public sealed class DeedleFramesTests
{
    private static readonly SummaryOptions CdnowWeeks = new(Datasets.CdnowObservationEnd, TimeUnit.Weeks);

    [Fact]
    public void CdnowCalibrationHoldoutSummaryRoundTripsExactly()
    {
        var summary = RfmSummarizer.SummarizeCalibrationHoldout(Datasets.CdnowSample(), Datasets.CdnowCalibrationEnd, CdnowWeeks);
        var frame = summary.ToFrame();
        Assert.Equal(summary.Count, frame.RowCount);
        Assert.Equal(["frequency", "recency", "T", "monetary_value", "weight", "frequency_holdout", "monetary_value_holdout", "duration_holdout"],
            frame.ColumnKeys);
        // Customer "1" of the CDNOW sample: 2 repeat days in calibration, bought again in the holdout period.
        Assert.Equal(summary.Calibration.Frequency[0], frame.GetColumn<double>("frequency")["1"]);
        var back = frame.ToCalibrationHoldoutSummary(TimeUnit.Weeks);
        SummaryAssert.Same(summary, back);
    }

    [Property(MaxTest = 50)]
    public Property RandomSummariesRoundTrip() =>
        Prop.ForAll(SummaryAssert.Summaries(), summary => SummaryAssert.Same(summary, summary.ToFrame().ToRfmSummary(TimeUnit.Days)));

    [Fact]
    public void TransactionFrameGivesTheSameSummaryAsTheLog()
    {
        var log = Datasets.CdnowSample();
        var rows = Enumerable.Range(0, log.Count).ToArray();
        var frame = new Frame<int, string>(["customer_id", "date", "amount"], [
            new Series<int, string>(rows, rows.Select(log.GetCustomerId)),
            new Series<int, DateTime>(rows, rows.Select(i => log.GetDate(i).ToDateTime(TimeOnly.MinValue))),
            new Series<int, double>(rows, log.Amounts.ToArray()),
        ]);
        var fromFrame = frame.ToTransactionLog();
        Assert.Equal(log.Count, fromFrame.Count);
        SummaryAssert.Same(RfmSummarizer.Summarize(log, CdnowWeeks), RfmSummarizer.Summarize(fromFrame, CdnowWeeks));
    }

    [Fact]
    public void SummaryFromIntegerIndexedFrameTakesIdsFromAColumn()
    {
        var frame = new Frame<int, string>(["id", "frequency", "recency", "T"], [
            new Series<int, int>([0, 1], [17, 18]),
            new Series<int, double>([0, 1], [2, 0]),
            new Series<int, double>([0, 1], [3.5, 0]),
            new Series<int, double>([0, 1], [10, 4]),
        ]);
        var summary = frame.ToRfmSummary(TimeUnit.Months, customerIdColumn: "id");
        Assert.Equal(["17", "18"], summary.CustomerIds);
        Assert.Equal([0.0, 0.0], summary.MonetaryValue.ToArray());
        Assert.Equal([1.0, 1.0], summary.Weights.ToArray());
        Assert.Equal(TimeUnit.Months, summary.TimeUnit);
    }

    [Fact]
    public void MissingColumnAndMissingCellAreNamed()
    {
        var noT = new Frame<string, string>(["frequency", "recency"], [
            new Series<string, double>(["a"], [1.0]), new Series<string, double>(["a"], [1.0])]);
        Assert.Equal("T", Assert.Throws<ClvDataException>(() => noT.ToRfmSummary(TimeUnit.Days)).Column);

        var withNaN = new Frame<string, string>(["frequency", "recency", "T"], [
            new Series<string, double>(["a", "b"], [1.0, 0]), new Series<string, double>(["a", "b"], [1.0, 0]),
            new Series<string, double>(["a", "b"], [2.0, double.NaN])]);
        var e = Assert.Throws<ClvDataException>(() => withNaN.ToRfmSummary(TimeUnit.Days));
        Assert.Equal("T", e.Column);
        Assert.Equal("b", e.CustomerId);
        Assert.Equal(1, e.Row);
    }

    [Fact]
    public void BadDateIsNamed()
    {
        var frame = new Frame<int, string>(["customer_id", "date", "amount"], [
            new Series<int, string>([0, 1], ["a", "b"]),
            new Series<int, string>([0, 1], ["2020-01-01", "01/02/2020"]),
            new Series<int, double>([0, 1], [1.0, 2.0])]);
        var e = Assert.Throws<ClvDataException>(() => frame.ToTransactionLog());
        Assert.Equal(("date", "b", 1L), (e.Column, e.CustomerId, e.Row));
    }

    [Fact]
    public void PredictionsBecomeColumnsIndexedByCustomer()
    {
        var frame = DeedleFrames.PredictionsToFrame(["a", "b"], [new("expected_purchases", [1.5, 0.25]), new("p_alive", [0.9, 0.1])]);
        Assert.Equal(["expected_purchases", "p_alive"], frame.ColumnKeys);
        Assert.Equal(0.1, frame.GetColumn<double>("p_alive")["b"]);
        Assert.Throws<ArgumentException>(() => DeedleFrames.PredictionsToFrame(["a", "b"], [new("x", [1.0])]));
    }
}
