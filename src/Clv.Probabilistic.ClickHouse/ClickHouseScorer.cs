using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using Clv.Probabilistic.Data;
using Clv.Probabilistic.Engines;
using Clv.Probabilistic.Models;
using Clv.Probabilistic.Valuation;

namespace Clv.Probabilistic.ClickHouse;

/// <summary>
/// Scores a table of per-customer summaries in ClickHouse with fitted models and writes the predictions (the columns of
/// a <see cref="CustomerScorer"/>: expected purchases, P(alive), expected spend and revenue, CLV, interval bounds) into
/// a MergeTree table of the same server with RowBinary INSERTs, in bounded memory, shard by shard, shards in parallel,
/// resumable after a crash although ClickHouse has no transactions.
/// </summary>
/// <remarks>
/// The summaries table (MergeTree, Distributed, a view) needs the columns <c>customer_id</c> (any type, read as text),
/// <c>frequency</c>, <c>recency</c>, <c>t</c> (or <c>T</c>) and, with a spend model, <c>monetary_value</c>, numeric, in
/// the purchase model's time unit (as <see cref="ClickHouseTransactionLog.WriteSummaryTable"/> writes them).
/// The table is scored in shards: each shard of a Distributed table's cluster (its local table read on the server queried
/// when that server is a replica of the shard, else through <c>remote()</c> with the connection's user and password),
/// or else <see cref="Parallelism"/> parts of the customers split by <c>cityHash64</c> of the id (the same parts on
/// every run); up to <see cref="Parallelism"/> shards stream at once. Each shard reads only its customers that the
/// prediction table does not hold yet (<c>NOT IN</c> the written ids, <c>GLOBAL</c> for a remote shard), and every
/// <see cref="BatchSize"/> customers are scored and sent as one RowBinary INSERT (one block, so one part, with
/// <c>max_insert_block_size</c> above the batch size) through the run's own writer table
/// (<see cref="ClickHouseWriterTable"/>, a pass-through Buffer table). Before it reads which customers are written, a run
/// drops the writer tables of earlier runs, which waits for their INSERTs still running in the server and makes any
/// INSERT of theirs that arrives later fail: nothing a killed or disconnected run sent can land after that read.
/// Whatever a failure leaves (18.x servers store an INSERT body cut short up to its last whole row; newer ones store all
/// or nothing), the table holds whole rows with their final values, so a re-run writes exactly the customers missing:
/// each shard is idempotent, and re-running after a crash finishes the job without duplicates or losses. A run also
/// checks, after that fence, that no customer is in the prediction table twice (which only another writer could cause). The prediction table, created when missing with
/// <c>ENGINE = MergeTree ORDER BY customer_id</c>, must be a plain MergeTree-family table (a Distributed table splits
/// inserts asynchronously) with <c>customer_id String</c> and one <c>Float64</c> column per
/// <see cref="CustomerScorer.Columns"/> entry, in that order; an existing table with other columns is refused. Memory is
/// one batch per running shard; the server holds the set of the ids already written while a shard streams. Each
/// customer's values depend on that customer only, so parallel and sequential runs write the same values.
/// </remarks>
public sealed class ClickHouseScorer
{
    private readonly ClickHouseConnection _connection;

    /// <summary>Scores on the server <paramref name="connection"/> reaches.</summary>
    public ClickHouseScorer(ClickHouseConnection connection) =>
        _connection = connection ?? throw new ArgumentNullException(nameof(connection));

    /// <summary>Customers per batch (one INSERT each, at most 1,000,000 so that it stays one block); the memory bound.</summary>
    public int BatchSize { get; init; } = 50_000;

    /// <summary>
    /// Shards scored at once (one read and one insert stream each); for a table that is not Distributed also the number
    /// of parts its customers are split into. 1 scores one shard after another.
    /// </summary>
    public int Parallelism { get; init; } = 1;

    /// <summary>Scores <paramref name="summaryTable"/> into <paramref name="predictionTable"/> with the default columns (no CLV, no intervals).</summary>
    /// <param name="summaryTable">The summaries, for example <c>["sales", "summaries"]</c>.</param>
    /// <param name="predictionTable">Where to write, created when missing.</param>
    /// <param name="model">The purchase model.</param>
    /// <param name="spend">A spend model, or null.</param>
    /// <param name="horizon">Horizon of the expected purchases, in the model's time unit; &gt; 0.</param>
    /// <param name="progress">Told the number of customers written so far (by this and earlier runs) after each batch.</param>
    /// <exception cref="ClvDataException">A column is missing or not numeric, a row is invalid, or the prediction table holds a customer twice or other columns (the message names the table, column and customer).</exception>
    /// <exception cref="IOException">The server cannot be reached, or the connection broke (re-run to finish).</exception>
    public ScoringReport Score(IReadOnlyList<string> summaryTable, IReadOnlyList<string> predictionTable, IPurchaseModel model,
        ISpendModel? spend, double horizon, IProgress<long>? progress = null) =>
        Score(summaryTable, predictionTable, new CustomerScorer(model, spend, horizon), progress);

    /// <summary>Scores <paramref name="summaryTable"/> into <paramref name="predictionTable"/> with the columns of <paramref name="scorer"/>.</summary>
    /// <param name="summaryTable">The summaries, for example <c>["sales", "summaries"]</c>.</param>
    /// <param name="predictionTable">Where to write, created when missing.</param>
    /// <param name="scorer">The models and the columns to write.</param>
    /// <param name="progress">Told the number of customers written so far (by this and earlier runs) after each batch.</param>
    /// <exception cref="ClvDataException">A column is missing or not numeric, a row is invalid, or the prediction table holds a customer twice or other columns (the message names the table, column and customer).</exception>
    /// <exception cref="IOException">The server cannot be reached, or the connection broke (re-run to finish).</exception>
    public ScoringReport Score(IReadOnlyList<string> summaryTable, IReadOnlyList<string> predictionTable, CustomerScorer scorer,
        IProgress<long>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(scorer);
        if (BatchSize is < 1 or > 1_000_000)
            throw new ArgumentOutOfRangeException(nameof(BatchSize), BatchSize, "A batch holds 1 to 1,000,000 customers (one INSERT block).");
        if (Parallelism < 1) throw new ArgumentOutOfRangeException(nameof(Parallelism), Parallelism, "At least one shard runs at a time.");
        string source = "clickhouse table " + string.Join(".", summaryTable);
        string targetSource = "clickhouse table " + string.Join(".", predictionTable);
        string summaries = ClickHouseSql.QuoteName(summaryTable);
        string target = ClickHouseSql.QuoteName(predictionTable);
        var columns = ShardedScoring.FindColumns(ClickHouseSchema.ColumnList(_connection, summaries, source), ClickHouseSchema.IsNumeric,
            ClickHouseSql.QuoteIdentifier, source, scorer.NeedsMonetaryValue);

        _connection.Execute($"""
            CREATE TABLE IF NOT EXISTS {target} (customer_id String, {string.Join(", ", scorer.Columns.Select(c => ClickHouseSql.QuoteIdentifier(c) + " Float64"))})
            ENGINE = MergeTree() ORDER BY customer_id
            """, targetSource);
        ScoringBatch.CheckTarget(ClickHouseSchema.ColumnList(_connection, target, targetSource).Select(c => c.Name).ToList(), scorer, targetSource);
        var writer = ClickHouseWriterTable.Open(_connection, predictionTable, targetSource);
        ScoringReport report;
        try
        {
            // After the fence: what is written now stays written, and nothing else lands.
            long already = 0, distinct = 0;
            using (var resume = _connection.Query($"SELECT toInt64(count()), toInt64(uniqExact(customer_id)) FROM {target}", targetSource, 2))
                while (resume.Read())
                {
                    already = resume.GetInt64(0);
                    distinct = resume.GetInt64(1);
                }
            if (distinct != already)
                throw new ClvDataException(string.Create(CultureInfo.InvariantCulture,
                    $"The prediction table holds {already} rows for {distinct} customers: some customer is there twice, so it was not written by this scorer alone. Write into a new table."),
                    targetSource);

            string insert = $"INSERT INTO {writer.Name} (customer_id, {string.Join(", ", scorer.Columns.Select(ClickHouseSql.QuoteIdentifier))})";
            report = ShardedScoring.Run(Shards(summaryTable, summaries, source), Parallelism, already, progress,
                (shard, tally) => ScoreShard(shard, columns, target, insert, scorer, source, targetSource, tally));
        }
        catch
        {
            try
            {
                writer.Close();
            }
            catch (Exception e) when (e is IOException or ClvDataException)
            {
                // The server is out of reach: the next run drops this writer table before it reads what is written.
            }
            throw;
        }
        writer.Close();
        return report;
    }

    /// <summary>
    /// A part of the summaries: a relation (a shard's local table, <c>remote()</c>, or the table) and, when the table is
    /// split by hash, the part <see cref="Part"/> of <see cref="Parts"/>.
    /// </summary>
    private sealed record Shard(string Relation, bool Remote, int Part = 0, int Parts = 1)
    {
        /// <summary>The condition selecting this part's customers by their id <paramref name="id"/> (a String).</summary>
        public string Where(string id) => Parts == 1 ? "1"
            : string.Create(CultureInfo.InvariantCulture, $"cityHash64(ifNull({id}, '')) % {Parts} = {Part}");
    }

    /// <summary>Scores one shard: its customers without a prediction yet, one RowBinary INSERT per batch.</summary>
    private void ScoreShard(Shard shard, SummaryTableColumns columns, string target, string insert, CustomerScorer scorer,
        string source, string targetSource, ShardProgress tally)
    {
        string money = columns.Monetary is null ? "toFloat64(0)" : $"toFloat64({columns.Monetary})";
        string read = $"""
            SELECT toString({columns.Id}) AS clv_id, toFloat64({columns.Frequency}), toFloat64({columns.Recency}), toFloat64({columns.T}), {money}
            FROM {shard.Relation}
            WHERE {shard.Where("clv_id")} AND (isNull(clv_id)
                OR clv_id {(shard.Remote ? "GLOBAL " : "")}NOT IN (SELECT customer_id FROM {target} WHERE {shard.Where("customer_id")}))
            """;
        var body = new RowBinaryBody();
        (string, string) blockSize = ("max_insert_block_size", (BatchSize + 1).ToString(CultureInfo.InvariantCulture));
        using var rows = _connection.Query(read, source, 5);
        ShardedScoring.Stream(new ScoringBatch(BatchSize, scorer), batch =>
        {
            if (!rows.Read()) return false;
            double? Value(int c) => rows.IsNull(c) ? null : rows.GetDouble(c);
            batch.Add(rows.IsNull(0) ? null : rows.GetString(0), Value(1), Value(2), Value(3), Value(4), source);
            return true;
        }, batch => _connection.Insert(insert, body.Encode(batch), targetSource, blockSize), tally, source);
    }

    /// <summary>
    /// The shards of a Distributed table's cluster (the local table when the server queried is one of a shard's replicas,
    /// else <c>remote()</c> over its replicas); otherwise <see cref="Parallelism"/> hash parts of the table, or the whole table.
    /// </summary>
    private List<Shard> Shards(IReadOnlyList<string> nameParts, string summaries, string source)
    {
        // The table's own definition, not system.tables: an 18.16 server reading system.tables reads the metadata of
        // every table of the database and fails when another client drops a table meanwhile.
        string tableDatabase = nameParts.Count == 2 ? nameParts[0] : ClickHouseSchema.CurrentDatabase(_connection, source);
        string? engine = null;
        using (var rows = _connection.Query($"SHOW CREATE TABLE {ClickHouseSql.QuoteName([tableDatabase, nameParts[^1]])}", source, 1))
            while (rows.Read())
            {
                string create = rows.GetString(0);
                int at = create.IndexOf("ENGINE = Distributed(", StringComparison.Ordinal);
                if (at >= 0) engine = create[(at + "ENGINE = ".Length)..];
            }
        if (engine is not null && DistributedArguments(engine, tableDatabase) is var (cluster, localDatabase, localTable))
        {
            var replicas = new SortedDictionary<long, List<(string Address, bool Local)>>();
            using (var rows = _connection.Query(
                       $"SELECT toInt64(shard_num), host_address, toInt64(port), toInt64(is_local) FROM system.clusters WHERE cluster = {ClickHouseSql.Literal(cluster)} ORDER BY shard_num, replica_num",
                       source, 4))
                while (rows.Read())
                {
                    string host = rows.GetString(1);
                    string address = string.Create(CultureInfo.InvariantCulture, $"{(host.Contains(':', StringComparison.Ordinal) ? $"[{host}]" : host)}:{rows.GetInt64(2)}");
                    if (!replicas.TryGetValue(rows.GetInt64(0), out var list)) replicas.Add(rows.GetInt64(0), list = []);
                    list.Add((address, rows.GetInt64(3) == 1));
                }
            if (replicas.Count > 0)
            {
                var (user, password) = _connection.Credentials();
                string login = user is null ? "" : $", {ClickHouseSql.Literal(user)}, {ClickHouseSql.Literal(password ?? "")}";
                return replicas.Values.Select(shard => shard.Any(r => r.Local)
                        ? new Shard(ClickHouseSql.QuoteName([localDatabase, localTable]), false)
                        : new Shard($"remote({ClickHouseSql.Literal(string.Join("|", shard.Select(r => r.Address)))}, {ClickHouseSql.Literal(localDatabase)}, {ClickHouseSql.Literal(localTable)}{login})", true))
                    .ToList();
            }
        }
        return Enumerable.Range(0, Parallelism).Select(k => new Shard(summaries, false, k, Parallelism)).ToList();
    }

    /// <summary>
    /// Cluster, database and table of a Distributed engine's definition (<c>Distributed(cluster, db, table[, key])</c>,
    /// arguments as identifiers, quoted strings or <c>currentDatabase()</c>, which stands for the table's own database);
    /// null when it cannot be read.
    /// </summary>
    internal static (string Cluster, string Database, string Table)? DistributedArguments(string engineFull, string tableDatabase)
    {
        string text = engineFull.Trim();
        if (!text.StartsWith("Distributed(", StringComparison.Ordinal)) return null;
        var arguments = new List<string>();
        var current = new StringBuilder();
        int depth = 0;
        for (int i = "Distributed(".Length; i < text.Length; i++)
        {
            char c = text[i];
            if (c is '\'' or '`' or '"')
            {
                int close = i + 1;
                while (close < text.Length && text[close] != c) close += text[close] == '\\' ? 2 : 1;
                current.Append(text, i, Math.Min(close + 1, text.Length) - i);
                i = close;
            }
            else if (c == '(') { depth++; current.Append(c); }
            else if (c == ')' && depth == 0) { arguments.Add(current.ToString().Trim()); break; }
            else if (c == ')') { depth--; current.Append(c); }
            else if (c == ',' && depth == 0) { arguments.Add(current.ToString().Trim()); current.Clear(); }
            else current.Append(c);
        }
        if (arguments.Count < 3) return null;
        static string Unquote(string argument)
        {
            if (argument.Length >= 2 && argument[0] is '\'' or '`' or '"' && argument[^1] == argument[0])
            {
                var value = new StringBuilder();
                for (int i = 1; i < argument.Length - 1; i++)
                    value.Append(argument[i] == '\\' && i + 1 < argument.Length - 1 ? argument[++i] : argument[i]);
                return value.ToString();
            }
            return argument;
        }
        string database = arguments[1].Replace(" ", "", StringComparison.Ordinal) is "currentDatabase()" or "''" ? tableDatabase : Unquote(arguments[1]);
        return (Unquote(arguments[0]), database, Unquote(arguments[2]));
    }

    /// <summary>A scored batch encoded as RowBinary rows (customer_id, then the scorer's columns); one buffer reused.</summary>
    private sealed class RowBinaryBody
    {
        private readonly MemoryStream _body = new();

        /// <summary>The rows of <paramref name="batch"/>, valid until the next call.</summary>
        public ReadOnlyMemory<byte> Encode(ScoringBatch batch)
        {
            var ids = batch.Ids;
            var values = batch.Values;
            _body.SetLength(0);
            Span<byte> scratch = stackalloc byte[10];
            for (int i = 0; i < batch.Count; i++)
            {
                WriteString(ids[i], scratch);
                foreach (var column in values) WriteDouble(column[i], scratch);
            }
            return _body.GetBuffer().AsMemory(0, (int)_body.Length);
        }

        /// <summary>RowBinary String: the UTF-8 length as an unsigned LEB128 varint, then the bytes.</summary>
        private void WriteString(string value, Span<byte> scratch)
        {
            byte[] bytes = Encoding.UTF8.GetBytes(value);
            ulong length = (ulong)bytes.Length;
            int k = 0;
            do
            {
                byte b = (byte)(length & 0x7F);
                length >>= 7;
                scratch[k++] = length == 0 ? b : (byte)(b | 0x80);
            }
            while (length != 0);
            _body.Write(scratch[..k]);
            _body.Write(bytes);
        }

        /// <summary>RowBinary Float64: eight little-endian bytes.</summary>
        private void WriteDouble(double value, Span<byte> scratch)
        {
            BinaryPrimitives.WriteDoubleLittleEndian(scratch, value);
            _body.Write(scratch[..8]);
        }
    }
}
