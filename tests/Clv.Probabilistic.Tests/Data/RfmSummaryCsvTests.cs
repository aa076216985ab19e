using System.Text;
using Clv.Probabilistic.Data;

namespace Clv.Probabilistic.Tests.Data;

public class RfmSummaryCsvTests
{
    private static MemoryStream Text(string text) => new(Encoding.UTF8.GetBytes(text));

    /// <summary>The error of the whole-file reader, which the block reader of <c>clv predict</c> throws alike.</summary>
    private static ClvDataException ReadFails(string text) => SummaryReaders.FailsAlike(text, TimeUnit.Weeks);

    [Fact]
    public void WritesAndReadsBackExactly()
    {
        var s = new RfmSummary(["a", "b,\"c\""], [2, 0], [1.0 / 3.0, 0], [Math.PI, 1e-300], [12.345678901234567, 0], TimeUnit.Weeks);
        var writer = new StringWriter();
        RfmSummaryCsv.Write(s, writer);
        string text = writer.ToString();
        Assert.StartsWith("customer_id,frequency,recency,T,monetary_value\na,2,", text);
        var back = RfmSummaryCsv.Read(Text(text), TimeUnit.Weeks);
        Assert.Equal(s.CustomerIds, back.CustomerIds);
        Assert.Equal(s.Recency.ToArray(), back.Recency.ToArray());
        Assert.Equal(s.T.ToArray(), back.T.ToArray());
        Assert.Equal(s.MonetaryValue.ToArray(), back.MonetaryValue.ToArray());
        Assert.Equal([1.0, 1.0], back.Weights.ToArray());
    }

    [Fact]
    public void WeightsAndHoldoutColumnsRoundTrip()
    {
        var cal = new RfmSummary(["a", "b"], [1, 0], [0.5, 0], [2, 3], [7, 0], TimeUnit.Days, [3, 1]);
        var split = new CalibrationHoldoutSummary(cal, [4, 0], [2.5, 0], [39, 39]);
        string path = Path.Combine(Path.GetTempPath(), $"clv-summary-{Guid.NewGuid():N}.csv");
        try
        {
            RfmSummaryCsv.Write(split, path);
            Assert.Equal("customer_id,frequency,recency,T,monetary_value,weight,frequency_holdout,monetary_value_holdout,duration_holdout",
                File.ReadLines(path).First());
            var back = RfmSummaryCsv.ReadCalibrationHoldout(path, TimeUnit.Days);
            Assert.Equal([3.0, 1.0], back.Calibration.Weights.ToArray());
            Assert.Equal([4.0, 0.0], back.FrequencyHoldout.ToArray());
            Assert.Equal([2.5, 0.0], back.MonetaryValueHoldout.ToArray());
            Assert.Equal([39.0, 39.0], back.DurationHoldout.ToArray());
            Assert.Equal(2, RfmSummaryCsv.Read(path, TimeUnit.Days).Count);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void AcceptsPublishedCdnowHeaders()
    {
        var a = SummaryReaders.ReadAlike("ID,frequency,recency,T\n1,2,30.43,38.86\n", TimeUnit.Weeks);
        var b = SummaryReaders.ReadAlike("ID,x,t_x,T,zbar\n1,2,30.43,38.86,22.35\n", TimeUnit.Weeks);
        Assert.Equal((2.0, 30.43, 38.86, 0.0), (a.Frequency[0], a.Recency[0], a.T[0], a.MonetaryValue[0]));
        Assert.Equal((2.0, 30.43, 38.86, 22.35), (b.Frequency[0], b.Recency[0], b.T[0], b.MonetaryValue[0]));
    }

    [Fact]
    public void DuplicateCustomerNamesBothLines()
    {
        var e = ReadFails("customer_id,frequency,recency,T\na,1,1,2\nb,0,0,2\na,0,0,2\n");
        Assert.Equal(("a", 4L, "s.csv"), (e.CustomerId, e.LineNumber!.Value, e.SourceName));
        Assert.Contains("line 2", e.Problem);
    }

    [Theory]
    [InlineData("a,1,3,2", "exceeds T")]
    [InlineData("a,1.5,1,2", "whole number")]
    [InlineData("a,-1,1,2", "whole number")]
    [InlineData("a,0,1,2", "must be 0")]
    [InlineData("a,1,1,NaN", "T NaN")]
    public void InvalidRowNamesLineAndCustomer(string row, string problem)
    {
        var e = ReadFails($"customer_id,frequency,recency,T\n{row}\n");
        Assert.Equal(("a", 2L), (e.CustomerId, e.LineNumber!.Value));
        Assert.Contains(problem, e.Problem);
    }

    [Fact]
    public void MissingColumnUnreadableNumberAndEmptyFileAreErrors()
    {
        Assert.Equal("T", ReadFails("customer_id,frequency,recency\na,1,1\n").Column);
        var number = ReadFails("customer_id,frequency,recency,T\na,1,1,two\n");
        Assert.Equal(("T", 2L), (number.Column, number.LineNumber!.Value));
        ReadFails("");
        ReadFails("customer_id,frequency,recency,T\n");
        Assert.Throws<ClvDataException>(() =>
            RfmSummaryCsv.ReadCalibrationHoldout(Text("customer_id,frequency,recency,T\na,1,1,2\n"), TimeUnit.Weeks));
        Assert.Throws<ClvDataException>(() => RfmSummaryCsv.ReadCalibrationHoldout(
            Text("customer_id,frequency,recency,T,frequency_holdout,monetary_value_holdout,duration_holdout\na,1,1,2,1,3,0\n"), TimeUnit.Weeks));
    }
}
