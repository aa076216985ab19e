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
        Columns columns;
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

        long scored = 0, written = already;
        int batches = 0;
        var gate = new object();
        void Written(int count)
        {
            lock (gate)
            {
                scored += count;
                written += count;
                batches++;
                progress?.Report(written);
            }
        }
        var failures = new System.Collections.Concurrent.ConcurrentQueue<Exception>();
        Parallel.ForEach(shards, new ParallelOptions { MaxDegreeOfParallelism = Parallelism }, (shard, state) =>
        {
            try
            {
                ScoreShard(shard, columns, target, scorer, source, Written, () => !failures.IsEmpty);
            }
            catch (Exception e)
            {
                failures.Enqueue(e);
                state.Stop();
            }
        });
        if (failures.TryDequeue(out var failure)) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(failure).Throw();
        return new ScoringReport(scored, already, batches);
    }

    /// <summary>A part of the summaries table: a relation (a leaf partition or the table) and a customer-id range.</summary>
    private sealed record Shard(string Relation, string? After, string? UpTo);

    /// <summary>Scores one shard; stops between batches when <paramref name="stopped"/> (another shard failed).</summary>
    private void ScoreShard(Shard shard, Columns columns, string target, CustomerScorer scorer, string source, Action<int> written, Func<bool> stopped)
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

        var batch = new Batch(BatchSize, scorer);
        PostgreSqlErrors.Run(source, () =>
        {
            using var reader = query.ExecuteReader();
            while (true)
            {
                bool more = reader.Read();
                if (more) batch.Add(reader, source);
                if (batch.Count == BatchSize || (!more && batch.Count > 0))
                {
                    if (stopped()) return;
                    batch.Write(write, target, source);
                    written(batch.Count);
                    batch.Clear();
                }
                if (!more) break;
            }
        });
    }

    /// <summary>
    /// The leaf partitions of a partitioned table; otherwise <see cref="Parallelism"/> ranges of customer ids (bounds
    /// from <c>ntile</c>, so a re-run on the same table finds the same ranges), or the whole table.
    /// </summary>
    private List<Shard> Shards(NpgsqlConnection connection, IReadOnlyList<string> table, string source, Columns columns)
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

    private sealed record Columns(string Id, string Frequency, string Recency, string T, string? Monetary);

    /// <summary>The summary columns, matched case-insensitively and checked to be numeric.</summary>
    private static Columns SummaryColumns(NpgsqlConnection connection, IReadOnlyList<string> table, string source, bool needMonetary)
    {
        var types = new Dictionary<string, (string Name, string Type)>(StringComparer.OrdinalIgnoreCase);
        PostgreSqlErrors.Run(source, () =>
        {
            using var command = new NpgsqlCommand($"SELECT * FROM {PostgreSqlSql.QuoteName(table)} LIMIT 0", connection);
            using var reader = command.ExecuteReader(CommandBehavior.SchemaOnly);
            for (int i = 0; i < reader.FieldCount; i++) types.TryAdd(reader.GetName(i), (reader.GetName(i), reader.GetDataTypeName(i)));
        });
        string Find(string name, bool numeric)
        {
            if (!types.TryGetValue(name, out var column))
                throw new ClvDataException($"There is no column '{name}'. Columns: {string.Join(", ", types.Values.Select(c => $"'{c.Name}'"))}.", source, column: name);
            if (numeric && !PostgreSqlLogValidator.IsNumeric(column.Type))
                throw new ClvDataException($"The column has type {column.Type}; it must be numeric.", source, column: column.Name);
            return PostgreSqlSql.QuoteIdentifier(column.Name);
        }
        return new Columns(Find("customer_id", false), Find("frequency", true), Find("recency", true), Find("t", true),
            needMonetary ? Find("monetary_value", true) : null);
    }

    private static void Execute(NpgsqlConnection connection, string sql)
    {
        using var command = new NpgsqlCommand(sql, connection);
        command.ExecuteNonQuery();
    }

    /// <summary>One batch of customers, read from PostgreSQL and written back by binary COPY in one transaction.</summary>
    private sealed class Batch(int capacity, CustomerScorer scorer)
    {
        private readonly ScoringBatch _rows = new(capacity, scorer);

        public int Count => _rows.Count;

        public void Add(NpgsqlDataReader reader, string source)
        {
            double? Value(int c) => reader.IsDBNull(c) ? null : reader.GetDouble(c);
            _rows.Add(reader.IsDBNull(0) ? null : reader.GetString(0), Value(1), Value(2), Value(3), Value(4), source);
        }

        public void Clear() => _rows.Clear();

        public void Write(NpgsqlConnection connection, string target, string source)
        {
            _rows.Score(source);
            int n = _rows.Count;
            var ids = _rows.Ids;
            var values = _rows.Values;
            using var transaction = connection.BeginTransaction();
            using (var writer = connection.BeginBinaryImport(
                       $"COPY {target} (customer_id, {string.Join(", ", scorer.Columns.Select(PostgreSqlSql.QuoteIdentifier))}) FROM STDIN (FORMAT BINARY)"))
            {
                for (int i = 0; i < n; i++)
                {
                    writer.StartRow();
                    writer.Write(ids[i], NpgsqlDbType.Text);
                    foreach (var column in values) writer.Write(column[i], NpgsqlDbType.Double);
                }
                writer.Complete();
            }
            transaction.Commit();
        }
    }
}
