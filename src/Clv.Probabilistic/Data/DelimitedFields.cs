using System.Text;
using System.Runtime.CompilerServices;

namespace Clv.Probabilistic.Data;

/// <summary>
/// Splits one line of delimited text (UTF-8 bytes) into fields without allocating.
/// </summary>
/// <remarks>
/// With a delimiter, fields are trimmed of surrounding blanks and may be enclosed in double quotes, with <c>""</c>
/// standing for a quote inside (RFC 4180, except that a quoted field cannot span lines). Without a delimiter
/// (<c>0</c>), fields are separated by runs of spaces and tabs and quotes have no special meaning.
/// </remarks>
internal static class DelimitedFields
{
    /// <summary>Delimiter value meaning "runs of whitespace".</summary>
    public const byte Whitespace = 0;

    /// <summary>
    /// Fills <paramref name="fields"/> with the first fields of <paramref name="line"/> (quoted fields keep their
    /// quotes; see <see cref="Text"/>) and returns how many were filled, or -1 if a quote is not closed properly.
    /// </summary>
    public static int Split(ReadOnlySpan<byte> line, byte delimiter, Span<Range> fields)
    {
        return delimiter == Whitespace ? SplitWhitespace(line, fields) : SplitDelimited(line, delimiter, fields);
    }

    /// <summary>True when the line holds nothing but blanks.</summary>
    public static bool IsBlank(ReadOnlySpan<byte> line) => line.IndexOfAnyExcept((byte)' ', (byte)'\t') < 0;

    /// <summary>The field's content: blanks trimmed, enclosing quotes removed (escaped quotes are still doubled).</summary>
    public static ReadOnlySpan<byte> Text(ReadOnlySpan<byte> field)
    {
        return field.Length >= 2 && field[0] == (byte)'"' ? field[1..^1] : field;
    }

    /// <summary>Decodes a field into a string, undoubling escaped quotes.</summary>
    public static string Decode(ReadOnlySpan<byte> field)
    {
        bool quoted = field.Length >= 2 && field[0] == (byte)'"';
        string text = Encoding.UTF8.GetString(Text(field));
        return quoted && text.Contains("\"\"", StringComparison.Ordinal) ? text.Replace("\"\"", "\"", StringComparison.Ordinal) : text;
    }

    private static bool IsBlankByte(byte b) => b == (byte)' ' || b == (byte)'\t';

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int SplitWhitespace(ReadOnlySpan<byte> line, Span<Range> fields)
    {
        int count = 0, i = 0;
        while (count < fields.Length)
        {
            while (i < line.Length && IsBlankByte(line[i])) i++;
            if (i == line.Length) break;
            int start = i;
            while (i < line.Length && !IsBlankByte(line[i])) i++;
            fields[count++] = new Range(start, i);
        }
        return count;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int SplitDelimited(ReadOnlySpan<byte> line, byte delimiter, Span<Range> fields)
    {
        int count = 0, i = 0;
        while (count < fields.Length)
        {
            while (i < line.Length && line[i] != delimiter && IsBlankByte(line[i])) i++;
            int start = i, end;
            if (i < line.Length && line[i] == (byte)'"')
            {
                i++;
                while (true)
                {
                    int quote = line[i..].IndexOf((byte)'"');
                    if (quote < 0) return -1;
                    i += quote + 1;
                    if (i < line.Length && line[i] == (byte)'"') { i++; continue; }
                    break;
                }
                end = i;
                while (i < line.Length && line[i] != delimiter && IsBlankByte(line[i])) i++;
                if (i < line.Length && line[i] != delimiter) return -1;
            }
            else
            {
                int next = line[i..].IndexOf(delimiter);
                i = next < 0 ? line.Length : i + next;
                end = i;
                while (end > start && IsBlankByte(line[end - 1])) end--;
            }
            fields[count++] = new Range(start, end);
            if (i == line.Length) break;
            i++; // past the delimiter
        }
        return count;
    }
}
