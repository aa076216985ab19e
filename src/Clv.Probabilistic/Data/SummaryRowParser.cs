using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;

namespace Clv.Probabilistic.Data;

/// <summary>Where a summary file keeps each column: the header's names and the field index of each value.</summary>
/// <param name="Names">Column names of the header.</param>
/// <param name="Id">Field index of the customer id.</param>
/// <param name="Numeric">Field index (or -1 when absent) of frequency, recency, T, monetary value, weight and the three holdout columns.</param>
/// <param name="ColumnCount">How many of <paramref name="Numeric"/> are read: 5, or 8 with the holdout columns.</param>
/// <param name="Source">File name for error messages.</param>
internal sealed record SummaryLayout(string[] Names, int Id, int[] Numeric, int ColumnCount, string? Source)
{
    /// <summary>Index in <see cref="Numeric"/> of the monetary value.</summary>
    public const int MonetaryValue = 3;

    /// <summary>Values of absent columns: monetary value 0, weight 1.</summary>
    public static ReadOnlySpan<double> Defaults => [0, 0, 0, 0, 1, 0, 0, 0];

    /// <summary>Fields a line must have to hold every column read.</summary>
    public int FieldsNeeded { get; } = LastField(Id, Numeric.AsSpan(0, ColumnCount)) + 1;

    /// <summary>Whether the holdout columns are read and checked.</summary>
    public bool Holdout => ColumnCount > 5;

    private static int LastField(int id, ReadOnlySpan<int> numeric)
    {
        int last = id;
        foreach (int field in numeric) last = Math.Max(last, field);
        return last;
    }
}

/// <summary>
/// Parses the rows of a stretch of summary lines into columns: ids, numbers and every check of a row. Several parsers
/// can fill disjoint parts of the same columns at once; each stops at its first error and keeps it for the caller,
/// who reports errors in file order (<see cref="RfmSummaryCsv"/>).
/// </summary>
/// <param name="layout">The columns of the file.</param>
/// <param name="ids">Writes the ids of this parser's rows, from row <paramref name="offset"/> on.</param>
/// <param name="offset">Row of the columns where this parser's first row goes.</param>
/// <param name="capacity">Rows the columns have room for from <paramref name="offset"/> on (the lines counted before parsing).</param>
internal sealed class SummaryRowParser(SummaryLayout layout, Utf8IdColumn.Writer ids, int offset, long capacity)
{
    /// <summary>Rows parsed.</summary>
    public int Rows { get; private set; }

    /// <summary>Line number of each row parsed.</summary>
    public RowLines Lines { get; } = new();

    /// <summary>The first error met, or null.</summary>
    public ClvDataException? Error { get; private set; }

    /// <summary>
    /// How many of this parser's rows precede <see cref="Error"/> in the order of checks: a repeated id among them is
    /// the earlier error (a row's id is checked after its number of fields and before its numbers).
    /// </summary>
    public int RowsBeforeError { get; private set; }

    /// <summary>Parses every line; the i-th row goes to row <c>offset</c> + i of the columns.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Parse(Utf8LineReader lines, SummaryColumns columns)
    {
        var (names, id, numeric, columnCount, source) = layout;
        bool holdout = layout.Holdout;
        var fields = new Range[layout.FieldsNeeded];
        Span<double> values = stackalloc double[columnCount];
        // A monetary value that is not kept is only checked: a plain decimal below 10^15 passes every check of its own
        // (it reads as a finite number of magnitude at most 10^15), which is all that is asked of it, so it is not read
        // and 0 stands in for it in the row's checks; any other text is read and checked as when it is kept.
        bool checkMonetaryOnly = columnCount > SummaryLayout.MonetaryValue && !columns.Stores(SummaryLayout.MonetaryValue);
        var plain = GeneralReadingOnly.Value ? null : new PlainSummaryLine(layout, checkMonetaryOnly);
        for (int k = 0; k < columnCount; k++)
            if (numeric[k] < 0) values[k] = SummaryLayout.Defaults[k];
        while (lines.TryReadLine(out var line))
        {
            if ((line.IsEmpty || line[0] is (byte)' ' or (byte)'\t') && DelimitedFields.IsBlank(line)) continue;
            long lineNumber = lines.LineNumber;
            int row = Rows;
            if (row >= capacity)
            {
                Fail(row, new ClvDataException("The file changed while it was being read: it has more lines than a moment before.", source, lineNumber));
                return;
            }
            if (lines.LineTerminated && plain is not null && plain.TryRead(line, values, out var plainId))
            {
                ids.Add(plainId);
                Rows++;
                Lines.Add(row, lineNumber);
            }
            else if (!TryReadGeneral(line, lines.LineTerminated, lineNumber, row, fields, values, checkMonetaryOnly))
            {
                return;
            }
            string? problem = RfmSummary.CheckObservedRow(values[0], values[1], values[2], values[3], values[4])
                ?? (holdout ? CalibrationHoldoutSummary.CheckRow(values[5], values[6], values[7]) : null);
            if (problem is not null)
            {
                Fail(row + 1, new ClvDataException(problem, source, lineNumber, customerId: Encoding.UTF8.GetString(ids.Last)));
                return;
            }
            columns.Set(offset + row, values);
        }
    }

    /// <summary>
    /// For tests: when set in a flow of execution, every line read in it goes to the general reading instead of lines of
    /// the plain form to <see cref="PlainSummaryLine"/>; the two read the same values and report the same errors.
    /// </summary>
    internal static readonly AsyncLocal<bool> GeneralReadingOnly = new();

    /// <summary>
    /// Reads a line of any form: its id (added) and numeric values, and every check of a field; false after a failure
    /// (<see cref="Error"/>).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool TryReadGeneral(ReadOnlySpan<byte> line, bool terminated, long lineNumber, int row, Range[] fields, Span<double> values, bool checkMonetaryOnly)
    {
        var (names, id, numeric, columnCount, source) = layout;
        if (!terminated && CutShort(line, names, numeric.AsSpan(0, columnCount)) is { } cut)
        {
            Fail(row, new ClvDataException(cut, source, lineNumber));
            return false;
        }
        int found = DelimitedFields.Split(line, (byte)',', fields);
        if (found < 0)
        {
            Fail(row, new ClvDataException("A quoted field is not closed properly.", source, lineNumber));
            return false;
        }
        if (found < fields.Length)
        {
            Fail(row, new ClvDataException(string.Create(CultureInfo.InvariantCulture, $"The line has {found} fields; column '{names[found]}' is missing."),
                source, lineNumber, names[found]));
            return false;
        }
        var customer = line[fields[id]];
        var customerText = DelimitedFields.Text(customer);
        if (customerText.IsEmpty)
        {
            Fail(row, new ClvDataException("The customer id is empty.", source, lineNumber, names[id]));
            return false;
        }
        if (customer[0] == (byte)'"' && customerText.IndexOf("\"\""u8) >= 0) ids.Add(Encoding.UTF8.GetBytes(DelimitedFields.Decode(customer)));
        else ids.Add(customerText);
        Rows++;
        Lines.Add(row, lineNumber);
        for (int k = 0; k < columnCount; k++)
        {
            if (numeric[k] < 0)
            {
                values[k] = SummaryLayout.Defaults[k];
                continue;
            }
            var text = DelimitedFields.Text(line[fields[numeric[k]]]);
            if (k == SummaryLayout.MonetaryValue && checkMonetaryOnly && Utf8Number.IsPlainDecimal(text, RfmSummary.MonetaryValueDigits))
            {
                values[k] = 0;
                continue;
            }
            if (!Utf8Number.TryParse(text, out values[k]))
            {
                Fail(row + 1, new ClvDataException($"Cannot read '{Encoding.UTF8.GetString(text)}' as a number (invariant culture).",
                    source, lineNumber, names[numeric[k]], Encoding.UTF8.GetString(ids.Last)));
                return false;
            }
        }
        return true;
    }

    /// <summary>
    /// Why the last line of the file, which has no line break after it, looks cut short: fewer fields than the header,
    /// a quoted field that is not closed, or a number that stops where no number can end (<c>1.</c>, <c>2e</c>,
    /// <c>-</c>); null when it looks complete. A file that ends without a line break is read normally otherwise.
    /// </summary>
    private static string? CutShort(ReadOnlySpan<byte> line, string[] names, ReadOnlySpan<int> numeric)
    {
        const string Ending = "and the file ends there without a line break: it seems cut short (truncated).";
        var fields = new Range[names.Length];
        int found = DelimitedFields.Split(line, (byte)',', fields);
        if (found < 0) return $"The last line ends inside a quoted field {Ending}";
        if (found < names.Length)
            return string.Create(CultureInfo.InvariantCulture, $"The last line has {found} of the {names.Length} fields of the header {Ending}");
        int last = names.Length - 1;
        if (numeric.IndexOf(last) < 0) return null;
        var text = DelimitedFields.Text(line[fields[last]]);
        return text.Length == 0 || text[^1] is (byte)'.' or (byte)'e' or (byte)'E' or (byte)'+' or (byte)'-'
            ? $"The last field ('{names[last]}') of the last line stops at '{Encoding.UTF8.GetString(text)}', where no number can end, {Ending}"
            : null;
    }

    private void Fail(int rowsBefore, ClvDataException error)
    {
        Error = error;
        RowsBeforeError = rowsBefore;
    }
}

/// <summary>
/// The numeric columns being filled, grown on demand when their length was not known in advance; a column not stored
/// (a command does not use it, or its values are all the default) stays null and its values are dropped.
/// </summary>
internal sealed class SummaryColumns
{
    private readonly double[]?[] _columns;
    private readonly int[] _stored;
    private int _capacity;

    /// <summary>Columns 0 … <paramref name="columnCount"/> − 1, of which those listed in <paramref name="stored"/> (all when null) are kept.</summary>
    public SummaryColumns(int columnCount, int capacity, int[]? stored = null)
    {
        _columns = new double[columnCount][];
        _stored = stored ?? Enumerable.Range(0, columnCount).ToArray();
        _capacity = capacity;
        foreach (int k in _stored) _columns[k] = FreshMemory.Array<double>(capacity);
    }

    /// <summary>Whether column <paramref name="k"/> is kept.</summary>
    public bool Stores(int k) => _columns[k] is not null;

    /// <summary>Stores one row's values, growing every column if the row is past their end.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Set(int row, ReadOnlySpan<double> values)
    {
        if (row >= _capacity) Grow(row);
        foreach (int k in _stored) _columns[k]![row] = values[k];
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void Grow(int row)
    {
        _capacity = Math.Max(2 * row, 16);
        foreach (int k in _stored) Array.Resize(ref _columns[k], _capacity);
    }

    /// <summary>Moves <paramref name="count"/> rows from <paramref name="from"/> down to <paramref name="to"/>.</summary>
    public void Move(int from, int to, int count)
    {
        if (from == to || count == 0) return;
        foreach (int k in _stored) Array.Copy(_columns[k]!, from, _columns[k]!, to, count);
    }

    /// <summary>The columns cut to <paramref name="rows"/> rows (null where not stored).</summary>
    public double[]?[] ToArrays(int rows)
    {
        foreach (int k in _stored)
            if (_columns[k]!.Length != rows) Array.Resize(ref _columns[k], rows);
        _capacity = rows;
        return _columns;
    }
}

/// <summary>The line number of each row, stored as the rows after which lines were skipped (blank lines).</summary>
internal sealed class RowLines
{
    private readonly List<(int Row, long Line)> _starts = [];
    private long _nextLine = -1;

    /// <summary>Records the line of the next row (rows are added in order from 0).</summary>
    public void Add(int row, long line)
    {
        if (line != _nextLine) _starts.Add((row, line));
        _nextLine = line + 1;
    }

    /// <summary>Appends the rows of <paramref name="other"/>, numbered from <paramref name="rowOffset"/>.</summary>
    public void Append(RowLines other, int rowOffset)
    {
        foreach (var (row, line) in other._starts) _starts.Add((rowOffset + row, line));
        _nextLine = -1;
    }

    /// <summary>The line number of a row.</summary>
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
