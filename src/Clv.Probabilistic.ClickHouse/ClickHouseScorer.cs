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
/// a MergeTree table of the same server with RowBinary INSERTs, in bounded memory, resumable after a crash although
/// ClickHouse has no transactions.
/// </summary>
/// <remarks>
/// The summaries table (MergeTree, Distributed, a view) needs the columns <c>customer_id</c> (any type, read as text),
/// <c>frequency</c>, <c>recency</c>, <c>t</c> (or <c>T</c>) and, with a spend model, <c>monetary_value</c>, numeric, in
/// the purchase model's time unit (as <see cref="ClickHouseTransactionLog.WriteSummaryTable"/> writes them).
/// Customers stream in customer-id order (byte order) from one query; every <see cref="BatchSize"/> customers are scored
/// and sent as one RowBinary INSERT (one block, so one part, with <c>max_insert_block_size</c> above the batch size) of
/// rows in that order. ClickHouse has no transactions, and a body cut short at a row boundary (this process dying
/// mid-send) is stored up to the cut by 18.x servers; but whatever a failure leaves, the server stores only whole rows
/// parsed in body order, so the table always holds a prefix of the customers in id order with their final values. A
/// run that finds predictions already written continues after the largest customer id written, after checking that no
/// customer is there twice; re-running finishes the job without duplicates or losses (tested by cutting an INSERT
/// short). The prediction table, created when missing with <c>ENGINE = MergeTree ORDER BY customer_id</c>, must be a
/// plain MergeTree-family table (a Distributed table splits inserts asynchronously) with <c>customer_id String</c> and
/// one <c>Float64</c> column per <see cref="CustomerScorer.Columns"/> entry, in that order; an existing table with
/// other columns is refused. Memory is one batch.
/// </remarks>
public sealed class ClickHouseScorer
{
    private readonly ClickHouseConnection _connection;

    /// <summary>Scores on the server <paramref name="connection"/> reaches.</summary>
    public ClickHouseScorer(ClickHouseConnection connection) =>
        _connection = connection ?? throw new ArgumentNullException(nameof(connection));

    /// <summary>Customers per batch (one INSERT each, at most 1,000,000 so that it stays one block); the memory bound.</summary>
    public int BatchSize { get; init; } = 50_000;

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
        string source = "clickhouse table " + string.Join(".", summaryTable);
        string targetSource = "clickhouse table " + string.Join(".", predictionTable);
        string summaries = ClickHouseSql.QuoteName(summaryTable);
        string target = ClickHouseSql.QuoteName(predictionTable);
        var columns = SummaryColumns(summaries, source, scorer.NeedsMonetaryValue);

        _connection.Execute($"""
            CREATE TABLE IF NOT EXISTS {target} (customer_id String, {string.Join(", ", scorer.Columns.Select(c => ClickHouseSql.QuoteIdentifier(c) + " Float64"))})
            ENGINE = MergeTree() ORDER BY customer_id
            """, targetSource);
        ScoringBatch.CheckTarget(ClickHouseSchema.ColumnList(_connection, target, targetSource).Select(c => c.Name).ToList(), scorer, targetSource);
        string? last = null;
        long already = 0, distinct = 0;
        using (var resume = _connection.Query($"SELECT max(customer_id), toInt64(count()), toInt64(uniqExact(customer_id)) FROM {target}", targetSource, 3))
            while (resume.Read())
            {
                already = resume.GetInt64(1);
                distinct = resume.GetInt64(2);
                last = already == 0 ? null : resume.GetString(0);
            }
        if (distinct != already)
            throw new ClvDataException(string.Create(CultureInfo.InvariantCulture,
                $"The prediction table holds {already} rows for {distinct} customers: some customer is there twice, so it was not written by this scorer alone. Write into a new table."),
                targetSource);

        string money = columns.Monetary is null ? "toFloat64(0)" : $"toFloat64({columns.Monetary})";
        string read = $"""
            SELECT toString({columns.Id}) AS clv_id, toFloat64({columns.Frequency}), toFloat64({columns.Recency}), toFloat64({columns.T}), {money}
            FROM {summaries}
            {(last is null ? "" : $"WHERE clv_id > {ClickHouseSql.Literal(last)}")}
            ORDER BY clv_id
            """;
        string insert = $"INSERT INTO {target} (customer_id, {string.Join(", ", scorer.Columns.Select(ClickHouseSql.QuoteIdentifier))})";
        var batch = new Batch(BatchSize, scorer);
        long scored = 0;
        int batches = 0;
        using var rows = _connection.Query(read, source, 5);
        while (true)
        {
            bool more = rows.Read();
            if (more) batch.Add(rows, source);
            if (batch.Count == BatchSize || (!more && batch.Count > 0))
            {
                var body = batch.Score(source);
                _connection.Insert(insert, body, targetSource,
                    ("max_insert_block_size", (BatchSize + 1).ToString(CultureInfo.InvariantCulture)));
                scored += batch.Count;
                batches++;
                progress?.Report(already + scored);
                batch.Clear();
            }
            if (!more) break;
        }
        return new ScoringReport(scored, already, batches);
    }

    private sealed record Columns(string Id, string Frequency, string Recency, string T, string? Monetary);

    /// <summary>The summary columns, matched case-insensitively and checked to be numeric.</summary>
    private Columns SummaryColumns(string table, string source, bool needMonetary)
    {
        var types = new Dictionary<string, (string Name, string Type)>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, type) in ClickHouseSchema.Columns(_connection, table, source)) types.TryAdd(name, (name, type));
        string Find(string name, bool numeric)
        {
            if (!types.TryGetValue(name, out var column))
                throw new ClvDataException($"There is no column '{name}'. Columns: {string.Join(", ", types.Values.Select(c => $"'{c.Name}'"))}.", source, column: name);
            if (numeric && !ClickHouseSchema.IsNumeric(column.Type))
                throw new ClvDataException($"The column has type {column.Type}; it must be numeric.", source, column: column.Name);
            return ClickHouseSql.QuoteIdentifier(column.Name);
        }
        return new Columns(Find("customer_id", false), Find("frequency", true), Find("recency", true), Find("t", true),
            needMonetary ? Find("monetary_value", true) : null);
    }

    /// <summary>One batch of customers: read, scored (<see cref="ScoringBatch"/>) and encoded as RowBinary.</summary>
    private sealed class Batch(int capacity, CustomerScorer scorer)
    {
        private readonly ScoringBatch _rows = new(capacity, scorer);
        private readonly MemoryStream _body = new();

        public int Count => _rows.Count;

        public void Add(ClickHouseRows row, string source)
        {
            double? Value(int c) => row.IsNull(c) ? null : row.GetDouble(c);
            _rows.Add(row.IsNull(0) ? null : row.GetString(0), Value(1), Value(2), Value(3), Value(4), source);
        }

        public void Clear() => _rows.Clear();

        /// <summary>Scores the batch; the RowBinary rows (customer_id, then the scorer's columns), valid until the next call.</summary>
        public ReadOnlyMemory<byte> Score(string source)
        {
            _rows.Score(source);
            int n = _rows.Count;
            var ids = _rows.Ids;
            var values = _rows.Values;
            _body.SetLength(0);
            Span<byte> scratch = stackalloc byte[10];
            for (int i = 0; i < n; i++)
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
