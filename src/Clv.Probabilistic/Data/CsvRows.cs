using System.Runtime.ExceptionServices;
using System.Runtime.CompilerServices;

namespace Clv.Probabilistic.Data;

/// <summary>
/// Writes the rows of a CSV file formatted on every processor: the rows are formatted in blocks, one block per
/// processor at a time, into reusable character buffers, and the blocks are written in row order, so the text is the
/// same as formatting the rows one after another. Formatting numbers in their shortest round-trip form is most of the
/// work of writing a summary or predictions, and it has no order.
/// </summary>
internal static class CsvRows
{
    /// <summary>Rows formatted together by one processor.</summary>
    internal const int RowsPerBlock = 8192;

    /// <summary>Writes rows 0 to <paramref name="rows"/> − 1, each formatted by <paramref name="formatRow"/> (which must end it with <see cref="CsvLine.NewLine"/>).</summary>
    /// <param name="writer">Where the text goes.</param>
    /// <param name="rows">How many rows.</param>
    /// <param name="formatRow">Appends one row to the block; called on several threads at once for different rows.</param>
    /// <param name="workers">Blocks formatted at once (default: the processors, at most 8).</param>
    public static void Write(TextWriter writer, int rows, Action<CsvLine, int> formatRow, int? workers = null)
    {
        int count = Math.Clamp(workers ?? Environment.ProcessorCount, 1, 8);
        if (count == 1 || rows <= RowsPerBlock) count = 1;
        var blocks = new CsvLine[count];
        for (int k = 0; k < count; k++) blocks[k] = new CsvLine();
        for (int start = 0; start < rows; start += count * RowsPerBlock)
        {
            void Format(int k)
            {
                var block = blocks[k];
                block.Clear();
                int from = start + k * RowsPerBlock, to = Math.Min(rows, from + RowsPerBlock);
                for (int row = from; row < to; row++) formatRow(block, row);
            }
            if (count == 1)
            {
                Format(0);
            }
            else
            {
                try
                {
                    Parallel.For(0, count, Format);
                }
                catch (AggregateException e) when (e.InnerExceptions.Count > 0)
                {
                    ExceptionDispatchInfo.Throw(e.InnerExceptions[0]);
                }
            }
            foreach (var block in blocks) writer.Write(block.Chars);
        }
    }
}

/// <summary>A block of CSV text being built: fields, numbers in the invariant culture's shortest round-trip form, line ends.</summary>
internal sealed class CsvLine
{
    private const int LongestNumber = 32;

    private char[] _chars = new char[1 << 16];
    private RepeatedNumbers? _repeated;

    /// <summary>Characters written so far.</summary>
    public int Length { get; private set; }

    /// <summary>The text so far.</summary>
    public ReadOnlySpan<char> Chars => _chars.AsSpan(0, Length);

    /// <summary>Empties the block.</summary>
    public void Clear() => Length = 0;

    /// <summary>Appends text as it is.</summary>
    public void Text(ReadOnlySpan<char> text)
    {
        text.CopyTo(Free(text.Length));
        Length += text.Length;
    }

    /// <summary>Appends one character.</summary>
    public void Char(char c)
    {
        Free(1)[0] = c;
        Length++;
    }

    /// <summary>Ends the row.</summary>
    public void NewLine() => Char('\n');

    /// <summary>
    /// Appends a comma and <paramref name="value"/> as <c>value.ToString("R", CultureInfo.InvariantCulture)</c> writes
    /// it (the shortest text that reads back to the same double), by <see cref="ShortestDouble"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Number(double value)
    {
        int room = LongestNumber + 1, written;
        while (!ShortestDouble.TryFormat(value, Free(room)[1..], out written)) room *= 2;
        _chars[Length] = ',';
        Length += written + 1;
    }

    /// <summary>
    /// Appends a comma and <paramref name="value"/> as <see cref="Number"/> does, for a column whose values repeat: the
    /// text of recent values is remembered and copied (see <see cref="RepeatedNumbers"/>).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void RepeatedNumber(double value)
    {
        _repeated ??= new RepeatedNumbers();
        int room = LongestNumber + 1, written;
        while (!_repeated.TryFormat(value, Free(room)[1..], out written)) room *= 2;
        _chars[Length] = ',';
        Length += written + 1;
    }

    /// <summary>
    /// Appends an id field, quoted (with quotes doubled) when it holds a comma, quote or line break, is empty, or starts
    /// or ends with white space.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Id(ReadOnlySpan<char> id)
    {
        bool quote = id.IndexOfAny(",\"\r\n") >= 0 || id.Length == 0 || char.IsWhiteSpace(id[0]) || char.IsWhiteSpace(id[^1]);
        if (!quote)
        {
            Text(id);
            return;
        }
        Char('"');
        foreach (char c in id)
        {
            if (c == '"') Char('"');
            Char(c);
        }
        Char('"');
    }

    /// <summary>Appends the id of a summary's row (decoded straight from its UTF-8 bytes when it was read from a file).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Id(RfmSummary summary, int row)
    {
        if (!summary.TryGetUtf8Id(row, out var utf8))
        {
            Id(summary.CustomerIds[row]);
            return;
        }
        Span<char> chars = utf8.Length <= 256 ? stackalloc char[utf8.Length] : new char[utf8.Length];
        int length = System.Text.Encoding.UTF8.GetChars(utf8, chars);
        Id(chars[..length]);
    }

    private Span<char> Free(int atLeast)
    {
        if (_chars.Length - Length < atLeast) Array.Resize(ref _chars, Math.Max(2 * _chars.Length, Length + atLeast));
        return _chars.AsSpan(Length);
    }
}
