using System.Globalization;
using System.Text;
using Clv.Probabilistic.Data;

namespace Clv.Probabilistic.Tests.Data;

/// <summary>
/// The summary reader reads a seekable input in stretches through small buffers and copies the ids out of them: ids and
/// lines that cross a buffer's end or a stretch's end, ids longer than a buffer or than a chunk of the id column, and an
/// input that changes between the pass that counts its lines and the pass that parses them.
/// </summary>
public class RfmSummaryCsvBufferTests
{
    private const string Header = "customer_id,frequency,recency,T,monetary_value\n";

    /// <summary>A file of about 100 bytes a row (12,000 rows fill several of the reader's 256 KiB buffers) whose ids are of every kind, and the ids it holds.</summary>
    private static (byte[] Text, string[] Ids) ManyKinds(int rows, int hugeRow = -1, int hugeLength = 0)
    {
        var text = new List<byte>(Encoding.UTF8.GetBytes("\uFEFF" + Header));
        var ids = new string[rows];
        for (int i = 0; i < rows; i++)
        {
            string n = i.ToString(CultureInfo.InvariantCulture);
            (byte[] written, string id) = (i % 9) switch
            {
                0 => (Encoding.UTF8.GetBytes($"\"q\"\"{n}\"\",x\""), $"q\"{n}\",x"),
                1 => ([(byte)'b', 0xFF, .. Encoding.UTF8.GetBytes(n)], "b\uFFFD" + n),
                2 => ([(byte)'"', (byte)'c', 0xE2, 0x82, .. Encoding.UTF8.GetBytes(n), (byte)'"'], "c\uFFFD" + n),
                3 => (Encoding.UTF8.GetBytes(new string('L', 700 + i % 300) + n), new string('L', 700 + i % 300) + n),
                4 => (Encoding.UTF8.GetBytes($"é€{n}"), $"é€{n}"),
                _ => (Encoding.UTF8.GetBytes(n), n),
            };
            if (i == hugeRow) (written, id) = (Encoding.UTF8.GetBytes(new string('H', hugeLength)), new string('H', hugeLength));
            ids[i] = id;
            text.AddRange(written);
            text.AddRange(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $",{i % 4},{i % 4},{i % 9 + 3},{i / 4.0}")));
            if (i < rows - 1) text.AddRange(i % 3 == 0 ? "\r\n"u8.ToArray() : "\n"u8.ToArray()); // no line break after the last
        }
        return (text.ToArray(), ids);
    }

    [Fact]
    public void IdsAndLinesAcrossBufferAndStretchEndsReadAsWritten()
    {
        var (text, ids) = ManyKinds(12000);
        Assert.True(text.Length > 4 * (1 << 18));
        foreach (int stretches in new[] { 1, 2, 3, 5 })
        {
            var summary = RfmSummaryCsv.Read(new MemoryStream(text), TimeUnit.Days, "s.csv", stretches);
            for (int row = 0; row < ids.Length; row++)
            {
                Assert.True(summary.TryGetUtf8Id(row, out var utf8));
                Assert.Equal(ids[row], Encoding.UTF8.GetString(utf8));
            }
            Assert.Equal(ids, summary.CustomerIds);
            Assert.Equal(11999 / 4.0, summary.MonetaryValue[11999]);
        }
    }

    [Fact]
    public void IdsLongerThanABufferAndThanAChunkOfTheIdColumnAreRead()
    {
        foreach (int length in new[] { 300_000, 5 << 20 })
        {
            var (text, ids) = ManyKinds(1500, hugeRow: 700, hugeLength: length);
            foreach (int stretches in new[] { 1, 3 })
            {
                var summary = RfmSummaryCsv.Read(new MemoryStream(text), TimeUnit.Days, "s.csv", stretches);
                Assert.Equal(ids, summary.CustomerIds);
            }
        }
    }

    [Theory]
    [InlineData(5, 4000)]
    [InlineData(3000, 3100)]
    [InlineData(100, 5990)]
    public void ARepeatAcrossStretchesIsReportedWithBothLines(int earlier, int repeat)
    {
        var (text, ids) = ManyKinds(6000);
        string copy = RfmSummaryCsv.Read(new MemoryStream(text), TimeUnit.Days).CustomerIds[earlier];
        // Row r is on line r + 2; write the earlier row's id (quoted, with its quotes doubled) in place of the repeat's.
        var lines = Encoding.UTF8.GetString(text).Split('\n');
        lines[repeat + 1] = "\"" + copy.Replace("\"", "\"\"", StringComparison.Ordinal) + "\",0,0,1,0" + (lines[repeat + 1].EndsWith('\r') ? "\r" : "");
        var changed = Encoding.UTF8.GetBytes(string.Join('\n', lines));
        Assert.Equal(ids[earlier], copy);
        foreach (int stretches in new[] { 1, 2, 4 })
        {
            var e = Assert.Throws<ClvDataException>(() => RfmSummaryCsv.Read(new MemoryStream(changed), TimeUnit.Days, "s.csv", stretches));
            Assert.Equal((copy, (long)repeat + 2, "customer_id"), (e.CustomerId, e.LineNumber, e.Column));
            Assert.Equal(string.Create(CultureInfo.InvariantCulture, $"The customer appears more than once (first on line {earlier + 2})."), e.Problem);
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void IdsInIncreasingOrderWithOneRepeatStillHaveItFound(bool shorterFirst)
    {
        // Increasing ids are distinct without a table; one id written twice in a row breaks the order and is found.
        var text = new StringBuilder(Header);
        for (int i = 0; i < 3000; i++)
        {
            string id = shorterFirst ? i.ToString(CultureInfo.InvariantCulture) : i.ToString("D6", CultureInfo.InvariantCulture);
            text.Append(CultureInfo.InvariantCulture, $"{id},0,0,5,0\n");
            if (i == 2500) text.Append(CultureInfo.InvariantCulture, $"{id},0,0,5,0\n");
        }
        var bytes = Encoding.UTF8.GetBytes(text.ToString());
        foreach (int stretches in new[] { 1, 2, 3 })
        {
            var e = Assert.Throws<ClvDataException>(() => RfmSummaryCsv.Read(new MemoryStream(bytes), TimeUnit.Days, "s.csv", stretches));
            Assert.Equal((2503L, "The customer appears more than once (first on line 2502)."), (e.LineNumber, e.Problem));
        }
        var withoutRepeat = text.ToString().Replace(shorterFirst ? "\n2500,0,0,5,0\n2500," : "\n002500,0,0,5,0\n002500,", shorterFirst ? "\n2500," : "\n002500,", StringComparison.Ordinal);
        Assert.Equal(3000, RfmSummaryCsv.Read(new MemoryStream(Encoding.UTF8.GetBytes(withoutRepeat)), TimeUnit.Days, "s.csv", 2).Count);
    }

    /// <summary>A seekable stream whose content is replaced by another of the same length after its first <c>reads</c> reads.</summary>
    private sealed class ChangingStream(byte[] before, byte[] after, int reads) : Stream
    {
        private int _reads;

        public override bool CanRead => true;
        public override bool CanSeek => true;
        public override bool CanWrite => false;
        public override long Length => before.Length;
        public override long Position { get; set; }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var text = _reads++ < reads ? before : after;
            int n = (int)Math.Clamp(text.Length - Position, 0, count);
            text.AsSpan((int)Position, n).CopyTo(buffer.AsSpan(offset));
            Position += n;
            return n;
        }

        public override long Seek(long offset, SeekOrigin origin) => Position = origin switch
        {
            SeekOrigin.Begin => offset,
            SeekOrigin.Current => Position + offset,
            _ => Length + offset,
        };

        public override void Flush() { }
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    private static string Rows(int rows)
    {
        var text = new StringBuilder(Header);
        for (int i = 0; i < rows; i++) text.Append(CultureInfo.InvariantCulture, $"c{i},0,0,5,0\n");
        return text.ToString();
    }

    [Fact]
    public void AnInputThatGainsLinesWhileReadIsAnErrorNotACrash()
    {
        // Counted: 200 rows and a blank line; parsed: 205 rows in the same bytes.
        var before = Encoding.UTF8.GetBytes(Rows(200) + new string(' ', 60) + "\n");
        var after = Encoding.UTF8.GetBytes(Rows(200) + "z1,0,0,5,0\nz2,0,0,5,0\nz3,0,0,5,0\nz4,0,0,5,0\nz5,0,0,5,0\n     \n");
        Assert.Equal(before.Length, after.Length);
        // Reads: the header, the line count, then the rows.
        var e = Assert.Throws<ClvDataException>(() => RfmSummaryCsv.Read(new ChangingStream(before, after, 2), TimeUnit.Days, "s.csv", 1));
        Assert.Equal(("The file changed while it was being read: it has more lines than a moment before.", "s.csv", 203L),
            (e.Problem, e.SourceName, e.LineNumber));
    }

    [Fact]
    public void AnInputCutShortWhileReadIsReadAsItIsThen()
    {
        var before = Encoding.UTF8.GetBytes(Rows(200));
        var after = Encoding.UTF8.GetBytes(Rows(100) + "c100,0,0");
        var e = Assert.Throws<ClvDataException>(() => RfmSummaryCsv.Read(new ChangingStream(before, after, 2), TimeUnit.Days, "s.csv", 1));
        Assert.Equal((102L, "The last line has 3 of the 5 fields of the header and the file ends there without a line break: it seems cut short (truncated)."),
            (e.LineNumber, e.Problem));
    }
}
