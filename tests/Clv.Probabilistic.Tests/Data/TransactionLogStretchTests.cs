using System.Globalization;
using System.Text;
using Clv.Probabilistic.Data;

namespace Clv.Probabilistic.Tests.Data;

/// <summary>
/// A seekable log is read in parallel stretches of lines, each with its own interner, joined in order of first
/// appearance; and large logs are summarised by several workers, each with its own customers. Whatever the number of
/// stretches or workers, the log, the summary and the errors must be those of one pass.
/// </summary>
public class TransactionLogStretchTests
{
    private static TransactionLog Read(byte[] text, int? stretches, TransactionLogReaderOptions? options = null) =>
        TransactionLogReader.Read(new MemoryStream(text), options, "test.csv", stretches);

    /// <summary>One pass, as standard input is read: no stretches, columns grown as lines come.</summary>
    private static TransactionLog ReadStreamed(byte[] text, TransactionLogReaderOptions? options = null) =>
        TransactionLogReader.Read(new TransactionLogFromIndexedArraysTests.ForwardOnly(new MemoryStream(text)), options, "test.csv");

    private static void AssertSameLog(TransactionLog expected, TransactionLog actual)
    {
        Assert.Equal(expected.CustomerIds, actual.CustomerIds);
        Assert.Equal(expected.CustomerIndices.ToArray(), actual.CustomerIndices.ToArray());
        Assert.Equal(expected.DayNumbers.ToArray(), actual.DayNumbers.ToArray());
        Assert.Equal(expected.Amounts.ToArray(), actual.Amounts.ToArray());
    }

    /// <summary>
    /// A log with short, long (past the interner's 24 inline bytes and the parser's 32 batched bytes), quoted, doubled-quote
    /// and multi-byte ids, blank lines, CRLF line ends, dates mostly but not always in order, and no final line break.
    /// </summary>
    private static byte[] RandomLog(int seed, int lines)
    {
        var random = new Random(seed);
        var text = new StringBuilder("\uFEFFcustomer_id,date,amount\r\n");
        for (int i = 0; i < lines; i++)
        {
            int customer = random.Next(lines / 4 + 1);
            string id = (customer % 7) switch
            {
                0 => "customer-with-a-rather-long-identifier-" + customer,
                1 => "\"q,\"\"" + customer + "\"\"\"",
                2 => "\"plain" + customer + "\"",
                3 => "é€" + customer,
                _ => "c" + customer,
            };
            int day = i / 10 + (random.Next(20) == 0 ? -random.Next(30) : 0);
            text.Append(CultureInfo.InvariantCulture, $"{id},{new DateOnly(2020, 1, 1).AddDays(Math.Max(day, 0)):yyyy-MM-dd},{random.Next(10_000) / 100.0}");
            text.Append(random.Next(3) == 0 ? "\r\n" : "\n");
            if (random.Next(50) == 0) text.Append(random.Next(2) == 0 ? "\n" : "  \t\n");
        }
        text.Append("last,2021-01-01,1");
        return Encoding.UTF8.GetBytes(text.ToString());
    }

    [Fact]
    public void AnyNumberOfStretchesGivesTheLogOfOnePass()
    {
        byte[] text = RandomLog(seed: 17, lines: 4000);
        var expected = ReadStreamed(text);
        Assert.Equal(4001, expected.Count);
        foreach (int stretches in new[] { 1, 2, 3, 5, 16 }) AssertSameLog(expected, Read(text, stretches));
    }

    [Fact]
    public void AFileIsReadInStretchesFromItsHandleAsTheSameLog()
    {
        byte[] text = RandomLog(seed: 5, lines: 3000);
        string path = Path.Combine(Path.GetTempPath(), $"clv-stretches-{Guid.NewGuid():N}.csv");
        try
        {
            File.WriteAllBytes(path, text);
            using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1);
            AssertSameLog(ReadStreamed(text), TransactionLogReader.Read(file, null, path, stretches: 3));
            Assert.Equal(text.Length, file.Position);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void IdsFirstSeenInALaterStretchComeAfterTheEarlierStretchesIds()
    {
        byte[] text = Encoding.UTF8.GetBytes("customer_id,date,amount\nb,2020-01-01,1\na,2020-01-01,2\nc,2020-01-02,3\nb,2020-01-02,4\nd,2020-01-03,5\n");
        foreach (int stretches in new[] { 2, 3, 4, 5 }) // with 5, each line is a stretch of its own
        {
            var log = Read(text, stretches);
            Assert.Equal(["b", "a", "c", "d"], log.CustomerIds);
            Assert.Equal([0, 1, 2, 0, 3], log.CustomerIndices.ToArray());
        }
    }

    [Fact]
    public void SameDayPurchasesSplitByAStretchBoundaryAreOnePurchase()
    {
        var text = new StringBuilder("customer_id,date,amount\n");
        for (int i = 0; i < 6; i++) text.Append("a,2020-01-05,1.5\n");
        text.Append("a,2020-01-12,2\n");
        byte[] bytes = Encoding.UTF8.GetBytes(text.ToString());
        var options = new SummaryOptions(new DateOnly(2020, 1, 31), TimeUnit.Days);
        foreach (int stretches in new[] { 1, 2, 3, 7 })
        {
            var summary = RfmSummarizer.Summarize(Read(bytes, stretches), options);
            Assert.Equal(["a"], summary.CustomerIds);
            Assert.Equal((1.0, 7.0, 26.0, 2.0), (summary.Frequency[0], summary.Recency[0], summary.T[0], summary.MonetaryValue[0]));
        }
    }

    [Theory]
    [InlineData("z,2020-13-01,1", "date", "Cannot read '2020-13-01'")]
    [InlineData("z,2020-01-01,x", "amount", "Cannot read 'x'")]
    [InlineData("z,2020-01-01,-1", "amount", "negative")]
    [InlineData(",2020-01-01,1", "customer_id", "empty")]
    [InlineData("z,2020-01-01", "amount", "missing")]
    public void AnErrorInALaterStretchNamesItsLineColumnAndCustomer(string bad, string column, string problem)
    {
        var lines = Enumerable.Range(0, 300).Select(i => $"c{i % 17},2020-01-{1 + i % 28:00},1").ToList();
        lines[250] = bad; // in the last of three stretches: line 252 of the file
        byte[] text = Encoding.UTF8.GetBytes("customer_id,date,amount\n" + string.Join("\n", lines) + "\n");
        foreach (int? stretches in new int?[] { 1, 3 })
        {
            var e = Assert.Throws<ClvDataException>(() => Read(text, stretches));
            Assert.Equal((252L, column, "test.csv"), (e.LineNumber!.Value, e.Column, e.SourceName));
            Assert.Contains(problem, e.Message);
            Assert.Equal(column is "customer_id" || problem == "missing" ? null : "z", e.CustomerId);
        }
        var streamed = Assert.Throws<ClvDataException>(() => ReadStreamed(text));
        Assert.Equal(streamed.Message, Assert.Throws<ClvDataException>(() => Read(text, 3)).Message);
    }

    [Fact]
    public void TheEarliestErrorWinsWhenSeveralStretchesHaveOne()
    {
        var lines = Enumerable.Range(0, 300).Select(i => $"c{i},2020-01-01,1").ToList();
        lines[280] = "late,2020-01-01,oops";
        lines[150] = "middle,not a date,1";
        byte[] text = [.. Encoding.UTF8.GetBytes("customer_id,date,amount\n" + string.Join("\n", lines.Take(40)) + "\n"),
            0xFF, .. ",2020-01-01,1\n"u8, .. Encoding.UTF8.GetBytes(string.Join("\n", lines.Skip(40)))];
        foreach (int stretches in new[] { 1, 2, 4 })
        {
            var e = Assert.Throws<ClvDataException>(() => Read(text, stretches));
            Assert.Equal((42L, "customer_id"), (e.LineNumber!.Value, e.Column));
            Assert.Contains("not valid UTF-8", e.Message);
        }
    }

    [Fact]
    public void AnInvalidIdInALaterStretchComesBeforeABadDateLaterOnItsLineAndAfterEarlierLines()
    {
        var lines = Enumerable.Range(0, 200).Select(i => $"c{i},2020-01-01,1").ToList();
        byte[] text = [.. Encoding.UTF8.GetBytes("customer_id,date,amount\n" + string.Join("\n", lines) + "\n"), 0xC3, .. ",never,1\n"u8];
        foreach (int stretches in new[] { 1, 2 })
        {
            var e = Assert.Throws<ClvDataException>(() => Read(text, stretches));
            Assert.Equal((202L, "customer_id"), (e.LineNumber!.Value, e.Column));
            Assert.Contains("not valid UTF-8", e.Message);
        }
    }

    [Fact]
    public void OnlyBlankLinesAfterTheHeaderAreNoTransactionsWhateverTheStretches()
    {
        byte[] text = Encoding.UTF8.GetBytes("customer_id,date,amount\n\n  \n\t\n\n\n");
        foreach (int stretches in new[] { 1, 3 })
            Assert.Contains("no transactions", Assert.Throws<ClvDataException>(() => Read(text, stretches)).Message);
    }

    [Fact]
    public void AFileWithoutHeaderKeepsItsFirstLineInTheFirstStretch()
    {
        var options = new TransactionLogReaderOptions { HasHeader = false, ColumnNames = ["customer_id", "date", "amount"] };
        byte[] text = Encoding.UTF8.GetBytes("\uFEFFa,2020-01-01,1\nb,2020-01-02,2\na,2020-01-03,3\n");
        foreach (int stretches in new[] { 1, 2, 3 })
        {
            var log = Read(text, stretches, options);
            Assert.Equal(["a", "b"], log.CustomerIds);
            Assert.Equal([0, 1, 0], log.CustomerIndices.ToArray());
        }
    }

    private static void AssertSameSummary(RfmSummarizer.Result expected, RfmSummarizer.Result actual)
    {
        Assert.Equal(expected.Summary.CustomerIds, actual.Summary.CustomerIds);
        Assert.Equal(expected.Summary.Frequency.ToArray(), actual.Summary.Frequency.ToArray());
        Assert.Equal(expected.Summary.Recency.ToArray(), actual.Summary.Recency.ToArray());
        Assert.Equal(expected.Summary.T.ToArray(), actual.Summary.T.ToArray());
        Assert.Equal(expected.Summary.MonetaryValue.ToArray(), actual.Summary.MonetaryValue.ToArray());
        Assert.Equal(expected.FrequencyHoldout, actual.FrequencyHoldout);
        Assert.Equal(expected.MonetaryValueHoldout, actual.MonetaryValueHoldout);
    }

    [Fact]
    public void AnyNumberOfSummaryWorkersGivesTheSameSummary()
    {
        var log = Read(RandomLog(seed: 3, lines: 5000), stretches: 2);
        var end = DateOnly.FromDayNumber(log.DayNumbers.ToArray().Max());
        foreach (var options in new[]
                 {
                     new SummaryOptions(end, TimeUnit.Weeks),
                     new SummaryOptions(end.AddDays(-100), TimeUnit.Days) { DropTransactionsAfterEnd = true, IncludeFirstPurchaseInMonetaryValue = true },
                 })
        {
            foreach (bool holdout in new[] { false, true })
            {
                int calibrationEnd = holdout ? options.ObservationEnd.DayNumber - 60 : options.ObservationEnd.DayNumber;
                var one = RfmSummarizer.Run(log, options, calibrationEnd, holdout, workers: 1);
                foreach (int workers in new[] { 2, 3, 8 })
                {
                    var many = RfmSummarizer.Run(log, options, calibrationEnd, holdout, workers);
                    AssertSameSummary(one, many);
                }
            }
        }
    }

    /// <summary>
    /// The summariser keeps its histories in memory the reader finished with when it can (its content left as it was):
    /// here memory full of random bits, held by the test so that no collection takes it back.
    /// </summary>
    [Fact]
    public void SummaryInSpareMemoryIsTheSummaryInFreshMemory()
    {
        byte[] text = RandomLog(seed: 5, lines: 5000);
        var random = new Random(5);
        foreach (int workers in new[] { 1, 2 })
            foreach (bool holdout in new[] { false, true })
            {
                TransactionLog inSpare = Read(text, stretches: 2), inFresh = Read(text, stretches: 2);
                inFresh.TakeSpare();
                var garbage = new ulong[(inSpare.CustomerCount + 1) * 8]; // a history is 64 bytes; one more to align the first
                foreach (ref ulong word in garbage.AsSpan()) word = (ulong)random.NextInt64();
                inSpare.WithSpare(SpareMemory.Of(garbage));
                var options = new SummaryOptions(DateOnly.FromDayNumber(inSpare.DayNumbers.ToArray().Max()), TimeUnit.Weeks);
                int calibrationEnd = options.ObservationEnd.DayNumber - (holdout ? 90 : 0);
                var a = RfmSummarizer.Run(inSpare, options, calibrationEnd, holdout, workers);
                var b = RfmSummarizer.Run(inFresh, options, calibrationEnd, holdout, workers);
                Assert.Null(inSpare.TakeSpare()); // taken by the summary
                Assert.Contains(garbage, word => word == 0); // and cleared where it was used
                GC.KeepAlive(garbage);
                AssertSameSummary(b, a);
            }
    }

    [Fact]
    public void ACustomerWhoseRowsGoBackInTimeIsSummarisedAsIfSorted()
    {
        // b's rows are out of date order (sorted again), a's and c's are in order (walked as they come).
        var log = RfmSummarizerTests.Log(("a", 0, 1), ("b", 10, 4), ("b", 3, 2), ("c", 5, 7), ("a", 7, 3), ("b", 3, 1), ("b", 20, 8), ("c", 5, 1));
        var options = new SummaryOptions(new DateOnly(2020, 1, 1).AddDays(30), TimeUnit.Days);
        foreach (int workers in new[] { 1, 2, 3 })
        {
            var s = RfmSummarizer.Run(log, options, options.ObservationEnd.DayNumber, holdout: false, workers).Summary;
            Assert.Equal(["a", "b", "c"], s.CustomerIds);
            Assert.Equal([1.0, 2.0, 0.0], s.Frequency.ToArray());
            Assert.Equal([7.0, 17.0, 0.0], s.Recency.ToArray());
            Assert.Equal([30.0, 27.0, 25.0], s.T.ToArray());
            Assert.Equal([3.0, 6.0, 0.0], s.MonetaryValue.ToArray());
        }
    }

    [Fact]
    public void JoiningInternersNumbersNewIdsAfterTheFirstsInTheSecondsOrder()
    {
        // More ids than one block of parallel look-ups, half of them already in the first interner, some long.
        static byte[] Id(int i) => Encoding.UTF8.GetBytes(i % 5 == 0 ? $"a-rather-long-customer-identifier-{i}" : $"c{i}");
        var first = new Utf8IdInterner();
        var second = new Utf8IdInterner();
        var reference = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < 150_000; i += 2)
        {
            first.Intern(Id(i));
            reference.Add(Encoding.UTF8.GetString(Id(i)), reference.Count);
        }
        var secondIds = Enumerable.Range(0, 100_000).Select(k => (k * 7919) % 200_000).ToArray();
        foreach (int i in secondIds) second.Intern(Id(i));
        var map = first.InternAll(second);
        for (int k = 0; k < second.Count; k++)
        {
            string id = second.IdAt(k);
            if (!reference.TryGetValue(id, out int expected)) reference.Add(id, expected = reference.Count);
            Assert.Equal(expected, map[k]);
        }
        Assert.Equal(reference.Keys, first.ToArray());
    }
}
