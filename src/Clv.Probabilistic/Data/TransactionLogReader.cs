using System.Globalization;
using System.Text;

namespace Clv.Probabilistic.Data;

/// <summary>Reads a delimited text file of transactions (one per line) into a <see cref="TransactionLog"/>.</summary>
/// <remarks>
/// The file is streamed through a fixed buffer and parsed from UTF-8 bytes; customer ids are interned as they are read,
/// so memory grows with the number of rows (about 16 bytes each) and of distinct customers, not with the file's size.
/// Columns other than the customer, date and amount columns are skipped.
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
    public static TransactionLog Read(Stream stream, TransactionLogReaderOptions? options = null, string? sourceName = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        options ??= TransactionLogReaderOptions.Default;
        byte delimiter = DelimiterByte(options.Delimiter);
        var dates = new DateFieldParser(options.DateFormat);
        int capacity = RowsAhead(stream);
        var lines = new Utf8LineReader(stream);

        string[] names = ReadColumnNames(lines, options, delimiter, sourceName);
        int customerField = FindColumn(names, options.CustomerColumn, sourceName);
        int dateField = FindColumn(names, options.DateColumn, sourceName);
        int amountField = options.AmountColumn is null ? -1 : FindColumn(names, options.AmountColumn, sourceName);
        int fieldsNeeded = Math.Max(customerField, Math.Max(dateField, amountField)) + 1;

        var interner = new Utf8IdInterner();
        var columns = new Columns(capacity);
        Span<Range> fields = stackalloc Range[fieldsNeeded];
        while (lines.TryReadLine(out var line))
        {
            if (DelimitedFields.IsBlank(line)) continue;
            int found = DelimitedFields.Split(line, delimiter, fields);
            if (found < 0) throw new ClvDataException("A quoted field is not closed properly.", sourceName, lines.LineNumber);
            if (found < fieldsNeeded)
                throw new ClvDataException(string.Create(CultureInfo.InvariantCulture,
                    $"The line has {found} fields; column '{names[found]}' (field {found + 1}) is missing."),
                    sourceName, lines.LineNumber, names[found]);

            int customer = InternCustomer(interner, line[fields[customerField]], options, sourceName, lines.LineNumber);
            var dateText = DelimitedFields.Text(line[fields[dateField]]);
            if (!dates.TryParse(dateText, out int day))
                throw new ClvDataException($"Cannot read '{Encoding.UTF8.GetString(dateText)}' as {dates.Description}.",
                    sourceName, lines.LineNumber, options.DateColumn, interner.IdAt(customer));
            double amount = 0;
            if (amountField >= 0)
            {
                var amountText = DelimitedFields.Text(line[fields[amountField]]);
                if (!Utf8Number.TryParse(amountText, out amount))
                    throw new ClvDataException($"Cannot read '{Encoding.UTF8.GetString(amountText)}' as a number (invariant culture).",
                        sourceName, lines.LineNumber, options.AmountColumn, interner.IdAt(customer));
                string? problem = TransactionLog.CheckAmount(amount, options.AllowNegativeAmounts);
                if (problem is not null)
                    throw new ClvDataException(problem, sourceName, lines.LineNumber, options.AmountColumn, interner.IdAt(customer));
            }
            columns.Add(customer, day, amount);
        }
        if (columns.Count == 0) throw new ClvDataException("The transaction log contains no transactions.", sourceName);
        return columns.ToLog(interner.ToArray(), sourceName);
    }

    /// <summary>
    /// Room for the rows of a seekable stream: its lines from where it stands, counted in one pass
    /// through a small buffer (the stream is put back where it was). Growing the columns by doubling instead would
    /// allocate, fill and copy about twice the final columns, and touching fresh memory is much of the time of reading
    /// a large log. Other streams start small and grow.
    /// </summary>
    private static int RowsAhead(Stream stream)
    {
        const int Small = 1 << 10;
        if (!stream.CanSeek) return Small;
        long position = stream.Position;
        long lines = 1;
        var buffer = new byte[1 << 16];
        int read;
        while ((read = stream.Read(buffer)) > 0) lines += buffer.AsSpan(0, read).Count((byte)'\n');
        stream.Position = position;
        return lines > 1 << 28 ? Small : (int)Math.Max(lines, Small);
    }

    private static int InternCustomer(Utf8IdInterner interner, ReadOnlySpan<byte> field,
        TransactionLogReaderOptions options, string? sourceName, long lineNumber)
    {
        var text = DelimitedFields.Text(field);
        if (text.IsEmpty) throw new ClvDataException("The customer id is empty.", sourceName, lineNumber, options.CustomerColumn);
        if (text.Length != field.Length && text.IndexOf("\"\""u8) >= 0) return interner.Intern(DelimitedFields.Decode(field));
        int index = interner.Intern(text);
        if (index < 0) throw new ClvDataException("The customer id is not valid UTF-8 text.", sourceName, lineNumber, options.CustomerColumn);
        return index;
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

    /// <summary>Growable parallel columns.</summary>
    private sealed class Columns(int capacity)
    {
        private int[] _customer = new int[capacity];
        private int[] _day = new int[capacity];
        private double[] _amount = new double[capacity];

        public int Count { get; private set; }

        public void Add(int customer, int day, double amount)
        {
            if (Count == _customer.Length)
            {
                int grown = checked(_customer.Length * 2);
                Array.Resize(ref _customer, grown);
                Array.Resize(ref _day, grown);
                Array.Resize(ref _amount, grown);
            }
            _customer[Count] = customer;
            _day[Count] = day;
            _amount[Count] = amount;
            Count++;
        }

        public TransactionLog ToLog(string[] customerIds, string? sourceName) =>
            new(customerIds, _customer, _day, _amount, Count) { SourceName = sourceName };
    }
}
