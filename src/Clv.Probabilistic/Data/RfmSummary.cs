using System.Runtime.CompilerServices;
namespace Clv.Probabilistic.Data;

/// <summary>
/// Per-customer recency-frequency-monetary summary, stored as columns (struct of arrays).
/// </summary>
/// <remarks>
/// For customer i: <c>Frequency[i]</c> = x, the number of repeat purchase days; <c>Recency[i]</c> = t_x, the time from
/// the first to the last purchase; <c>T[i]</c>, the time from the first purchase to the end of observation;
/// <c>MonetaryValue[i]</c>, the mean amount of the repeat purchase days (0 when x = 0); <c>Weights[i]</c>, how many
/// customers the row stands for (1 unless rows were compressed). Durations are in <see cref="TimeUnit"/>.
/// Semantics follow Fader, Hardie &amp; Lee (2005), "Counting Your Customers the Easy Way", section 2.
/// The arrays are owned by the summary and never modified after construction. A summary read from a file keeps its
/// customer ids as UTF-8 bytes until <see cref="CustomerIds"/> is first asked for, since fitting never needs them: the
/// ids' bytes packed in a column of their own (the file's text is not kept). Weights that are all 1 (a file without a
/// weight column) are not stored: <see cref="Weights"/> makes the column of ones only when first asked for, and the
/// library's own code asks <see cref="HasUnitWeights"/> instead. A summary read for one command may also lack columns
/// the command does not use (<see cref="SummaryFields"/>); asking for one of them is a programming error.
/// </remarks>
public sealed class RfmSummary
{
    private readonly Utf8IdColumn? _utf8Ids;
    private string[]? _customerIds;
    private readonly double[] _frequency;
    private readonly double[]? _recency;
    private readonly double[]? _t;
    private readonly double[]? _monetaryValue;
    private readonly double[]? _weights;
    private readonly SummaryFields _unread;
    private double[]? _zeros;
    private double[]? _ones;
    private Dictionary<string, int>? _rows;

    /// <summary>Creates a summary from columns, copying them and validating every row.</summary>
    /// <exception cref="ArgumentException">Columns differ in length, or a row is invalid (the message names the customer).</exception>
    public RfmSummary(
        IReadOnlyList<string> customerIds,
        ReadOnlySpan<double> frequency,
        ReadOnlySpan<double> recency,
        ReadOnlySpan<double> t,
        ReadOnlySpan<double> monetaryValue,
        TimeUnit timeUnit,
        ReadOnlySpan<double> weights = default)
        : this(customerIds.ToArray(), frequency.ToArray(), recency.ToArray(), t.ToArray(),
               monetaryValue.IsEmpty ? null : monetaryValue.ToArray(),
               weights.IsEmpty ? null : weights.ToArray(), timeUnit, validate: true)
    {
    }

    /// <summary>A summary of the given columns; a null monetary value means 0 for every row, null weights 1 for every row.</summary>
    internal RfmSummary(string[] customerIds, double[] frequency, double[] recency, double[] t, double[]? monetaryValue,
        double[]? weights, TimeUnit timeUnit, bool validate)
        : this(customerIds, frequency, recency, t, monetaryValue, weights, timeUnit, SummaryFields.None)
    {
        if (validate) Validate();
    }

    private RfmSummary(string[] customerIds, double[] frequency, double[]? recency, double[]? t, double[]? monetaryValue,
        double[]? weights, TimeUnit timeUnit, SummaryFields unread)
    {
        _customerIds = customerIds;
        _frequency = frequency;
        _recency = recency;
        _t = t;
        _monetaryValue = monetaryValue;
        _weights = weights;
        _unread = unread;
        TimeUnit = timeUnit;
    }

    /// <summary>
    /// A summary whose ids stay UTF-8 bytes until asked for; the caller has validated every row. A null column is one of
    /// <paramref name="unread"/>, or else a column the file lacks: monetary value 0, weight 1 for every row.
    /// </summary>
    internal RfmSummary(Utf8IdColumn customerIds, double[] frequency, double[]? recency, double[]? t, double[]? monetaryValue,
        double[]? weights, TimeUnit timeUnit, SummaryFields unread = SummaryFields.None)
        : this((string[])null!, frequency, recency, t, monetaryValue, weights, timeUnit, unread)
    {
        if (customerIds.Count != frequency.Length) throw new ArgumentException("The id column and the summary columns differ in length.");
        _utf8Ids = customerIds;
    }

    /// <summary>Number of rows.</summary>
    public int Count => _frequency.Length;

    /// <summary>The file the summary was read from, with each row's line, or null for a summary made in memory.</summary>
    internal SummarySource? Source { get; init; }

    /// <summary>
    /// Where a row is, for error messages: <c>file, line L, customer 'id'</c> for a summary read from a file,
    /// <c>Customer 'id' (row i)</c> (0-based) otherwise.
    /// </summary>
    internal string Where(int row) => Source is { Name: { } name } source
        ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{name}, line {source.Lines[row]}, customer '{CustomerIds[row]}'")
        : string.Create(System.Globalization.CultureInfo.InvariantCulture, $"Customer '{CustomerIds[row]}' (row {row})");

    /// <summary>Refuses a summary read from a file without a monetary-value column, which a spend model needs.</summary>
    /// <exception cref="ClvDataException">The file has no <c>monetary_value</c> (or <c>zbar</c>) column.</exception>
    internal void RequireMonetaryValue(string model)
    {
        if (Source is { HasMonetaryValue: false } source)
            throw new ClvDataException(
                $"The summary has no 'monetary_value' column (nor 'zbar'): the {model} model needs each repeat customer's mean spend; summarise the transactions with their amounts ('clv summarize --amount-column').",
                source.Name, 1, "monetary_value");
    }

    /// <summary>Unit of <see cref="Recency"/> and <see cref="T"/>.</summary>
    public TimeUnit TimeUnit { get; }

    /// <summary>Customer identifiers, one per row.</summary>
    public IReadOnlyList<string> CustomerIds => _customerIds ?? DecodeIds();

    /// <summary>The row of the customer <paramref name="customerId"/> (its first row if it repeats), or -1; the index is built on first use.</summary>
    internal int RowOf(string customerId)
    {
        if (_rows is null)
        {
            var ids = CustomerIds;
            var rows = new Dictionary<string, int>(ids.Count, StringComparer.Ordinal);
            for (int i = 0; i < ids.Count; i++) rows.TryAdd(ids[i], i);
            _rows = rows;
        }
        return _rows.TryGetValue(customerId, out int row) ? row : -1;
    }

    /// <summary>x: number of repeat purchase days.</summary>
    public ReadOnlySpan<double> Frequency => _frequency;

    /// <summary>t_x: time from first to last purchase.</summary>
    public ReadOnlySpan<double> Recency => _recency ?? Unread(SummaryFields.Recency);

    /// <summary>T: time from first purchase to the end of observation.</summary>
    public ReadOnlySpan<double> T => _t ?? Unread(SummaryFields.T);

    /// <summary>Mean amount of the repeat purchase days (0 when there are none).</summary>
    public ReadOnlySpan<double> MonetaryValue => _monetaryValue ?? Unread(SummaryFields.MonetaryValue) ?? Filled(ref _zeros, Count, 0.0);

    /// <summary>How many customers each row stands for.</summary>
    /// <remarks>When every weight is 1 (<see cref="HasUnitWeights"/>) the column of ones is made on first use.</remarks>
    public ReadOnlySpan<double> Weights => _weights ?? Filled(ref _ones, Count, 1.0);

    /// <summary>
    /// Whether every row stands for one customer and no weight column is stored (<see cref="Weights"/> would make one):
    /// code that reads the weights asks this first and uses 1.
    /// </summary>
    internal bool HasUnitWeights => _weights is null;

    /// <summary>The weights as stored: empty when every weight is 1 (<see cref="HasUnitWeights"/>), so that nothing makes the column of ones.</summary>
    internal ReadOnlySpan<double> StoredWeights => _weights;

    /// <summary>Which of the optional columns this summary holds (a summary read for one command may lack some).</summary>
    internal SummaryFields Fields => SummaryFields.All & ~_unread;

    /// <summary>Total number of customers: the sum of the weights.</summary>
    public double TotalWeight
    {
        get
        {
            if (_weights is null) return Count; // a sum of Count ones, exact below 2^53
            double s = 0;
            foreach (var w in _weights) s += w;
            return s;
        }
    }

    /// <summary>The UTF-8 bytes of a row's id while the ids have not been decoded into strings; false otherwise.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal bool TryGetUtf8Id(int row, out ReadOnlySpan<byte> utf8)
    {
        if (_customerIds is null && _utf8Ids is { } ids)
        {
            utf8 = ids.Utf8At(row);
            return true;
        }
        utf8 = default;
        return false;
    }

    /// <summary>
    /// Rows <paramref name="start"/> … <paramref name="start"/> + <paramref name="length"/> − 1 (copies of the columns,
    /// not validated again); ids still held as UTF-8 bytes stay so, and are decoded only if the part is asked for them.
    /// </summary>
    internal RfmSummary Range(int start, int length)
    {
        double[]? Part(double[]? column) => column?.AsSpan(start, length).ToArray();
        var (x, tx, t, m, w) = (Part(_frequency)!, Part(_recency), Part(_t), Part(_monetaryValue), Part(_weights));
        return _customerIds is null && _utf8Ids is { } utf8
            ? new RfmSummary(utf8.Slice(start, length), x, tx, t, m, w, TimeUnit, _unread)
            : new RfmSummary(_customerIds!.AsSpan(start, length).ToArray(), x, tx, t, m, w, TimeUnit, _unread);
    }

    /// <summary>The rows listed in <paramref name="rows"/>, in that order (copies of the columns this summary holds, not validated again).</summary>
    internal RfmSummary Select(ReadOnlySpan<int> rows)
    {
        var ids = new string[rows.Length];
        for (int k = 0; k < ids.Length; k++) ids[k] = CustomerIds[rows[k]];
        double[]? Part(double[]? column, ReadOnlySpan<int> rows)
        {
            if (column is null) return null;
            var part = new double[rows.Length];
            for (int k = 0; k < part.Length; k++) part[k] = column[rows[k]];
            return part;
        }
        return new RfmSummary(ids, Part(_frequency, rows)!, Part(_recency, rows), Part(_t, rows), Part(_monetaryValue, rows), Part(_weights, rows),
            TimeUnit, _unread);
    }

    private string[] DecodeIds()
    {
        var ids = _utf8Ids!.ToStrings();
        return Interlocked.CompareExchange(ref _customerIds, ids, null) ?? ids;
    }

    /// <summary>A column of <paramref name="value"/>, made once on first use (any thread may ask).</summary>
    private static double[] Filled(ref double[]? cache, int n, double value)
    {
        if (Volatile.Read(ref cache) is { } made) return made;
        var a = new double[n];
        if (value != 0) Array.Fill(a, value);
        return Interlocked.CompareExchange(ref cache, a, null) ?? a;
    }

    /// <summary>Null when <paramref name="field"/> was read (or the file lacks it); throws when the summary was read without it.</summary>
    /// <exception cref="InvalidOperationException">The summary was read for a command that does not use this column.</exception>
    private double[]? Unread(SummaryFields field) => (_unread & field) != 0
        ? throw new InvalidOperationException($"The summary was read without its {field} column (a command reading it must ask the reader for it).")
        : null;

    private void Validate()
    {
        int n = _frequency.Length;
        var customerIds = _customerIds!;
        ReadOnlySpan<double> recency = Recency, t = T;
        int m = _monetaryValue?.Length ?? n, ws = _weights?.Length ?? n;
        if (customerIds.Length != n || recency.Length != n || t.Length != n || m != n || ws != n)
            throw new ArgumentException(
                $"Summary columns differ in length: ids {customerIds.Length}, frequency {n}, recency {recency.Length}, T {t.Length}, monetary value {m}, weights {ws}.");
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < n; i++)
        {
            string id = customerIds[i] ?? throw new ArgumentException($"Row {i}: customer id is null.");
            if (!seen.Add(id)) throw new ArgumentException($"Customer '{id}' (row {i}) appears more than once in the summary.");
            string? problem = CheckRow(_frequency[i], recency[i], t[i], _monetaryValue?[i] ?? 0.0, _weights?[i] ?? 1.0);
            if (problem is not null) throw new ArgumentException($"Customer '{id}' (row {i}): {problem}");
        }
    }

    /// <summary>
    /// Merges rows with identical (frequency, recency, T) — and monetary value when <paramref name="byMonetaryValue"/> —
    /// into weighted rows, keeping the map from each customer to its row so per-row results can be expanded back.
    /// </summary>
    /// <param name="byMonetaryValue">Also require equal monetary values (needed before fitting a spend model).</param>
    public CompressedRfmSummary Compress(bool byMonetaryValue = false) => CompressedRfmSummary.Create(this, byMonetaryValue);

    /// <summary>Largest frequency accepted: more repeat purchases than this are not a customer's history.</summary>
    internal const double MaxFrequency = int.MaxValue;

    /// <summary>
    /// Largest recency, T and holdout duration accepted, in the summary's time unit: past it (10^12 days is 2.7·10^9
    /// years) the models' durations, such as α + T, no longer describe an observation period.
    /// </summary>
    internal const double MaxDuration = 1e12;

    /// <summary>
    /// Largest magnitude of a monetary value accepted: the spend model multiplies it by frequencies and shape parameters
    /// and sums it over customers, which must stay far from overflow.
    /// </summary>
    internal const double MaxMonetaryValue = 1e15;

    /// <summary>Digits before the point of the plain decimals below <see cref="MaxMonetaryValue"/> = 10^15.</summary>
    internal const int MonetaryValueDigits = 15;

    /// <summary>
    /// Null when a row of observed customers (read from a file or summarised from transactions) is valid, otherwise what
    /// is wrong with it: besides <see cref="CheckRow"/>, a customer with repeat purchases made them on later days than
    /// the first, so x &gt; 0 needs t_x &gt; 0 (and so T &gt; 0). Summaries made in memory may hold the limit t_x = 0
    /// (a grid of histories for a chart, say); fitting a model whose likelihood is unbounded there refuses it.
    /// </summary>
    internal static string? CheckObservedRow(double x, double tx, double tt, double m, double w) =>
        CheckRow(x, tx, tt, m, w) ?? RepeatWithoutRecency(x, tx);

    /// <summary>Null unless x &gt; 0 with t_x = 0, which no observed customer can have; then what is wrong.</summary>
    internal static string? RepeatWithoutRecency(double x, double tx) => x > 0 && tx == 0
        ? FormattableString.Invariant($"frequency {x} with recency 0: repeat purchases come after the first purchase, so recency must be > 0.")
        : null;

    /// <summary>Null when the row is a valid summary row, otherwise what is wrong with it.</summary>
    /// <remarks>
    /// Besides the definitions (x a whole number, 0 ≤ t_x ≤ T), no value may be so large that the models' arithmetic
    /// loses its meaning (<see cref="MaxFrequency"/>, <see cref="MaxDuration"/>, <see cref="MaxMonetaryValue"/>).
    /// </remarks>
    internal static string? CheckRow(double x, double tx, double tt, double m, double w)
    {
        if (!double.IsFinite(x) || x < 0 || x != Math.Floor(x))
            return FormattableString.Invariant($"frequency {x} is not a non-negative whole number.");
        if (x > MaxFrequency)
            return FormattableString.Invariant($"frequency {x} is larger than {MaxFrequency}, the largest supported.");
        if (!double.IsFinite(tx) || tx < 0)
            return FormattableString.Invariant($"recency {tx} is negative or not finite.");
        if (!double.IsFinite(tt) || tt < 0)
            return FormattableString.Invariant($"T {tt} is negative or not finite.");
        if (tt > MaxDuration)
            return FormattableString.Invariant($"T {tt} is larger than {MaxDuration:0e0}, the largest duration supported.");
        if (tx > tt)
            return FormattableString.Invariant($"recency {tx} exceeds T {tt}.");
        if (x == 0 && tx != 0)
            return FormattableString.Invariant($"recency {tx} must be 0 when frequency is 0.");
        if (!double.IsFinite(m))
            return FormattableString.Invariant($"monetary value {m} is not finite.");
        if (Math.Abs(m) > MaxMonetaryValue)
            return FormattableString.Invariant($"monetary value {m} is larger in magnitude than {MaxMonetaryValue:0e0}, the largest supported.");
        if (!double.IsFinite(w) || w <= 0)
            return FormattableString.Invariant($"weight {w} is not a finite positive number.");
        return null;
    }
}

/// <summary>Where a summary was read from: the file's name, each row's line, and whether it had a monetary-value column.</summary>
internal sealed record SummarySource(string? Name, RowLines Lines, bool HasMonetaryValue);
