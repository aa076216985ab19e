using System.Data;
using System.Globalization;
using Clv.Probabilistic.Data;
using Clv.Probabilistic.Engines;
using Clv.Probabilistic.Models;
using Clv.Probabilistic.Valuation;
using Npgsql;
using NpgsqlTypes;

namespace Clv.Probabilistic.PostgreSql;

/// <summary>
/// Scores a table of per-customer summaries inside PostgreSQL with fitted models and writes the predictions into a table
/// of the same database by binary COPY, in bounded memory, shard by shard, shards in parallel.
/// </summary>
/// <remarks>
/// The summaries table needs the columns <c>customer_id</c> (any type, read as text), <c>frequency</c>, <c>recency</c>,
/// <c>t</c> (or <c>"T"</c>) and, with a spend model, <c>monetary_value</c>, numeric, in the purchase model's time unit
/// (as <c>clv summarize</c> writes them). The table is scored in shards: each leaf partition of a partitioned table
/// (for example postgres_fdw foreign partitions on shard servers), or else <see cref="Parallelism"/> ranges of customer
/// ids (split by <c>ntile</c> over the ids); up to <see cref="Parallelism"/> shards stream at once, each on its own two
/// connections. Each shard reads only its customers that have no prediction yet (an anti-join on the prediction table,
/// whose primary key is the customer id) and writes every <see cref="BatchSize"/> customers in one transaction, so a
/// shard is idempotent: re-running after a crash finishes the job without duplicates or losses, whatever was written
/// before. Memory is one batch per running shard. Each customer's values depend on that customer only
/// (<see cref="CustomerScorer"/>), so parallel and sequential runs write the same values up to rounding (a few ulps).
/// The prediction table, created when missing, has <c>customer_id text PRIMARY KEY</c> and one <c>double precision</c>
/// column per <see cref="CustomerScorer.Columns"/> entry; an existing table must have those columns.
/// </remarks>
public sealed class PostgreSqlScorer
{
    private readonly NpgsqlDataSource _dataSource;

    /// <summary>Scores in the database <paramref name="dataSource"/> connects to.</summary>
    public PostgreSqlScorer(NpgsqlDataSource dataSource) =>
        _dataSource = dataSource ?? throw new ArgumentNullException(nameof(dataSource));

    /// <summary>Customers per batch (one transaction and one COPY each); the memory bound per running shard.</summary>
    public int BatchSize { get; init; } = 50_000;

    /// <summary>
    /// Shards scored at once (two connections each); for a table that is not partitioned also the number of customer-id
    /// ranges it is split into. 1 scores one shard after another.
    /// </summary>
    public int Parallelism { get; init; } = 1;

    /// <summary>Scores <paramref name="summaryTable"/> into <paramref name="predictionTable"/> with the default columns (no CLV, no intervals).</summary>
    /// <param name="summaryTable">The summaries, for example <c>["public", "summaries"]</c>.</param>
    /// <param name="predictionTable">Where to write, created when missing.</param>
    /// <param name="model">The purchase model.</param>
    /// <param name="spend">A spend model, or null.</param>
    /// <param name="horizon">Horizon of the expected purchases, in the model's time unit; &gt; 0.</param>
    /// <param name="progress">Told the number of customers written so far (by this and earlier runs) after each batch.</param>
    /// <exception cref="ClvDataException">A column is missing or not numeric, or a row is invalid (the message names the table, column and customer).</exception>
    /// <exception cref="IOException">The server cannot be reached, or the connection broke (re-run to finish).</exception>
    public ScoringReport Score(IReadOnlyList<string> summaryTable, IReadOnlyList<string> predictionTable, IPurchaseModel model,
        ISpendModel? spend, double horizon, IProgress<long>? progress = null) =>
        Score(summaryTable, predictionTable, new CustomerScorer(model, spend, horizon), progress);

    /// <summary>Scores <paramref name="summaryTable"/> into <paramref name="predictionTable"/> with the columns of <paramref name="scorer"/>.</summary>
    /// <param name="summaryTable">The summaries, for example <c>["public", "summaries"]</c>.</param>
    /// <param name="predictionTable">Where to write, created when missing.</param>
    /// <param name="scorer">The models and the columns to write.</param>
    /// <param name="progress">Told the number of customers written so far (by this and earlier runs) after each batch.</param>
    /// <exception cref="ClvDataException">A column is missing or not numeric, a row is invalid, or the prediction table exists with other columns (the message names the table, column and customer).</exception>
    /// <exception cref="IOException">The server cannot be reached, or the connection broke (re-run to finish).</exception>
    public ScoringReport Score(IReadOnlyList<string> summaryTable, IReadOnlyList<string> predictionTable, CustomerScorer scorer,
        IProgress<long>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(scorer);
        if (BatchSize < 1) throw new ArgumentOutOfRangeException(nameof(BatchSize), BatchSize, "A batch holds at least one customer.");
        if (Parallelism < 1) throw new ArgumentOutOfRangeException(nameof(Parallelism), Parallelism, "At least one shard runs at a time.");
        string source = "postgres table " + string.Join(".", summaryTable);
        string targetName = "postgres table " + string.Join(".", predictionTable);
        string target = PostgreSqlSql.QuoteName(predictionTable);
        SummaryTableColumns columns;
        IReadOnlyList<Shard> shards;
        long already = 0;
        using (var connection = PostgreSqlErrors.Open(_dataSource, source))
        {
            columns = SummaryColumns(connection, summaryTable, source, scorer.NeedsMonetaryValue);
            PrepareTarget(connection, target, targetName, scorer);
            PostgreSqlErrors.Run(targetName, () =>
            {
                using var count = new NpgsqlCommand($"SELECT count(*) FROM {target}", connection);
                already = (long)count.ExecuteScalar()!;
            });
            shards = Shards(connection, summaryTable, source, columns);
        }
        return ShardedScoring.Run(shards, Parallelism, already, progress,
            (shard, tally) => ScoreShard(shard, columns, target, scorer, source, tally));
    }

    /// <summary>A part of the summaries table: a relation (a leaf partition or the table) and a customer-id range.</summary>
    private sealed record Shard(string Relation, string? After, string? UpTo);

    /// <summary>Scores one shard: its customers without a prediction yet, one transaction per batch.</summary>
    private void ScoreShard(Shard shard, SummaryTableColumns columns, string target, CustomerScorer scorer, string source, ShardProgress tally)
    {
        using var read = PostgreSqlErrors.Open(_dataSource, source);
        using var write = PostgreSqlErrors.Open(_dataSource, source);
        string id = $"CAST(s.{columns.Id} AS text)";
        string money = columns.Monetary is null ? "CAST(0 AS double precision)" : $"CAST(s.{columns.Monetary} AS double precision)";
        using var query = new NpgsqlCommand($"""
            SELECT {id}, CAST(s.{columns.Frequency} AS double precision), CAST(s.{columns.Recency} AS double precision),
                CAST(s.{columns.T} AS double precision), {money}
            FROM {shard.Relation} s
            WHERE {(shard.After is null ? "" : $"{id} > @after AND ")}{(shard.UpTo is null ? "" : $"{id} <= @up_to AND ")}
                NOT EXISTS (SELECT 1 FROM {target} p WHERE p.customer_id = {id})
            """, read) { CommandTimeout = 0 };
        if (shard.After is not null) query.Parameters.AddWithValue("after", shard.After);
        if (shard.UpTo is not null) query.Parameters.AddWithValue("up_to", shard.UpTo);
        string copy = $"COPY {target} (customer_id, {string.Join(", ", scorer.Columns.Select(PostgreSqlSql.QuoteIdentifier))}) FROM STDIN (FORMAT BINARY)";
        PostgreSqlErrors.Run(source, () =>
        {
            using var reader = query.ExecuteReader();
            ShardedScoring.Stream(new ScoringBatch(BatchSize, scorer), batch =>
            {
                if (!reader.Read()) return false;
                double? Value(int c) => reader.IsDBNull(c) ? null : reader.GetDouble(c);
                batch.Add(reader.IsDBNull(0) ? null : reader.GetString(0), Value(1), Value(2), Value(3), Value(4), source);
                return true;
            }, batch => Copy(write, copy, batch), tally, source);
        });
    }

    /// <summary>Writes one scored batch by binary COPY in one transaction: all of it, or none.</summary>
    private static void Copy(NpgsqlConnection connection, string copy, ScoringBatch batch)
    {
        var ids = batch.Ids;
        var values = batch.Values;
        using var transaction = connection.BeginTransaction();
        using (var writer = connection.BeginBinaryImport(copy))
        {
            for (int i = 0; i < batch.Count; i++)
            {
                writer.StartRow();
                writer.Write(ids[i], NpgsqlDbType.Text);
                foreach (var column in values) writer.Write(column[i], NpgsqlDbType.Double);
            }
            writer.Complete();
        }
        transaction.Commit();
    }

    /// <summary>
    /// The leaf partitions of a partitioned table; otherwise <see cref="Parallelism"/> ranges of customer ids (bounds
    /// from <c>ntile</c>, so a re-run on the same table finds the same ranges), or the whole table.
    /// </summary>
    private List<Shard> Shards(NpgsqlConnection connection, IReadOnlyList<string> table, string source, SummaryTableColumns columns)
    {
        string relation = PostgreSqlSql.QuoteName(table);
        var leaves = new List<Shard>();
        PostgreSqlErrors.Run(source, () =>
        {
            using var partitions = new NpgsqlCommand("""
                SELECT CAST(c.oid AS regclass)::text FROM pg_catalog.pg_class c
                WHERE c.oid IN (SELECT relid FROM pg_catalog.pg_partition_tree(CAST(@table AS regclass)) WHERE isleaf)
                    AND (SELECT relkind FROM pg_catalog.pg_class WHERE oid = CAST(@table AS regclass)) = 'p'
                ORDER BY 1
                """, connection);
            partitions.Parameters.AddWithValue("table", relation);
            try
            {
                using var reader = partitions.ExecuteReader();
                while (reader.Read()) leaves.Add(new Shard(reader.GetString(0), null, null));
            }
            catch (PostgresException e) when (e.SqlState is "42883" or "42P01" or "3F000")
            {
                // No pg_partition_tree (not PostgreSQL itself): scored as one table.
                leaves.Clear();
            }
        });
        if (leaves.Count > 0) return leaves;
        if (Parallelism == 1) return [new Shard(relation, null, null)];
        var bounds = new List<string>();
        PostgreSqlErrors.Run(source, () =>
        {
            using var ranges = new NpgsqlCommand(string.Create(CultureInfo.InvariantCulture, $"""
                SELECT max(id) FROM (SELECT CAST({columns.Id} AS text) AS id, ntile({Parallelism}) OVER (ORDER BY CAST({columns.Id} AS text)) AS k
                    FROM {relation} WHERE {columns.Id} IS NOT NULL) r
                GROUP BY k ORDER BY k
                """), connection) { CommandTimeout = 0 };
            using var reader = ranges.ExecuteReader();
            while (reader.Read()) bounds.Add(reader.GetString(0));
        });
        var shards = new List<Shard>();
        for (int k = 0; k < bounds.Count; k++)
            shards.Add(new Shard(relation, k == 0 ? null : bounds[k - 1], k == bounds.Count - 1 ? null : bounds[k]));
        return shards.Count > 0 ? shards : [new Shard(relation, null, null)];
    }

    /// <summary>Creates the prediction table when missing; an existing one must have the scorer's columns.</summary>
    private static void PrepareTarget(NpgsqlConnection connection, string target, string targetName, CustomerScorer scorer)
    {
        PostgreSqlErrors.Run(targetName, () =>
        {
            Execute(connection, $"""
                CREATE TABLE IF NOT EXISTS {target} (customer_id text PRIMARY KEY,
                    {string.Join(", ", scorer.Columns.Select(c => PostgreSqlSql.QuoteIdentifier(c) + " double precision NOT NULL"))})
                """);
            using var command = new NpgsqlCommand($"SELECT * FROM {target} LIMIT 0", connection);
            using var reader = command.ExecuteReader(CommandBehavior.SchemaOnly);
            var existing = Enumerable.Range(0, reader.FieldCount).Select(reader.GetName).ToList();
            ScoringBatch.CheckTarget(existing, scorer, targetName);
        });
    }

    /// <summary>The summary columns, matched case-insensitively and checked to be numeric.</summary>
    private static SummaryTableColumns SummaryColumns(NpgsqlConnection connection, IReadOnlyList<string> table, string source, bool needMonetary)
    {
        var columns = new List<(string Name, string Type)>();
        PostgreSqlErrors.Run(source, () =>
        {
            using var command = new NpgsqlCommand($"SELECT * FROM {PostgreSqlSql.QuoteName(table)} LIMIT 0", connection);
            using var reader = command.ExecuteReader(CommandBehavior.SchemaOnly);
            for (int i = 0; i < reader.FieldCount; i++) columns.Add((reader.GetName(i), reader.GetDataTypeName(i)));
        });
        return ShardedScoring.FindColumns(columns, PostgreSqlLogValidator.IsNumeric, PostgreSqlSql.QuoteIdentifier, source, needMonetary);
    }

    private static void Execute(NpgsqlConnection connection, string sql)
    {
        using var command = new NpgsqlCommand(sql, connection);
        command.ExecuteNonQuery();
    }
}
