using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using Clv.Probabilistic.Data;
using Clv.Probabilistic.Models;

namespace Clv.Probabilistic.ClickHouse;

/// <summary>What a scoring run did.</summary>
/// <param name="Scored">Customers scored and written by this run.</param>
/// <param name="AlreadyWritten">Customers found already written (by an earlier, interrupted run) and skipped.</param>
/// <param name="Batches">Batches inserted by this run.</param>
public sealed record ClickHouseScoringReport(long Scored, long AlreadyWritten, int Batches);

/// <summary>
/// Scores a table of per-customer summaries in ClickHouse with a fitted purchase model (and optionally a spend model)
/// and writes the predictions into a MergeTree table of the same server with RowBinary INSERTs, in bounded memory,
/// resumable after a crash although ClickHouse has no transactions.
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
/// customer is there twice; re-running finishes the job without duplicates or losses (tested by cutting an INSERT short). The prediction table, created when missing with <c>ENGINE = MergeTree ORDER BY customer_id</c>,
/// must be a plain MergeTree-family table (a Distributed table splits inserts asynchronously): <c>customer_id String,
/// expected_purchases, p_alive</c> and with a spend model <c>expected_spend</c> (E[Z | x, z̄]) and <c>expected_revenue</c>
/// (the product: undiscounted expected spend over the horizon, Fader, Hardie &amp; Lee (2005), "RFM and CLV", eq. 2 and
/// section 4), all Float64. Memory is one batch.
/// </remarks>
public sealed class ClickHouseScorer
{
    private readonly ClickHouseConnection _connection;

    /// <summary>Scores on the server <paramref name="connection"/> reaches.</summary>
    public ClickHouseScorer(ClickHouseConnection connection) =>
        _connection = connection ?? throw new ArgumentNullException(nameof(connection));

    /// <summary>Customers per batch (one INSERT each, at most 1,000,000 so that it stays one block); the memory bound.</summary>
    public int BatchSize { get; init; } = 50_000;

    /// <summary>Scores <paramref name="summaryTable"/> into <paramref name="predictionTable"/>.</summary>
    /// <param name="summaryTable">The summaries, for example <c>["sales", "summaries"]</c>.</param>
    /// <param name="predictionTable">Where to write, created when missing.</param>
    /// <param name="model">The purchase model.</param>
    /// <param name="spend">A spend model, or null.</param>
    /// <param name="horizon">Horizon of the expected purchases, in the model's time unit; &gt; 0.</param>
    /// <param name="progress">Told the number of customers written so far after each batch.</param>
    /// <exception cref="ClvDataException">A column is missing or not numeric, a row is invalid, or the prediction table holds a customer twice (the message names the table, column and customer).</exception>
    /// <exception cref="IOException">The server cannot be reached, or the connection broke (re-run to finish).</exception>
    public ClickHouseScoringReport Score(IReadOnlyList<string> summaryTable, IReadOnlyList<string> predictionTable, IPurchaseModel model,
        ISpendModel? spend, double horizon, IProgress<long>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (!(horizon > 0) || !double.IsFinite(horizon))
            throw new ArgumentOutOfRangeException(nameof(horizon), horizon, "The horizon must be a positive number of periods.");
        if (BatchSize is < 1 or > 1_000_000)
            throw new ArgumentOutOfRangeException(nameof(BatchSize), BatchSize, "A batch holds 1 to 1,000,000 customers (one INSERT block).");
        string source = "clickhouse table " + string.Join(".", summaryTable);
        string targetSource = "clickhouse table " + string.Join(".", predictionTable);
        string summaries = ClickHouseSql.QuoteName(summaryTable);
        string target = ClickHouseSql.QuoteName(predictionTable);
        var columns = SummaryColumns(summaries, source, spend is not null);

        _connection.Execute($"""
            CREATE TABLE IF NOT EXISTS {target} (customer_id String, expected_purchases Float64, p_alive Float64{(spend is null ? "" : ", expected_spend Float64, expected_revenue Float64")})
            ENGINE = MergeTree() ORDER BY customer_id
            """, targetSource);
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
        string insert = $"INSERT INTO {target} (customer_id, expected_purchases, p_alive{(spend is null ? "" : ", expected_spend, expected_revenue")})";
        var batch = new Batch(BatchSize, model.TimeUnit, spend is not null);
        long scored = 0;
        int batches = 0;
        using var rows = _connection.Query(read, source, 5);
        while (true)
        {
            bool more = rows.Read();
            if (more) batch.Add(rows, source);
            if (batch.Count == BatchSize || (!more && batch.Count > 0))
            {
                var body = batch.Score(model, spend, horizon, source);
                _connection.Insert(insert, body, targetSource,
                    ("max_insert_block_size", (BatchSize + 1).ToString(CultureInfo.InvariantCulture)));
                scored += batch.Count;
                batches++;
                progress?.Report(already + scored);
                batch.Clear();
            }
            if (!more) break;
        }
        return new ClickHouseScoringReport(scored, already, batches);
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

    /// <summary>One batch of customers: read, validated as summary rows, scored and encoded as RowBinary.</summary>
    private sealed class Batch(int capacity, TimeUnit unit, bool withSpend)
    {
        private static readonly string[] Names = ["customer_id", "frequency", "recency", "t", "monetary_value"];
        private readonly string[] _ids = new string[capacity];
        private readonly double[] _x = new double[capacity], _tx = new double[capacity], _t = new double[capacity], _m = new double[capacity];
        private readonly double[] _expected = new double[capacity], _alive = new double[capacity], _spend = withSpend ? new double[capacity] : [];
        private readonly MemoryStream _body = new();

        public int Count { get; private set; }

        public void Add(ClickHouseRows row, string source)
        {
            if (row.IsNull(0)) throw new ClvDataException("A row has no customer id (NULL).", source, column: "customer_id");
            string id = row.GetString(0);
            for (int c = 1; c <= 4; c++)
                if (row.IsNull(c))
                    throw new ClvDataException("The value is missing (NULL).", source, column: Names[c], customerId: id);
            _ids[Count] = id;
            _x[Count] = row.GetDouble(1);
            _tx[Count] = row.GetDouble(2);
            _t[Count] = row.GetDouble(3);
            _m[Count] = row.GetDouble(4);
            Count++;
        }

        public void Clear() => Count = 0;

        public ReadOnlyMemory<byte> Score(IPurchaseModel model, ISpendModel? spend, double horizon, string source)
        {
            int n = Count;
            RfmSummary summary;
            try
            {
                summary = new RfmSummary(_ids.AsSpan(0, n).ToArray(), _x.AsSpan(0, n), _tx.AsSpan(0, n), _t.AsSpan(0, n), _m.AsSpan(0, n), unit);
            }
            catch (ArgumentException e)
            {
                throw new ClvDataException(e.Message, source);
            }
            model.ConditionalExpectedPurchases(summary, horizon, _expected.AsSpan(0, n));
            model.ProbabilityAlive(summary, _alive.AsSpan(0, n));
            spend?.ConditionalExpectedSpend(summary, _spend.AsSpan(0, n));
            _body.SetLength(0);
            Span<byte> scratch = stackalloc byte[10];
            for (int i = 0; i < n; i++)
            {
                WriteString(_ids[i], scratch);
                WriteDouble(_expected[i], scratch);
                WriteDouble(_alive[i], scratch);
                if (spend is null) continue;
                WriteDouble(_spend[i], scratch);
                WriteDouble(_expected[i] * _spend[i], scratch);
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
