using System.Data;
using System.Globalization;
using Clv.Probabilistic.Data;
using Clv.Probabilistic.Models;
using Npgsql;
using NpgsqlTypes;

namespace Clv.Probabilistic.PostgreSql;

/// <summary>What a scoring run did.</summary>
/// <param name="Scored">Customers scored and written by this run.</param>
/// <param name="AlreadyWritten">Customers found already written (by an earlier, interrupted run) and skipped.</param>
/// <param name="Batches">Batches committed by this run.</param>
public sealed record ScoringReport(long Scored, long AlreadyWritten, int Batches);

/// <summary>
/// Scores a table of per-customer summaries inside PostgreSQL with a fitted purchase model (and optionally a spend
/// model) and writes the predictions into a table of the same database by binary COPY, in bounded memory.
/// </summary>
/// <remarks>
/// The summaries table needs the columns <c>customer_id</c> (any type, read as text), <c>frequency</c>, <c>recency</c>,
/// <c>t</c> (or <c>"T"</c>) and, with a spend model, <c>monetary_value</c>, numeric, in the purchase model's time unit
/// (as <c>clv summarize</c> writes them). Customers stream in customer-id order from one query; every
/// <see cref="BatchSize"/> customers are scored and written in one transaction, so the prediction table always holds
/// a prefix of the customers in that order. A run that finds predictions already written (an earlier run that stopped)
/// continues after the largest customer id written: re-running after a crash finishes the job without duplicates
/// (the customer id is the table's primary key) or losses. Memory is one batch.
/// The prediction table, created when missing, has <c>customer_id text PRIMARY KEY, expected_purchases, p_alive</c> and
/// with a spend model <c>expected_spend</c> (E[Z | x, z̄]) and <c>expected_revenue</c> (the product: undiscounted
/// expected spend over the horizon, Fader, Hardie &amp; Lee (2005), "RFM and CLV", eq. 2 and section 4).
/// </remarks>
public sealed class PostgreSqlScorer
{
    private readonly NpgsqlDataSource _dataSource;

    /// <summary>Scores in the database <paramref name="dataSource"/> connects to.</summary>
    public PostgreSqlScorer(NpgsqlDataSource dataSource) =>
        _dataSource = dataSource ?? throw new ArgumentNullException(nameof(dataSource));

    /// <summary>Customers per batch (one transaction and one COPY each); the memory bound.</summary>
    public int BatchSize { get; init; } = 50_000;

    /// <summary>Scores <paramref name="summaryTable"/> into <paramref name="predictionTable"/>.</summary>
    /// <param name="summaryTable">The summaries, for example <c>["public", "summaries"]</c>.</param>
    /// <param name="predictionTable">Where to write, created when missing.</param>
    /// <param name="model">The purchase model.</param>
    /// <param name="spend">A spend model, or null.</param>
    /// <param name="horizon">Horizon of the expected purchases, in the model's time unit; &gt; 0.</param>
    /// <param name="progress">Told the number of customers written so far after each batch.</param>
    /// <exception cref="ClvDataException">A column is missing or not numeric, or a row is invalid (the message names the table, column and customer).</exception>
    /// <exception cref="IOException">The server cannot be reached, or the connection broke (re-run to finish).</exception>
    public ScoringReport Score(IReadOnlyList<string> summaryTable, IReadOnlyList<string> predictionTable, IPurchaseModel model,
        ISpendModel? spend, double horizon, IProgress<long>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (!(horizon > 0) || !double.IsFinite(horizon))
            throw new ArgumentOutOfRangeException(nameof(horizon), horizon, "The horizon must be a positive number of periods.");
        if (BatchSize < 1) throw new ArgumentOutOfRangeException(nameof(BatchSize), BatchSize, "A batch holds at least one customer.");
        string source = "postgres table " + string.Join(".", summaryTable);
        string target = PostgreSqlSql.QuoteName(predictionTable);
        using var read = PostgreSqlErrors.Open(_dataSource, source);
        using var write = PostgreSqlErrors.Open(_dataSource, "postgres table " + string.Join(".", predictionTable));
        var columns = SummaryColumns(read, summaryTable, source, spend is not null);
        string? last = null;
        long already = 0;
        PostgreSqlErrors.Run(source, () =>
        {
            Execute(write, $"""
                CREATE TABLE IF NOT EXISTS {target} (customer_id text PRIMARY KEY, expected_purchases double precision NOT NULL,
                    p_alive double precision NOT NULL{(spend is null ? "" : ", expected_spend double precision NOT NULL, expected_revenue double precision NOT NULL")})
                """);
            using var resume = new NpgsqlCommand($"SELECT max(customer_id), count(*) FROM {target}", write);
            using var reader = resume.ExecuteReader();
            reader.Read();
            last = reader.IsDBNull(0) ? null : reader.GetString(0);
            already = reader.GetInt64(1);
        });

        string money = columns.Monetary is null ? "CAST(0 AS double precision)" : $"CAST({columns.Monetary} AS double precision)";
        using var query = new NpgsqlCommand($"""
            SELECT CAST({columns.Id} AS text) AS id, CAST({columns.Frequency} AS double precision), CAST({columns.Recency} AS double precision),
                CAST({columns.T} AS double precision), {money}
            FROM {PostgreSqlSql.QuoteName(summaryTable)}
            {(last is null ? "" : $"WHERE CAST({columns.Id} AS text) > @last")}
            ORDER BY 1
            """, read) { CommandTimeout = 0 };
        if (last is not null) query.Parameters.AddWithValue("last", last);

        var batch = new Batch(BatchSize, model.TimeUnit, spend is not null);
        long scored = 0;
        int batches = 0;
        PostgreSqlErrors.Run(source, () =>
        {
            using var reader = query.ExecuteReader();
            while (true)
            {
                bool more = reader.Read();
                if (more) batch.Add(reader, source, columns);
                if (batch.Count == BatchSize || (!more && batch.Count > 0))
                {
                    batch.Write(write, target, model, spend, horizon, source);
                    scored += batch.Count;
                    batches++;
                    progress?.Report(already + scored);
                    batch.Clear();
                }
                if (!more) break;
            }
        });
        return new ScoringReport(scored, already, batches);
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

    /// <summary>One batch of customers: read, validated as summary rows, scored and written in one transaction.</summary>
    private sealed class Batch(int capacity, TimeUnit unit, bool withSpend)
    {
        private readonly string[] _ids = new string[capacity];
        private readonly double[] _x = new double[capacity], _tx = new double[capacity], _t = new double[capacity], _m = new double[capacity];
        private readonly double[] _expected = new double[capacity], _alive = new double[capacity], _spend = withSpend ? new double[capacity] : [];

        public int Count { get; private set; }

        public void Add(NpgsqlDataReader reader, string source, Columns columns)
        {
            if (reader.IsDBNull(0)) throw new ClvDataException("A row has no customer id (NULL).", source, column: "customer_id");
            string id = reader.GetString(0);
            string[] names = ["customer_id", "frequency", "recency", "t", "monetary_value"];
            for (int c = 1; c <= 4; c++)
                if (reader.IsDBNull(c))
                    throw new ClvDataException("The value is missing (NULL).", source, column: names[c], customerId: id);
            _ids[Count] = id;
            _x[Count] = reader.GetDouble(1);
            _tx[Count] = reader.GetDouble(2);
            _t[Count] = reader.GetDouble(3);
            _m[Count] = reader.GetDouble(4);
            Count++;
        }

        public void Clear() => Count = 0;

        public void Write(NpgsqlConnection connection, string target, IPurchaseModel model, ISpendModel? spend, double horizon, string source)
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
            using var transaction = connection.BeginTransaction();
            using (var writer = connection.BeginBinaryImport(
                       $"COPY {target} (customer_id, expected_purchases, p_alive{(spend is null ? "" : ", expected_spend, expected_revenue")}) FROM STDIN (FORMAT BINARY)"))
            {
                for (int i = 0; i < n; i++)
                {
                    writer.StartRow();
                    writer.Write(_ids[i], NpgsqlDbType.Text);
                    writer.Write(_expected[i], NpgsqlDbType.Double);
                    writer.Write(_alive[i], NpgsqlDbType.Double);
                    if (spend is null) continue;
                    writer.Write(_spend[i], NpgsqlDbType.Double);
                    writer.Write(_expected[i] * _spend[i], NpgsqlDbType.Double);
                }
                writer.Complete();
            }
            transaction.Commit();
        }
    }
}
