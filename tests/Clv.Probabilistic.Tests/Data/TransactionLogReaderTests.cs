using System.Text;
using Clv.Probabilistic.Data;

namespace Clv.Probabilistic.Tests.Data;

public class TransactionLogReaderTests
{
    private static TransactionLog Read(string text, TransactionLogReaderOptions? options = null) =>
        TransactionLogReader.Read(new MemoryStream(Encoding.UTF8.GetBytes(text)), options, "test.csv");

    private static ClvDataException ReadFails(string text, TransactionLogReaderOptions? options = null) =>
        Assert.Throws<ClvDataException>(() => Read(text, options));

    [Fact]
    public void ReadsDefaultColumnsInFileOrderAndInternsCustomers()
    {
        var log = Read("customer_id,date,amount\na,2020-01-02,10.5\nb,2020-01-03,1e1\na,2020-02-29,0\n");
        Assert.Equal(3, log.Count);
        Assert.Equal(["a", "b"], log.CustomerIds);
        Assert.Equal([0, 1, 0], log.CustomerIndices.ToArray());
        Assert.Equal([10.5, 10.0, 0.0], log.Amounts.ToArray());
        Assert.Equal(new DateOnly(2020, 2, 29), log.GetDate(2));
        Assert.Equal(new DateOnly(2020, 1, 2).DayNumber, log.DayNumbers[0]);
        Assert.Equal("b", log.GetCustomerId(1));
    }

    [Fact]
    public void ReadsCustomColumnsDelimiterFormatQuotesBomAndCrLf()
    {
        const string text = "\uFEFFshop;Amount;Client;Day\r\nx;\"3.25\";\"c;1\";20200105\r\n\r\ny; 4 ;\"say \"\"hi\"\"\";20200106\r\n";
        var options = new TransactionLogReaderOptions
        {
            CustomerColumn = "Client", DateColumn = "Day", AmountColumn = "amount", Delimiter = ';', DateFormat = "yyyyMMdd",
        };
        var log = Read(text, options);
        Assert.Equal(["c;1", "say \"hi\""], log.CustomerIds);
        Assert.Equal([3.25, 4.0], log.Amounts.ToArray());
        Assert.Equal(new DateOnly(2020, 1, 6), log.GetDate(1));
    }

    [Fact]
    public void ReadsWhitespaceSeparatedFileWithoutHeader()
    {
        var options = new TransactionLogReaderOptions
        {
            HasHeader = false, ColumnNames = ["customer_id", "date", "amount"], Delimiter = null, DateFormat = "yyyyMMdd",
        };
        var log = Read("  7 \t 19970101   29.33\n8 19970102 1\n", options);
        Assert.Equal(["7", "8"], log.CustomerIds);
        Assert.Equal([29.33, 1.0], log.Amounts.ToArray());
    }

    [Theory]
    [InlineData("2021-03-04T10:11:12")]
    [InlineData("2021-03-04T23:59:59.123Z")]
    [InlineData("2021-03-04 00:00:00+02:00")]
    [InlineData("2021-03-04T10:11-0530")]
    [InlineData("2021-03-04")]
    public void IsoDatesAndDateTimesGiveTheWrittenDate(string date)
    {
        var log = Read($"customer_id,date,amount\na,{date},1\n");
        Assert.Equal(new DateOnly(2021, 3, 4), log.GetDate(0));
    }

    [Fact]
    public void CustomDateFormatIsParsedInInvariantCulture()
    {
        var log = Read("customer_id,date,amount\na,04/03/2021,1\n", new TransactionLogReaderOptions { DateFormat = "dd/MM/yyyy" });
        Assert.Equal(new DateOnly(2021, 3, 4), log.GetDate(0));
    }

    [Fact]
    public void AmountColumnCanBeAbsent()
    {
        var log = Read("customer_id,date\na,2021-03-04\n", new TransactionLogReaderOptions { AmountColumn = null });
        Assert.Equal([0.0], log.Amounts.ToArray());
    }

    [Theory]
    [InlineData("2021-02-29")]
    [InlineData("2021-13-01")]
    [InlineData("2021/01/01")]
    [InlineData("21-01-01")]
    [InlineData("2021-01-01T25:00")]
    [InlineData("2021-01-01X")]
    [InlineData("")]
    public void UnparsableDateNamesFileLineColumnAndCustomer(string date)
    {
        var e = ReadFails($"customer_id,date,amount\na,2021-01-01,1\n\nbob,{date},2\n");
        Assert.Equal("test.csv", e.SourceName);
        Assert.Equal(4, e.LineNumber);
        Assert.Equal("date", e.Column);
        Assert.Equal("bob", e.CustomerId);
        Assert.Contains("line 4", e.Message);
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("1,5")]
    [InlineData("")]
    public void UnparsableAmountNamesLineAndColumn(string amount)
    {
        var e = ReadFails($"customer_id;date;amount\nbob;2021-01-01;{amount}\n", new TransactionLogReaderOptions { Delimiter = ';' });
        Assert.Equal((2L, "amount", "bob"), (e.LineNumber!.Value, e.Column, e.CustomerId));
    }

    [Theory]
    [InlineData("NaN", "NaN")]
    [InlineData("Infinity", "infinite")]
    [InlineData("-1e400", "infinite")]
    [InlineData("-3.5", "negative")]
    public void InvalidAmountIsRejected(string amount, string problem)
    {
        var e = ReadFails($"customer_id,date,amount\nbob,2021-01-01,{amount}\n");
        Assert.Contains(problem, e.Problem);
        Assert.Equal((2L, "amount"), (e.LineNumber!.Value, e.Column));
    }

    [Fact]
    public void NegativeAmountIsAcceptedOnlyWhenAllowed()
    {
        var log = Read("customer_id,date,amount\nbob,2021-01-01,-3.5\n", new TransactionLogReaderOptions { AllowNegativeAmounts = true });
        Assert.Equal(-3.5, log.Amounts[0]);
    }

    [Fact]
    public void EmptyFileHeaderOnlyMissingColumnShortLineAndOpenQuoteAreErrors()
    {
        Assert.Contains("empty", ReadFails("").Message);
        Assert.Contains("no transactions", ReadFails("customer_id,date,amount\n\n").Message);
        var missing = ReadFails("customer_id,day,amount\na,2021-01-01,1\n");
        Assert.Equal(("date", 1L), (missing.Column, missing.LineNumber!.Value));
        var shortLine = ReadFails("customer_id,date,amount\na,2021-01-01\n");
        Assert.Equal(("amount", 2L), (shortLine.Column, shortLine.LineNumber!.Value));
        Assert.Equal(2L, ReadFails("customer_id,date,amount\n\"a,2021-01-01,1\n").LineNumber);
        Assert.Equal("customer_id", ReadFails("customer_id,date,amount\n,2021-01-01,1\n").Column);
    }

    [Fact]
    public void FileWithoutHeaderNeedsColumnNames() =>
        Assert.Throws<ArgumentException>(() => Read("a 2021-01-01 1\n", new TransactionLogReaderOptions { HasHeader = false }));

    [Fact]
    public void ReadsFromPathWithoutModifyingTheFile()
    {
        string path = Path.Combine(Path.GetTempPath(), $"clv-tx-{Guid.NewGuid():N}.csv");
        const string text = "customer_id,date,amount\na,2021-01-01,1\n";
        File.WriteAllText(path, text);
        try
        {
            var before = File.GetLastWriteTimeUtc(path);
            Assert.Equal(1, TransactionLogReader.Read(path).Count);
            Assert.Equal(text, File.ReadAllText(path));
            Assert.Equal(before, File.GetLastWriteTimeUtc(path));
            var e = Assert.Throws<ClvDataException>(() => TransactionLogReader.Read(path, new TransactionLogReaderOptions { DateColumn = "when" }));
            Assert.Equal(path, e.SourceName);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void LineReaderHandlesLinesLongerThanItsBuffer()
    {
        string text = "a\r\n" + new string('x', 50) + "\n\nlast";
        var reader = new Utf8LineReader(new MemoryStream(Encoding.UTF8.GetBytes(text)), bufferSize: 4);
        var lines = new List<string>();
        while (reader.TryReadLine(out var line)) lines.Add(Encoding.UTF8.GetString(line));
        Assert.Equal(["a", new string('x', 50), "", "last"], lines);
        Assert.Equal(4, reader.LineNumber);
    }

    [Fact]
    public void FromArraysCopiesAndLeavesCallerArraysUnchanged()
    {
        string[] ids = ["b", "a", "b"];
        DateOnly[] dates = [new(2020, 1, 3), new(2020, 1, 1), new(2020, 1, 2)];
        double[] amounts = [3, 1, 2];
        var (idsCopy, datesCopy, amountsCopy) = ((string[])ids.Clone(), (DateOnly[])dates.Clone(), (double[])amounts.Clone());
        var log = TransactionLog.FromArrays(ids, dates, amounts);
        RfmSummarizer.Summarize(log, new SummaryOptions(new DateOnly(2020, 2, 1), TimeUnit.Days));
        Assert.Equal(idsCopy, ids);
        Assert.Equal(datesCopy, dates);
        Assert.Equal(amountsCopy, amounts);
        amounts[0] = 99;
        Assert.Equal(3, log.Amounts[0]);
        Assert.Equal(["b", "a"], log.CustomerIds);
    }

    [Fact]
    public void FromArraysRejectsBadInput()
    {
        DateOnly d = new(2020, 1, 1);
        Assert.Throws<ArgumentException>(() => TransactionLog.FromArrays(["a"], [d, d], [1.0]));
        Assert.Contains("no transactions", Assert.Throws<ClvDataException>(() => TransactionLog.FromArrays([], [], [])).Message);
        var nan = Assert.Throws<ClvDataException>(() => TransactionLog.FromArrays(["a", "b"], [d, d], [1.0, double.NaN]));
        Assert.Equal((1L, "b"), (nan.Row!.Value, nan.CustomerId));
        Assert.Throws<ClvDataException>(() => TransactionLog.FromArrays(["a"], [d], [double.PositiveInfinity]));
        Assert.Throws<ClvDataException>(() => TransactionLog.FromArrays(["a"], [d], [-1.0]));
        Assert.Equal(-1.0, TransactionLog.FromArrays(["a"], [d], [-1.0], allowNegativeAmounts: true).Amounts[0]);
        Assert.Throws<ClvDataException>(() => TransactionLog.FromArrays([""], [d], [1.0]));
    }
}

public class TransactionLogFromIndexedArraysTests
{
    private static readonly DateOnly D = new(2020, 1, 1);

    [Fact]
    public void GivesTheSameSummaryAsStringIds()
    {
        string[] customers = ["x", "y", "unused"];
        int[] index = [1, 0, 1];
        DateOnly[] dates = [D, D.AddDays(3), D.AddDays(7)];
        double[] amounts = [1, 2, 3];
        var indexed = TransactionLog.FromIndexedArrays(customers, index, dates, amounts);
        var named = TransactionLog.FromArrays(["y", "x", "y"], dates, amounts);
        var options = new SummaryOptions(D.AddDays(10), TimeUnit.Days);
        var a = RfmSummarizer.Summarize(indexed, options);
        var b = RfmSummarizer.Summarize(named, options);
        Assert.Equal(["x", "y"], a.CustomerIds);
        var bx = b.CustomerIds.ToList().IndexOf("x");
        Assert.Equal((b.Frequency[bx], b.T[bx]), (a.Frequency[0], a.T[0]));
        Assert.Equal([1, 0, 1], index);
        Assert.Equal(3, indexed.CustomerCount);
    }

    [Fact]
    public void RejectsBadIndicesAndIds()
    {
        Assert.Equal(1L, Assert.Throws<ClvDataException>(() => TransactionLog.FromIndexedArrays(["a"], [0, 1], [D, D], [1.0, 1.0])).Row);
        Assert.Equal("a", Assert.Throws<ClvDataException>(() => TransactionLog.FromIndexedArrays(["a", "a"], [0], [D], [1.0])).CustomerId);
        Assert.Equal("b", Assert.Throws<ClvDataException>(() => TransactionLog.FromIndexedArrays(["a", "b"], [1], [D], [double.NaN])).CustomerId);
        Assert.Throws<ArgumentException>(() => TransactionLog.FromIndexedArrays(["a"], [0], [D, D], [1.0]));
    }

    /// <summary>A stream that cannot seek, as standard input is: the reader cannot count lines first and grows its columns.</summary>
    internal sealed class ForwardOnly(Stream inner, int largestRead = 4093) : Stream
    {
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, Math.Min(count, largestRead));
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    [Fact]
    public void ALogCountedFirstReadsAsTheSameLogStreamedFromWhereTheStreamStands()
    {
        var text = new StringBuilder("customer_id,date,amount\n");
        for (int i = 0; i < 5000; i++) text.Append(FormattableString.Invariant($"c{i % 613},2020-{1 + i % 12:00}-{1 + i % 28:00},{i % 97}.5\n"));
        text.Append("\n  \nlast,2021-01-01,1");
        byte[] bytes = Encoding.UTF8.GetBytes(text.ToString());
        var streamed = TransactionLogReader.Read(new ForwardOnly(new MemoryStream(bytes)));
        var prefixed = new MemoryStream([.. "junk\n"u8, .. bytes]) { Position = 5 };
        foreach (var log in new[] { TransactionLogReader.Read(new MemoryStream(bytes)), TransactionLogReader.Read(prefixed) })
        {
            Assert.Equal(5001, log.Count);
            Assert.Equal(streamed.CustomerIds, log.CustomerIds);
            Assert.Equal(streamed.CustomerIndices.ToArray(), log.CustomerIndices.ToArray());
            Assert.Equal(streamed.DayNumbers.ToArray(), log.DayNumbers.ToArray());
            Assert.Equal(streamed.Amounts.ToArray(), log.Amounts.ToArray());
        }
        Assert.Equal(bytes.Length + 5, prefixed.Position);
    }
}
