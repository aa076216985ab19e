namespace Clv.Probabilistic.Data;

/// <summary>
/// Reads a summary file once from start to end in blocks of rows (<see cref="SummaryBlock"/>), in constant memory: the
/// same rows, the same checks and the same errors as <see cref="RfmSummaryCsv.Read(Stream, TimeUnit, string?)"/>, each
/// error thrown by the read of the block it is in, so every error is the first in file order.
/// </summary>
/// <remarks>
/// A repeated customer is found as the whole-file reader finds it, on the line where it repeats, naming the first
/// line. While the ids increase (byte by byte, or shorter first as whole numbers sort) only the previous id is kept;
/// at the first id out of order every id before it goes into a set (<see cref="SeenIds"/>): the rows of earlier blocks
/// are read again from the input, which must then be seekable; an input that cannot seek keeps every id in the set
/// from the start.
/// </remarks>
internal sealed class SummaryBlockReader
{
    private const int LineBufferBytes = 1 << 18;

    private readonly Stream _stream;
    private readonly Utf8LineReader _lines;
    private readonly long _origin;
    private readonly long _dataStart;
    private readonly long _firstDataLine;
    private readonly bool _checkRepeats;
    private readonly IncreasingIds _increasing = new();
    private SeenIds? _seen;
    private long _rows;

    /// <summary>Reads the header of <paramref name="stream"/> (UTF-8 text), positioned at the file's start.</summary>
    /// <param name="stream">The summary file.</param>
    /// <param name="source">File name for error messages.</param>
    /// <param name="lineBufferBytes">Bytes of the buffer the lines are read through (it grows for a longer line).</param>
    /// <exception cref="ClvDataException">The file is empty or its header lacks a column.</exception>
    public SummaryBlockReader(Stream stream, string? source, int lineBufferBytes = LineBufferBytes)
    {
        ArgumentNullException.ThrowIfNull(stream);
        _stream = stream;
        _origin = stream.CanSeek ? stream.Position : 0;
        _lines = new Utf8LineReader(stream, lineBufferBytes);
        Layout = RfmSummaryCsv.ReadLayout(_lines, source, holdout: false);
        _dataStart = _origin + _lines.Position;
        _firstDataLine = _lines.LineNumber + 1;
        _checkRepeats = true;
        if (!stream.CanSeek) _seen = new SeenIds();
    }

    /// <summary>Reads the rows of a stretch of whole lines of a file whose header is known, without the check of repeats.</summary>
    private SummaryBlockReader(Stream stretch, SummaryLayout layout, long firstLine)
    {
        _stream = stretch;
        _lines = new Utf8LineReader(stretch, LineBufferBytes, firstLine);
        Layout = layout;
    }

    /// <summary>The header's columns.</summary>
    public SummaryLayout Layout { get; }

    /// <summary>Rows read so far.</summary>
    public long Rows => _rows;

    /// <summary>Whether the file has a monetary-value column.</summary>
    public bool HasMonetaryValue => Layout.Numeric[3] >= 0;

    /// <summary>Fills <paramref name="block"/> with the next rows; false (and an empty block) after the last row.</summary>
    /// <exception cref="ClvDataException">A row of the block is invalid or repeats a customer, or the file has no rows.</exception>
    public bool Read(SummaryBlock block)
    {
        ArgumentNullException.ThrowIfNull(block);
        long position = _origin + _lines.Position;
        var parser = new SummaryRowParser(Layout, block.Ids.Restart(16L * block.Capacity), 0, long.MaxValue) { RowLimit = block.Capacity };
        parser.Parse(_lines, block.Columns);
        block.Filled(parser.Rows, parser.Lines, _rows, position);
        if (_checkRepeats && FirstRepeat(block) is (int row, long firstLine))
            throw RfmSummaryCsv.RepeatedCustomer(Layout, block.Lines[row], firstLine, block.Ids[row]);
        if (parser.Error is { } error) throw error;
        if (parser.Rows == 0 && _rows == 0 && _checkRepeats)
            throw new ClvDataException("The summary file has a header but no rows.", Layout.Source);
        _rows += parser.Rows;
        return parser.Rows > 0;
    }

    /// <summary>The first row of the block whose customer appeared before, with the line where it first did.</summary>
    private (int Row, long FirstLine)? FirstRepeat(SummaryBlock block)
    {
        var ids = block.Ids;
        _seen?.AddLines(block);
        for (int i = 0; i < block.Count; i++)
        {
            var id = ids.Utf8At(i);
            if (_seen is null)
            {
                if (_increasing.Accepts(id)) continue;
                _seen = SeenBefore(block.Position);
                _seen.AddLines(block);
                for (int k = 0; k < i; k++) _seen.Add(ids.Utf8At(k));
            }
            if (_seen.Add(id) is long firstLine) return (i, firstLine);
        }
        return null;
    }

    /// <summary>The ids of the rows before position <paramref name="end"/>, read again from the input.</summary>
    private SeenIds SeenBefore(long end)
    {
        var seen = new SeenIds();
        if (end <= _dataStart) return seen;
        long resume = _stream.Position;
        var prefix = new SummaryBlockReader(new StretchSource(_stream).Range(_dataStart, end), Layout, _firstDataLine);
        var block = new SummaryBlock(RowsPerRereadBlock);
        while (prefix.Read(block))
        {
            seen.AddLines(block);
            for (int i = 0; i < block.Count; i++) seen.Add(block.Ids.Utf8At(i));
        }
        _stream.Position = resume;
        return seen;
    }

    private const int RowsPerRereadBlock = 1 << 14;

    /// <summary>Whether ids keep increasing in one of the two orders in which distinct ids are recognised from their neighbours alone.</summary>
    private sealed class IncreasingIds
    {
        private byte[] _previous = new byte[64];
        private int _length = -1;
        private bool _bytewise = true;
        private bool _shorterFirst = true;

        /// <summary>True when <paramref name="id"/> is greater than the previous id in an order all ids so far increase in.</summary>
        public bool Accepts(ReadOnlySpan<byte> id)
        {
            if (_length >= 0)
            {
                var previous = _previous.AsSpan(0, _length);
                int order = previous.SequenceCompareTo(id);
                _bytewise &= order < 0;
                _shorterFirst &= previous.Length < id.Length || (previous.Length == id.Length && order < 0);
                if (!_bytewise && !_shorterFirst) return false;
            }
            if (id.Length > _previous.Length) _previous = new byte[Math.Max(id.Length, 2 * _previous.Length)];
            id.CopyTo(_previous);
            _length = id.Length;
            return true;
        }
    }
}
