using System.Text;
using Clv.Probabilistic.Data;

namespace Clv.Probabilistic.Tests.Data;

/// <summary>
/// A summary file cut short (its last line without a line break and visibly incomplete) is an error naming that line,
/// never a shorter data set; a complete file that merely lacks the final line break reads as before.
/// </summary>
public class RfmSummaryCsvTruncationTests
{
    private const string Rows = "customer_id,frequency,recency,T,monetary_value\na,1,2,3,10\nb,2,3,4,20\n";

    private static RfmSummary Read(string text, int way) => way switch
    {
        0 => RfmSummaryCsv.Read(new MemoryStream(Encoding.UTF8.GetBytes(text)), TimeUnit.Days, "s.csv"),
        1 => RfmSummaryCsv.Read(new MemoryStream(Encoding.UTF8.GetBytes(text)), TimeUnit.Days, "s.csv", stretches: 3),
        _ => RfmSummaryCsv.Read(new ForwardOnly(new MemoryStream(Encoding.UTF8.GetBytes(text))), TimeUnit.Days, "s.csv"),
    };

    [Theory]
    [InlineData("c", "has 1 of the 5 fields")]
    [InlineData("c,1,2", "has 3 of the 5 fields")]
    [InlineData("c,1,2,4", "has 4 of the 5 fields")]
    [InlineData("c,1,2,4,", "stops at '', where")]
    [InlineData("c,1,2,4,1.", "stops at '1.', where no number can end")]
    [InlineData("c,1,2,4,1e", "stops at '1e'")]
    [InlineData("c,1,2,4,1e-", "stops at '1e-'")]
    [InlineData("\"c,1,2,4,1", "ends inside a quoted field")]
    public void ALastLineCutShortIsAnErrorNamingTheLine(string last, string expected)
    {
        for (int way = 0; way < 3; way++)
        {
            var e = way == 0 ? SummaryReaders.FailsAlike(Rows + last, TimeUnit.Days) : Assert.Throws<ClvDataException>(() => Read(Rows + last, way));
            Assert.Equal(4, e.LineNumber);
            Assert.Equal("s.csv", e.SourceName);
            Assert.StartsWith("s.csv, line 4: The last ", e.Message);
            Assert.Contains(expected, e.Message);
            Assert.Contains("cut short", e.Message);
        }
    }

    [Fact]
    public void AnExtraColumnNotReadStillCountsTowardsTheFields()
    {
        var e = SummaryReaders.FailsAlike("customer_id,frequency,recency,T,note\na,1,2,3,x\nb,0,0,3", TimeUnit.Days);
        Assert.Equal(3, e.LineNumber);
        Assert.Contains("has 4 of the 5 fields", e.Message);
    }

    [Theory]
    [InlineData("c,1,2,4,1")]
    [InlineData("c,1,2,4,1.5")]
    [InlineData("c,1,2,4,\"1\"")]
    [InlineData("c,1,2,4,1\r")]
    public void ACompleteLastLineWithoutALineBreakReadsAsBefore(string last)
    {
        for (int way = 0; way < 3; way++)
        {
            var s = way == 0 ? SummaryReaders.ReadAlike(Rows + last, TimeUnit.Days) : Read(Rows + last, way);
            Assert.Equal(3, s.Count);
            Assert.Equal("c", s.CustomerIds[2]);
        }
    }

    [Fact]
    public void ACutLineFollowedByALineBreakIsTheUsualMissingColumnError()
    {
        var e = SummaryReaders.FailsAlike(Rows + "c,1,2\n", TimeUnit.Days);
        Assert.Equal(4, e.LineNumber);
        Assert.Contains("The line has 3 fields; column 'T' is missing.", e.Message);
    }

    [Fact]
    public void EveryCutOfAFileEndingWithoutALineBreakIsAnErrorOrAWholeLineShorter()
    {
        // Cutting anywhere gives either an error or exactly the rows of the lines that are complete.
        string text = "customer_id,frequency,recency,T,monetary_value\na,1,2,3,10.25\nb,2,3,4,20\ncc,3,3.5,4.5,1e3";
        var full = Read(text, 0);
        for (int cut = text.IndexOf('\n') + 1; cut < text.Length; cut++)
        {
            string prefix = text[..cut];
            RfmSummary s;
            try
            {
                s = Read(prefix, 0);
            }
            catch (ClvDataException)
            {
                SummaryReaders.FailsAlike(prefix, TimeUnit.Days);
                continue;
            }
            SummaryReaders.ReadAlike(prefix, TimeUnit.Days);
            // A cut that reads is either at a line end, or inside the last number at a place a number can end.
            for (int i = 0; i < s.Count; i++)
            {
                Assert.Equal(full.CustomerIds[i], s.CustomerIds[i]);
                Assert.Equal(full.Frequency[i], s.Frequency[i]);
            }
        }
    }

    /// <summary>A stream that cannot seek, as standard input is.</summary>
    private sealed class ForwardOnly(Stream inner) : Stream
    {
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, Math.Min(count, 7));
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
