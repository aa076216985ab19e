namespace Clv.Probabilistic.Data;

/// <summary>
/// The rows of one block of a summary file read block by block (<see cref="SummaryBlockReader"/>): ids as UTF-8 bytes,
/// the numeric columns and each row's line, in buffers that are filled again for every block.
/// </summary>
internal sealed class SummaryBlock
{
    private readonly SummaryColumns _columns;

    /// <summary>A block of at most <paramref name="capacity"/> rows.</summary>
    public SummaryBlock(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        Capacity = capacity;
        Ids = new Utf8IdColumn(capacity);
        _columns = new SummaryColumns(5, capacity);
    }

    /// <summary>Rows a block holds at most.</summary>
    public int Capacity { get; }

    /// <summary>The customer ids of the block's rows.</summary>
    public Utf8IdColumn Ids { get; }

    /// <summary>Rows in the block (fewer than <see cref="Capacity"/> only in the file's last block).</summary>
    public int Count { get; private set; }

    /// <summary>Row of the whole file of the block's first row (0-based).</summary>
    public long FirstRow { get; private set; }

    /// <summary>Line number of each of the block's rows (the block's rows numbered from 0).</summary>
    public RowLines Lines { get; private set; } = new();

    /// <summary>Position in the input where the block's lines start.</summary>
    internal long Position { get; private set; }

    /// <summary>The columns the parser fills (row 0 is the block's first row).</summary>
    internal SummaryColumns Columns => _columns;

    /// <summary>Says what the parser filled.</summary>
    internal void Filled(int count, RowLines lines, long firstRow, long position)
    {
        Ids.SetCount(count);
        (Count, Lines, FirstRow, Position) = (count, lines, firstRow, position);
    }

    /// <summary>
    /// The block's rows as a summary (sharing the block's buffers, so valid until the block is filled again), with the
    /// file's name and each row's line for the messages of the models.
    /// </summary>
    public RfmSummary Summary(SummaryLayout layout, TimeUnit timeUnit)
    {
        var c = _columns.ToArrays(Count);
        return new RfmSummary(Ids, c[0], c[1], c[2], c[3], c[4], timeUnit)
        {
            Source = new SummarySource(layout.Source, Lines, layout.Numeric[3] >= 0),
        };
    }
}
