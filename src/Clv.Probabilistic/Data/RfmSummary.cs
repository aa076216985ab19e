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
/// ids' bytes packed in a column of their own (the file's text is not kept).
/// </remarks>
public sealed class RfmSummary
{
    private readonly Utf8IdColumn? _utf8Ids;
    private string[]? _customerIds;
    private readonly double[] _frequency;
    private readonly double[] _recency;
    private readonly double[] _t;
    private readonly double[] _monetaryValue;
    private readonly double[] _weights;
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
               monetaryValue.IsEmpty ? new double[frequency.Length] : monetaryValue.ToArray(),
               weights.IsEmpty ? Filled(frequency.Length, 1.0) : weights.ToArray(), timeUnit, validate: true)
    {
    }

    internal RfmSummary(string[] customerIds, double[] frequency, double[] recency, double[] t, double[] monetaryValue,
        double[] weights, TimeUnit timeUnit, bool validate)
    {
        _customerIds = customerIds;
        _frequency = frequency;
        _recency = recency;
        _t = t;
        _monetaryValue = monetaryValue;
        _weights = weights;
        TimeUnit = timeUnit;
        if (validate) Validate();
    }

    /// <summary>A summary whose ids stay UTF-8 bytes until asked for; the caller has validated every row.</summary>
    internal RfmSummary(Utf8IdColumn customerIds, double[] frequency, double[] recency, double[] t, double[] monetaryValue,
        double[] weights, TimeUnit timeUnit)
        : this(null!, frequency, recency, t, monetaryValue, weights, timeUnit, validate: false)
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
    public ReadOnlySpan<double> Recency => _recency;

    /// <summary>T: time from first purchase to the end of observation.</summary>
    public ReadOnlySpan<double> T => _t;

    /// <summary>Mean amount of the repeat purchase days (0 when there are none).</summary>
    public ReadOnlySpan<double> MonetaryValue => _monetaryValue;

    /// <summary>How many customers each row stands for.</summary>
    public ReadOnlySpan<double> Weights => _weights;

    /// <summary>Total number of customers: the sum of the weights.</summary>
    public double TotalWeight
    {
        get
        {
            double s = 0;
            foreach (var w in _weights) s += w;
            return s;
        }
    }

    /// <summary>The UTF-8 bytes of a row's id while the ids have not been decoded into strings; false otherwise.</summary>
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
        var columns = (_frequency.AsSpan(start, length).ToArray(), _recency.AsSpan(start, length).ToArray(), _t.AsSpan(start, length).ToArray(),
            _monetaryValue.AsSpan(start, length).ToArray(), _weights.AsSpan(start, length).ToArray());
        return _customerIds is null && _utf8Ids is { } utf8
            ? new RfmSummary(utf8.Slice(start, length), columns.Item1, columns.Item2, columns.Item3, columns.Item4, columns.Item5, TimeUnit)
            : new RfmSummary(_customerIds!.AsSpan(start, length).ToArray(), columns.Item1, columns.Item2, columns.Item3, columns.Item4, columns.Item5, TimeUnit, validate: false);
    }

    private string[] DecodeIds()
    {
        var ids = _utf8Ids!.ToStrings();
        return Interlocked.CompareExchange(ref _customerIds, ids, null) ?? ids;
    }

    private static double[] Filled(int n, double value)
    {
        var a = new double[n];
        Array.Fill(a, value);
        return a;
    }

    private void Validate()
    {
        int n = _frequency.Length;
        var customerIds = _customerIds!;
        if (customerIds.Length != n || _recency.Length != n || _t.Length != n || _monetaryValue.Length != n || _weights.Length != n)
            throw new ArgumentException(
                $"Summary columns differ in length: ids {customerIds.Length}, frequency {n}, recency {_recency.Length}, T {_t.Length}, monetary value {_monetaryValue.Length}, weights {_weights.Length}.");
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < n; i++)
        {
            string id = customerIds[i] ?? throw new ArgumentException($"Row {i}: customer id is null.");
            if (!seen.Add(id)) throw new ArgumentException($"Customer '{id}' (row {i}) appears more than once in the summary.");
            string? problem = CheckRow(_frequency[i], _recency[i], _t[i], _monetaryValue[i], _weights[i]);
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
