using System.Globalization;
using System.Text;
using Clv.Probabilistic.Data;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Clv.Probabilistic.Tests.Data;

/// <summary>
/// The summary reader's error paths (each names its file, line, column and customer), the order in which errors are
/// reported, and exact round trips; complements <see cref="RfmSummaryCsvTests"/>.
/// </summary>
public class RfmSummaryCsvReaderTests
{
    private const string Header = "customer_id,frequency,recency,T,monetary_value,weight\n";

    private static MemoryStream Text(string text) => new(Encoding.UTF8.GetBytes(text));

    /// <summary>The error of the whole-file reader, which the block reader of <c>clv predict</c> throws alike.</summary>
    private static ClvDataException ReadFails(string text) => SummaryReaders.FailsAlike(text, TimeUnit.Days);

    /// <summary>A stream that cannot seek, as standard input is: the reader cannot count lines first.</summary>
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

    [Theory]
    [InlineData("a,1,3,2,0,1", "recency 3 exceeds T 2.")]
    [InlineData("a,1,-1,2,0,1", "recency -1 is negative or not finite.")]
    [InlineData("a,0,0,-2,0,1", "T -2 is negative or not finite.")]
    [InlineData("a,-1,0,2,0,1", "frequency -1 is not a non-negative whole number.")]
    [InlineData("a,1,1,2,Infinity,1", "monetary value Infinity is not finite.")]
    [InlineData("a,1,1,2,0,0", "weight 0 is not a finite positive number.")]
    [InlineData("a,1,1,2,0,-3", "weight -3 is not a finite positive number.")]
    public void InvalidValuesAreRejectedWithTheirProblem(string row, string problem)
    {
        var e = ReadFails(Header + "z,0,0,5,0,1\n" + row + "\n");
        Assert.Equal((problem, "s.csv", 3L, "a"), (e.Problem, e.SourceName, e.LineNumber, e.CustomerId));
    }

    [Theory]
    [InlineData("a,1,x,2,0,1", "recency", "Cannot read 'x' as a number (invariant culture).")]
    [InlineData("a,1,1,2,,1", "monetary_value", "Cannot read '' as a number (invariant culture).")]
    [InlineData("a,1,1,2,1e,1", "monetary_value", "Cannot read '1e' as a number (invariant culture).")]
    [InlineData("a,1,1,2,\"3,5\",1", "monetary_value", "Cannot read '3,5' as a number (invariant culture).")]
    [InlineData("a,1,1,2", "monetary_value", "The line has 4 fields; column 'monetary_value' is missing.")]
    public void UnreadableFieldsNameTheirColumn(string row, string column, string problem)
    {
        var e = ReadFails(Header + row + "\n");
        Assert.Equal((problem, 2L, column), (e.Problem, e.LineNumber, e.Column));
    }

    [Fact]
    public void EmptyIdsAndOpenQuotesAreRejected()
    {
        var empty = ReadFails(Header + "\"\",1,1,2,0,1\n");
        Assert.Equal(("The customer id is empty.", 2L, "customer_id"), (empty.Problem, empty.LineNumber, empty.Column));
        var quote = ReadFails(Header + "a,1,1,2,0,1\n\"b,1,1,2,0,1\n");
        Assert.Equal(("A quoted field is not closed properly.", 3L), (quote.Problem, quote.LineNumber));
    }

    [Fact]
    public void RepeatedIdsAreFoundAsDecodedTextWithBothLinesAcrossBlankLines()
    {
        var e = ReadFails(Header + "\n\"a\"\"b\",0,0,1,0,1\n\n\nc,0,0,1,0,1\na\"b,0,0,1,0,1\n");
        Assert.Equal(("a\"b", 7L, "customer_id"), (e.CustomerId, e.LineNumber, e.Column));
        Assert.Equal("The customer appears more than once (first on line 3).", e.Problem);
        Assert.Equal("s.csv, line 7, column 'customer_id', customer 'a\"b': The customer appears more than once (first on line 3).", e.Message);
    }

    [Fact]
    public void TheFirstErrorInFileOrderIsReported()
    {
        // A repeat before a bad row is reported; in the repeating row itself the id is checked after the number of
        // fields and before the numbers ...
        Assert.Contains("more than once", ReadFails(Header + "a,0,0,1,0,1\nb,0,0,1,0,1\na,0,0,1,0,1\nc,1,5,1,0,1\n").Problem);
        var number = ReadFails(Header + "a,0,0,1,0,1\nb,0,0,1,0,1\na,x,0,1,0,1\n");
        Assert.Equal(("The customer appears more than once (first on line 2).", 4L), (number.Problem, number.LineNumber));
        Assert.StartsWith("The line has 5 fields", ReadFails(Header + "a,0,0,1,0,1\na,0,0,1,0\n").Problem);
        // ... and a bad row before a repeat is reported instead of the repeat.
        var e = ReadFails(Header + "a,0,0,1,0,1\nb,1,5,1,0,1\na,0,0,1,0,1\n");
        Assert.Equal(("recency 5 exceeds T 1.", 3L), (e.Problem, e.LineNumber));
        Assert.Equal(3L, ReadFails(Header + "a,0,0,1,0,1\nb,0,0,1,0\na,0,0,1,0,1\n").LineNumber);
    }

    [Fact]
    public void ReadsForwardOnlyStreamsAndNonAsciiIds()
    {
        var text = new StringBuilder(Header);
        for (int i = 0; i < 1000; i++) text.Append(CultureInfo.InvariantCulture, $"é{i},{i % 3},{i % 3},{i % 7 + 2},{i * 0.25},1\n");
        var s = RfmSummaryCsv.Read(new ForwardOnly(Text(text.ToString())), TimeUnit.Days, "stdin");
        SummaryReaders.ReadAlike(text.ToString(), TimeUnit.Days, "stdin");
        Assert.Equal(1000, s.Count);
        Assert.Equal("é999", s.CustomerIds[999]);
        Assert.Equal(999 * 0.25, s.MonetaryValue[999]);
        Assert.Same(s.CustomerIds, s.CustomerIds);
        var repeat = Assert.Throws<ClvDataException>(() => RfmSummaryCsv.Read(new ForwardOnly(Text(text + "é5,0,0,1,0,1\n")), TimeUnit.Days));
        Assert.Equal(repeat.Message, SummaryReaders.FailsAlike(text + "é5,0,0,1,0,1\n", TimeUnit.Days, null).Message);
        Assert.Equal(("é5", 1002L), (repeat.CustomerId, repeat.LineNumber));
    }

    /// <summary>Rows with blank lines, CRLF ends and quoted ids, as text, and where a repeat or a bad row was put.</summary>
    private static string Rows(int n, int badRow, string bad)
    {
        var text = new StringBuilder("\uFEFF" + Header);
        for (int i = 0; i < n; i++)
        {
            if (i % 5 == 2) text.Append("\n  \n");
            text.Append(i == badRow ? bad : string.Create(CultureInfo.InvariantCulture, $"\"c,{i}\",{i % 4},{i % 4},{i % 9 + 3},{i / 3.0},1"));
            text.Append(i % 2 == 0 ? "\r\n" : "\n");
        }
        return text.ToString();
    }

    [Fact]
    public void ParallelStretchesReadWhatOneStretchReads()
    {
        string text = Rows(200, -1, "");
        var one = RfmSummaryCsv.Read(Text(text), TimeUnit.Days, "s.csv", stretches: 1);
        SummaryReaders.ReadAlike(text, TimeUnit.Days);
        foreach (int stretches in new[] { 2, 3, 7, 64 })
        {
            var many = RfmSummaryCsv.Read(Text(text), TimeUnit.Days, "s.csv", stretches);
            Assert.Equal(one.CustomerIds, many.CustomerIds);
            Assert.Equal(one.Frequency.ToArray(), many.Frequency.ToArray());
            Assert.Equal(one.Recency.ToArray(), many.Recency.ToArray());
            Assert.Equal(one.T.ToArray(), many.T.ToArray());
            Assert.Equal(one.MonetaryValue.ToArray(), many.MonetaryValue.ToArray());
        }
        Assert.Equal(("c,0", "c,199"), (one.CustomerIds[0], one.CustomerIds[199]));
    }

    [Fact]
    public void IdsCopiedOutOfTheTextReadTheSameInEveryStretchAndPart()
    {
        // Ids kept as written point into the file's text; those with doubled quotes or invalid UTF-8 are copied, in
        // whichever stretch they fall, and must decode as a one-pass stream read decodes them.
        var bytes = new List<byte>(Encoding.UTF8.GetBytes(Header));
        for (int i = 0; i < 300; i++)
        {
            byte[] id = (i % 7) switch
            {
                0 => Encoding.UTF8.GetBytes($"\"q\"\"{i}\"\"\""),
                1 => [(byte)'b', 0xFF, .. Encoding.UTF8.GetBytes(i.ToString(CultureInfo.InvariantCulture))],
                2 => [(byte)'"', (byte)'c', 0xC3, .. Encoding.UTF8.GetBytes(i.ToString(CultureInfo.InvariantCulture)), (byte)'"'],
                _ => Encoding.UTF8.GetBytes($" p{i} "),
            };
            bytes.AddRange(id);
            bytes.AddRange(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $",{i % 4},{i % 4},{i % 9 + 3},{i / 3.0},1\n")));
        }
        var text = bytes.ToArray();
        var expected = RfmSummaryCsv.Read(new ForwardOnly(new MemoryStream(text)), TimeUnit.Days, "s.csv").CustomerIds.ToArray();
        Assert.Equal(("q\"0\"", "b\uFFFD1", "c\uFFFD2", "p3"), (expected[0], expected[1], expected[2], expected[3]));
        SummaryReaders.ReadAlike(text, TimeUnit.Days);
        foreach (int stretches in new[] { 1, 2, 3, 7, 64 })
        {
            var summary = RfmSummaryCsv.Read(new MemoryStream(text), TimeUnit.Days, "s.csv", stretches);
            Assert.Equal(expected, summary.CustomerIds);
            var part = summary.Range(100, 150);
            Assert.Equal(expected[100..250], part.CustomerIds);
        }
        var repeat = Assert.Throws<ClvDataException>(() =>
            RfmSummaryCsv.Read(new MemoryStream([.. text, .. "\"q\"\"280\"\"\",0,0,1,0,1\n"u8]), TimeUnit.Days, "s.csv", 3));
        Assert.Equal(("q\"280\"", 302L, "The customer appears more than once (first on line 282)."), (repeat.CustomerId, repeat.LineNumber, repeat.Problem));
        SummaryReaders.FailsAlike([.. text, .. "\"q\"\"280\"\"\",0,0,1,0,1\n"u8], TimeUnit.Days);
    }

    [Theory]
    [InlineData(150, "\"c,3\",0,0,1,0,1", "The customer appears more than once (first on line 7).")] // a repeat late in the file
    [InlineData(150, "x,1,9,1,0,1", "recency 9 exceeds T 1.")]
    [InlineData(150, "y,1,1,1", "The line has 4 fields; column 'monetary_value' is missing.")]
    [InlineData(20, "\"c,3\",0,0,1,0,1", "The customer appears more than once (first on line 7).")] // early in the file, in the first stretch
    public void EveryStretchCountReportsTheSameFirstError(int badRow, string bad, string problem)
    {
        string text = Rows(200, badRow, bad) + Rows(1, -1, "")[(Header.Length + 1)..]; // ends with a repeat of c,0
        var expected = Assert.Throws<ClvDataException>(() => RfmSummaryCsv.Read(Text(text), TimeUnit.Days, "s.csv", stretches: 1));
        Assert.Equal(problem, expected.Problem);
        foreach (int stretches in new[] { 2, 3, 7, 64 })
        {
            var e = Assert.Throws<ClvDataException>(() => RfmSummaryCsv.Read(Text(text), TimeUnit.Days, "s.csv", stretches));
            Assert.Equal(expected.Message, e.Message);
        }
        var forwardOnly = Assert.Throws<ClvDataException>(() => RfmSummaryCsv.Read(new ForwardOnly(Text(text)), TimeUnit.Days, "s.csv"));
        Assert.Equal(expected.Message, forwardOnly.Message);
        SummaryReaders.FailsAlike(text, TimeUnit.Days);
    }

    private static readonly Gen<double> Duration =
        from kind in Gen.Choose(0, 2)
        from whole in Gen.Choose(0, 100_000)
        from fraction in Gen.Choose(0, int.MaxValue)
        select kind switch { 0 => (double)whole, 1 => whole / 7.0, _ => whole + fraction / (double)int.MaxValue };

    [Property(MaxTest = 100)]
    public Property WrittenSummariesReadBackBitForBit() => Prop.ForAll(
        Arb.From(from n in Gen.Choose(1, 60)
                 from rows in (from x in Gen.Choose(0, 50) from a in Duration from b in Duration from m in Duration from w in Gen.Choose(1, 4)
                               select (X: (double)x, Tx: x == 0 ? 0 : Math.Min(a, b), T: Math.Max(a, b), M: x == 0 ? 0 : m / 3, W: (double)w)).ArrayOf(n)
                 select rows),
        rows =>
        {
            var s = new RfmSummary(rows.Select((_, i) => "id " + i).ToArray(), rows.Select(r => r.X).ToArray(), rows.Select(r => r.Tx).ToArray(),
                rows.Select(r => r.T).ToArray(), rows.Select(r => r.M).ToArray(), TimeUnit.Days, rows.Select(r => r.W).ToArray());
            var writer = new StringWriter();
            RfmSummaryCsv.Write(s, writer);
            var back = RfmSummaryCsv.Read(Text(writer.ToString()), TimeUnit.Days);
            static long[] Bits(ReadOnlySpan<double> v) => v.ToArray().Select(BitConverter.DoubleToInt64Bits).ToArray();
            return back.CustomerIds.SequenceEqual(s.CustomerIds)
                && Bits(back.Frequency).SequenceEqual(Bits(s.Frequency)) && Bits(back.Recency).SequenceEqual(Bits(s.Recency))
                && Bits(back.T).SequenceEqual(Bits(s.T)) && Bits(back.MonetaryValue).SequenceEqual(Bits(s.MonetaryValue))
                && Bits(back.Weights).SequenceEqual(Bits(s.Weights));
        });
}
