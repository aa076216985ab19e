using Clv.Probabilistic.Data;
using Clv.Probabilistic.Engines;
using Clv.Probabilistic.Valuation;
using DuckDB.NET.Data;

namespace Clv.Probabilistic.DuckDb;

/// <summary>
/// Scores a table of per-customer summaries inside a DuckDB database with fitted models and writes the predictions into
/// a table of the same database through DuckDB's appender, in bounded memory, resumable after a crash.
/// </summary>
/// <remarks>
/// The summaries table needs the columns <c>customer_id</c> (any type, read as text), <c>frequency</c>, <c>recency</c>,
/// <c>t</c> (or <c>T</c>) and, with a spend model, <c>monetary_value</c>, numeric, in the purchase model's time unit (as
/// <c>clv summarize --engine duckdb --write-table</c> writes them). Customers stream from one query that leaves out
/// those already in the prediction table (an anti-join on its primary key, the customer id); every
/// <see cref="BatchSize"/> customers are scored and appended in one transaction on a second connection to the same
/// database. Re-running after a crash therefore finishes the job without duplicates or losses. Memory is one batch.
/// The prediction table, created when missing, has <c>customer_id VARCHAR PRIMARY KEY</c> and one <c>DOUBLE</c> column per
/// <see cref="CustomerScorer.Columns"/> entry; an existing table must have those columns.
/// </remarks>
/// <param name="connection">An open connection to the database holding the summaries (not disposed by this object).</param>
public sealed class DuckDbScorer(DuckDBConnection connection)
{
    private readonly DuckDBConnection _connection = connection ?? throw new ArgumentNullException(nameof(connection));

    /// <summary>Customers per batch (one transaction each); the memory bound.</summary>
    public int BatchSize { get; init; } = 50_000;

    /// <summary>Scores <paramref name="summaryTable"/> into <paramref name="predictionTable"/> with the columns of <paramref name="scorer"/>.</summary>
    /// <param name="summaryTable">The summaries: one to three name parts, for example <c>["summaries"]</c>.</param>
    /// <param name="predictionTable">Where to write (one or two name parts), created when missing.</param>
    /// <param name="scorer">The models and the columns to write.</param>
    /// <param name="progress">Told the number of customers written so far (by this and earlier runs) after each batch.</param>
    /// <exception cref="ClvDataException">The table or a column is missing, a column is not numeric, a row is invalid, or the prediction table exists with other columns (the message names the table, column and customer).</exception>
    public ScoringReport Score(IReadOnlyList<string> summaryTable, IReadOnlyList<string> predictionTable, CustomerScorer scorer,
        IProgress<long>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(summaryTable);
        ArgumentNullException.ThrowIfNull(predictionTable);
        ArgumentNullException.ThrowIfNull(scorer);
        if (BatchSize < 1) throw new ArgumentOutOfRangeException(nameof(BatchSize), BatchSize, "A batch holds at least one customer.");
        if (predictionTable.Count is 0 or > 2) throw new ArgumentException("The prediction table has one or two name parts (schema, table).", nameof(predictionTable));
        if (_connection.State != System.Data.ConnectionState.Open) _connection.Open();
        string source = "duckdb table " + string.Join(".", summaryTable);
        string targetName = "duckdb table " + string.Join(".", predictionTable);
        string relation = QuoteName(summaryTable);
        string target = QuoteName(predictionTable);
        var columns = SummaryColumns(relation, source, scorer.NeedsMonetaryValue);
        PrepareTarget(target, targetName, scorer);
        long already = Convert.ToInt64(Scalar($"SELECT count(*) FROM {target}", targetName), System.Globalization.CultureInfo.InvariantCulture);

        using var write = SecondConnection();
        using var query = _connection.CreateCommand();
        string id = $"CAST(s.{columns.Id} AS VARCHAR)";
        string money = columns.Monetary is null ? "CAST(0 AS DOUBLE)" : $"TRY_CAST(s.{columns.Monetary} AS DOUBLE)";
        query.CommandText = $"""
            SELECT {id}, TRY_CAST(s.{columns.Frequency} AS DOUBLE), TRY_CAST(s.{columns.Recency} AS DOUBLE), TRY_CAST(s.{columns.T} AS DOUBLE), {money}
            FROM {relation} s
            WHERE NOT EXISTS (SELECT 1 FROM {target} p WHERE p.customer_id = {id})
            """;
        query.UseStreamingMode = true;
        var tally = new ShardProgress(already, progress);
        Run(source, () =>
        {
            using var reader = query.ExecuteReader();
            ShardedScoring.Stream(new ScoringBatch(BatchSize, scorer), batch =>
            {
                if (!reader.Read()) return false;
                double? Value(int c) => reader.IsDBNull(c) ? null : reader.GetDouble(c);
                batch.Add(reader.IsDBNull(0) ? null : reader.GetString(0), Value(1), Value(2), Value(3), Value(4), source);
                return true;
            }, batch => Append(write, predictionTable, targetName, batch), tally, source);
        });
        return tally.Report();
    }

    /// <summary>Appends one scored batch in one transaction: all of it is written, or none.</summary>
    private static void Append(DuckDBConnection write, IReadOnlyList<string> table, string targetName, ScoringBatch batch)
    {
        Run(targetName, () =>
        {
            using var transaction = write.BeginTransaction();
            using (var appender = table.Count == 1 ? write.CreateAppender(table[0]) : write.CreateAppender(table[0], table[1]))
            {
                var ids = batch.Ids;
                var values = batch.Values;
                for (int i = 0; i < batch.Count; i++)
                {
                    var row = appender.CreateRow().AppendValue(ids[i]);
                    foreach (var column in values) row.AppendValue(column[i]);
                    row.EndRow();
                }
            }
            transaction.Commit();
        });
    }

    /// <summary>A second connection to the same database, for writing while the first one streams.</summary>
    private DuckDBConnection SecondConnection()
    {
        var second = _connection.DataSource is null or "" or ":memory:" || _connection.DataSource.StartsWith(":memory:", StringComparison.Ordinal)
            ? _connection.Duplicate()
            : new DuckDBConnection(_connection.ConnectionString);
        if (second.State != System.Data.ConnectionState.Open) second.Open();
        return second;
    }

    /// <summary>The summary columns, matched case-insensitively and checked to be numeric.</summary>
    private SummaryTableColumns SummaryColumns(string relation, string source, bool needMonetary)
    {
        var columns = new List<(string Name, string Type)>();
        Run(source, () =>
        {
            using var command = _connection.CreateCommand();
            command.CommandText = $"DESCRIBE SELECT * FROM {relation}";
            using var reader = command.ExecuteReader();
            while (reader.Read()) columns.Add((reader.GetString(0), reader.GetString(1)));
        });
        return ShardedScoring.FindColumns(columns, IsNumeric, DuckDbTransactionSource.QuoteIdentifier, source, needMonetary);
    }

    private static bool IsNumeric(string type) =>
        type.StartsWith("DECIMAL", StringComparison.OrdinalIgnoreCase)
        || type.ToUpperInvariant() is "TINYINT" or "SMALLINT" or "INTEGER" or "BIGINT" or "HUGEINT" or "UTINYINT" or "USMALLINT"
            or "UINTEGER" or "UBIGINT" or "UHUGEINT" or "FLOAT" or "DOUBLE";

    /// <summary>Creates the prediction table when missing; an existing one must have the scorer's columns.</summary>
    private void PrepareTarget(string target, string targetName, CustomerScorer scorer)
    {
        var existing = new List<string>();
        Run(targetName, () =>
        {
            using (var create = _connection.CreateCommand())
            {
                create.CommandText = $"""
                    CREATE TABLE IF NOT EXISTS {target} (customer_id VARCHAR PRIMARY KEY,
                        {string.Join(", ", scorer.Columns.Select(c => DuckDbTransactionSource.QuoteIdentifier(c) + " DOUBLE NOT NULL"))})
                    """;
                create.ExecuteNonQuery();
            }
            using var describe = _connection.CreateCommand();
            describe.CommandText = $"DESCRIBE SELECT * FROM {target}";
            using var reader = describe.ExecuteReader();
            while (reader.Read()) existing.Add(reader.GetString(0));
        });
        ScoringBatch.CheckTarget(existing, scorer, targetName);
    }

    private object? Scalar(string sql, string source)
    {
        object? value = null;
        Run(source, () =>
        {
            using var command = _connection.CreateCommand();
            command.CommandText = sql;
            value = command.ExecuteScalar();
        });
        return value;
    }

    private static string QuoteName(IReadOnlyList<string> parts)
    {
        if (parts.Count is 0 or > 3) throw new ArgumentException("A table name has one to three parts (catalog, schema, table).", nameof(parts));
        return string.Join(".", parts.Select(DuckDbTransactionSource.QuoteIdentifier));
    }

    /// <summary>Runs DuckDB work; an error DuckDB reports (a missing table, a failed cast) names the source.</summary>
    private static void Run(string source, Action action)
    {
        try
        {
            action();
        }
        catch (DuckDBException e)
        {
            throw new ClvDataException($"DuckDB reported an error: {e.Message}", source);
        }
    }
}
