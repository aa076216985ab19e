using Clv.Probabilistic.Data;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Microsoft.Data.Analysis;

namespace Clv.Probabilistic.DataFrames.Tests;

public sealed class DataFrameConversionsTests
{
    private static readonly SummaryOptions CdnowWeeks = new(Datasets.CdnowObservationEnd, TimeUnit.Weeks);

    private static void AssertSame(RfmSummary expected, RfmSummary actual)
    {
        Assert.Equal(expected.TimeUnit, actual.TimeUnit);
        Assert.Equal(expected.CustomerIds, actual.CustomerIds);
        Assert.Equal(expected.Frequency.ToArray(), actual.Frequency.ToArray());
        Assert.Equal(expected.Recency.ToArray(), actual.Recency.ToArray());
        Assert.Equal(expected.T.ToArray(), actual.T.ToArray());
        Assert.Equal(expected.MonetaryValue.ToArray(), actual.MonetaryValue.ToArray());
        Assert.Equal(expected.Weights.ToArray(), actual.Weights.ToArray());
    }

    [Fact]
    public void CdnowCalibrationHoldoutSummaryRoundTripsExactly()
    {
        var summary = RfmSummarizer.SummarizeCalibrationHoldout(Datasets.CdnowSample(), Datasets.CdnowCalibrationEnd, CdnowWeeks);
        var frame = summary.ToDataFrame();
        Assert.Equal(summary.Count, frame.Rows.Count);
        Assert.Equal(["customer_id", "frequency", "recency", "T", "monetary_value", "weight", "frequency_holdout", "monetary_value_holdout", "duration_holdout"],
            frame.Columns.Select(c => c.Name));
        var back = frame.ToCalibrationHoldoutSummary(TimeUnit.Weeks);
        AssertSame(summary.Calibration, back.Calibration);
        Assert.Equal(summary.FrequencyHoldout.ToArray(), back.FrequencyHoldout.ToArray());
        Assert.Equal(summary.MonetaryValueHoldout.ToArray(), back.MonetaryValueHoldout.ToArray());
        Assert.Equal(summary.DurationHoldout.ToArray(), back.DurationHoldout.ToArray());
    }

    [Fact]
    public void CompressedSummaryKeepsWeights()
    {
        var summary = Datasets.CdnowSummary();
        var ids = summary.CustomerIds.ToArray();
        var weights = Enumerable.Range(0, summary.Count).Select(i => 1.0 + i % 3).ToArray();
        var weighted = new RfmSummary(ids, summary.Frequency, summary.Recency, summary.T, summary.MonetaryValue, TimeUnit.Weeks, weights);
        AssertSame(weighted, weighted.ToDataFrame().ToRfmSummary(TimeUnit.Weeks));
    }

    [Property(MaxTest = 50)]
    public Property RandomSummariesRoundTrip() =>
        Prop.ForAll(SummaryRows().ToArbitrary(), rows =>
        {
            var ids = rows.Select((_, i) => "id-" + i).ToArray();
            var summary = new RfmSummary(ids, rows.Select(r => r.X).ToArray(), rows.Select(r => r.Tx).ToArray(),
                rows.Select(r => r.T).ToArray(), rows.Select(r => r.M).ToArray(), TimeUnit.Days, rows.Select(r => r.W).ToArray());
            AssertSame(summary, summary.ToDataFrame().ToRfmSummary(TimeUnit.Days));
        });

    private static Gen<(double X, double Tx, double T, double M, double W)[]> SummaryRows() =>
        (from x in Gen.Choose(0, 30)
         from t in Gen.Choose(0, 1000)
         from txFraction in Gen.Choose(0, 1000)
         from m in Gen.Choose(0, 100000)
         from w in Gen.Choose(1, 5)
         select ((double)x, x == 0 ? 0.0 : t * (txFraction / 1000.0) / 7.0, t / 7.0, x == 0 ? 0.0 : m / 100.0, (double)w))
        .ArrayOf().Where(a => a.Length > 0);

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
        AssertSame(RfmSummarizer.Summarize(log, CdnowWeeks), RfmSummarizer.Summarize(fromFrame, CdnowWeeks));
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
