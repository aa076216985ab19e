using System.Globalization;
using Clv.Probabilistic.Data;
using Clv.Probabilistic.Engines;
using Clv.Probabilistic.Models.GammaGamma;
using Npgsql;

namespace Clv.Probabilistic.PostgreSql;

/// <summary>
/// A transaction log in PostgreSQL (a table, a partitioned table, a table whose partitions are postgres_fdw foreign
/// tables on shards, or any query), summarised inside the server: only one row per customer, or one per distinct
/// (x, t_x, T), comes back.
/// </summary>
/// <remarks>
/// The PostgreSQL implementation of <see cref="IEngineTransactionLog"/>, with the conventions of Fader, Hardie &amp; Lee
/// (2005), "Counting Your Customers the Easy Way", section 2, as <see cref="RfmSummarizer"/>: purchases of one day merged
/// (amounts summed), x the purchase days after the first up to the (calibration) end, t_x and T whole days (date
/// differences computed by the server) divided by the unit's length in .NET, monetary value the mean repeat-day amount.
/// The SQL uses only derived tables, joins, GROUP BY and CASE inside plain aggregates (no CTEs, FILTER, window or
/// ordered-set aggregates, no functions beyond casts), so PostgreSQL-compatible distributed databases accept it and
/// PostgreSQL can aggregate partition by partition (<c>enable_partitionwise_aggregate</c>, set for the session when the
/// server knows it) or push the per-customer grouping to postgres_fdw shards.
/// Rows are ordered by customer id in the server's collation. The log is scanned once to validate it, then once or twice
/// to summarise it.
/// </remarks>
public sealed class PostgreSqlTransactionLog : IEngineTransactionLog
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly string _relation;
    private readonly EngineLogQueries _queries;

    private PostgreSqlTransactionLog(NpgsqlDataSource dataSource, string relation, string name, PostgreSqlTransactionColumns? columns)
    {
        _dataSource = dataSource ?? throw new ArgumentNullException(nameof(dataSource));
        _relation = relation;
        Name = name;
        Columns = columns ?? PostgreSqlTransactionColumns.Default;
        _queries = new EngineLogQueries(SourceName, PerCustomer, _ => Monetary, "CAST(count(*) AS bigint)",
            (options, calibrationEnd, sql, _, row) => Stream(options, calibrationEnd, sql, row));
    }

    /// <summary>A table or view, optionally qualified by schema: each part is quoted.</summary>
    /// <param name="dataSource">Where to connect (connections are opened per call and returned to the pool).</param>
    /// <param name="nameParts">For example <c>("sales", "transactions")</c> for <c>"sales"."transactions"</c>.</param>
    /// <param name="columns">Column names.</param>
    public static PostgreSqlTransactionLog Table(NpgsqlDataSource dataSource, IReadOnlyList<string> nameParts, PostgreSqlTransactionColumns? columns = null) =>
        new(dataSource, PostgreSqlSql.QuoteName(nameParts), "table " + string.Join(".", nameParts), columns);

    /// <summary>
    /// Any query returning the transaction columns (the caller's own SQL, run as a derived table; it must not end with a
    /// semicolon).
    /// </summary>
    public static PostgreSqlTransactionLog Query(NpgsqlDataSource dataSource, string sql, PostgreSqlTransactionColumns? columns = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(sql);
        return new(dataSource, "(" + sql + ") AS clv_query", "query", columns);
    }

    /// <inheritdoc />
    public string Engine => "postgres";

    /// <inheritdoc />
    public string Name { get; }

    /// <summary>Which columns hold customer, date and amount.</summary>
    public PostgreSqlTransactionColumns Columns { get; }

    private string SourceName => "postgres " + Name;

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
    /// Writes the per-customer summary (as <see cref="Summarize"/>) into a new table of the same database, computed and
    /// stored entirely inside the server: <c>customer_id text, frequency, recency, t, monetary_value</c> (double
    /// precision, durations in the options' time unit, divided by the server with the same IEEE division as .NET), the
    /// input of <see cref="PostgreSqlScorer"/>. Nothing per customer passes through this process.
    /// </summary>
    /// <param name="target">The table to create (it must not exist).</param>
    /// <param name="options">End, unit and conventions.</param>
    /// <returns>The number of customers written.</returns>
    /// <exception cref="ClvDataException">As <see cref="Summarize"/>, or the target exists.</exception>
    public long WriteSummaryTable(IReadOnlyList<string> target, SummaryOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        string table = PostgreSqlSql.QuoteName(target);
        long rows = 0;
        Stream(options, options.ObservationEnd, $"""
            CREATE TABLE {table} AS
            SELECT customer_id, CAST(repeat_days AS double precision) AS frequency,
                CAST(recency_days AS double precision) / @days_per_unit AS recency,
                CAST(age_days AS double precision) / @days_per_unit AS t, {Monetary} AS monetary_value
            FROM ({PerCustomer}) c
            """, _ => { }, command =>
        {
            command.Parameters.AddWithValue("days_per_unit", options.TimeUnit.DaysPerUnit);
            command.ExecuteNonQuery();
            using var count = new NpgsqlCommand($"SELECT count(*) FROM {table}", command.Connection);
            rows = (long)count.ExecuteScalar()!;
        });
        return rows;
    }

    /// <summary>
    /// One row per customer first seen on or before @cal: whole-day counts and amount sums over the days up to @end
    /// (same-day purchases merged in <c>d</c>), with the first purchase day from <c>f</c>.
    /// </summary>
    private const string PerCustomer = """
        SELECT d.customer_id,
            CAST(sum(CASE WHEN d.day > f.first_day AND d.day <= @cal THEN 1 ELSE 0 END) AS bigint) AS repeat_days,
            CAST(max(CASE WHEN d.day <= @cal THEN d.day END) - f.first_day AS bigint) AS recency_days,
            CAST(@cal - f.first_day AS bigint) AS age_days,
            sum(CASE WHEN d.day = f.first_day THEN d.amount ELSE CAST(0 AS double precision) END) AS first_amount,
            sum(CASE WHEN d.day > f.first_day AND d.day <= @cal THEN d.amount ELSE CAST(0 AS double precision) END) AS repeat_amount,
            CAST(sum(CASE WHEN d.day > @cal THEN 1 ELSE 0 END) AS bigint) AS holdout_days,
            sum(CASE WHEN d.day > @cal THEN d.amount ELSE CAST(0 AS double precision) END) AS holdout_amount
        FROM (SELECT customer_id, day, sum(amount) AS amount FROM {tx} tx WHERE day <= @end GROUP BY customer_id, day) d
        JOIN (SELECT customer_id, min(day) AS first_day FROM {tx} tx WHERE day <= @end GROUP BY customer_id HAVING min(day) <= @cal) f
            ON d.customer_id = f.customer_id
        GROUP BY d.customer_id, f.first_day
        """;

    /// <summary>The monetary value of a row of <see cref="PerCustomer"/>, with the arithmetic of <see cref="RfmSummarizer"/>.</summary>
    private const string Monetary = """
        CASE WHEN @include_first THEN (first_amount + repeat_amount) / (repeat_days + 1)
            WHEN repeat_days > 0 THEN repeat_amount / repeat_days ELSE CAST(0 AS double precision) END
        """;

    /// <summary>Validates the log, then streams the rows of <paramref name="sql"/> (with {tx} and the parameters bound) through <paramref name="row"/>.</summary>
    private void Stream(SummaryOptions options, DateOnly calibrationEnd, string sql, Action<IEngineRow> row,
        Action<NpgsqlCommand>? execute = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!(options.TimeUnit.DaysPerUnit > 0))
            throw new ArgumentException("The summary options need a time unit (for example TimeUnit.Weeks).", nameof(options));
        using var connection = Open();
        var validator = new PostgreSqlLogValidator(connection, _relation, Columns, SourceName);
        validator.Validate(options.ObservationEnd, options.DropTransactionsAfterEnd);
        EnablePartitionWise(connection);
        using var command = new NpgsqlCommand(sql.Replace("{tx}", validator.Transactions, StringComparison.Ordinal), connection);
        command.CommandTimeout = 0;
        command.Parameters.AddWithValue("end", options.ObservationEnd);
        command.Parameters.AddWithValue("cal", calibrationEnd);
        command.Parameters.AddWithValue("include_first", options.IncludeFirstPurchaseInMonetaryValue);
        PostgreSqlErrors.Run(SourceName, () =>
        {
            if (execute is not null)
            {
                execute(command);
                return;
            }
            using var reader = command.ExecuteReader();
            var current = new Row(reader);
            while (reader.Read()) row(current);
        });
    }

    private NpgsqlConnection Open() => PostgreSqlErrors.Open(_dataSource, SourceName);

    /// <summary>
    /// Lets PostgreSQL join and aggregate a partitioned table partition by partition (and push the grouping to
    /// postgres_fdw shards); a server that does not know the settings (another PostgreSQL-compatible database) is left as it is.
    /// </summary>
    private static void EnablePartitionWise(NpgsqlConnection connection)
    {
        using var command = new NpgsqlCommand("""
            SELECT set_config(name, 'on', false) FROM pg_catalog.pg_settings
            WHERE name IN ('enable_partitionwise_aggregate', 'enable_partitionwise_join')
            """, connection);
        try
        {
            command.ExecuteNonQuery();
        }
        catch (PostgresException)
        {
            // Not PostgreSQL itself: the settings are hints, the result does not depend on them.
        }
    }

    /// <summary>The current row of a reader.</summary>
    private sealed class Row(NpgsqlDataReader reader) : IEngineRow
    {
        public string GetString(int i) => reader.GetString(i);

        public long GetInt64(int i) => reader.GetInt64(i);

        public double GetDouble(int i) => reader.GetDouble(i);
    }
}
