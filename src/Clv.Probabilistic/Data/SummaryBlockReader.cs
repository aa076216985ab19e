namespace Clv.Probabilistic.Data;

/// <summary>
/// Reads a summary file once from start to end in blocks of rows (<see cref="SummaryBlock"/>), in constant memory: the
/// same rows, the same checks and the same errors as <see cref="RfmSummaryCsv.Read(Stream, TimeUnit, string?)"/>, each
/// error thrown by the check of the block it is in, so every error is the first in file order. A block is taken from
/// the file (<see cref="Take"/>, in turn), parsed (<see cref="SummaryBlock.Parse"/>, on any thread) and checked
/// (<see cref="Check"/>, in file order); <see cref="Read"/> does all three.
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
    private const int LineBufferBytes = 1 << 16;

    private readonly Stream _stream;
    private readonly long _dataStart;
    private readonly long _firstDataLine;
    private byte[] _carry;
    private int _carried;
    private bool _endOfStream;
    private long _nextLine;
    private long _nextPosition;
    private readonly bool _checkRepeats;
    private readonly IncreasingIds _increasing = new();
    private SeenIds? _seen;
    private long _rows;

    /// <summary>Reads the header of <paramref name="stream"/> (UTF-8 text), positioned at the file's start.</summary>
    /// <param name="stream">The summary file.</param>
    /// <param name="source">File name for error messages.</param>
    /// <param name="lineBufferBytes">Bytes of the buffer the header is read through (it grows for a longer line).</param>
    /// <param name="fields">The columns the blocks keep besides ids, frequency and weights (every value is still checked).</param>
    /// <exception cref="ClvDataException">The file is empty or its header lacks a column.</exception>
    public SummaryBlockReader(Stream stream, string? source, int lineBufferBytes = LineBufferBytes, SummaryFields fields = SummaryFields.All)
    {
        Fields = fields;
        ArgumentNullException.ThrowIfNull(stream);
        _stream = stream;
        long origin = stream.CanSeek ? stream.Position : 0;
        var header = new Utf8LineReader(stream, lineBufferBytes);
        Layout = RfmSummaryCsv.ReadLayout(header, source, holdout: false);
        _dataStart = _nextPosition = origin + header.Position;
        _firstDataLine = _nextLine = header.LineNumber + 1;
        // What the header's reader read past the header is the start of the first block.
        _carry = header.Pending.ToArray();
        _carried = _carry.Length;
        _endOfStream = header.EndOfStream;
        _checkRepeats = true;
        if (!stream.CanSeek) _seen = new SeenIds();
    }

    /// <summary>Reads the rows of a stretch of whole lines of a file whose header is known, without the check of repeats.</summary>
    private SummaryBlockReader(Stream stretch, SummaryLayout layout, long firstLine)
    {
        _stream = stretch;
        _carry = [];
        _firstDataLine = _nextLine = firstLine;
        Layout = layout;
        Fields = SummaryFields.None;
    }

    /// <summary>The header's columns.</summary>
    public SummaryLayout Layout { get; }

    /// <summary>The columns the blocks keep besides ids, frequency and weights.</summary>
    public SummaryFields Fields { get; }

    /// <summary>Rows read so far.</summary>
    public long Rows => _rows;

    /// <summary>Fills <paramref name="block"/> with the next rows; false (and an empty block) after the last row.</summary>
    /// <exception cref="ClvDataException">A row of the block is invalid or repeats a customer, or the file has no rows.</exception>
    public bool Read(SummaryBlock block)
    {
        while (Take(block))
        {
            block.Parse(Layout, Fields);
            Check(block);
            if (block.Count > 0) return true;
        }
        Finish();
        return false;
    }

    /// <summary>
    /// Takes the text of the next lines of the file, up to the block's capacity of rows (and the blank lines among them),
    /// into the block; false after the last line. Blocks are taken one at a time, in file order.
    /// </summary>
    public bool Take(SummaryBlock block)
    {
        ArgumentNullException.ThrowIfNull(block);
        var text = block.Text;
        // First sized for lines of 32 bytes (a summary line is 15–60), so that it rarely grows.
        if (text.Length < Math.Max(_carried, 1 << 12)) text = new byte[Math.Max(2 * _carried, Math.Max(32 * block.Capacity, 1 << 12))];
        _carry.AsSpan(0, _carried).CopyTo(text);
        int length = _carried, end = 0, lines = 0, rows = 0;
        while (true)
        {
            // Blocks are cut after a number of rows, not lines, so that blank lines move no block's first row.
            for (int next; rows < block.Capacity && (next = text.AsSpan(end, length - end).IndexOf((byte)'\n')) >= 0; lines++)
            {
                var line = text.AsSpan(end, next);
                if (!DelimitedFields.IsBlank(line.EndsWith((byte)'\r') ? line[..^1] : line)) rows++;
                end += next + 1;
            }
            if (rows == block.Capacity) break;
            if (_endOfStream)
            {
                if (end < length) lines++; // the last line, without a line break
                end = length;
                break;
            }
            if (length == text.Length) Array.Resize(ref text, 2 * text.Length);
            int read = _stream.Read(text, length, text.Length - length);
            if (read == 0) _endOfStream = true;
            else length += read;
        }
        _carried = length - end;
        if (_carry.Length < _carried) _carry = new byte[Math.Max(_carried, 2 * _carry.Length)];
        text.AsSpan(end, _carried).CopyTo(_carry);
        (block.Text, block.TextLength, block.FirstLine, block.Position) = (text, end, _nextLine, _nextPosition);
        _nextLine += lines;
        _nextPosition += end;
        return end > 0;
    }

    /// <summary>After the last block is checked: the file must have rows.</summary>
    /// <exception cref="ClvDataException">The file has a header but no rows.</exception>
    public void Finish()
    {
        if (_rows == 0 && _checkRepeats) throw new ClvDataException("The summary file has a header but no rows.", Layout.Source);
    }

    /// <summary>
    /// Checks a parsed block after every block before it, in file order: the first repeated customer, or else the first
    /// error of its rows, is thrown; otherwise the block's rows are counted.
    /// </summary>
    /// <remarks>May run while the next block is taken when the input is a file (see <see cref="SeenBefore"/>); for any other stream, not.</remarks>
    /// <exception cref="ClvDataException">The block's first error.</exception>
    public void Check(SummaryBlock block)
    {
        ArgumentNullException.ThrowIfNull(block);
        block.FirstRow = _rows;
        if (_checkRepeats && FirstRepeat(block) is (int row, long firstLine))
            throw RfmSummaryCsv.RepeatedCustomer(Layout, block.Lines[row], firstLine, block.Ids[row]);
        if (block.Error is { } error) throw error;
        _rows += block.Count;
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
        // A file is read again at offsets of its own (pread), which leaves it as it is for a block being taken at the
        // same time; any other stream is moved back to where it was.
        long? resume = _stream is FileStream ? null : _stream.Position;
        var prefix = new SummaryBlockReader(new StretchSource(_stream).Range(_dataStart, end), Layout, _firstDataLine);
        var block = new SummaryBlock(RowsPerRereadBlock);
        while (prefix.Read(block))
        {
            seen.AddLines(block);
            for (int i = 0; i < block.Count; i++) seen.Add(block.Ids.Utf8At(i));
        }
        if (resume is long position) _stream.Position = position;
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
                var (bytewise, shorterFirst) = Utf8IdColumn.Follows(_previous.AsSpan(0, _length), id);
                _bytewise &= bytewise;
                _shorterFirst &= shorterFirst;
                if (!_bytewise && !_shorterFirst) return false;
            }
            if (id.Length > _previous.Length) _previous = new byte[Math.Max(id.Length, 2 * _previous.Length)];
            id.CopyTo(_previous);
            _length = id.Length;
            return true;
        }
    }
}
