using System.Runtime.CompilerServices;

namespace Clv.Probabilistic.Data;

/// <summary>Lines of UTF-8 text, one at a time, with their numbers (<see cref="Utf8LineReader"/>, <see cref="Utf8TextLines"/>).</summary>
internal interface IUtf8Lines
{
    /// <summary>1-based number of the line last returned.</summary>
    long LineNumber { get; }

    /// <summary>False when the line last returned ends the input without a line break.</summary>
    bool LineTerminated { get; }

    /// <summary>Where the line last returned starts in the text of the whole input, or -1 when the text is not kept.</summary>
    int LineStart { get; }

    /// <summary>Returns the next line without its terminator; false at the end.</summary>
    bool TryReadLine(out ReadOnlySpan<byte> line);
}

/// <summary>
/// The lines of a stretch of text already in memory, returned in place (no copy), with the same rules as
/// <see cref="Utf8LineReader"/>: lines end with <c>\n</c> or <c>\r\n</c>, and a byte-order mark opening line 1 is skipped.
/// </summary>
internal struct Utf8TextLines : IUtf8Lines
{
    private readonly byte[] _text;
    private readonly int _end;
    private int _position;

    /// <summary>The lines of <paramref name="text"/>[<paramref name="start"/>, <paramref name="end"/>), the first numbered <paramref name="firstLineNumber"/>.</summary>
    public Utf8TextLines(byte[] text, int start, int end, long firstLineNumber)
    {
        _text = text;
        _position = start;
        _end = end;
        LineNumber = firstLineNumber - 1;
        LineTerminated = true;
        LineStart = -1;
    }

    public long LineNumber { get; private set; }

    public bool LineTerminated { get; private set; }

    public int LineStart { get; private set; }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryReadLine(out ReadOnlySpan<byte> line)
    {
        if (_position >= _end)
        {
            line = default;
            return false;
        }
        var rest = _text.AsSpan(_position, _end - _position);
        int newline = rest.IndexOf((byte)'\n');
        int start = _position, length;
        if (newline >= 0)
        {
            length = newline;
            _position += newline + 1;
            LineTerminated = true;
        }
        else
        {
            length = rest.Length;
            _position = _end;
            LineTerminated = false;
        }
        LineNumber++;
        if (length > 0 && _text[start + length - 1] == (byte)'\r') length--;
        if (LineNumber == 1 && _text.AsSpan(start, length).StartsWith("\uFEFF"u8))
        {
            start += 3;
            length -= 3;
        }
        LineStart = start;
        line = _text.AsSpan(start, length);
        return true;
    }
}
