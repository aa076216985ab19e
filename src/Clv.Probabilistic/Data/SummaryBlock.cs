namespace Clv.Probabilistic.Data;

/// <summary>
/// One block of a summary file read block by block (<see cref="SummaryBlockReader"/>): the text of up to
/// <see cref="Capacity"/> rows' lines, then the rows parsed from it (ids as UTF-8 bytes, the numeric columns, each row's
/// line), in buffers that are filled again for every block.
/// </summary>
internal sealed class SummaryBlock
{
    private SummaryColumns? _columns;
    private SummaryFields _fields;

    /// <summary>A block of at most <paramref name="capacity"/> rows.</summary>
    public SummaryBlock(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        Capacity = capacity;
        Ids = new Utf8IdColumn(capacity);
    }

    /// <summary>Rows a block holds at most (and the blank lines among them).</summary>
    public int Capacity { get; }

    /// <summary>The customer ids of the block's rows.</summary>
    public Utf8IdColumn Ids { get; }

    /// <summary>Rows in the block.</summary>
    public int Count { get; private set; }

    /// <summary>Row of the whole file of the block's first row (0-based), once the block is checked.</summary>
    public long FirstRow { get; internal set; }

    /// <summary>Line number of each of the block's rows (the block's rows numbered from 0).</summary>
    public RowLines Lines { get; private set; } = new();

    /// <summary>The first error of the block's rows (the rows before it are parsed), or null.</summary>
    internal ClvDataException? Error { get; private set; }

    /// <summary>The block's text: whole lines (the last line of the file may lack its line break).</summary>
    internal byte[] Text { get; set; } = [];

    /// <summary>Bytes of <see cref="Text"/> in use.</summary>
    internal int TextLength { get; set; }

    /// <summary>Line number of the block's first line.</summary>
    internal long FirstLine { get; set; }

    /// <summary>Position in the input where the block's text starts.</summary>
    internal long Position { get; set; }

    /// <summary>Parses the block's text into its rows: every check of a row but the repeat of a customer, which needs the rows before.</summary>
    /// <param name="layout">The file's columns.</param>
    /// <param name="fields">The columns kept besides ids, frequency and weights (every value is still checked).</param>
    internal void Parse(SummaryLayout layout, SummaryFields fields)
    {
        if (_columns is null || fields != _fields)
        {
            _columns = new SummaryColumns(layout.ColumnCount, Capacity, RfmSummaryCsv.Stored(layout, fields));
            _fields = fields;
        }
        var lines = new Utf8LineReader(Text, TextLength, FirstLine);
        var parser = new SummaryRowParser(layout, Ids.Restart(TextLength), 0, long.MaxValue);
        parser.Parse(lines, _columns);
        Ids.SetCount(parser.Rows);
        (Count, Lines, Error) = (parser.Rows, parser.Lines, parser.Error);
    }

    /// <summary>
    /// The block's rows as a summary (sharing the block's buffers, so valid until the block is filled again), with the
    /// file's name and each row's line for the messages of the models.
    /// </summary>
    public RfmSummary Summary(SummaryLayout layout, TimeUnit timeUnit)
    {
        var c = _columns!.ToArrays(Count);
        return new RfmSummary(Ids, c[0]!, c[1], c[2], c[3], c[4], timeUnit, SummaryFields.All & ~_fields)
        {
            Source = new SummarySource(layout.Source, Lines, layout.Numeric[3] >= 0),
        };
    }
}
