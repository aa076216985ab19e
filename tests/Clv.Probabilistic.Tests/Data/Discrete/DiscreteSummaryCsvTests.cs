using System.Text;
using Clv.Probabilistic.Data;
using Clv.Probabilistic.Data.Discrete;

namespace Clv.Probabilistic.Tests.Data.Discrete;

/// <summary>The discrete summary file: layouts, round trip, and errors naming file, line, column and customer.</summary>
public class DiscreteSummaryCsvTests
{
    private static RfmSummary Read(string text) =>
        DiscreteSummaryCsv.Read(new MemoryStream(Encoding.UTF8.GetBytes(text)), TimeUnit.Years, "s.csv");

    [Fact]
    public void ReadsTheLifetimesAndBtydLayouts()
    {
        var lifetimes = Read("frequency,recency,periods,weights\n6,6,6,1203\n0,0,6,3464\n");
        Assert.Equal(["1", "2"], lifetimes.CustomerIds);
        Assert.Equal([1203.0, 3464], lifetimes.Weights.ToArray());
        var btyd = Read("x,t_x,n,customers,holdout_transactions\n2,4,6,155,114\n");
        Assert.Equal((2.0, 4.0, 6.0, 155.0), (btyd.Frequency[0], btyd.Recency[0], btyd.T[0], btyd.Weights[0]));
        var withIds = Read("customer_id,frequency,recency,periods\nann,1,3,5\nbob,0,0,2\n");
        Assert.Equal(["ann", "bob"], withIds.CustomerIds);
        Assert.Equal([1.0, 1], withIds.Weights.ToArray());
        var donations = Datasets.DonationsSummary();
        Assert.Equal((22, 11104.0), (donations.Count, donations.TotalWeight));
    }

    [Fact]
    public void WrittenFilesReadBackTheSame()
    {
        var summary = new RfmSummary(["a,b", "c"], [1, 0], [3, 0], [5, 2], default, TimeUnit.Years, [2.5, 1]);
        var writer = new StringWriter();
        DiscreteSummaryCsv.Write(summary, writer);
        Assert.Equal("customer_id,frequency,recency,periods,weight\n\"a,b\",1,3,5,2.5\nc,0,0,2,1\n", writer.ToString());
        var back = Read(writer.ToString());
        Assert.Equal(summary.CustomerIds, back.CustomerIds);
        Assert.Equal(summary.Weights.ToArray(), back.Weights.ToArray());
        writer = new StringWriter();
        DiscreteSummaryCsv.Write(summary, writer, includeIds: false);
        Assert.Equal("frequency,recency,periods,weight\n1,3,5,2.5\n0,0,2,1\n", writer.ToString());
    }

    [Theory]
    [InlineData("frequency,recency,periods\n1,2,6\n3,7,6\n", "s.csv, line 3, column 'recency': recency 7 exceeds the number of periods 6.")]
    [InlineData("frequency,recency,periods,weight\n1,2,6,-4\n", "s.csv, line 2, column 'weight': weight -4 is negative: it counts the customers with this row.")]
    [InlineData("frequency,recency,periods,weight\n1,2,6,0\n", "s.csv, line 2, column 'weight': weight 0 is not a positive number")]
    [InlineData("customer_id,frequency,recency,periods\nann,3,2,6\n", "s.csv, line 2, column 'frequency', customer 'ann': frequency 3 exceeds recency 2: there is at most one transaction per period.")]
    [InlineData("frequency,recency,periods\n-1,2,6\n", "s.csv, line 2, column 'frequency': frequency -1 is not a non-negative whole number.")]
    [InlineData("frequency,recency,periods\n1,2.5,6\n", "s.csv, line 2, column 'recency': recency 2.5 is not a non-negative whole number of periods.")]
    [InlineData("frequency,recency,periods\n0,2,6\n", "s.csv, line 2, column 'recency': recency 2 must be 0 when frequency is 0.")]
    [InlineData("frequency,recency,periods\n1,1,x\n", "s.csv, line 2, column 'periods': Cannot read 'x' as a number (invariant culture).")]
    [InlineData("customer_id,frequency,recency,periods\nann,1,1,2\nann,0,0,2\n", "s.csv, line 3, column 'customer_id', customer 'ann': The customer appears more than once (first on line 2).")]
    [InlineData("frequency,recency,T\n1,1,2\n", "s.csv, line 1, column 'periods': Column 'periods' or 'n' is missing; the columns are: frequency, recency, T.")]
    [InlineData("frequency,recency,periods\n", "s.csv: The summary file has a header but no rows.")]
    [InlineData("frequency,recency,periods\n1,1\n", "s.csv, line 2, column 'periods': The line has 2 fields; column 'periods' is missing.")]
    public void BadRowsAreRefusedWithTheirPlace(string text, string message)
    {
        var e = Assert.Throws<ClvDataException>(() => Read(text));
        Assert.StartsWith(message, e.Message);
    }
}
