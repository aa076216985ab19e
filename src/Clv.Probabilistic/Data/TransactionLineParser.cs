using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;

namespace Clv.Probabilistic.Data;

/// <summary>Where a transaction log's columns are, from its header or the given names.</summary>
internal sealed record Layout(string[] Names, int CustomerField, int DateField, int AmountField)
{
    public int FieldsNeeded => Math.Max(CustomerField, Math.Max(DateField, AmountField)) + 1;
}

/// <summary>
/// Parses lines of a transaction log into rows: the customer interned, the date as a day number, the amount checked.
/// </summary>
/// <remarks>
/// Interning is bound by the latency of memory (a random slot of a table of many megabytes per line), so it runs
/// <see cref="Ahead"/> lines behind the parsing: each line's id is hashed and its slot touched as the line is parsed,
/// and interned a few lines later, when the slot has arrived. Ids are still interned in line order, and a line with a
/// problem first interns every line before it and its own id, so errors come in the order, and with the customer, of
/// reading one line after another.
/// <para>
/// The loops that read and summarise a log, here and in the types they call, are compiled when first run
/// (<see cref="MethodImplOptions.AggressiveOptimization"/>) rather than ahead of time with the tool: ReadyToRun code
/// may not inline the framework's span, hashing and parsing helpers, and made <c>clv summarize</c> half again as slow
/// (docs/performance.md).
/// </para>
/// </remarks>
internal sealed class TransactionLineParser
{
    private const int Ahead = 32;
    private const int ShortId = Utf8IdInterner.PaddedId.Bytes;
    private const int LinesBetweenStopChecks = 1 << 13;

    private struct Pending
    {
        public int Row;
        public int Tag;
        public int Length;
        public long Line;
        public Utf8IdInterner.PaddedId Id;
    }

    private readonly Layout _layout;
    private readonly TransactionLogReaderOptions _options;
    private readonly string? _sourceName;
    private readonly byte _delimiter;
    private readonly DateFieldParser _dates;
    private readonly Pending[] _pending = new Pending[Ahead];
    private int _waiting;
    private int _touched;

    public TransactionLineParser(Layout layout, TransactionLogReaderOptions options, string? sourceName, TransactionColumns rows,
        Utf8IdInterner? interner = null)
    {
        _layout = layout;
        _options = options;
        _sourceName = sourceName;
        _delimiter = TransactionLogReader.DelimiterByte(options.Delimiter);
        _dates = new DateFieldParser(options.DateFormat);
        Rows = rows;
        Interner = interner ?? new Utf8IdInterner();
    }

    /// <summary>The rows read, with customers numbered by <see cref="Interner"/>.</summary>
    public TransactionColumns Rows { get; }

    public Utf8IdInterner Interner { get; }

    /// <summary>Parses every line; returns early (rows incomplete) when <paramref name="stop"/> says so.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Parse(Utf8LineReader lines, Func<bool> stop)
    {
        int fieldsNeeded = _layout.FieldsNeeded;
        int amountField = _layout.AmountField;
        Span<Range> fields = stackalloc Range[fieldsNeeded];
        int untilStopCheck = LinesBetweenStopChecks;
        while (lines.TryReadLine(out var line))
        {
            if (--untilStopCheck == 0)
            {
                untilStopCheck = LinesBetweenStopChecks;
                if (stop()) return;
            }
            if (DelimitedFields.IsBlank(line)) continue;
            int found = DelimitedFields.Split(line, _delimiter, fields);
            if (found < fieldsNeeded) ThrowFields(found, lines.LineNumber);
            var field = line[fields[_layout.CustomerField]];
            var id = DelimitedFields.Text(field);
            if (id.IsEmpty)
            {
                Drain();
                throw new ClvDataException("The customer id is empty.", _sourceName, lines.LineNumber, _options.CustomerColumn);
            }
            int row = Rows.Add();
            bool good = _dates.TryParse(DelimitedFields.Text(line[fields[_layout.DateField]]), out int day);
            double amount = 0;
            if (good && amountField >= 0)
                good = Utf8Number.TryParse(DelimitedFields.Text(line[fields[amountField]]), out amount)
                    && TransactionLog.CheckAmount(amount, _options.AllowNegativeAmounts) is null;
            Rows.Set(row, day, amount);
            bool quoted = id.Length != field.Length && id.IndexOf("\"\""u8) >= 0;
            if (good && !quoted && id.Length <= ShortId)
            {
                ref Pending next = ref _pending[_waiting++];
                next.Row = row;
                next.Tag = Utf8IdInterner.Tag(id);
                next.Length = id.Length;
                next.Line = lines.LineNumber;
                next.Id = default;
                id.CopyTo(next.Id);
                if (_waiting == _pending.Length) Drain();
                continue;
            }
            Drain();
            int customer = quoted ? Interner.Intern(DelimitedFields.Decode(field)) : Interner.Intern(id);
            if (customer < 0) ThrowInvalidId(lines.LineNumber);
            Rows.SetCustomer(row, customer);
            if (!good) ThrowBadDateOrAmount(line, fields, customer, lines.LineNumber);
        }
        Drain();
    }

    /// <summary>
    /// Interns the waiting ids in order, after touching all their slots in a short loop of its own: the processor
    /// then has all those loads from memory in flight at once, where one line's parsing between two loads would keep
    /// it waiting for each in turn.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Drain()
    {
        var pending = _pending.AsSpan(0, _waiting);
        _waiting = 0;
        int touched = 0;
        foreach (ref readonly Pending id in pending) touched ^= Interner.Touch(id.Tag);
        foreach (ref readonly Pending id in pending)
        {
            int customer = Interner.Intern(in id.Id, id.Length, id.Tag);
            if (customer < 0) ThrowInvalidId(id.Line);
            Rows.SetCustomer(id.Row, customer);
        }
        _touched = touched; // kept, so that the loads are not left out
    }

    private void ThrowFields(int found, long lineNumber)
    {
        Drain();
        if (found < 0) throw new ClvDataException("A quoted field is not closed properly.", _sourceName, lineNumber);
        throw new ClvDataException(string.Create(CultureInfo.InvariantCulture,
            $"The line has {found} fields; column '{_layout.Names[found]}' (field {found + 1}) is missing."),
            _sourceName, lineNumber, _layout.Names[found]);
    }

    private void ThrowInvalidId(long lineNumber) =>
        throw new ClvDataException("The customer id is not valid UTF-8 text.", _sourceName, lineNumber, _options.CustomerColumn);

    private void ThrowBadDateOrAmount(ReadOnlySpan<byte> line, ReadOnlySpan<Range> fields, int customer, long lineNumber)
    {
        var dateText = DelimitedFields.Text(line[fields[_layout.DateField]]);
        if (!_dates.TryParse(dateText, out _))
            throw new ClvDataException($"Cannot read '{Encoding.UTF8.GetString(dateText)}' as {_dates.Description}.",
                _sourceName, lineNumber, _options.DateColumn, Interner.IdAt(customer));
        var amountText = DelimitedFields.Text(line[fields[_layout.AmountField]]);
        if (!Utf8Number.TryParse(amountText, out double amount))
            throw new ClvDataException($"Cannot read '{Encoding.UTF8.GetString(amountText)}' as a number (invariant culture).",
                _sourceName, lineNumber, _options.AmountColumn, Interner.IdAt(customer));
        throw new ClvDataException(TransactionLog.CheckAmount(amount, _options.AllowNegativeAmounts)!,
            _sourceName, lineNumber, _options.AmountColumn, Interner.IdAt(customer));
    }
}
