using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;
using System.Text;
using Clv.Probabilistic.Persistence;

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

    /// <summary>
    /// Reads a summary file keeping only the columns of <paramref name="fields"/> (with ids, frequency and weights): every
    /// value is still parsed and checked, so the errors are those of <see cref="Read(string, TimeUnit)"/>.
    /// </summary>
    /// <exception cref="ClvDataException">See <see cref="Read(string, TimeUnit)"/>.</exception>
    internal static RfmSummary Read(string path, TimeUnit timeUnit, SummaryFields fields)
    {
        using var stream = OpenRead(path);
        return ReadCore(stream, timeUnit, path, holdout: false, fields: fields).Summary;
    }

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
        ArgumentNullException.ThrowIfNull(summary);
        AtomicFile.Write(path, stream => WriteCore(summary, null, stream));
    }

    /// <summary>Writes a summary as CSV text.</summary>
    public static void Write(RfmSummary summary, TextWriter writer) => WriteCore(summary, null, writer);

    /// <summary>Writes a calibration/holdout summary file (UTF-8, no byte-order mark, <c>\n</c> line ends).</summary>
    public static void Write(CalibrationHoldoutSummary summary, string path)
    {
        ArgumentNullException.ThrowIfNull(summary);
        AtomicFile.Write(path, stream => WriteCore(summary.Calibration, summary, stream));
    }

    /// <summary>Writes a calibration/holdout summary as CSV text.</summary>
    public static void Write(CalibrationHoldoutSummary summary, TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(summary);
        WriteCore(summary.Calibration, summary, writer);
    }

    internal static FileStream OpenRead(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
    }

    /// <summary>Inputs at least this large are parsed in parallel stretches, one per processor.</summary>
    private const int BytesPerStretch = 4 << 20;

    /// <summary>Each stretch is read through a buffer of this size (or its own length when shorter), used again for each part.</summary>
    private const int StretchBufferBytes = 1 << 18;

    /// <summary>Reads with a given number of parallel stretches (for tests: the answer must not depend on it).</summary>
    internal static RfmSummary Read(Stream stream, TimeUnit timeUnit, string? sourceName, int stretches, SummaryFields fields = SummaryFields.All) =>
        ReadCore(stream, timeUnit, sourceName, holdout: false, stretches, fields).Summary;

    private static (RfmSummary Summary, double[][] Holdout) ReadCore(Stream stream, TimeUnit timeUnit, string? source, bool holdout,
        int? stretches = null, SummaryFields fields = SummaryFields.All)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (!(timeUnit.DaysPerUnit > 0)) throw new ArgumentException("A time unit is required.", nameof(timeUnit));
        if (stream.CanSeek)
        {
            long origin = stream.Position;
            var header = new Utf8LineReader(stream, 1 << 16);
            var fileLayout = ReadLayout(header, source, holdout);
            var read = ReadStretches(new StretchSource(stream), origin + header.Position, stream.Length, header.LineNumber + 1,
                fileLayout, fields, timeUnit, stretches);
            stream.Position = stream.Length;
            return read;
        }
        var lines = new Utf8LineReader(stream);
        var layout = ReadLayout(lines, source, holdout);
        var ids = new Utf8IdColumn(1 << 12);
        var parser = new SummaryRowParser(layout, ids.WriterAt(0, 0), 0, long.MaxValue);
        var columns = new SummaryColumns(layout.ColumnCount, 1 << 12, Stored(layout, fields));
        parser.Parse(lines, columns);
        return Finish([parser], [0], ids, columns, layout, fields, timeUnit);
    }

    /// <summary>
    /// Reads the lines from <paramref name="start"/> to <paramref name="end"/> of a seekable input in stretches of whole
    /// lines, in parallel when it is large, each through a small buffer of its own: first each stretch's lines are
    /// counted (an upper bound on its rows, exact without blank lines), which fixes where its rows go, then each stretch
    /// is parsed into its part of the columns. The file's text is never held whole, and nothing points into it.
    /// </summary>
    private static (RfmSummary Summary, double[][] Holdout) ReadStretches(StretchSource source, long start, long end, long firstLine,
        SummaryLayout layout, SummaryFields fields, TimeUnit timeUnit, int? stretchCount)
    {
        int count = stretchCount ?? (int)Math.Clamp((end - start) / BytesPerStretch, 1, Environment.ProcessorCount);
        var bounds = source.LineBounds(start, end, count);
        var buffers = new byte[count][];
        var lineCounts = new long[count];
        ForEachStretch(count, s =>
        {
            buffers[s] = new byte[(int)Math.Clamp(bounds[s + 1] - bounds[s], 4096, StretchBufferBytes)];
            lineCounts[s] = source.CountLines(bounds[s], bounds[s + 1], buffers[s]);
        });
        long lines = lineCounts.Sum();
        if (lines >= Array.MaxLength) throw new ClvDataException("The summary file has more lines than one summary can hold.", layout.Source);
        var offsets = new int[count + 1];
        for (int s = 0; s < count; s++) offsets[s + 1] = offsets[s] + (int)lineCounts[s];
        var ids = new Utf8IdColumn(offsets[count]);
        var columns = new SummaryColumns(layout.ColumnCount, offsets[count], Stored(layout, fields));
        var parsers = new SummaryRowParser[count];
        for (int s = 0; s < count; s++)
            parsers[s] = new SummaryRowParser(layout, ids.WriterAt(offsets[s], (bounds[s + 1] - bounds[s]) / 4).Reserve(), offsets[s], lineCounts[s]);
        ForEachStretch(count, s =>
        {
            var reader = new Utf8LineReader(source.Range(bounds[s], bounds[s + 1]), buffers[s], firstLine + offsets[s]);
            parsers[s].Parse(reader, columns);
        });
        return Finish(parsers, offsets, ids, columns, layout, fields, timeUnit);
    }

    /// <summary>
    /// Which of the layout's numeric columns are stored: frequency, the fields asked for that the file has, the weight
    /// column if the file has one (else every weight is 1 and none is stored), the holdout columns if read.
    /// </summary>
    internal static int[] Stored(SummaryLayout layout, SummaryFields fields)
    {
        var stored = new List<int> { 0 };
        if ((fields & SummaryFields.Recency) != 0) stored.Add(1);
        if ((fields & SummaryFields.T) != 0) stored.Add(2);
        if ((fields & SummaryFields.MonetaryValue) != 0 && layout.Numeric[3] >= 0) stored.Add(3);
        for (int k = 4; k < layout.ColumnCount; k++)
            if (layout.Numeric[k] >= 0) stored.Add(k);
        return stored.ToArray();
    }

    /// <summary>
    /// Runs <paramref name="body"/> for each stretch, on several threads when there is more than one; an exception (an
    /// input that cannot be read) is thrown as itself, that of the earliest stretch.
    /// </summary>
    private static void ForEachStretch(int count, Action<int> body)
    {
        if (count == 1)
        {
            body(0);
            return;
        }
        var errors = new Exception?[count];
        Parallel.For(0, count, s =>
        {
            try
            {
                body(s);
            }
            catch (Exception e)
            {
                errors[s] = e;
            }
        });
        if (Array.Find(errors, e => e is not null) is { } error) ExceptionDispatchInfo.Throw(error);
    }

    internal static SummaryLayout ReadLayout(Utf8LineReader lines, string? source, bool holdout)
    {
        string[] names = TransactionLogReader.ReadHeader(lines, (byte)',', source)
            ?? throw new ClvDataException("The summary file is empty.", source);
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
        return new SummaryLayout(names, id, numeric, holdout ? numeric.Length : 5, source);
    }

    /// <summary>
    /// Joins the stretches parsed (stretch s wrote its rows from row <paramref name="offsets"/>[s]) and reports the first
    /// error in file order: a repeated id counts as an error of the row where it repeats, found before its numbers.
    /// </summary>
    private static (RfmSummary Summary, double[][] Holdout) Finish(SummaryRowParser[] parsers, int[] offsets, Utf8IdColumn ids,
        SummaryColumns columns, SummaryLayout layout, SummaryFields fields, TimeUnit timeUnit)
    {
        var lines = parsers[0].Lines;
        int rows = parsers[0].Rows;
        ClvDataException? error = parsers[0].Error;
        int rowsBeforeError = parsers[0].RowsBeforeError;
        for (int s = 1; s < parsers.Length && error is null; s++)
        {
            columns.Move(offsets[s], rows, parsers[s].Rows);
            ids.Move(offsets[s], rows, parsers[s].Rows);
            lines.Append(parsers[s].Lines, rows);
            (error, rowsBeforeError) = (parsers[s].Error, rows + parsers[s].RowsBeforeError);
            rows += parsers[s].Rows;
        }
        ids.SetCount(rows);
        if (error is null && rows == 0) throw new ClvDataException("The summary file has a header but no rows.", layout.Source);
        if (ids.FirstRepeat(error is null ? rows : rowsBeforeError) is (int row, int earlier))
            throw RepeatedCustomer(layout, lines[row], lines[earlier], ids[row]);
        if (error is not null) throw error;
        var c = columns.ToArrays(rows);
        var summary = new RfmSummary(ids, c[0]!, c[1], c[2], c[3], c[4], timeUnit, SummaryFields.All & ~fields)
        {
            Source = new SummarySource(layout.Source, lines, layout.Numeric[3] >= 0),
        };
        return (summary, Array.ConvertAll(c[5..], column => column!));
    }

    /// <summary>The error of a customer whose id, first on line <paramref name="firstLine"/>, appears again on line <paramref name="line"/>.</summary>
    internal static ClvDataException RepeatedCustomer(SummaryLayout layout, long line, long firstLine, string customer) =>
        new(string.Create(CultureInfo.InvariantCulture, $"The customer appears more than once (first on line {firstLine})."),
            layout.Source, line, layout.Names[layout.Id], customer);

    internal static int Find(string[] names, string[] accepted, string? source, bool required)
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
        var (header, formatRow) = Table(summary, holdout);
        CsvRows.Write(writer, header, summary.Count, formatRow);
    }

    private static void WriteCore(RfmSummary summary, CalibrationHoldoutSummary? holdout, Stream stream)
    {
        var (header, formatRow) = Table(summary, holdout);
        CsvRows.Write(stream, header, summary.Count, formatRow);
    }

    private static (string Header, Action<CsvLine, int> FormatRow) Table(RfmSummary summary, CalibrationHoldoutSummary? holdout)
    {
        bool weighted = false;
        foreach (double w in summary.Weights) weighted |= w != 1.0;
        string header = "customer_id,frequency,recency,T,monetary_value" + (weighted ? ",weight" : "")
            + (holdout is null ? "" : ",frequency_holdout,monetary_value_holdout,duration_holdout") + "\n";
        return (header, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (line, i) =>
        {
            line.Id(summary, i);
            line.RepeatedNumber(summary.Frequency[i]);
            line.RepeatedNumber(summary.Recency[i]);
            line.RepeatedNumber(summary.T[i]);
            line.Number(summary.MonetaryValue[i]);
            if (weighted) line.RepeatedNumber(summary.Weights[i]);
            if (holdout is not null)
            {
                line.RepeatedNumber(holdout.FrequencyHoldout[i]);
                line.Number(holdout.MonetaryValueHoldout[i]);
                line.RepeatedNumber(holdout.DurationHoldout[i]);
            }
            line.NewLine();
        });
    }

    internal static void WriteId(TextWriter writer, string id)
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
