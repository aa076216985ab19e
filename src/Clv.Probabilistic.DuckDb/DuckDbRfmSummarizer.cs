using System.Globalization;
using Clv.Probabilistic.Data;
using Clv.Probabilistic.Models.GammaGamma;
using DuckDB.NET.Data;

namespace Clv.Probabilistic.DuckDb;

/// <summary>
/// Summarises a transaction log inside DuckDB: the per-customer aggregation runs as one SQL query, so a log larger than
/// memory streams through DuckDB's (spilling) hash aggregation and only one row per customer comes back.
/// </summary>
/// <remarks>
/// The result equals <see cref="RfmSummarizer"/> on the same data, with the conventions of Fader, Hardie &amp; Lee (2005),
/// "Counting Your Customers the Easy Way", section 2: purchases on one day are merged (amounts summed); frequency x is
/// the number of purchase days after the first, up to the (calibration) end; recency t_x and T are whole days divided by
/// the time unit's length, computed here in .NET from DuckDB's integer day differences so that they are bit-for-bit
/// those of the in-process summariser; monetary value is the mean repeat-day amount (0 when x = 0) unless
/// <see cref="SummaryOptions.IncludeFirstPurchaseInMonetaryValue"/>.
/// Rows are ordered by customer id (DuckDB's byte-wise text order), not by first appearance as in the in-process
/// summariser: a file read in parallel has no reliable order of first appearance.
/// For logs larger than memory, open the connection yourself with a <c>memory_limit</c> and a <c>temp_directory</c>.
/// </remarks>
public sealed class DuckDbRfmSummarizer : IDisposable
{
    private readonly DuckDBConnection _connection;
    private readonly bool _ownsConnection;

    /// <summary>Uses a new in-memory DuckDB database, closed on <see cref="Dispose"/>.</summary>
    public DuckDbRfmSummarizer() : this(new DuckDBConnection("DataSource=:memory:"), ownsConnection: true)
    {
    }

    /// <summary>Uses the caller's connection (opened if closed; not disposed by this object).</summary>
    public DuckDbRfmSummarizer(DuckDBConnection connection) : this(connection, ownsConnection: false)
    {
    }

    private DuckDbRfmSummarizer(DuckDBConnection connection, bool ownsConnection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        _connection = connection;
        _ownsConnection = ownsConnection;
        if (_connection.State != System.Data.ConnectionState.Open) _connection.Open();
    }

    /// <summary>The connection the queries run on.</summary>
    public DuckDBConnection Connection => _connection;

    /// <summary>Summarises the source up to the observation end.</summary>
    /// <exception cref="ClvDataException">
    /// A column is missing, a value is missing or malformed (the message names the source, column and a customer),
    /// transactions are dated after the observation end (unless dropped explicitly), or no customer remains.
    /// </exception>
    public RfmSummary Summarize(DuckDbTransactionSource source, SummaryOptions options)
    {
        ArgumentNullException.ThrowIfNull(source);
        CheckOptions(options);
        return Run(source, options, options.ObservationEnd).ToSummary(source.Name);
    }

    /// <summary>
    /// Splits the observation at <paramref name="calibrationEnd"/> (inclusive) as
    /// <see cref="RfmSummarizer.SummarizeCalibrationHoldout"/> does: customers first seen after it are left out.
    /// </summary>
    /// <exception cref="ArgumentException">The calibration end is not before the observation end.</exception>
    /// <exception cref="ClvDataException">As <see cref="Summarize"/>.</exception>
    public CalibrationHoldoutSummary SummarizeCalibrationHoldout(DuckDbTransactionSource source, DateOnly calibrationEnd, SummaryOptions options)
    {
        ArgumentNullException.ThrowIfNull(source);
        CheckOptions(options);
        options.CheckCalibrationEnd(calibrationEnd);
        return Run(source, options, calibrationEnd).ToCalibrationHoldout(calibrationEnd, source.Name);
    }

    /// <summary>
    /// Reads the whole source into an in-memory <see cref="TransactionLog"/> (validated as
    /// <see cref="TransactionLog.FromArrays"/> does). Use <see cref="Summarize"/> for logs that do not fit in memory.
    /// </summary>
    /// <exception cref="ClvDataException">A column is missing, or a value is missing or malformed.</exception>
    public TransactionLog ReadLog(DuckDbTransactionSource source)
    {
        ArgumentNullException.ThrowIfNull(source);
        Validate(source, observationEnd: null, dropAfterEnd: true);
        var ids = new List<string>();
        var dates = new List<DateOnly>();
        var amounts = new List<double>();
        using var command = Command(source, $"SELECT customer_id, date_diff('day', DATE '0001-01-01', day) AS day_number, amount FROM tx");
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            ids.Add(reader.GetString(0));
            dates.Add(DateOnly.FromDayNumber(checked((int)reader.GetInt64(1))));
            amounts.Add(reader.GetDouble(2));
        }
        return TransactionLog.FromArrays(ids, dates.ToArray(), amounts.ToArray(), source.Columns.AllowNegativeAmounts);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_ownsConnection) _connection.Dispose();
    }

    private static void CheckOptions(SummaryOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!(options.TimeUnit.DaysPerUnit > 0))
            throw new ArgumentException("The summary options need a time unit (for example TimeUnit.Weeks).", nameof(options));
    }

    /// <summary>
    /// Continues the WITH clause with the per-customer CTE <c>customers(customer_id, repeat_days, recency_days, age_days,
    /// first_amount, repeat_amount, holdout_days, holdout_amount, monetary)</c>: whole-day counts and amount sums of each
    /// customer first seen on or before $clv_cal, over the days up to $clv_end (same-day purchases merged).
    /// </summary>
    private const string CustomersCte = """
        , days AS NOT MATERIALIZED (
            SELECT customer_id, day, sum(amount) AS amount FROM tx WHERE day <= $clv_end GROUP BY customer_id, day),
        firsts AS (
            SELECT customer_id, min(day) AS first_day FROM days GROUP BY customer_id HAVING min(day) <= $clv_cal),
        sums AS (
            SELECT d.customer_id,
                count(*) FILTER (WHERE d.day > f.first_day AND d.day <= $clv_cal) AS repeat_days,
                date_diff('day', f.first_day, max(d.day) FILTER (WHERE d.day <= $clv_cal)) AS recency_days,
                date_diff('day', f.first_day, $clv_cal) AS age_days,
                coalesce(sum(d.amount) FILTER (WHERE d.day = f.first_day), 0) AS first_amount,
                coalesce(sum(d.amount) FILTER (WHERE d.day > f.first_day AND d.day <= $clv_cal), 0) AS repeat_amount,
                count(*) FILTER (WHERE d.day > $clv_cal) AS holdout_days,
                coalesce(sum(d.amount) FILTER (WHERE d.day > $clv_cal), 0) AS holdout_amount
            FROM days d JOIN firsts f ON d.customer_id = f.customer_id
            GROUP BY d.customer_id, f.first_day),
        customers AS (
            SELECT *, CASE WHEN $clv_include_first THEN (first_amount + repeat_amount) / (repeat_days + 1)
                WHEN repeat_days > 0 THEN repeat_amount / repeat_days ELSE 0.0 END AS monetary
            FROM sums)
        """;

    private EngineSummaryBuilder Run(DuckDbTransactionSource source, SummaryOptions options, DateOnly calibrationEnd)
    {
        using var command = CustomersCommand(source, options, calibrationEnd, """
            SELECT customer_id, repeat_days, recency_days, age_days, first_amount, repeat_amount, holdout_days, holdout_amount
            FROM customers ORDER BY customer_id
            """);
        var builder = new EngineSummaryBuilder(options);
        using var reader = command.ExecuteReader();
        while (reader.Read())
            builder.Add(reader.GetString(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3),
                reader.GetDouble(4), reader.GetDouble(5), reader.GetInt64(6), reader.GetDouble(7));
        return builder;
    }

    /// <summary>
    /// The distinct (x, t_x, T) rows of <see cref="Summarize"/>, grouped inside DuckDB and weighted by their numbers of
    /// customers (see <see cref="IEngineTransactionLog.PurchaseRows"/>).
    /// </summary>
    /// <exception cref="ClvDataException">As <see cref="Summarize"/>.</exception>
    public RfmSummary PurchaseRows(DuckDbTransactionSource source, SummaryOptions options)
    {
        ArgumentNullException.ThrowIfNull(source);
        CheckOptions(options);
        using var command = CustomersCommand(source, options, options.ObservationEnd, """
            SELECT repeat_days, recency_days, age_days, count(*) AS customers, sum(monetary) AS monetary
            FROM customers GROUP BY repeat_days, recency_days, age_days ORDER BY repeat_days, recency_days, age_days
            """);
        var builder = new EngineSummaryBuilder(options);
        using (var reader = command.ExecuteReader())
            while (reader.Read())
                builder.AddRow(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetDouble(4));
        return builder.ToSummary(source.Name);
    }

    /// <summary>
    /// The distinct (x, z̄) pairs of the customers with x ≥ 1, grouped inside DuckDB and weighted by their numbers of
    /// customers (see <see cref="IEngineTransactionLog.SpendRows"/>).
    /// </summary>
    /// <exception cref="ClvDataException">As <see cref="Summarize"/>.</exception>
    public GammaGammaData SpendRows(DuckDbTransactionSource source, SummaryOptions options)
    {
        ArgumentNullException.ThrowIfNull(source);
        CheckOptions(options);
        using var command = CustomersCommand(source, options, options.ObservationEnd, """
            SELECT repeat_days, monetary, count(*) AS customers FROM customers
            GROUP BY repeat_days, monetary ORDER BY repeat_days, monetary
            """);
        var rows = new EngineSpendRows();
        using (var reader = command.ExecuteReader())
            while (reader.Read()) rows.Add(reader.GetInt64(0), reader.GetDouble(1), reader.GetInt64(2));
        return rows.ToData(source.Name);
    }

    /// <summary>
    /// Writes the per-customer summary (as <see cref="Summarize"/>) into a new table of this connection's database,
    /// computed and stored inside DuckDB: <c>customer_id VARCHAR, frequency, recency, t, monetary_value</c> (DOUBLE,
    /// durations in the options' time unit, divided with the same IEEE division as .NET), the input of
    /// <see cref="DuckDbScorer"/>. Nothing per customer passes through this process.
    /// </summary>
    /// <param name="source">Where the transactions are.</param>
    /// <param name="target">The table to create (one to three name parts; it must not exist).</param>
    /// <param name="options">End, unit and conventions.</param>
    /// <returns>The number of customers written.</returns>
    /// <exception cref="ClvDataException">As <see cref="Summarize"/>, or the target exists.</exception>
    public long WriteSummaryTable(DuckDbTransactionSource source, IReadOnlyList<string> target, SummaryOptions options)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(target);
        CheckOptions(options);
        if (target.Count is 0 or > 3) throw new ArgumentException("A table name has one to three parts (catalog, schema, table).", nameof(target));
        string table = string.Join(".", target.Select(DuckDbTransactionSource.QuoteIdentifier));
        using var command = CustomersCommand(source, options, options.ObservationEnd, """
            SELECT customer_id, CAST(repeat_days AS DOUBLE) AS frequency, CAST(recency_days AS DOUBLE) / $clv_days AS recency,
                CAST(age_days AS DOUBLE) / $clv_days AS t, monetary AS monetary_value
            FROM customers
            """);
        command.CommandText = $"CREATE TABLE {table} AS " + command.CommandText;
        command.UseStreamingMode = false;
        command.Parameters.Add(new DuckDBParameter("clv_days", options.TimeUnit.DaysPerUnit));
        try
        {
            command.ExecuteNonQuery();
        }
        catch (DuckDBException e)
        {
            throw new ClvDataException($"DuckDB cannot write the summary table: {e.Message}", "duckdb table " + string.Join(".", target));
        }
        using var count = _connection.CreateCommand();
        count.CommandText = $"SELECT count(*) FROM {table}";
        return Convert.ToInt64(count.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    private DuckDBCommand CustomersCommand(DuckDbTransactionSource source, SummaryOptions options, DateOnly calibrationEnd, string select)
    {
        Validate(source, options.ObservationEnd, options.DropTransactionsAfterEnd);
        var command = Command(source, null, CustomersCte + select);
        command.UseStreamingMode = true;
        command.Parameters.Add(new DuckDBParameter("clv_end", options.ObservationEnd));
        command.Parameters.Add(new DuckDBParameter("clv_cal", calibrationEnd));
        command.Parameters.Add(new DuckDBParameter("clv_include_first", options.IncludeFirstPurchaseInMonetaryValue));
        return command;
    }

    /// <summary>
    /// Checks the columns exist, then counts in one scan the rows with a missing id, a missing or malformed date, a
    /// missing or invalid amount, or a date after the observation end; reports the first kind of problem found (further
    /// queries run only to describe an error). Plain aggregates only, so DuckDB can stream and spill.
    /// </summary>
    private void Validate(DuckDbTransactionSource source, DateOnly? observationEnd, bool dropAfterEnd)
    {
        CheckColumnsExist(source);
        var columns = source.Columns;
        using var command = Command(source, """
            SELECT
                count(*) AS n,
                count(*) FILTER (WHERE customer_id IS NULL OR customer_id = '') AS missing_id,
                count(*) FILTER (WHERE day IS NULL) AS bad_date,
                count(*) FILTER (WHERE amount IS NULL OR isnan(amount) OR isinf(amount)) AS bad_amount,
                count(*) FILTER (WHERE amount < 0) AS negative_amount,
                count(*) FILTER (WHERE day > $clv_end) AS after_end
            FROM tx
            """);
        command.Parameters.Add(new DuckDBParameter("clv_end", observationEnd ?? DateOnly.MaxValue));
        long n, missingId, badDate, badAmount, negative, afterEnd;
        using (var reader = command.ExecuteReader())
        {
            reader.Read();
            n = reader.GetInt64(0);
            missingId = reader.GetInt64(1);
            badDate = reader.GetInt64(2);
            badAmount = reader.GetInt64(3);
            negative = reader.GetInt64(4);
            afterEnd = reader.GetInt64(5);
        }
        if (n == 0) throw new ClvDataException("The transaction log contains no transactions.", source.Name);
        if (missingId > 0)
            throw new ClvDataException(Count(missingId, "rows have no customer id."), source.Name, column: columns.CustomerColumn, count: missingId);
        if (badDate > 0)
        {
            string? example = Example(source, "day IS NULL", "raw_date");
            string format = columns.DateFormat is null ? "a DATE, TIMESTAMP or yyyy-MM-dd text" : $"a date in the format '{columns.DateFormat}'";
            throw new ClvDataException(Count(badDate, $"rows have a missing date or one that is not {format} (for example '{example}')."),
                source.Name, column: columns.DateColumn, customerId: Example(source, "day IS NULL", "customer_id"), count: badDate);
        }
        if (badAmount > 0)
            throw new ClvDataException(Count(badAmount, $"rows have a missing, non-numeric or non-finite amount (for example '{Example(source, "amount IS NULL OR isnan(amount) OR isinf(amount)", "raw_amount")}')."),
                source.Name, column: columns.AmountColumn, customerId: Example(source, "amount IS NULL OR isnan(amount) OR isinf(amount)", "customer_id"), count: badAmount);
        if (negative > 0 && !columns.AllowNegativeAmounts)
            throw new ClvDataException(Count(negative, "rows have a negative amount; negative amounts (returns) are accepted only when allowed explicitly (AllowNegativeAmounts)."),
                source.Name, column: columns.AmountColumn, customerId: Example(source, "amount < 0", "customer_id"), count: negative);
        if (observationEnd is { } end && afterEnd > 0 && !dropAfterEnd)
        {
            string endText = end.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            const string late = "customer_id IN (SELECT customer_id FROM tx GROUP BY customer_id HAVING min(day) > $clv_end)";
            long lateCustomers;
            using (var count = Command(source, $"SELECT count(DISTINCT customer_id) FROM tx WHERE {late}"))
            {
                count.Parameters.Add(new DuckDBParameter("clv_end", end));
                lateCustomers = Convert.ToInt64(count.ExecuteScalar(), CultureInfo.InvariantCulture);
            }
            if (lateCustomers > 0)
                throw new ClvDataException(string.Create(CultureInfo.InvariantCulture,
                    $"The observation end {endText} is before the first purchase of {lateCustomers} customers. Choose a later observation end, or drop transactions after the end explicitly (DropTransactionsAfterEnd)."),
                    source.Name, customerId: Example(source, late, "customer_id", end),
                    count: lateCustomers);
            throw new ClvDataException(string.Create(CultureInfo.InvariantCulture,
                $"{afterEnd} of {n} transactions are dated after the observation end {endText}. Choose a later observation end, or drop them explicitly (DropTransactionsAfterEnd)."),
                source.Name, column: columns.DateColumn, customerId: Example(source, "day > $clv_end", "customer_id", end), count: afterEnd);
        }
    }

    private static string Count(long count, string text) =>
        string.Create(CultureInfo.InvariantCulture, $"{count} {text}");

    /// <summary>One value of <paramref name="column"/> of tx (the smallest) among rows matching a fixed condition.</summary>
    private string? Example(DuckDbTransactionSource source, string condition, string column, DateOnly? end = null)
    {
        using var command = Command(source, $"SELECT min(CAST({column} AS VARCHAR)) FROM tx WHERE {condition}");
        if (end is { } e) command.Parameters.Add(new DuckDBParameter("clv_end", e));
        return command.ExecuteScalar() as string;
    }

    private void CheckColumnsExist(DuckDbTransactionSource source)
    {
        var names = new List<string>();
        using (var command = _connection.CreateCommand())
        {
            command.CommandText = $"DESCRIBE SELECT * FROM {source.Relation}";
            source.Bind(command);
            try
            {
                using var reader = command.ExecuteReader();
                while (reader.Read()) names.Add(reader.GetString(0));
            }
            catch (DuckDBException e)
            {
                throw new ClvDataException($"DuckDB cannot read the source: {e.Message}", source.Name);
            }
        }
        var columns = source.Columns;
        foreach (var wanted in new[] { columns.CustomerColumn, columns.DateColumn, columns.AmountColumn })
        {
            if (wanted is null || names.Contains(wanted, StringComparer.Ordinal)) continue;
            throw new ClvDataException($"There is no column '{wanted}'; the source has {string.Join(", ", names.Select(x => $"'{x}'"))}.",
                source.Name, column: wanted);
        }
    }

    /// <summary>
    /// A command whose SQL starts with the common table <c>tx(customer_id VARCHAR, day DATE, amount DOUBLE, raw_date,
    /// raw_amount)</c> over the source, then <paramref name="select"/> (or <paramref name="tail"/>, which continues the
    /// WITH clause).
    /// </summary>
    private DuckDBCommand Command(DuckDbTransactionSource source, string? select, string? tail = null)
    {
        var columns = source.Columns;
        string customer = DuckDbTransactionSource.QuoteIdentifier(columns.CustomerColumn);
        string date = DuckDbTransactionSource.QuoteIdentifier(columns.DateColumn);
        string day = columns.DateFormat is null
            ? $"TRY_CAST({date} AS DATE)"
            : $"CAST(try_strptime(CAST({date} AS VARCHAR), $clv_date_format) AS DATE)";
        string amount = columns.AmountColumn is null ? "0.0" : $"TRY_CAST({DuckDbTransactionSource.QuoteIdentifier(columns.AmountColumn)} AS DOUBLE)";
        string rawAmount = columns.AmountColumn is null ? "NULL" : DuckDbTransactionSource.QuoteIdentifier(columns.AmountColumn);
        var command = _connection.CreateCommand();
        command.CommandText = $"""
            WITH tx AS (
                SELECT CAST({customer} AS VARCHAR) AS customer_id, {day} AS day, {amount} AS amount,
                    {date} AS raw_date, {rawAmount} AS raw_amount
                FROM {source.Relation})
            {tail ?? select}
            """;
        source.Bind(command);
        if (columns.DateFormat is not null) command.Parameters.Add(new DuckDBParameter("clv_date_format", columns.DateFormat));
        return command;
    }
}
