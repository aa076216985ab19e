using System.Globalization;
using System.Text;

namespace Clv.Probabilistic.Data;

/// <summary>Reads and writes summaries as comma-separated text with a header.</summary>
/// <remarks>
/// Written columns: <c>customer_id,frequency,recency,T,monetary_value</c>, then <c>weight</c> when some row stands for
/// more than one customer, then <c>frequency_holdout,monetary_value_holdout,duration_holdout</c> for a calibration/holdout
/// summary. Numbers are written in the invariant culture with the shortest text that reads back to the same double.
/// The reader finds columns by name (case is ignored when there is no exact match) and also accepts the headers of the
/// published CDNOW summaries, <c>ID,frequency,recency,T</c> and <c>ID,x,t_x,T,zbar</c>; the monetary value and weight
/// columns are optional (0 and 1 when absent). The file carries no time unit: the caller says which it is.
/// </remarks>
public static class RfmSummaryCsv
{
    private static readonly string[] IdNames = ["customer_id", "ID"];
    private static readonly string[] FrequencyNames = ["frequency", "x"];
    private static readonly string[] RecencyNames = ["recency", "t_x"];
    private static readonly string[] TNames = ["T"];
    private static readonly string[] MonetaryNames = ["monetary_value", "zbar"];
    private static readonly string[] WeightNames = ["weight"];
    private static readonly string[] FrequencyHoldoutNames = ["frequency_holdout"];
    private static readonly string[] MonetaryHoldoutNames = ["monetary_value_holdout"];
    private static readonly string[] DurationHoldoutNames = ["duration_holdout"];

    /// <summary>Reads a summary file; holdout columns, if any, are ignored.</summary>
    /// <exception cref="ClvDataException">The file is empty, lacks a column, has an unreadable number, a duplicate customer or an invalid row (file, line and customer are named).</exception>
    public static RfmSummary Read(string path, TimeUnit timeUnit)
    {
        using var stream = OpenRead(path);
        return Read(stream, timeUnit, path);
    }

    /// <summary>Reads a summary from a stream of UTF-8 text.</summary>
    /// <exception cref="ClvDataException">See <see cref="Read(string, TimeUnit)"/>.</exception>
    public static RfmSummary Read(Stream stream, TimeUnit timeUnit, string? sourceName = null) =>
        ReadCore(stream, timeUnit, sourceName, holdout: false).Summary;

    /// <summary>Reads a calibration/holdout summary file (the three holdout columns are required).</summary>
    /// <exception cref="ClvDataException">See <see cref="Read(string, TimeUnit)"/>; also when a holdout column is missing or invalid.</exception>
    public static CalibrationHoldoutSummary ReadCalibrationHoldout(string path, TimeUnit timeUnit)
    {
        using var stream = OpenRead(path);
        return ReadCalibrationHoldout(stream, timeUnit, path);
    }

    /// <summary>Reads a calibration/holdout summary from a stream of UTF-8 text.</summary>
    /// <exception cref="ClvDataException">See <see cref="ReadCalibrationHoldout(string, TimeUnit)"/>.</exception>
    public static CalibrationHoldoutSummary ReadCalibrationHoldout(Stream stream, TimeUnit timeUnit, string? sourceName = null)
    {
        var (summary, holdout) = ReadCore(stream, timeUnit, sourceName, holdout: true);
        return new CalibrationHoldoutSummary(summary, holdout[0], holdout[1], holdout[2]);
    }

    /// <summary>Writes a summary file (UTF-8, no byte-order mark, <c>\n</c> line ends).</summary>
    public static void Write(RfmSummary summary, string path)
    {
        using var writer = CreateWriter(path);
        Write(summary, writer);
    }

    /// <summary>Writes a summary as CSV text.</summary>
    public static void Write(RfmSummary summary, TextWriter writer) => WriteCore(summary, null, writer);

    /// <summary>Writes a calibration/holdout summary file (UTF-8, no byte-order mark, <c>\n</c> line ends).</summary>
    public static void Write(CalibrationHoldoutSummary summary, string path)
    {
        using var writer = CreateWriter(path);
        Write(summary, writer);
    }

    /// <summary>Writes a calibration/holdout summary as CSV text.</summary>
    public static void Write(CalibrationHoldoutSummary summary, TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(summary);
        WriteCore(summary.Calibration, summary, writer);
    }

    private static FileStream OpenRead(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
    }

    private static StreamWriter CreateWriter(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return new StreamWriter(path, append: false, new UTF8Encoding(false), 1 << 16);
    }

    private static (RfmSummary Summary, double[][] Holdout) ReadCore(Stream stream, TimeUnit timeUnit, string? source, bool holdout)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (!(timeUnit.DaysPerUnit > 0)) throw new ArgumentException("A time unit is required.", nameof(timeUnit));
        long linesInStream = stream.CanSeek ? Utf8LineReader.CountLinesAhead(stream) : 0;
        var lines = new Utf8LineReader(stream);
        string[] names = TransactionLogReader.ReadHeader(lines, (byte)',', source)
            ?? throw new ClvDataException("The summary file is empty.", source);
        int capacity = (int)Math.Clamp(linesInStream - lines.LineNumber, 1 << 4, 1 << 28);
        int id = Find(names, IdNames, source, required: true);
        int[] numeric =
        [
            Find(names, FrequencyNames, source, required: true),
            Find(names, RecencyNames, source, required: true),
            Find(names, TNames, source, required: true),
            Find(names, MonetaryNames, source, required: false),
            Find(names, WeightNames, source, required: false),
            Find(names, FrequencyHoldoutNames, source, required: holdout),
            Find(names, MonetaryHoldoutNames, source, required: holdout),
            Find(names, DurationHoldoutNames, source, required: holdout),
        ];
        double[] defaults = [0, 0, 0, 0, 1, 0, 0, 0];
        int columnCount = holdout ? numeric.Length : 5;
        int fieldsNeeded = Math.Max(id, numeric.AsSpan(0, columnCount).ToArray().Max()) + 1;

        var ids = new Utf8IdColumn(capacity);
        var lineOfRow = new RowLines();
        var columns = new double[columnCount][];
        for (int k = 0; k < columnCount; k++) columns[k] = new double[capacity];
        var fields = new Range[fieldsNeeded];
        Span<double> values = stackalloc double[columnCount];
        // Repeated ids are looked for at the end, and before reporting an error in a row, so that the error reported
        // is the first in file order (a repeated id counts as an error of its row, before the row's numbers).
        ClvDataException? RepeatAmong(int rows)
        {
            if (ids.FirstRepeat(rows) is not (int row, int earlier)) return null;
            return new ClvDataException(string.Create(CultureInfo.InvariantCulture, $"The customer appears more than once (first on line {lineOfRow[earlier]})."),
                source, lineOfRow[row], names[id], ids[row]);
        }
        while (lines.TryReadLine(out var line))
        {
            if (DelimitedFields.IsBlank(line)) continue;
            long lineNumber = lines.LineNumber;
            int row = ids.Count;
            int found = DelimitedFields.Split(line, (byte)',', fields);
            if (found < 0) throw RepeatAmong(row) ?? new ClvDataException("A quoted field is not closed properly.", source, lineNumber);
            if (found < fieldsNeeded)
                throw RepeatAmong(row) ?? new ClvDataException(string.Create(CultureInfo.InvariantCulture, $"The line has {found} fields; column '{names[found]}' is missing."),
                    source, lineNumber, names[found]);
            var customer = line[fields[id]];
            if (DelimitedFields.Text(customer).IsEmpty)
                throw RepeatAmong(row) ?? new ClvDataException("The customer id is empty.", source, lineNumber, names[id]);
            if (customer[0] == (byte)'"') ids.Add(Encoding.UTF8.GetBytes(DelimitedFields.Decode(customer)));
            else ids.Add(customer);
            lineOfRow.Add(row, lineNumber);
            for (int k = 0; k < columnCount; k++)
            {
                if (numeric[k] < 0) { values[k] = defaults[k]; continue; }
                var text = DelimitedFields.Text(line[fields[numeric[k]]]);
                if (!Utf8Number.TryParse(text, out values[k]))
                    throw RepeatAmong(row + 1) ?? new ClvDataException($"Cannot read '{Encoding.UTF8.GetString(text)}' as a number (invariant culture).",
                        source, lineNumber, names[numeric[k]], ids[row]);
            }
            string? problem = RfmSummary.CheckRow(values[0], values[1], values[2], values[3], values[4])
                ?? (holdout ? CalibrationHoldoutSummary.CheckRow(values[5], values[6], values[7]) : null);
            if (problem is not null) throw RepeatAmong(row + 1) ?? new ClvDataException(problem, source, lineNumber, customerId: ids[row]);
            if (row == columns[0].Length)
                for (int k = 0; k < columnCount; k++) Array.Resize(ref columns[k], Math.Max(2 * row, 16));
            for (int k = 0; k < columnCount; k++) columns[k][row] = values[k];
        }
        int n = ids.Count;
        if (n == 0) throw new ClvDataException("The summary file has a header but no rows.", source);
        if (RepeatAmong(n) is { } repeat) throw repeat;
        for (int k = 0; k < columnCount; k++)
            if (columns[k].Length != n) Array.Resize(ref columns[k], n);
        var summary = new RfmSummary(ids, columns[0], columns[1], columns[2], columns[3], columns[4], timeUnit);
        return (summary, columns[5..]);
    }

    /// <summary>The line number of each row, stored as the rows where the count of skipped (blank) lines changes.</summary>
    private sealed class RowLines
    {
        private readonly List<(int Row, long Line)> _starts = [];

        public void Add(int row, long line)
        {
            if (_starts.Count == 0 || _starts[^1].Line + (row - _starts[^1].Row) != line) _starts.Add((row, line));
        }

        public long this[int row]
        {
            get
            {
                int k = _starts.Count - 1;
                while (_starts[k].Row > row) k--;
                return _starts[k].Line + (row - _starts[k].Row);
            }
        }
    }

    private static int Find(string[] names, string[] accepted, string? source, bool required)
    {
        foreach (var name in accepted)
        {
            int index = Array.IndexOf(names, name);
            if (index >= 0) return index;
        }
        foreach (var name in accepted)
        {
            int index = Array.FindIndex(names, n => string.Equals(n, name, StringComparison.OrdinalIgnoreCase));
            if (index >= 0) return index;
        }
        if (!required) return -1;
        throw new ClvDataException($"Column '{string.Join("' or '", accepted)}' is missing; the columns are: {string.Join(", ", names)}.",
            source, 1, accepted[0]);
    }

    private static void WriteCore(RfmSummary summary, CalibrationHoldoutSummary? holdout, TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(summary);
        ArgumentNullException.ThrowIfNull(writer);
        bool weighted = false;
        foreach (double w in summary.Weights) weighted |= w != 1.0;
        writer.Write("customer_id,frequency,recency,T,monetary_value");
        if (weighted) writer.Write(",weight");
        if (holdout is not null) writer.Write(",frequency_holdout,monetary_value_holdout,duration_holdout");
        writer.Write('\n');
        Span<char> buffer = stackalloc char[64];
        for (int i = 0; i < summary.Count; i++)
        {
            WriteId(writer, summary.CustomerIds[i]);
            WriteNumber(writer, summary.Frequency[i], buffer);
            WriteNumber(writer, summary.Recency[i], buffer);
            WriteNumber(writer, summary.T[i], buffer);
            WriteNumber(writer, summary.MonetaryValue[i], buffer);
            if (weighted) WriteNumber(writer, summary.Weights[i], buffer);
            if (holdout is not null)
            {
                WriteNumber(writer, holdout.FrequencyHoldout[i], buffer);
                WriteNumber(writer, holdout.MonetaryValueHoldout[i], buffer);
                WriteNumber(writer, holdout.DurationHoldout[i], buffer);
            }
            writer.Write('\n');
        }
    }

    private static void WriteNumber(TextWriter writer, double value, Span<char> buffer)
    {
        writer.Write(',');
        value.TryFormat(buffer, out int written, "R", CultureInfo.InvariantCulture);
        writer.Write(buffer[..written]);
    }

    private static void WriteId(TextWriter writer, string id)
    {
        bool quote = id.AsSpan().IndexOfAny(",\"\r\n") >= 0 || id.Length == 0 || char.IsWhiteSpace(id[0]) || char.IsWhiteSpace(id[^1]);
        if (!quote)
        {
            writer.Write(id);
            return;
        }
        writer.Write('"');
        writer.Write(id.Replace("\"", "\"\"", StringComparison.Ordinal));
        writer.Write('"');
    }
}
