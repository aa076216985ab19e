using Clv.Probabilistic.Data;
using Clv.Probabilistic.Engines.Tests;
using Clv.Probabilistic.Models;
using Clv.Probabilistic.Models.BgNbd;
using Clv.Probabilistic.Models.GammaGamma;
using Clv.Probabilistic.Valuation;
using Npgsql;

namespace Clv.Probabilistic.PostgreSql.Tests;

public sealed class PostgreSqlScorerTests
{
    private static readonly SummaryOptions Options = new(Datasets.CdnowCalibrationEnd, TimeUnit.Weeks) { DropTransactionsAfterEnd = true };

    /// <summary>The CDNOW calibration log in a sharded table, its summary table written inside the server, and fits.</summary>
    private sealed class Scenario : IDisposable
    {
        public Scenario()
        {
            var log = Datasets.CdnowSample();
            Table = PostgresTable.Create(log, Layout.Sharded);
            Db = PostgresServers.CoordinatorSource();
            Summary = RfmSummarizer.Summarize(log, Options);
            Summaries = Table.Name + "_summary";
            Predictions = Table.Name + "_predictions";
            Written = PostgreSqlTransactionLog.Table(Db, [Table.Name]).WriteSummaryTable([Summaries], Options);
            Purchase = ModelFitter.Fit(BgNbdDefinition.Instance, Summary).Model;
            Spend = ModelFitter.Fit(GammaGammaDefinition.Instance, Summary).Model;
        }

        public PostgresTable Table { get; }
        public NpgsqlDataSource Db { get; }
        public RfmSummary Summary { get; }
        public string Summaries { get; }
        public string Predictions { get; }
        public long Written { get; }
        public IPurchaseModel Purchase { get; }
        public ISpendModel Spend { get; }

        public Dictionary<string, double[]> ReadPredictions()
        {
            var rows = new Dictionary<string, double[]>(StringComparer.Ordinal);
            using var connection = Db.OpenConnection();
            using var command = new NpgsqlCommand($"SELECT customer_id, expected_purchases, p_alive, expected_spend, expected_revenue FROM {PostgreSqlSql.QuoteIdentifier(Predictions)}", connection);
            using var reader = command.ExecuteReader();
            while (reader.Read()) rows.Add(reader.GetString(0), [reader.GetDouble(1), reader.GetDouble(2), reader.GetDouble(3), reader.GetDouble(4)]);
            return rows;
        }

        public void Dispose()
        {
            PostgresTable.Execute(PostgresServers.Coordinator,
                $"DROP TABLE IF EXISTS {PostgreSqlSql.QuoteIdentifier(Summaries)}; DROP TABLE IF EXISTS {PostgreSqlSql.QuoteIdentifier(Predictions)}");
            Db.Dispose();
            Table.Dispose();
        }
    }

    [PostgresFact]
    public void TheSummaryTableWrittenInsideTheServerEqualsTheInProcessSummary()
    {
        using var s = new Scenario();
        Assert.Equal(s.Summary.Count, s.Written);
        var ids = new List<string>();
        var columns = new List<double>[4] { [], [], [], [] };
        using (var connection = s.Db.OpenConnection())
        using (var command = new NpgsqlCommand($"SELECT customer_id, frequency, recency, t, monetary_value FROM {PostgreSqlSql.QuoteIdentifier(s.Summaries)}", connection))
        using (var reader = command.ExecuteReader())
            while (reader.Read())
            {
                ids.Add(reader.GetString(0));
                for (int c = 0; c < 4; c++) columns[c].Add(reader.GetDouble(c + 1));
            }
        var table = new RfmSummary(ids, columns[0].ToArray(), columns[1].ToArray(), columns[2].ToArray(), columns[3].ToArray(), TimeUnit.Weeks);
        EngineAssert.AssertEqual(s.Summary, table);
    }

    [PostgresFact]
    public void PredictionsWrittenBackEqualTheInProcessPredictions()
    {
        using var s = new Scenario();
        var report = new PostgreSqlScorer(s.Db) { BatchSize = 700 }.Score([s.Summaries], [s.Predictions], s.Purchase, s.Spend, 39);
        Assert.Equal(new ScoringReport(s.Summary.Count, 0, 4), report);
        AssertPredictions(s, s.ReadPredictions());
    }

    [PostgresFact]
    public void ARunStoppedAfterTwoBatchesIsFinishedByTheNextWithoutDuplicatesOrLosses()
    {
        using var s = new Scenario();
        var crash = new InvalidOperationException("simulated crash");
        var progress = new List<long>();
        var first = new PostgreSqlScorer(s.Db) { BatchSize = 500 };
        Assert.Same(crash, Assert.Throws<InvalidOperationException>(() => first.Score([s.Summaries], [s.Predictions], s.Purchase, s.Spend, 39,
            new SynchronousProgress(n => { progress.Add(n); if (progress.Count == 2) throw crash; }))));
        Assert.Equal(1000, s.ReadPredictions().Count);

        var second = new PostgreSqlScorer(s.Db) { BatchSize = 500 }.Score([s.Summaries], [s.Predictions], s.Purchase, s.Spend, 39);
        Assert.Equal(new ScoringReport(s.Summary.Count - 1000, 1000, 3), second);
        var rows = s.ReadPredictions();
        Assert.Equal(s.Summary.Count, rows.Count);
        AssertPredictions(s, rows);
        var third = new PostgreSqlScorer(s.Db).Score([s.Summaries], [s.Predictions], s.Purchase, s.Spend, 39);
        Assert.Equal(new ScoringReport(0, s.Summary.Count, 0), third);
    }

    [PostgresFact]
    public void AServerConnectionKilledMidRunIsAnIOErrorAndTheNextRunFinishes()
    {
        using var s = new Scenario();
        int batches = 0;
        string application = "clv-test-" + Guid.NewGuid().ToString("N")[..8];
        using var db = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(PostgresServers.Coordinator) { ApplicationName = application }.ConnectionString);
        var scorer = new PostgreSqlScorer(db) { BatchSize = 600 };
        // After the first batch, the server terminates the scorer's connections (as a server restart would).
        var e = Assert.Throws<IOException>(() => scorer.Score([s.Summaries], [s.Predictions], s.Purchase, s.Spend, 39,
            new SynchronousProgress(_ =>
            {
                if (++batches == 1)
                    PostgresTable.Execute(PostgresServers.Coordinator,
                        $"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = '{application}'");
            })));
        Assert.StartsWith("postgres: ", e.Message);
        Assert.Equal(600, s.ReadPredictions().Count);
        var report = new PostgreSqlScorer(s.Db) { BatchSize = 600 }.Score([s.Summaries], [s.Predictions], s.Purchase, s.Spend, 39);
        Assert.Equal(new ScoringReport(s.Summary.Count - 600, 600, 3), report);
        var rows = s.ReadPredictions();
        Assert.Equal(s.Summary.Count, rows.Count);
        AssertPredictions(s, rows);
    }

    [PostgresFact]
    public void BadSummaryTablesAreNamedWithColumnAndCustomer()
    {
        using var db = PostgresServers.CoordinatorSource();
        string name = "clv_test_bad_" + Guid.NewGuid().ToString("N")[..8];
        string q = PostgreSqlSql.QuoteIdentifier(name);
        var model = ModelFitter.Fit(BgNbdDefinition.Instance, RfmSummarizer.Summarize(Datasets.CdnowSample(), Options)).Model;
        var scorer = new PostgreSqlScorer(db);
        try
        {
            var absent = Assert.Throws<ClvDataException>(() => scorer.Score([name], [name + "_p"], model, null, 10));
            Assert.Equal($"postgres table {name}", absent.SourceName);
            Assert.Contains("does not exist", absent.Message);
            PostgresTable.Execute(PostgresServers.Coordinator, $"CREATE TABLE {q} (customer_id text, frequency int, recency float8, t text)");
            var type = Assert.Throws<ClvDataException>(() => scorer.Score([name], [name + "_p"], model, null, 10));
            Assert.Equal(("t", $"postgres table {name}"), (type.Column, type.SourceName));
            PostgresTable.Execute(PostgresServers.Coordinator, $"DROP TABLE {q}; CREATE TABLE {q} (customer_id text, frequency int, recency float8)");
            Assert.Equal("t", Assert.Throws<ClvDataException>(() => scorer.Score([name], [name + "_p"], model, null, 10)).Column);
            PostgresTable.Execute(PostgresServers.Coordinator, $"DROP TABLE {q}; CREATE TABLE {q} (customer_id text, frequency int, recency float8, \"T\" float8); " +
                $"INSERT INTO {q} VALUES ('a', 1, 2, 5), ('b', NULL, 0, 3)");
            var missing = Assert.Throws<ClvDataException>(() => scorer.Score([name], [name + "_p"], model, null, 10));
            Assert.Equal(("frequency", "b"), (missing.Column, missing.CustomerId));
            PostgresTable.Execute(PostgresServers.Coordinator, $"UPDATE {q} SET frequency = 2, recency = 4 WHERE customer_id = 'b'");
            var invalid = Assert.Throws<ClvDataException>(() => scorer.Score([name], [name + "_p"], model, null, 10));
            Assert.Contains("'b'", invalid.Message);
            Assert.Contains("exceeds T", invalid.Message);
            PostgresTable.Execute(PostgresServers.Coordinator, $"UPDATE {q} SET customer_id = NULL WHERE customer_id = 'b'");
            Assert.Equal("customer_id", Assert.Throws<ClvDataException>(() => new PostgreSqlScorer(db) { Parallelism = 2 }.Score([name], [name + "_p2"], model, null, 10)).Column);
        }
        finally
        {
            PostgresTable.Execute(PostgresServers.Coordinator, $"DROP TABLE IF EXISTS {q}; DROP TABLE IF EXISTS {PostgreSqlSql.QuoteIdentifier(name + "_p")}; DROP TABLE IF EXISTS {PostgreSqlSql.QuoteIdentifier(name + "_p2")}");
        }
    }

    [PostgresFact]
    public void ShardsScoredInParallelWriteWhatASequentialRunWrites()
    {
        using var s = new Scenario();
        var scorer = new CustomerScorer(s.Purchase, s.Spend, 39, ClvOptions.Monthly(6, DiscountRate.PerMonth(0.01)));
        Assert.Equal(new ScoringReport(s.Summary.Count, 0, 3), new PostgreSqlScorer(s.Db) { BatchSize = 1000 }.Score([s.Summaries], [s.Predictions], scorer));
        var sequential = ReadAll(s, s.Predictions);

        // Customer-id ranges of a plain table, three at a time.
        string ranges = s.Predictions + "_ranges";
        var progress = new List<long>();
        var report = new PostgreSqlScorer(s.Db) { BatchSize = 300, Parallelism = 3 }.Score([s.Summaries], [ranges], scorer,
            new SynchronousProgress(n => { lock (progress) progress.Add(n); }));
        Assert.Equal(s.Summary.Count, report.Scored);
        Assert.True(report.Batches >= 9, $"{report.Batches} batches");
        Assert.Equal(s.Summary.Count, progress.Max());
        Assert.Equal(progress.Order(), progress);

        // The summaries in a table hash-partitioned into postgres_fdw foreign partitions on the two shards: one shard each.
        string sharded = s.Summaries + "_sharded", fromShards = s.Predictions + "_shards";
        string q = PostgreSqlSql.QuoteIdentifier(sharded);
        const string columns = "(customer_id text, frequency double precision, recency double precision, t double precision, monetary_value double precision)";
        try
        {
            PostgresTable.Execute(PostgresServers.Coordinator, $"CREATE TABLE {q} {columns} PARTITION BY HASH (customer_id)");
            for (int k = 1; k <= 2; k++)
            {
                string part = sharded + "_s" + k;
                PostgresTable.Execute(PostgresServers.Shard(k), $"CREATE TABLE {PostgreSqlSql.QuoteIdentifier(part)} {columns}");
                PostgresTable.Execute(PostgresServers.Coordinator,
                    $"CREATE FOREIGN TABLE {PostgreSqlSql.QuoteIdentifier(part)} PARTITION OF {q} FOR VALUES WITH (MODULUS 2, REMAINDER {k - 1}) SERVER shard{k} OPTIONS (table_name '{part}')");
            }
            PostgresTable.Execute(PostgresServers.Coordinator, $"INSERT INTO {q} SELECT * FROM {PostgreSqlSql.QuoteIdentifier(s.Summaries)}");
            // A first run stops after its first batch; the second finishes every shard.
            var crash = new InvalidOperationException("simulated crash");
            Assert.Same(crash, Assert.Throws<InvalidOperationException>(() => new PostgreSqlScorer(s.Db) { BatchSize = 400, Parallelism = 2 }
                .Score([sharded], [fromShards], scorer, new SynchronousProgress(_ => throw crash))));
            var resumed = new PostgreSqlScorer(s.Db) { BatchSize = 400, Parallelism = 2 }.Score([sharded], [fromShards], scorer);
            Assert.True(resumed.AlreadyWritten is >= 400 and < 2357 - 400, $"{resumed.AlreadyWritten} already written");
            Assert.Equal(s.Summary.Count, resumed.AlreadyWritten + resumed.Scored);
            foreach (var table in new[] { ranges, fromShards })
            {
                var rows = ReadAll(s, table);
                Assert.Equal(sequential.Count, rows.Count);
                // Equal up to rounding: vectorised kernels round an element by its position in the batch (a few ulps).
                foreach (var (id, values) in sequential)
                    for (int c = 0; c < values.Length; c++) Assert.Equal(values[c], rows[id][c], 1e-14 * Math.Max(1, Math.Abs(values[c])));
            }
        }
        finally
        {
            PostgresTable.Execute(PostgresServers.Coordinator, $"DROP TABLE IF EXISTS {q}; DROP TABLE IF EXISTS {PostgreSqlSql.QuoteIdentifier(ranges)}; DROP TABLE IF EXISTS {PostgreSqlSql.QuoteIdentifier(fromShards)}");
            for (int k = 1; k <= 2; k++) PostgresTable.Execute(PostgresServers.Shard(k), $"DROP TABLE IF EXISTS {PostgreSqlSql.QuoteIdentifier(sharded + "_s" + k)}");
        }
    }

    [PostgresFact]
    public void APredictionTableWithOtherColumnsIsRefused()
    {
        using var s = new Scenario();
        new PostgreSqlScorer(s.Db).Score([s.Summaries], [s.Predictions], s.Purchase, null, 39);
        var e = Assert.Throws<ClvDataException>(() => new PostgreSqlScorer(s.Db).Score([s.Summaries], [s.Predictions], s.Purchase, s.Spend, 39));
        Assert.Equal(($"postgres table {s.Predictions}", "expected_spend"), (e.SourceName, e.Column));
    }

    private static Dictionary<string, double[]> ReadAll(Scenario s, string table)
    {
        var rows = new Dictionary<string, double[]>(StringComparer.Ordinal);
        using var connection = s.Db.OpenConnection();
        using var command = new NpgsqlCommand($"SELECT * FROM {PostgreSqlSql.QuoteIdentifier(table)}", connection);
        using var reader = command.ExecuteReader();
        while (reader.Read()) rows.Add(reader.GetString(0), Enumerable.Range(1, reader.FieldCount - 1).Select(reader.GetDouble).ToArray());
        return rows;
    }

    private static void AssertPredictions(Scenario s, Dictionary<string, double[]> rows) =>
        EngineAssert.AssertPredictions(s.Summary, s.Purchase, s.Spend, 39, rows);
}
