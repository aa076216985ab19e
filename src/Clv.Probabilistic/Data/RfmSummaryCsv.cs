using System.Globalization;
using System.Runtime.CompilerServices;
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

    private static FileStream OpenRead(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
    }

    /// <summary>Inputs at least this large are parsed in parallel stretches, one per processor.</summary>
    private const int BytesPerStretch = 4 << 20;

    /// <summary>Seekable inputs up to this size are read whole (so their lines can be counted and split); larger ones are streamed.</summary>
    private const long MaxBytesInMemory = 1L << 30;

    /// <summary>Reads with a given number of parallel stretches (for tests: the answer must not depend on it).</summary>
    internal static RfmSummary Read(Stream stream, TimeUnit timeUnit, string? sourceName, int stretches) =>
        ReadCore(stream, timeUnit, sourceName, holdout: false, stretches).Summary;

    private static (RfmSummary Summary, double[][] Holdout) ReadCore(Stream stream, TimeUnit timeUnit, string? source, bool holdout, int? stretches = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (!(timeUnit.DaysPerUnit > 0)) throw new ArgumentException("A time unit is required.", nameof(timeUnit));
        if (stream.CanSeek && stream.Length - stream.Position <= MaxBytesInMemory)
        {
            byte[] text = FreshMemory.Array<byte>((int)(stream.Length - stream.Position));
            stream.ReadExactly(text);
            return ReadText(text, timeUnit, source, holdout, stretches);
        }
        var lines = new Utf8LineReader(stream);
        var layout = ReadLayout(lines, source, holdout);
        var ids = new Utf8IdColumn(1 << 12);
        var parser = new SummaryRowParser(layout, ids, 0);
        var columns = new SummaryColumns(layout.ColumnCount, 1 << 12);
        parser.Parse(ref lines, columns);
        return Finish([parser], [0], ids, columns, layout, timeUnit);
    }

    /// <summary>Reads a whole file's text, in parallel stretches of lines when it is large.</summary>
    private static (RfmSummary Summary, double[][] Holdout) ReadText(byte[] text, TimeUnit timeUnit, string? source, bool holdout, int? stretchCount)
    {
        var header = new Utf8LineReader(new MemoryStream(text, writable: false), 1 << 16);
        var layout = ReadLayout(header, source, holdout);
        int start = (int)header.Position;
        int stretches = stretchCount ?? Math.Clamp((text.Length - start) / BytesPerStretch, 1, Environment.ProcessorCount);
        var bounds = new int[stretches + 1];
        bounds[0] = start;
        bounds[stretches] = text.Length;
        for (int s = 1; s < stretches; s++)
        {
            int from = Math.Max(bounds[s - 1], start + (int)((long)(text.Length - start) * s / stretches));
            int newline = text.AsSpan(from).IndexOf((byte)'\n');
            bounds[s] = newline < 0 ? text.Length : from + newline + 1;
        }
        // Each stretch's lines (an upper bound on its rows) fix where its rows go and what its first line is called.
        var (offsets, firstLines) = CountLines(text, bounds, header.LineNumber + 1);
        var ids = new Utf8IdColumn(text, offsets[stretches]);
        var columns = new SummaryColumns(layout.ColumnCount, offsets[stretches]);
        var parsers = new SummaryRowParser[stretches];
        void Parse(int s)
        {
            parsers[s] = new SummaryRowParser(layout, ids, offsets[s]);
            var lines = new Utf8TextLines(text, bounds[s], bounds[s + 1], firstLines[s]);
            parsers[s].Parse(ref lines, columns);
        }
        if (stretches == 1) Parse(0);
        else Parallel.For(0, stretches, Parse);
        return Finish(parsers, offsets, ids, columns, layout, timeUnit);
    }

    /// <summary>
    /// The first row of each stretch (the lines before it: an upper bound on the rows, exact without blank lines) and the
    /// total last, and the number of each stretch's first line.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static (int[] Offsets, long[] FirstLines) CountLines(byte[] text, int[] bounds, long firstLine)
    {
        int stretches = bounds.Length - 1;
        var offsets = new int[stretches + 1];
        var firstLines = new long[stretches];
        long line = firstLine;
        for (int s = 0; s < stretches; s++)
        {
            var span = text.AsSpan(bounds[s], bounds[s + 1] - bounds[s]);
            int count = span.Count((byte)'\n') + (span.Length > 0 && span[^1] != (byte)'\n' ? 1 : 0);
            firstLines[s] = line;
            line += count;
            offsets[s + 1] = offsets[s] + count;
        }
        return (offsets, firstLines);
    }

    private static SummaryLayout ReadLayout(Utf8LineReader lines, string? source, bool holdout)
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
        SummaryColumns columns, SummaryLayout layout, TimeUnit timeUnit)
    {
        var lines = parsers[0].Lines;
        parsers[0].HandOverIds();
        int rows = parsers[0].Rows;
        ClvDataException? error = parsers[0].Error;
        int rowsBeforeError = parsers[0].RowsBeforeError;
        for (int s = 1; s < parsers.Length && error is null; s++)
        {
            parsers[s].HandOverIds();
            columns.Move(offsets[s], rows, parsers[s].Rows);
            ids.Move(offsets[s], rows, parsers[s].Rows);
            lines.Append(parsers[s].Lines, rows);
            (error, rowsBeforeError) = (parsers[s].Error, rows + parsers[s].RowsBeforeError);
            rows += parsers[s].Rows;
        }
        ids.SetCount(rows);
        if (error is null && rows == 0) throw new ClvDataException("The summary file has a header but no rows.", layout.Source);
        if (ids.FirstRepeat(error is null ? rows : rowsBeforeError) is (int row, int earlier))
            throw new ClvDataException(string.Create(CultureInfo.InvariantCulture, $"The customer appears more than once (first on line {lines[earlier]})."),
                layout.Source, lines[row], layout.Names[layout.Id], ids[row]);
        if (error is not null) throw error;
        var c = columns.ToArrays(rows);
        var summary = new RfmSummary(ids, c[0], c[1], c[2], c[3], c[4], timeUnit)
        {
            Source = new SummarySource(layout.Source, lines, layout.Numeric[3] >= 0),
        };
        return (summary, c[5..]);
    }

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
