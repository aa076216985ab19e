using System.Globalization;
using System.Runtime.ExceptionServices;

namespace Clv.Probabilistic.Data;

/// <summary>Reads a delimited text file of transactions (one per line) into a <see cref="TransactionLog"/>.</summary>
/// <remarks>
/// The file is streamed through a fixed buffer and parsed from UTF-8 bytes; customer ids are interned as they are read,
/// so memory grows with the number of rows (about 16 bytes each) and of distinct customers, not with the file's size.
/// Columns other than the customer, date and amount columns are skipped. A file (or other seekable stream) of several
/// megabytes is read in stretches of lines on every processor, giving the same log, and the same first error, as one pass.
/// </remarks>
public static class TransactionLogReader
{
    private const int MaxHeaderColumns = 4096;

    /// <summary>Reads a transaction log file.</summary>
    /// <exception cref="ClvDataException">The file is empty, lacks a column, or has an invalid field (the message names file, line, column and customer).</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static TransactionLog Read(string path, TransactionLogReaderOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
        return Read(stream, options, path);
    }

    /// <summary>Reads a transaction log from a stream of UTF-8 text (the stream is read to its end, not closed).</summary>
    /// <param name="stream">The text.</param>
    /// <param name="options">Reader options; <see cref="TransactionLogReaderOptions.Default"/> when null.</param>
    /// <param name="sourceName">Name used in error messages (for example the file name).</param>
    /// <exception cref="ClvDataException">The log is empty, lacks a column, or has an invalid field.</exception>
    public static TransactionLog Read(Stream stream, TransactionLogReaderOptions? options = null, string? sourceName = null) =>
        Read(stream, options, sourceName, stretches: null);

    /// <summary>
    /// Reads with a given number of parallel stretches of lines when the stream can seek (for tests: the log must not
    /// depend on it); by default one stretch per processor for inputs of at least <see cref="BytesPerStretch"/> each.
    /// </summary>
    internal static TransactionLog Read(Stream stream, TransactionLogReaderOptions? options, string? sourceName, int? stretches)
    {
        ArgumentNullException.ThrowIfNull(stream);
        options ??= TransactionLogReaderOptions.Default;
        if (!stream.CanSeek)
        {
            var lines = new Utf8LineReader(stream);
            var layout = ReadLayout(lines, options, sourceName);
            var parser = new TransactionLineParser(layout, options, sourceName, new TransactionColumns(1 << 10));
            parser.Parse(lines, static () => false);
            if (parser.Rows.Count == 0) throw new ClvDataException("The transaction log contains no transactions.", sourceName);
            var spare = parser.Interner.ReleaseTable();
            return parser.Rows.ToLog(parser.Interner.ToArray(), sourceName).WithSpare(spare);
        }
        long origin = stream.Position;
        var header = new Utf8LineReader(stream, 1 << 16);
        var fileLayout = ReadLayout(header, options, sourceName);
        var log = ReadStretches(new StretchSource(stream), origin + header.Position, stream.Length, header.LineNumber + 1,
            fileLayout, options, sourceName, stretches);
        stream.Position = stream.Length;
        return log;
    }

    /// <summary>Inputs at least this large per processor are read in parallel stretches of lines.</summary>
    internal const int BytesPerStretch = 4 << 20;

    /// <summary>
    /// Reads the lines from <paramref name="start"/> to <paramref name="end"/> in stretches, each parsed by its own
    /// parser and interner into its own rows of shared columns (sized by counting each stretch's lines first, so no
    /// column grows or is copied); the stretches' interners are then joined in order, which numbers the customers as one
    /// pass would (in order of first appearance), and the rows of later stretches are renumbered. The first error of
    /// the earliest stretch that has one is the error of one pass.
    /// </summary>
    private static TransactionLog ReadStretches(StretchSource source, long start, long end, long firstLine,
        Layout layout, TransactionLogReaderOptions options, string? sourceName, int? stretchCount)
    {
        int count = stretchCount ?? (int)Math.Clamp((end - start) / BytesPerStretch, 1, Math.Min(Environment.ProcessorCount, 8));
        var bounds = source.LineBounds(start, end, count);
        var lineCounts = new long[count];
        ForEach(count, s => lineCounts[s] = source.CountLines(bounds[s], bounds[s + 1]));
        long lines = lineCounts.Sum();
        if (lines > Array.MaxLength) throw new ClvDataException("The transaction log has more lines than one log can hold.", sourceName);

        var columns = new TransactionColumns((int)Math.Max(lines, 1));
        var parsers = new TransactionLineParser[count];
        var firstLines = new long[count];
        long rowStart = 0;
        for (int s = 0; s < count; s++)
        {
            var interner = new Utf8IdInterner((int)Math.Min(lineCounts[s] / IdsPerLineAhead, 1 << 24));
            parsers[s] = new TransactionLineParser(layout, options, sourceName, columns.Window((int)rowStart, (int)lineCounts[s]), interner);
            firstLines[s] = firstLine + rowStart;
            rowStart += lineCounts[s];
        }
        int failed = int.MaxValue;
        var errors = new Exception?[count];
        ForEach(count, s =>
        {
            try
            {
                var reader = new Utf8LineReader(source.Range(bounds[s], bounds[s + 1]), 1 << 20, firstLines[s]);
                parsers[s].Parse(reader, () => Volatile.Read(ref failed) < s);
            }
            catch (Exception e)
            {
                errors[s] = e;
                int seen;
                while (s < (seen = Volatile.Read(ref failed)) && Interlocked.CompareExchange(ref failed, s, seen) != seen) { }
            }
        });
        if (failed != int.MaxValue) ExceptionDispatchInfo.Throw(errors[failed]!);
        var first = parsers[0];
        var maps = new int[count][];
        for (int s = 1; s < count; s++) maps[s] = first.Interner.InternAll(parsers[s].Interner);
        ForEach(count - 1, k => parsers[k + 1].Rows.Renumber(maps[k + 1]));
        int rows = columns.Join(parsers.Select(p => p.Rows).ToArray());
        if (rows == 0) throw new ClvDataException("The transaction log contains no transactions.", sourceName);
        var spare = first.Interner.ReleaseTable();
        return columns.ToLog(first.Interner.ToArray(), sourceName).WithSpare(spare);
    }

    /// <summary>
    /// Distinct ids are not known ahead: each stretch's table starts with room for one id per this many lines (at most
    /// 8 bytes of table a line, touched only where ids land), and grows if there are more.
    /// </summary>
    private const int IdsPerLineAhead = 8;

    /// <summary>Runs <paramref name="body"/> for 0 … <paramref name="count"/> − 1, on several threads when there is more than one.</summary>
    private static void ForEach(int count, Action<int> body)
    {
        if (count == 1) body(0);
        else if (count > 1) Parallel.For(0, count, body);
    }

    private static Layout ReadLayout(Utf8LineReader lines, TransactionLogReaderOptions options, string? sourceName)
    {
        string[] names = ReadColumnNames(lines, options, DelimiterByte(options.Delimiter), sourceName);
        int customerField = FindColumn(names, options.CustomerColumn, sourceName);
        int dateField = FindColumn(names, options.DateColumn, sourceName);
        int amountField = options.AmountColumn is null ? -1 : FindColumn(names, options.AmountColumn, sourceName);
        return new Layout(names, customerField, dateField, amountField);
    }

    private static string[] ReadColumnNames(Utf8LineReader lines, TransactionLogReaderOptions options, byte delimiter, string? sourceName)
    {
        if (!options.HasHeader)
        {
            if (options.ColumnNames is null || options.ColumnNames.Count == 0)
                throw new ArgumentException("ColumnNames must name the columns of a file without a header.", nameof(options));
            return options.ColumnNames.ToArray();
        }
        return ReadHeader(lines, delimiter, sourceName)
            ?? throw new ClvDataException("The transaction log is empty: no header and no transactions.", sourceName);
    }

    /// <summary>The column names of the first non-blank line, or null if there is none.</summary>
    internal static string[]? ReadHeader(Utf8LineReader lines, byte delimiter, string? sourceName)
    {
        ReadOnlySpan<byte> line;
        do
        {
            if (!lines.TryReadLine(out line)) return null;
        } while (DelimitedFields.IsBlank(line));
        var fields = new Range[MaxHeaderColumns];
        int count = DelimitedFields.Split(line, delimiter, fields);
        if (count < 0) throw new ClvDataException("A quoted column name is not closed properly.", sourceName, lines.LineNumber);
        var names = new string[count];
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < count; i++)
        {
            names[i] = DelimitedFields.Decode(line[fields[i]]);
            if (names[i].Length == 0) continue;
            if (!seen.TryAdd(names[i], i))
                throw new ClvDataException(string.Create(CultureInfo.InvariantCulture,
                    $"The header names column '{names[i]}' twice (fields {seen[names[i]] + 1} and {i + 1}): which one holds the data is ambiguous."),
                    sourceName, lines.LineNumber, names[i]);
        }
        return names;
    }

    /// <summary>Index of the named column (exact match first, then ignoring case).</summary>
    internal static int FindColumn(string[] names, string column, string? sourceName)
    {
        int index = Array.IndexOf(names, column);
        if (index >= 0) return index;
        index = Array.FindIndex(names, name => string.Equals(name, column, StringComparison.OrdinalIgnoreCase));
        if (index >= 0) return index;
        throw new ClvDataException($"Column '{column}' is missing; the columns are: {string.Join(", ", names)}.", sourceName, 1, column);
    }

    /// <summary>The delimiter as one ASCII byte (<see cref="DelimitedFields.Whitespace"/> for null).</summary>
    internal static byte DelimiterByte(char? delimiter)
    {
        if (delimiter is null) return DelimitedFields.Whitespace;
        char c = delimiter.Value;
        if (c == '\0' || c > 127 || c == '"' || c == '\r' || c == '\n')
            throw new ArgumentException($"The delimiter must be a printable ASCII character other than a quote, or a tab; got U+{(int)c:X4}.", nameof(delimiter));
        return (byte)c;
    }
}
