using System.Globalization;
using System.Text;
using Clv.Probabilistic.Data;

namespace Clv.Probabilistic.Tests.Data;

/// <summary>
/// <see cref="CsvRows"/>: the text written in parallel blocks, overlapped with writing, is the text of writing the rows
/// one by one, to a text writer as text and to a stream as its UTF-8 bytes.
/// </summary>
public class CsvRowsTests
{
    private const string Header = "customer_id,a,b\n";

    private static readonly UTF8Encoding Utf8 = new(false);

    /// <summary>The text as the rows would be written one by one, quoted by the rule on the decoded text.</summary>
    private static string Sequential(string[] ids, double[] values)
    {
        var text = new StringBuilder(Header);
        for (int i = 0; i < ids.Length; i++)
        {
            text.Append(Field(ids[i]));
            text.Append(',').Append(values[i].ToString("R", CultureInfo.InvariantCulture));
            text.Append(',').Append((-values[i] / 3).ToString("R", CultureInfo.InvariantCulture)).Append('\n');
        }
        return text.ToString();
    }

    private static string Field(string id)
    {
        bool quote = id.AsSpan().IndexOfAny(",\"\r\n") >= 0 || id.Length == 0 || char.IsWhiteSpace(id[0]) || char.IsWhiteSpace(id[^1]);
        return quote ? "\"" + id.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : id;
    }

    private static (string Text, byte[] Bytes) WriteBoth(int rows, Action<CsvLine, int> formatRow, int workers)
    {
        var writer = new StringWriter();
        CsvRows.Write(writer, Header, rows, formatRow, workers);
        var stream = new MemoryStream();
        CsvRows.Write(stream, Header, rows, formatRow, workers);
        return (writer.ToString(), stream.ToArray());
    }

    private static string IdField(Action<CsvLine> id)
    {
        var line = new CsvLine();
        line.Start([]);
        id(line);
        return Utf8.GetString(line.Bytes);
    }

    [Theory]
    [InlineData(0, 2)]
    [InlineData(5, 2)]
    [InlineData(CsvRows.RowsPerBlock, 2)]
    [InlineData(3 * CsvRows.RowsPerBlock + 17, 1)]
    [InlineData(3 * CsvRows.RowsPerBlock + 17, 2)]
    [InlineData(3 * CsvRows.RowsPerBlock + 17, 3)]
    [InlineData(3 * CsvRows.RowsPerBlock + 17, 8)]
    [InlineData(41 * CsvRows.RowsPerBlock - 1, 2)] // the ring of buffers goes round many times
    [InlineData(41 * CsvRows.RowsPerBlock + 1, 3)]
    public void BlocksAreWrittenInRowOrderWithTheTextOfOneRowAfterAnother(int rows, int workers)
    {
        var random = new Random(rows + workers);
        string[] special = ["", " lead", "trail ", "a,b", "say \"hi\"", "line\nbreak", "é", "x", "\u00A0nbsp", "ideographic\u3000", "\uD800lone", "日本"];
        var ids = Enumerable.Range(0, rows).Select(i => i % 97 == 0 ? special[i / 97 % special.Length] : "C" + i).ToArray();
        double[] extremes = [0.0, -0.0, double.Epsilon, double.MaxValue, -double.MaxValue, 1e-300, 0.1, 1.0 / 3, double.NaN, double.PositiveInfinity, double.NegativeInfinity];
        var values = Enumerable.Range(0, rows).Select(i => i < extremes.Length ? extremes[i] : Math.Exp(40 * random.NextDouble() - 20)).ToArray();
        var (text, bytes) = WriteBoth(rows, (line, i) =>
        {
            line.Id(ids[i]);
            line.Number(values[i]);
            line.Number(-values[i] / 3);
            line.NewLine();
        }, workers);
        string expected = Sequential(ids, values);
        Assert.Equal(expected.Replace("\uD800", "\uFFFD", StringComparison.Ordinal), text);
        Assert.Equal(Utf8.GetBytes(expected), bytes); // as a UTF-8 text writer encodes the text, lone surrogates and all
    }

    [Fact]
    public void AnEmptyTableIsItsHeader()
    {
        var (text, bytes) = WriteBoth(0, (_, _) => throw new InvalidOperationException("no rows"), 2);
        Assert.Equal(Header, text);
        Assert.Equal(Utf8.GetBytes(Header), bytes);
    }

    [Fact]
    public void RepeatedAndHugeOrOddNumbersGiveTheRuntimesText()
    {
        double[] odd = [0.0, -0.0, double.Epsilon, -double.Epsilon, double.MaxValue, double.MinValue, 1e21, 1e-5, 1e17, 1e16,
            123456789012345680000.0, 2.2250738585072014E-308, double.NaN, double.PositiveInfinity, double.NegativeInfinity, 5e-324, 1.0 / 7];
        int rows = 5 * CsvRows.RowsPerBlock;
        var random = new Random(3);
        var values = Enumerable.Range(0, rows).Select(i => i % 2 == 0 ? odd[random.Next(odd.Length)] : random.Next(50) / 7.0).ToArray();
        var (text, bytes) = WriteBoth(rows, (line, i) =>
        {
            line.RepeatedNumber(values[i]);
            line.Number(values[i]);
            line.NewLine();
        }, 2);
        var expected = new StringBuilder(Header);
        foreach (double v in values)
        {
            string r = v.ToString("R", CultureInfo.InvariantCulture);
            expected.Append(',').Append(r).Append(',').Append(r).Append('\n');
        }
        Assert.Equal(expected.ToString(), text);
        Assert.Equal(Utf8.GetBytes(expected.ToString()), bytes);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void TheExceptionOfTheFirstFailingRowIsThrownAsItselfAfterTheRowsBeforeItsBlock(int workers)
    {
        int firstFailing = 7 * CsvRows.RowsPerBlock + 5;
        var stream = new MemoryStream();
        var e = Assert.Throws<InvalidOperationException>(() => CsvRows.Write(stream, Header, 40 * CsvRows.RowsPerBlock, (line, i) =>
        {
            if (i == firstFailing) throw new InvalidOperationException("first");
            if (i >= 9 * CsvRows.RowsPerBlock && i % 1000 == 0) throw new InvalidOperationException("later");
            line.Id("c");
            line.NewLine();
        }, workers));
        Assert.Equal("first", e.Message);
        Assert.Equal(Header + string.Concat(Enumerable.Repeat("c\n", 7 * CsvRows.RowsPerBlock)), Utf8.GetString(stream.ToArray()));
    }

    [Fact]
    public void AFailingWriteStopsTheFormattingAndIsThrown()
    {
        int formatted = 0;
        var e = Assert.Throws<IOException>(() => CsvRows.Write(new FailingStream(writes: 3), Header, 100 * CsvRows.RowsPerBlock, (line, i) =>
        {
            Interlocked.Increment(ref formatted);
            line.Id("c");
            line.NewLine();
        }, 2));
        Assert.Equal("disk full", e.Message);
        int settled = Volatile.Read(ref formatted);
        Assert.True(settled < 20 * CsvRows.RowsPerBlock, $"{settled} rows formatted");
        Thread.Sleep(50);
        Assert.Equal(settled, Volatile.Read(ref formatted)); // nothing formats after the call returns
    }

    private sealed class FailingStream(int writes) : MemoryStream
    {
        private int _writes;

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            if (++_writes > writes) throw new IOException("disk full");
            base.Write(buffer);
        }
    }

    [Fact]
    public void IdsOfASummaryReadFromAFileAreWrittenFromTheirBytesAsTheirStrings()
    {
        const string csv = "customer_id,frequency,recency,T\n\"a,b\",1,2,3\n\" x\",0,0,3\né,0,0,1\n\"q\"\"\",2,2,2\n\"\u3000y\",0,0,1\nz\u00A0,0,0,1\n";
        var fromFile = RfmSummaryCsv.Read(new MemoryStream(Encoding.UTF8.GetBytes(csv)), TimeUnit.Days);
        var copy = RfmSummaryCsv.Read(new MemoryStream(Encoding.UTF8.GetBytes(csv)), TimeUnit.Days);
        _ = copy.CustomerIds; // decoded: written from the strings
        Assert.True(fromFile.TryGetUtf8Id(0, out _));
        Assert.False(copy.TryGetUtf8Id(0, out _));
        (string, byte[]) Written(RfmSummary summary) => WriteBoth(summary.Count, (line, i) =>
        {
            line.Id(summary, i);
            line.NewLine();
        }, 2);
        string expected = Header + "\"a,b\"\n\" x\"\né\n\"q\"\"\"\n\"\u3000y\"\n\"z\u00A0\"\n";
        var (text, bytes) = Written(fromFile);
        Assert.Equal(expected, text);
        Assert.Equal(Utf8.GetBytes(expected), bytes);
        var (textFromStrings, bytesFromStrings) = Written(copy);
        Assert.Equal(textFromStrings, text);
        Assert.Equal(bytesFromStrings, bytes);
    }

    [Fact]
    public void InvalidUtf8IdsAreWrittenAsTheTextTheyDecodeTo()
    {
        byte[][] ids = [[0x61, 0xFF, 0x62], [0xC3], [0x22, 0xE2, 0x82], [0xED, 0xA0, 0x80], [0x20, 0x80]];
        foreach (var id in ids)
        {
            string text = Encoding.UTF8.GetString(id);
            Assert.Equal(Field(text), IdField(line => line.Id(id)));
            Assert.Equal(IdField(line => line.Id(text)), IdField(line => line.Id(id)));
        }
    }

    [Fact]
    public void TheQuotingTestOnBytesIsTheTestOnTheTextForEveryCharacter()
    {
        // Every character of the basic plane (surrogates aside) and some beyond it, alone, first and last.
        var characters = Enumerable.Range(0, 0x10000).Where(c => !char.IsSurrogate((char)c)).Select(c => ((char)c).ToString())
            .Concat(["😀", "\U0001F3FB", "\U000E0020", "\U00010000"]);
        var mismatches = new List<string>();
        foreach (string c in characters)
            foreach (string id in new[] { c, c + "a", "a" + c, c + "b" + c })
            {
                string expected = Field(id);
                string fromBytes = IdField(line => line.Id(Encoding.UTF8.GetBytes(id)));
                string fromText = IdField(line => line.Id(id));
                if (fromBytes != expected || fromText != expected) mismatches.Add($"U+{char.ConvertToUtf32(c, 0):X4} in \"{id}\"");
            }
        Assert.Empty(mismatches);
    }
}
