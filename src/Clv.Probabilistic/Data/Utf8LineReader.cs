using System.Runtime.CompilerServices;

namespace Clv.Probabilistic.Data;

/// <summary>
/// Reads a UTF-8 stream line by line into a reusable byte buffer, so a file of any size is read in constant memory
/// (plus the longest line). Lines end with <c>\n</c> or <c>\r\n</c>; a leading byte-order mark is skipped.
/// </summary>
internal sealed class Utf8LineReader
{
    private readonly Stream _stream;
    private byte[] _buffer;
    private int _start;
    private int _end;
    private bool _endOfStream;
    private long _discarded;

    /// <summary>Reads <paramref name="stream"/>, numbering its first line <paramref name="firstLineNumber"/>.</summary>
    public Utf8LineReader(Stream stream, int bufferSize = 1 << 20, long firstLineNumber = 1)
    {
        _stream = stream;
        // A short seekable input needs no more than its own length (the buffer grows for longer lines anyway).
        if (stream.CanSeek) bufferSize = (int)Math.Min(bufferSize, Math.Max(4096, stream.Length - stream.Position + 1));
        _buffer = new byte[bufferSize];
        LineNumber = firstLineNumber - 1;
    }

    /// <summary>Reads <paramref name="stream"/> through <paramref name="buffer"/> (its content is overwritten; it grows for longer lines), numbering its first line <paramref name="firstLineNumber"/>.</summary>
    public Utf8LineReader(Stream stream, byte[] buffer, long firstLineNumber)
    {
        _stream = stream;
        _buffer = buffer;
        LineNumber = firstLineNumber - 1;
    }

    /// <summary>
    /// Reads the lines of text already in memory, the first <paramref name="length"/> bytes of <paramref name="text"/>
    /// (which is read in place, never written), numbering its first line <paramref name="firstLineNumber"/>.
    /// </summary>
    public Utf8LineReader(byte[] text, int length, long firstLineNumber)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan((uint)length, (uint)text.Length, nameof(length));
        _stream = Stream.Null;
        _buffer = text;
        _end = length;
        _endOfStream = true;
        LineNumber = firstLineNumber - 1;
    }

    /// <summary>Bytes of the stream taken up by the lines returned so far, terminators included.</summary>
    public long Position => _discarded + _start;

    /// <summary>The bytes read from the stream and not yet returned as lines (for a caller that goes on reading the stream itself).</summary>
    public ReadOnlySpan<byte> Pending => _buffer.AsSpan(_start, _end - _start);

    /// <summary>Whether the stream has been read to its end.</summary>
    public bool EndOfStream => _endOfStream;

    /// <summary>1-based number of the line last returned.</summary>
    public long LineNumber { get; private set; }

    /// <summary>
    /// False when the line last returned is the last of the stream and has no line break after it: a file cut short
    /// ends so, though a complete file written without a final line break does too.
    /// </summary>
    public bool LineTerminated { get; private set; } = true;

    /// <summary>Returns the next line without its terminator; false at the end of the stream.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool TryReadLine(out ReadOnlySpan<byte> line)
    {
        int searchFrom = 0;
        while (true)
        {
            var pending = _buffer.AsSpan(_start + searchFrom, _end - _start - searchFrom);
            int newline = pending.IndexOf((byte)'\n');
            if (newline >= 0)
            {
                int length = searchFrom + newline;
                line = Finish(_buffer.AsSpan(_start, length));
                _start += length + 1;
                LineTerminated = true;
                return true;
            }
            if (_endOfStream)
            {
                if (_start < _end)
                {
                    line = Finish(_buffer.AsSpan(_start, _end - _start));
                    _start = _end;
                    LineTerminated = false;
                    return true;
                }
                line = default;
                return false;
            }
            searchFrom = _end - _start;
            Fill();
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private ReadOnlySpan<byte> Finish(ReadOnlySpan<byte> line)
    {
        LineNumber++;
        if (line.Length > 0 && line[^1] == (byte)'\r') line = line[..^1];
        if (LineNumber == 1 && line.StartsWith("\uFEFF"u8)) line = line[3..];
        return line;
    }

    private void Fill()
    {
        int pending = _end - _start;
        if (_start > 0)
        {
            _discarded += _start;
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, pending);
            _start = 0;
            _end = pending;
        }
        if (_end == _buffer.Length) Array.Resize(ref _buffer, _buffer.Length * 2);
        int read = _stream.Read(_buffer, _end, _buffer.Length - _end);
        if (read == 0) _endOfStream = true;
        else _end += read;
    }
}
