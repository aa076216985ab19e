using System.Text;
using Clv.Probabilistic.Data;

namespace Clv.Probabilistic.Tests.Data;

/// <summary>
/// The two readers of a summary file, the whole-file reader (<see cref="RfmSummaryCsv"/>) and the block reader of
/// <c>clv predict</c> (<see cref="SummaryBlockReader"/>), which must read the same rows and throw the same errors: the
/// tests of the summary file read each text through both, with blocks of several lengths, seekable and not.
/// </summary>
internal static class SummaryReaders
{
    /// <summary>Rows per block: one row, blocks that end anywhere, and one block for the whole (small) file.</summary>
    private static readonly int[] BlockRows = [1, 2, 3, 64];

    /// <summary>The text read whole; every block read must give the same rows, ids and line numbers.</summary>
    public static RfmSummary ReadAlike(string text, TimeUnit unit, string? source = "s.csv") => ReadAlike(Encoding.UTF8.GetBytes(text), unit, source);

    /// <inheritdoc cref="ReadAlike(string, TimeUnit, string?)"/>
    public static RfmSummary ReadAlike(byte[] bytes, TimeUnit unit, string? source = "s.csv")
    {
        var whole = RfmSummaryCsv.Read(new MemoryStream(bytes), unit, source);
        foreach (var (blockRows, forwardOnly) in Ways())
        {
            var blocks = ReadBlocks(Open(bytes, forwardOnly), unit, source, blockRows);
            string way = $"blocks of {blockRows}{(forwardOnly ? ", forward only" : "")}";
            Assert.True(whole.CustomerIds.SequenceEqual(blocks.Summary.CustomerIds), way);
            foreach (var (a, b) in new[] { (whole.Frequency.ToArray(), blocks.Summary.Frequency.ToArray()), (whole.Recency.ToArray(), blocks.Summary.Recency.ToArray()),
                         (whole.T.ToArray(), blocks.Summary.T.ToArray()), (whole.MonetaryValue.ToArray(), blocks.Summary.MonetaryValue.ToArray()),
                         (whole.Weights.ToArray(), blocks.Summary.Weights.ToArray()) })
                Assert.True(a.Select(BitConverter.DoubleToInt64Bits).SequenceEqual(b.Select(BitConverter.DoubleToInt64Bits)), way);
            for (int row = 0; row < whole.Count; row++) Assert.Equal(whole.Where(row), blocks.Where[row]);
        }
        return whole;
    }

    /// <summary>The error of the whole-file reader, after checking that every block read throws the same.</summary>
    public static ClvDataException FailsAlike(string text, TimeUnit unit, string? source = "s.csv") => FailsAlike(Encoding.UTF8.GetBytes(text), unit, source);

    /// <inheritdoc cref="FailsAlike(string, TimeUnit, string?)"/>
    public static ClvDataException FailsAlike(byte[] bytes, TimeUnit unit, string? source = "s.csv")
    {
        var whole = Assert.Throws<ClvDataException>(() => RfmSummaryCsv.Read(new MemoryStream(bytes), unit, source));
        foreach (var (blockRows, forwardOnly) in Ways())
        {
            var e = Assert.Throws<ClvDataException>(() => ReadBlocks(Open(bytes, forwardOnly), unit, source, blockRows));
            string way = $"blocks of {blockRows}{(forwardOnly ? ", forward only" : "")}";
            Assert.True(whole.Message == e.Message, $"{way}: {e.Message} instead of {whole.Message}");
            Assert.Equal((whole.SourceName, whole.LineNumber, whole.Column, whole.CustomerId), (e.SourceName, e.LineNumber, e.Column, e.CustomerId));
        }
        return whole;
    }

    private static IEnumerable<(int BlockRows, bool ForwardOnly)> Ways() =>
        BlockRows.SelectMany(rows => new[] { (rows, false), (rows, true) });

    private static Stream Open(byte[] bytes, bool forwardOnly) =>
        forwardOnly ? new TransactionLogFromIndexedArraysTests.ForwardOnly(new MemoryStream(bytes), 7) : new MemoryStream(bytes);

    /// <summary>Every block of the file joined into one summary, with each row's place as the block said it (<see cref="RfmSummary.Where"/>).</summary>
    public static (RfmSummary Summary, string[] Where) ReadBlocks(Stream stream, TimeUnit unit, string? source, int blockRows, int lineBufferBytes = 1 << 18)
    {
        var reader = new SummaryBlockReader(stream, source, lineBufferBytes);
        var block = new SummaryBlock(blockRows);
        var ids = new List<string>();
        var where = new List<string>();
        List<double> x = [], tx = [], t = [], m = [], w = [];
        while (reader.Read(block))
        {
            Assert.Equal(ids.Count, block.FirstRow);
            Assert.InRange(block.Count, 1, blockRows);
            var part = block.Summary(reader.Layout, unit);
            for (int i = 0; i < part.Count; i++)
            {
                ids.Add(part.CustomerIds[i]);
                where.Add(part.Where(i));
                x.Add(part.Frequency[i]);
                tx.Add(part.Recency[i]);
                t.Add(part.T[i]);
                m.Add(part.MonetaryValue[i]);
                w.Add(part.Weights[i]);
            }
        }
        Assert.Equal(ids.Count, reader.Rows);
        Assert.False(reader.Read(block));
        return (new RfmSummary(ids.ToArray(), x.ToArray(), tx.ToArray(), t.ToArray(), m.ToArray(), w.ToArray(), unit, validate: false), where.ToArray());
    }
}
