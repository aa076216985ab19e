using System.Globalization;
using System.Text;
using Clv.Probabilistic.Data;

namespace Clv.Probabilistic.Tests.Data;

/// <summary>
/// The block reader of <c>clv predict</c> (<see cref="SummaryBlockReader"/>) against the whole-file reader on random
/// files: the same rows and line numbers, and the same first error, wherever a bad row or a repeated customer is, with
/// ids that increase (either order the reader recognises) or not, blank lines, CRLF ends, quotes, a byte-order mark and
/// ids across the ends of the reader's buffer.
/// </summary>
public class SummaryBlockReaderTests
{
    private enum IdOrder { Numbers, Bytes, Shuffled, Mixed }

    /// <summary>A random summary file, with a repeat or a bad row (or both, or neither) somewhere.</summary>
    private static byte[] RandomFile(int seed, out string description)
    {
        var random = new Random(seed);
        int n = random.Next(0, 60) + (random.Next(4) == 0 ? random.Next(300) : 0);
        var order = (IdOrder)random.Next(4);
        bool weights = random.Next(2) == 0;
        var ids = new List<byte[]>();
        for (int i = 0; i < n; i++)
        {
            ids.Add(order switch
            {
                IdOrder.Numbers => Encoding.UTF8.GetBytes((i * 3 + 7).ToString(CultureInfo.InvariantCulture)),
                IdOrder.Bytes => Encoding.UTF8.GetBytes($"c{i:D4}"),
                _ => Id(random, i),
            });
        }
        if (order == IdOrder.Shuffled) ids = [.. ids.OrderBy(_ => random.Next())];
        if (order == IdOrder.Mixed && n > 2)
        {
            // Increasing for a while, then out of order from a random row on.
            int from = random.Next(n);
            for (int i = 0; i < from; i++) ids[i] = Encoding.UTF8.GetBytes($"a{i:D5}");
        }
        int repeatAt = n > 1 && random.Next(5) < 2 ? random.Next(1, n) : -1;
        int repeated = repeatAt > 0 ? random.Next(repeatAt) : -1;
        if (repeatAt > 0) ids[repeatAt] = ids[repeated];
        int badAt = n > 0 && random.Next(4) == 0 ? random.Next(n) : -1;
        string[] bad = ["x,1,5,1", "x,1,1,two", "x,1", "\"x,1,1,2", "\"\",0,0,1", "x,0,1,2", "x,-1,0,2"];
        string badRow = badAt >= 0 ? bad[random.Next(bad.Length)] : "";

        var text = new List<byte>();
        if (random.Next(4) == 0) text.AddRange("\uFEFF"u8.ToArray());
        text.AddRange(Encoding.UTF8.GetBytes("customer_id,frequency,recency,T,monetary_value" + (weights ? ",weight" : "") + "\n"));
        for (int i = 0; i < n; i++)
        {
            if (random.Next(8) == 0) text.AddRange(random.Next(2) == 0 ? "\n"u8.ToArray() : " \r\n"u8.ToArray());
            if (i == badAt)
            {
                text.AddRange(Encoding.UTF8.GetBytes(badRow + (weights ? ",1" : "")));
            }
            else
            {
                text.AddRange(ids[i]);
                int x = random.Next(4);
                double t = 1 + random.Next(50) + (random.Next(2) == 0 ? 0 : 0.25);
                double tx = x == 0 ? 0 : Math.Min(t, random.Next(50));
                text.AddRange(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture,
                    $",{x},{tx},{t},{(x == 0 ? 0 : 1 + random.Next(1000) / 8.0)}{(weights ? $",{1 + random.Next(3)}" : "")}")));
            }
            bool last = i == n - 1;
            if (!last || random.Next(3) > 0) text.AddRange(random.Next(2) == 0 ? "\r\n"u8.ToArray() : "\n"u8.ToArray());
        }
        description = $"seed {seed}: {n} rows, ids {order}, repeat of row {repeated} at row {repeatAt}, bad row {badAt} '{badRow}'";
        return [.. text];
    }

    /// <summary>An id with the bytes that need care: quotes doubled, commas, spaces, non-ASCII and invalid UTF-8.</summary>
    private static byte[] Id(Random random, int i)
    {
        string number = i.ToString(CultureInfo.InvariantCulture);
        return random.Next(6) switch
        {
            0 => Encoding.UTF8.GetBytes($"\"q\"\"{number}\""),
            1 => Encoding.UTF8.GetBytes($"\"c,{number}\""),
            2 => Encoding.UTF8.GetBytes($"é{number}"),
            3 => [(byte)'b', 0xFF, .. Encoding.UTF8.GetBytes(number)],
            4 => Encoding.UTF8.GetBytes($" p{number} "),
            _ => Encoding.UTF8.GetBytes($"z{number}"),
        };
    }

    [Fact]
    public void RandomFilesReadAsTheWholeFileReaderReadsThemOrFailAlike()
    {
        int failed = 0;
        for (int seed = 0; seed < 300; seed++)
        {
            var bytes = RandomFile(seed, out string description);
            bool fails;
            try
            {
                RfmSummaryCsv.Read(new MemoryStream(bytes), TimeUnit.Days, "s.csv");
                fails = false;
            }
            catch (ClvDataException)
            {
                fails = true;
            }
            try
            {
                if (fails) SummaryReaders.FailsAlike(bytes, TimeUnit.Days);
                else SummaryReaders.ReadAlike(bytes, TimeUnit.Days);
            }
            catch (Exception e) when (e is not ClvDataException)
            {
                Assert.Fail($"{description}: {e.Message}");
            }
            failed += fails ? 1 : 0;
        }
        // Both kinds of file were met often.
        Assert.InRange(failed, 60, 240);
    }

    /// <summary>Rows whose ids increase up to <paramref name="switchAt"/>, then go back: the set of earlier ids is filled from the file read again.</summary>
    private static string OutOfOrder(int rows, int switchAt, string? last)
    {
        var text = new StringBuilder("customer_id,frequency,recency,T\n");
        for (int i = 0; i < rows; i++)
        {
            if (i % 7 == 3) text.Append('\n');
            string id = i < switchAt ? string.Create(CultureInfo.InvariantCulture, $"{i + 1}") : string.Create(CultureInfo.InvariantCulture, $"k{rows - i}");
            text.Append(CultureInfo.InvariantCulture, $"{id},0,0,{1 + i % 5}\r\n");
        }
        if (last is not null) text.Append(last).Append('\n');
        return text.ToString();
    }

    [Theory]
    [InlineData(5000, 4000, "17,0,0,1")] // the repeat of a row from early in the file, long after the ids went out of order
    [InlineData(5000, 4000, "k3,0,0,1")] // of a row after they did
    [InlineData(5000, 4999, "4999,0,0,1")] // of the row just before they did
    [InlineData(5000, 4000, null)]
    [InlineData(5000, 0, "k1,0,0,1")]
    public void ARepeatAfterTheIdsStopIncreasingNamesItsFirstLineInFilesOfEveryKind(int rows, int switchAt, string? last)
    {
        string text = OutOfOrder(rows, switchAt, last);
        var bytes = Encoding.UTF8.GetBytes(text);
        var expected = last is null ? null : Assert.Throws<ClvDataException>(() => RfmSummaryCsv.Read(new MemoryStream(bytes), TimeUnit.Days, "s.csv"));
        string path = Path.Combine(Path.GetTempPath(), $"clv-blocks-{Guid.NewGuid():N}.csv");
        File.WriteAllBytes(path, bytes);
        try
        {
            foreach (int blockRows in new[] { 1000, 4096, 1 << 14 })
                foreach (var open in new Func<Stream>[]
                         {
                             () => RfmSummaryCsv.OpenRead(path), () => new MemoryStream(bytes),
                             () => new TransactionLogFromIndexedArraysTests.ForwardOnly(new MemoryStream(bytes), 4093),
                         })
                {
                    using var stream = open();
                    if (expected is null)
                    {
                        var (summary, _) = SummaryReaders.ReadBlocks(stream, TimeUnit.Days, "s.csv", blockRows, lineBufferBytes: 4096);
                        Assert.Equal(rows, summary.Count);
                        continue;
                    }
                    var e = Assert.Throws<ClvDataException>(() => SummaryReaders.ReadBlocks(stream, TimeUnit.Days, "s.csv", blockRows, lineBufferBytes: 4096));
                    Assert.Equal(expected.Message, e.Message);
                }
        }
        finally
        {
            File.Delete(path);
        }
        if (expected is not null) Assert.Contains("appears more than once", expected.Message);
    }

    [Fact]
    public void IdsAcrossTheEndsOfASmallBufferReadAsWhole()
    {
        var text = new StringBuilder("customer_id,frequency,recency,T,monetary_value\n");
        for (int i = 0; i < 20_000; i++)
            text.Append(CultureInfo.InvariantCulture, $"{(i % 3 == 0 ? $"\"id \"\"{i}\"\"\"" : $"id-{i}-{new string('x', i % 61)}")},{i % 4},{i % 4},{i % 9 + 3},{i % 4 * 2.5}{(i % 2 == 0 ? "\r\n" : "\n")}");
        var bytes = Encoding.UTF8.GetBytes(text.ToString());
        var whole = RfmSummaryCsv.Read(new MemoryStream(bytes), TimeUnit.Days, "s.csv");
        var (blocks, _) = SummaryReaders.ReadBlocks(new MemoryStream(bytes), TimeUnit.Days, "s.csv", 8192, lineBufferBytes: 4096);
        Assert.Equal(whole.CustomerIds, blocks.CustomerIds);
        Assert.Equal(whole.T.ToArray(), blocks.T.ToArray());
        Assert.Equal(whole.MonetaryValue.ToArray(), blocks.MonetaryValue.ToArray());
    }
}
