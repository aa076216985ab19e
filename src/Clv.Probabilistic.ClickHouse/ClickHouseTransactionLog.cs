using System.Globalization;
using Clv.Probabilistic.Data;
using Clv.Probabilistic.Engines;
using Clv.Probabilistic.Models.GammaGamma;

namespace Clv.Probabilistic.ClickHouse;

/// <summary>
/// A transaction log in ClickHouse (a MergeTree table, a Distributed table over shards, or any query), summarised inside
/// the server: only one row per customer, or one per distinct (x, t_x, T), comes back, streamed as TabSeparated over
/// the HTTP interface.
/// </summary>
/// <remarks>
/// The ClickHouse implementation of <see cref="IEngineTransactionLog"/>, with the conventions of Fader, Hardie &amp; Lee
/// (2005), "Counting Your Customers the Easy Way", section 2, as <see cref="RfmSummarizer"/>: purchases of one day merged
/// (amounts summed), x the purchase days after the first up to the (calibration) end, t_x and T whole days (day numbers
/// computed by the server) divided by the unit's length in .NET, monetary value the mean repeat-day amount.
/// One GROUP BY customer over the transactions computes everything (distinct days and the first-day and repeat-day
/// amounts from the customer's (day, amount) pairs), so a Distributed table aggregates on its
/// shards and merges on the server queried, with no JOIN; the SQL uses only functions ClickHouse has had since 18.x.
/// Rows are ordered by customer id (byte order). The log is scanned once to validate it, then once to summarise it.
/// </remarks>
public sealed class ClickHouseTransactionLog : IEngineTransactionLog
{
    private readonly ClickHouseConnection _connection;
    private readonly string _relation;
    private readonly EngineLogQueries _queries;

    private ClickHouseTransactionLog(ClickHouseConnection connection, string relation, string name, ClickHouseTransactionColumns? columns)
    {
        _connection = connection ?? throw new ArgumentNullException(nameof(connection));
        _relation = relation;
        Name = name;
        Columns = columns ?? ClickHouseTransactionColumns.Default;
        _queries = new EngineLogQueries(SourceName, PerCustomer, Monetary, "toInt64(count())",
            (options, calibrationEnd, sql, fields, row) => Stream(options, calibrationEnd, sql, fields, row));
    }

    /// <summary>A table (MergeTree, Distributed, a view, ...), optionally qualified by its database: each part is quoted.</summary>
    /// <param name="connection">The server.</param>
    /// <param name="nameParts">For example <c>("sales", "transactions")</c> for <c>`sales`.`transactions`</c>.</param>
    /// <param name="columns">Column names.</param>
    public static ClickHouseTransactionLog Table(ClickHouseConnection connection, IReadOnlyList<string> nameParts, ClickHouseTransactionColumns? columns = null) =>
        new(connection, ClickHouseSql.QuoteName(nameParts), "table " + string.Join(".", nameParts), columns);

    /// <summary>Any query returning the transaction columns (the caller's own SQL, run as a subquery; no FORMAT clause, no semicolon).</summary>
    public static ClickHouseTransactionLog Query(ClickHouseConnection connection, string sql, ClickHouseTransactionColumns? columns = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(sql);
        return new(connection, "(" + sql + ")", "query", columns);
    }

    /// <inheritdoc />
    public string Engine => "clickhouse";

    /// <inheritdoc />
    public string Name { get; }

    /// <summary>Which columns hold customer, date and amount.</summary>
    public ClickHouseTransactionColumns Columns { get; }

    private string SourceName => "clickhouse " + Name;

    /// <inheritdoc />
    public RfmSummary Summarize(SummaryOptions options) => _queries.Summarize(options);

    /// <inheritdoc />
    public CalibrationHoldoutSummary SummarizeCalibrationHoldout(DateOnly calibrationEnd, SummaryOptions options) =>
        _queries.SummarizeCalibrationHoldout(calibrationEnd, options);

    /// <inheritdoc />
    public RfmSummary PurchaseRows(SummaryOptions options) => _queries.PurchaseRows(options);

    /// <inheritdoc />
    public GammaGammaData SpendRows(SummaryOptions options) => _queries.SpendRows(options);

    /// <summary>
    /// Writes the per-customer summary (as <see cref="Summarize"/>) into a new MergeTree table on the server queried,
    /// computed and stored entirely inside ClickHouse: <c>customer_id String, frequency, recency, t, monetary_value</c>
    /// (Float64, durations in the options' time unit, divided by the server with the same IEEE division as .NET), the input
    /// of <see cref="ClickHouseScorer"/>. Nothing per customer passes through this process.
    /// </summary>
    /// <param name="target">The table to create (it must not exist).</param>
    /// <param name="options">End, unit and conventions.</param>
    /// <returns>The number of customers written.</returns>
    /// <exception cref="ClvDataException">As <see cref="Summarize"/>, or the target exists.</exception>
    public long WriteSummaryTable(IReadOnlyList<string> target, SummaryOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        string table = ClickHouseSql.QuoteName(target);
        string days = ClickHouseSql.Float64(options.TimeUnit.DaysPerUnit);
        Stream(options, options.ObservationEnd, $"""
            CREATE TABLE {table} ENGINE = MergeTree() ORDER BY customer_id AS
            SELECT customer_id, toFloat64(repeat_days) AS frequency, toFloat64(recency_days) / {days} AS recency,
                toFloat64(age_days) / {days} AS t, {Monetary(options)} AS monetary_value
            FROM ({PerCustomer}) c
            """, 0, null);
        long rows = 0;
        using (var count = _connection.Query($"SELECT toInt64(count()) FROM {table}", "clickhouse table " + string.Join(".", target), 1))
            while (count.Read()) rows = count.GetInt64(0);
        return rows;
    }

    /// <summary>
    /// One row per customer first seen on or before {cal}: whole-day counts and amount sums over the days up to {end},
    /// from one GROUP BY customer. Same-day purchases are merged by counting distinct days (<c>arrayUniq</c>, far cheaper
    /// than a <c>uniqExact</c> state per customer) and by summing the first day's and the later days' amounts from the
    /// customer's (day, amount) pairs. Lambdas get every value as an array argument (<c>firsts</c>), never as a captured
    /// column, which 18.x servers drop from subqueries.
    /// </summary>
    private const string PerCustomer = """
        SELECT customer_id, repeat_days, recency_days, age_days, first_amount, repeat_amount, holdout_days, holdout_amount
        FROM (
            SELECT customer_id, toInt64(min(day)) AS first_day,
                groupArrayIf((day, amount), day <= {cal}) AS pairs,
                arrayMap(p -> tupleElement(p, 1), pairs) AS days,
                arrayMap(p -> tupleElement(p, 2), pairs) AS amounts,
                arrayResize(emptyArrayInt64(), length(pairs), first_day) AS firsts,
                toInt64(arrayUniq(days)) - 1 AS repeat_days,
                toInt64(maxIf(day, day <= {cal})) - first_day AS recency_days,
                {cal} - first_day AS age_days,
                arraySum(arrayMap((d, a, f) -> if(d = f, a, toFloat64(0)), days, amounts, firsts)) AS first_amount,
                arraySum(arrayMap((d, a, f) -> if(d > f, a, toFloat64(0)), days, amounts, firsts)) AS repeat_amount,
                toInt64(arrayUniq(groupArrayIf(day, day > {cal}))) AS holdout_days,
                sumIf(amount, day > {cal}) AS holdout_amount
            FROM {tx} tx WHERE day <= {end}
            GROUP BY customer_id HAVING min(day) <= {cal})
        """;

    /// <summary>The monetary value of a row of <see cref="PerCustomer"/>, with the arithmetic of <see cref="RfmSummarizer"/>.</summary>
    private static string Monetary(SummaryOptions options) => options.IncludeFirstPurchaseInMonetaryValue
        ? "(first_amount + repeat_amount) / toFloat64(repeat_days + 1)"
        : "if(repeat_days > 0, repeat_amount / toFloat64(repeat_days), toFloat64(0))";

    /// <summary>
    /// Validates the log, then streams the rows of <paramref name="sql"/> (with {tx}, {end} and {cal} bound) through
    /// <paramref name="row"/>, or only runs it when <paramref name="row"/> is null.
    /// </summary>
    private void Stream(SummaryOptions options, DateOnly calibrationEnd, string sql, int fields, Action<ClickHouseRows>? row)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!(options.TimeUnit.DaysPerUnit > 0))
            throw new ArgumentException("The summary options need a time unit (for example TimeUnit.Weeks).", nameof(options));
        var validator = new ClickHouseLogValidator(_connection, _relation, Columns, SourceName);
        validator.Validate(options.ObservationEnd, options.DropTransactionsAfterEnd);
        // The caller's query goes in last, so that nothing in it is taken for a placeholder.
        string text = sql.Replace("{end}", ClickHouseSql.DayNumber(options.ObservationEnd), StringComparison.Ordinal)
            .Replace("{cal}", ClickHouseSql.DayNumber(calibrationEnd), StringComparison.Ordinal)
            .Replace("{tx}", validator.Transactions, StringComparison.Ordinal);
        if (row is null)
        {
            _connection.Execute(text, SourceName);
            return;
        }
        using var rows = _connection.Query(text, SourceName, fields);
        while (rows.Read()) row(rows);
    }
}
