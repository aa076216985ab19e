using System.Net.Sockets;
using System.Text;
using Clv.Probabilistic.Data;
using Clv.Probabilistic.Engines.Tests;
using Clv.Probabilistic.Models;
using Clv.Probabilistic.Models.BgNbd;
using Clv.Probabilistic.Models.GammaGamma;
using Clv.Probabilistic.Valuation;

namespace Clv.Probabilistic.ClickHouse.Tests;

public sealed class ClickHouseScorerTests
{
    private static readonly SummaryOptions Options = new(Datasets.CdnowCalibrationEnd, TimeUnit.Weeks) { DropTransactionsAfterEnd = true };

    /// <summary>The CDNOW calibration log in a Distributed table, its summary table written inside the server, and fits.</summary>
    private sealed class Scenario : IDisposable
    {
        public Scenario()
        {
            var log = Datasets.CdnowSample();
            Table = ClickHouseTable.Create(log, Layout.Distributed);
            Server = new ClickHouseConnection(ClickHouseServers.Shard1);
            Summary = RfmSummarizer.Summarize(log, Options);
            Summaries = Table.Name + "_summary";
            Predictions = Table.Name + "_predictions";
            Written = ClickHouseTransactionLog.Table(Server, [Table.Name]).WriteSummaryTable([Summaries], Options);
            Purchase = ModelFitter.Fit(BgNbdDefinition.Instance, Summary).Model;
            Spend = ModelFitter.Fit(GammaGammaDefinition.Instance, Summary).Model;
        }

        public ClickHouseTable Table { get; }
        public ClickHouseConnection Server { get; }
        public RfmSummary Summary { get; }
        public string Summaries { get; }
        public string Predictions { get; }
        public long Written { get; }
        public IPurchaseModel Purchase { get; }
        public ISpendModel Spend { get; }

        public ClickHouseScorer Scorer(int batch, int parallelism = 1) => new(Server) { BatchSize = batch, Parallelism = parallelism };

        /// <summary>
        /// The summaries as a Distributed table over a summary table on each shard (written inside each shard from its
        /// local transactions: each shard holds whole customers); returns the name and the customers of each shard.
        /// </summary>
        public (string Name, long[] PerShard) DistributedSummaries()
        {
            string name = Summaries + "_dist", local = name + "_local";
            var perShard = new long[2];
            int k = 0;
            foreach (var shard in new[] { ClickHouseServers.Shard1, ClickHouseServers.Shard2 })
            {
                using var connection = new ClickHouseConnection(shard);
                perShard[k++] = ClickHouseTransactionLog.Table(connection, [Table.Name + "_local"]).WriteSummaryTable([local], Options);
                _dropOnShards.Add(local);
            }
            ClickHouseTable.Execute(ClickHouseServers.Shard1,
                $"CREATE TABLE {ClickHouseSql.QuoteIdentifier(name)} AS {ClickHouseSql.QuoteIdentifier(local)} ENGINE = Distributed({ClickHouseServers.Cluster}, currentDatabase(), {ClickHouseSql.QuoteIdentifier(local)})");
            _drop.Add(name);
            return (name, perShard);
        }

        private readonly List<string> _drop = [];
        private readonly List<string> _dropOnShards = [];

        public string NewTable(string suffix)
        {
            _drop.Add(Predictions + suffix);
            _drop.Add(Predictions + suffix + "__clv_writers");
            return Predictions + suffix;
        }

        public Dictionary<string, double[]> ReadPredictions(string? table = null)
        {
            var rows = new Dictionary<string, double[]>(StringComparer.Ordinal);
            using var result = Server.Query($"SELECT customer_id, expected_purchases, p_alive, expected_spend, expected_revenue FROM {ClickHouseSql.QuoteIdentifier(table ?? Predictions)}", "test", 5);
            while (result.Read()) rows.Add(result.GetString(0), [result.GetDouble(1), result.GetDouble(2), result.GetDouble(3), result.GetDouble(4)]);
            return rows;
        }

        /// <summary>The customers not in <paramref name="written"/>, in summary order.</summary>
        public IEnumerable<string> Missing(IReadOnlySet<string> written) => Summary.CustomerIds.Where(id => !written.Contains(id));

        /// <summary>
        /// The RowBinary rows the scorer would send for <paramref name="ids"/> (customer_id, expected_purchases, p_alive,
        /// expected_spend, expected_revenue at horizon 39, the in-process values), and where each row ends.
        /// </summary>
        public (byte[] Body, int[] Ends) RowBinary(IReadOnlyList<string> ids)
        {
            int n = Summary.Count;
            double[] expected = new double[n], alive = new double[n], spend = new double[n];
            Purchase.ConditionalExpectedPurchases(Summary, 39, expected);
            Purchase.ProbabilityAlive(Summary, alive);
            Spend.ConditionalExpectedSpend(Summary, spend);
            var row = Summary.CustomerIds.Select((id, i) => (id, i)).ToDictionary(p => p.id, p => p.i, StringComparer.Ordinal);
            var body = new MemoryStream();
            var ends = new int[ids.Count];
            for (int k = 0; k < ids.Count; k++)
            {
                int i = row[ids[k]];
                ClickHouseTable.WriteString(body, ids[k]);
                foreach (double value in new[] { expected[i], alive[i], spend[i], expected[i] * spend[i] }) body.Write(BitConverter.GetBytes(value));
                ends[k] = (int)body.Length;
            }
            return (body.ToArray(), ends);
        }

        /// <summary>
        /// Waits until the server runs a query holding <paramref name="statement"/> and <paramref name="table"/> (a query
        /// blocked on a lock or on its body stays there); fails after a minute.
        /// </summary>
        public void WaitUntilRunning(string statement, string table)
        {
            // The words are split in the literals so that this query does not find itself.
            static string Split(string text) => $"concat({ClickHouseSql.Literal(text[..1])}, {ClickHouseSql.Literal(text[1..])})";
            string sql = $"SELECT count() FROM system.processes WHERE position(query, {Split(statement)}) > 0 AND position(query, {Split(table)}) > 0";
            var deadline = DateTime.UtcNow.AddMinutes(1);
            while (ClickHouseTable.Rows(ClickHouseServers.Shard1, sql, 1)[0][0] == "0")
            {
                Assert.True(DateTime.UtcNow < deadline, $"no query '{statement}' on {table} within a minute");
                Thread.Sleep(20);
            }
        }

        /// <summary>
        /// The writer tables (of runs not finished) in front of the prediction table: those named in its register that
        /// exist (EXISTS TABLE for each; an 18.16 server's system.tables fails while other tests drop tables).
        /// </summary>
        public List<string> Writers()
        {
            string register = Predictions + "__clv_writers";
            if (ClickHouseTable.Rows(ClickHouseServers.Shard1, $"EXISTS TABLE {ClickHouseSql.QuoteIdentifier(register)}", 1)[0][0] == "0") return [];
            return ClickHouseTable.Rows(ClickHouseServers.Shard1, $"SELECT DISTINCT name FROM {ClickHouseSql.QuoteIdentifier(register)}", 1)
                .Select(r => r[0])
                .Where(name => ClickHouseTable.Rows(ClickHouseServers.Shard1, $"EXISTS TABLE {ClickHouseSql.QuoteIdentifier(name)}", 1)[0][0] == "1")
                .ToList();
        }

        public long Count(string? table = null) => long.Parse(ClickHouseTable.Rows(ClickHouseServers.Shard1, $"SELECT count() FROM {ClickHouseSql.QuoteIdentifier(table ?? Predictions)}", 1)[0][0],
            System.Globalization.CultureInfo.InvariantCulture);

        /// <summary>Rows and distinct customers of a prediction table.</summary>
        public (long Rows, long Customers) Census(string table)
        {
            var row = ClickHouseTable.Rows(ClickHouseServers.Shard1, $"SELECT count(), uniqExact(customer_id) FROM {ClickHouseSql.QuoteIdentifier(table)}", 2)[0];
            return (long.Parse(row[0], System.Globalization.CultureInfo.InvariantCulture), long.Parse(row[1], System.Globalization.CultureInfo.InvariantCulture));
        }

        public void Dispose()
        {
            foreach (var name in _drop.Concat(Writers()).Append(Predictions + "__clv_writers")) ClickHouseTable.Execute(ClickHouseServers.Shard1, $"DROP TABLE IF EXISTS {ClickHouseSql.QuoteIdentifier(name)}");
            foreach (var name in _dropOnShards)
                foreach (var shard in new[] { ClickHouseServers.Shard1, ClickHouseServers.Shard2 })
                    ClickHouseTable.Execute(shard, $"DROP TABLE IF EXISTS {ClickHouseSql.QuoteIdentifier(name)}");
            ClickHouseTable.Execute(ClickHouseServers.Shard1, $"DROP TABLE IF EXISTS {ClickHouseSql.QuoteIdentifier(Summaries)}");
            ClickHouseTable.Execute(ClickHouseServers.Shard1, $"DROP TABLE IF EXISTS {ClickHouseSql.QuoteIdentifier(Predictions)}");
            Server.Dispose();
            Table.Dispose();
        }
    }

    [ClickHouseFact]
    public void TheSummaryTableWrittenInsideTheServerEqualsTheInProcessSummary()
    {
        using var s = new Scenario();
        Assert.Equal(s.Summary.Count, s.Written);
        var ids = new List<string>();
        var columns = new List<double>[4] { [], [], [], [] };
        using (var rows = s.Server.Query($"SELECT customer_id, frequency, recency, t, monetary_value FROM {ClickHouseSql.QuoteIdentifier(s.Summaries)}", "test", 5))
            while (rows.Read())
            {
                ids.Add(rows.GetString(0));
                for (int c = 0; c < 4; c++) columns[c].Add(rows.GetDouble(c + 1));
            }
        var table = new RfmSummary(ids, columns[0].ToArray(), columns[1].ToArray(), columns[2].ToArray(), columns[3].ToArray(), TimeUnit.Weeks);
        EngineAssert.AssertEqual(s.Summary, table);
    }

    [ClickHouseFact]
    public void PredictionsWrittenBackEqualTheInProcessPredictions()
    {
        using var s = new Scenario();
        var report = s.Scorer(700).Score([s.Summaries], [s.Predictions], s.Purchase, s.Spend, 39);
        Assert.Equal(new ScoringReport(s.Summary.Count, 0, 4), report);
        AssertPredictions(s, s.ReadPredictions());
    }

    [ClickHouseFact]
    public void ARunStoppedAfterTwoBatchesIsFinishedByTheNextWithoutDuplicatesOrLosses()
    {
        using var s = new Scenario();
        var crash = new InvalidOperationException("simulated crash");
        var progress = new List<long>();
        Assert.Same(crash, Assert.Throws<InvalidOperationException>(() => s.Scorer(500).Score([s.Summaries], [s.Predictions], s.Purchase, s.Spend, 39,
            new SynchronousProgress(n => { progress.Add(n); if (progress.Count == 2) throw crash; }))));
        Assert.Equal(1000, s.Count());

        var second = s.Scorer(500).Score([s.Summaries], [s.Predictions], s.Purchase, s.Spend, 39);
        Assert.Equal(new ScoringReport(s.Summary.Count - 1000, 1000, 3), second);
        Assert.Equal(s.Summary.Count, s.Count());
        AssertPredictions(s, s.ReadPredictions());
        var third = s.Scorer(50_000).Score([s.Summaries], [s.Predictions], s.Purchase, s.Spend, 39);
        Assert.Equal(new ScoringReport(0, s.Summary.Count, 0), third);
    }

    /// <summary>
    /// A scorer that dies in the middle of sending a batch (its INSERT body cut short at a row boundary, the connection
    /// closed) leaves whole rows of that batch (18.16 stores the body as if it had ended there; newer servers store
    /// nothing), and the next run writes exactly the customers still missing.
    /// </summary>
    [ClickHouseFact]
    public void AnInsertCutShortByADyingScorerLeavesWholeRowsAndTheNextRunFinishes()
    {
        using var s = new Scenario();
        var stop = new OperationCanceledException();
        Assert.Same(stop, Assert.Throws<OperationCanceledException>(() =>
            s.Scorer(600).Score([s.Summaries], [s.Predictions], s.Purchase, s.Spend, 39, new SynchronousProgress(_ => throw stop))));
        Assert.Equal(600, s.Count());

        // The dying scorer's writer table, and a next batch of 600 customers not written yet sent through it, of which
        // 300 whole rows go out before the process dies.
        using (var dying = new ClickHouseConnection(ClickHouseServers.Shard1))
            ClickHouseWriterTable.Open(dying, [s.Predictions], "test");
        var written = s.ReadPredictions().Keys.ToHashSet(StringComparer.Ordinal);
        var next = s.Missing(written).Take(600).ToArray();
        int n = s.Summary.Count;
        var (body, ends) = s.RowBinary(next);
        string answer;
        using (var zombie = new RawInsert(ClickHouseServers.Shard1, Assert.Single(s.Writers()), body.Length))
        {
            zombie.Send(body.AsSpan(0, ends[299]));
            zombie.Cut();
            answer = zombie.Answer();
        }
        // The server has answered, so the INSERT is over: it stored what it parsed (or nothing, on a newer server that
        // checks the length), whole rows either way.
        long stored = s.Count();
        Assert.True(stored is 600 or 900, $"{stored} rows; the server answered {answer}");
        var ids = s.ReadPredictions().Keys.ToHashSet(StringComparer.Ordinal);
        Assert.True(written.Concat(next.Take((int)stored - 600)).ToHashSet().SetEquals(ids));

        var report = s.Scorer(600).Score([s.Summaries], [s.Predictions], s.Purchase, s.Spend, 39);
        Assert.Equal(s.Summary.Count - stored, report.Scored);
        Assert.Equal(stored, report.AlreadyWritten);
        Assert.Equal((n, n), s.Census(s.Predictions));
        AssertPredictions(s, s.ReadPredictions());
        Assert.Empty(s.Writers());
    }

    /// <summary>
    /// An INSERT of a killed run that the server is still executing (its body still arriving) lands before the next run
    /// reads which customers are written, and one that reaches the server only after that is refused: the next run drops
    /// the killed run's writer table, which waits for the INSERT running through it and leaves no table for a later one.
    /// </summary>
    [ClickHouseFact]
    public void InsertsOfAKilledRunLandBeforeTheNextRunReadsWhatIsWrittenOrNotAtAll()
    {
        using var s = new Scenario();
        var stop = new OperationCanceledException();
        Assert.Same(stop, Assert.Throws<OperationCanceledException>(() =>
            s.Scorer(600).Score([s.Summaries], [s.Predictions], s.Purchase, s.Spend, 39, new SynchronousProgress(_ => throw stop))));
        Assert.Equal(600, s.Count());
        Assert.Empty(s.Writers());

        // What a killed run leaves: its writer table, and an INSERT through it that the server has begun.
        using (var killed = new ClickHouseConnection(ClickHouseServers.Shard1))
            ClickHouseWriterTable.Open(killed, [s.Predictions], "test");
        string writer = Assert.Single(s.Writers());
        var inFlight = s.Missing(s.ReadPredictions().Keys.ToHashSet(StringComparer.Ordinal)).Take(300).ToArray();
        int n = s.Summary.Count;
        Task<ScoringReport> resumed;
        // An INSERT through it that runs until the test lets it finish: its rows come from a URL answered on release
        // (an 18.16 server starts an INSERT of RowBinary rows only once it has the whole body, up to 1 MiB).
        using (var held = new HeldBody())
        {
            var zombie = Task.Run(() => ClickHouseTable.Execute(ClickHouseServers.Shard1, $"""
                INSERT INTO {ClickHouseSql.QuoteIdentifier(writer)} SELECT * FROM url({ClickHouseSql.Literal(held.Url)}, RowBinary,
                    'customer_id String, expected_purchases Float64, p_alive Float64, expected_spend Float64, expected_revenue Float64')
                """));
            held.WaitForRequest();
            resumed = Task.Run(() => s.Scorer(600).Score([s.Summaries], [s.Predictions], s.Purchase, s.Spend, 39));
            s.WaitUntilRunning("DROP TABLE", writer);
            Assert.False(resumed.IsCompleted);
            held.Release(s.RowBinary(inFlight).Body);
            zombie.GetAwaiter().GetResult();
        }
        var report = resumed.GetAwaiter().GetResult();
        Assert.Equal(new ScoringReport(n - 900, 900, (n - 900 + 599) / 600), report);
        Assert.Equal((n, n), s.Census(s.Predictions));
        AssertPredictions(s, s.ReadPredictions());
        Assert.Empty(s.Writers());

        // An INSERT of the killed run that reaches the server only now finds no table to write into.
        var (late, _) = s.RowBinary(s.Summary.CustomerIds.Take(10).ToArray());
        using (var zombie = new RawInsert(ClickHouseServers.Shard1, writer, late.Length))
        {
            zombie.Send(late);
            Assert.Contains("Code: 60", zombie.Answer());
        }
        Assert.Equal((n, n), s.Census(s.Predictions));
    }

    /// <summary>
    /// A Distributed summaries table is scored one stream per shard (each shard's local table), two at once; a MergeTree
    /// table in hash parts of its customers. Both write what a sequential run writes.
    /// </summary>
    [ClickHouseFact]
    public void ShardsOfADistributedTableAndHashPartsOfAPlainTableAreScoredInParallel()
    {
        using var s = new Scenario();
        var (distributed, perShard) = s.DistributedSummaries();
        Assert.Equal(s.Summary.Count, perShard.Sum());
        var progress = new List<long>();
        var report = s.Scorer(300, parallelism: 2).Score([distributed], [s.Predictions], s.Purchase, s.Spend, 39,
            new SynchronousProgress(n => { lock (progress) progress.Add(n); }));
        // One stream per shard: each shard's customers are batched on their own.
        Assert.Equal(new ScoringReport(s.Summary.Count, 0, perShard.Sum(c => (int)((c + 299) / 300))), report);
        Assert.Equal(progress.Order(), progress);
        Assert.Equal(s.Summary.Count, progress[^1]);
        Assert.Equal((s.Summary.Count, s.Summary.Count), s.Census(s.Predictions));
        AssertPredictions(s, s.ReadPredictions());

        // A plain MergeTree table split into three parts by a hash of the customer id, streamed two at a time.
        var parts = ClickHouseTable.Rows(ClickHouseServers.Shard1,
            $"SELECT count() FROM {ClickHouseSql.QuoteIdentifier(s.Summaries)} GROUP BY cityHash64(customer_id) % 3", 1)
            .Select(r => int.Parse(r[0], System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        Assert.Equal(3, parts.Length);
        string hashed = s.NewTable("_hashed");
        var split = new ClickHouseScorer(s.Server) { BatchSize = 300, Parallelism = 3 }.Score([s.Summaries], [hashed], s.Purchase, s.Spend, 39);
        Assert.Equal(new ScoringReport(s.Summary.Count, 0, parts.Sum(c => (c + 299) / 300)), split);
        Assert.Equal((s.Summary.Count, s.Summary.Count), s.Census(hashed));
        AssertPredictions(s, s.ReadPredictions(hashed));
    }

    /// <summary>
    /// A parallel run that fails in one shard after some batches (an injected failure; the other shard stops before its
    /// next batch) is finished by the next parallel run: every customer once, with the values of an uninterrupted run.
    /// </summary>
    [ClickHouseTheory]
    [InlineData(true)]
    [InlineData(false)]
    public void AParallelRunFailingInOneShardIsFinishedByTheNextWithoutDuplicatesOrLosses(bool distributed)
    {
        using var s = new Scenario();
        string summaries = distributed ? s.DistributedSummaries().Name : s.Summaries;
        var crash = new IOException("simulated shard failure");
        int reports = 0;
        Assert.Same(crash, Assert.Throws<IOException>(() => s.Scorer(200, parallelism: 2).Score([summaries], [s.Predictions], s.Purchase, s.Spend, 39,
            new SynchronousProgress(_ => { if (Interlocked.Increment(ref reports) == 3) throw crash; }))));
        var (rows, customers) = s.Census(s.Predictions);
        Assert.Equal(rows, customers);
        Assert.True(rows is >= 600 and < 2357 - 200, $"{rows} rows");
        Assert.Equal(0, rows % 200);

        var resumed = s.Scorer(200, parallelism: 2).Score([summaries], [s.Predictions], s.Purchase, s.Spend, 39);
        Assert.Equal(rows, resumed.AlreadyWritten);
        Assert.Equal(s.Summary.Count, resumed.AlreadyWritten + resumed.Scored);
        Assert.Equal((s.Summary.Count, s.Summary.Count), s.Census(s.Predictions));
        AssertPredictions(s, s.ReadPredictions());
        Assert.Equal(new ScoringReport(0, s.Summary.Count, 0), s.Scorer(200, parallelism: 2).Score([summaries], [s.Predictions], s.Purchase, s.Spend, 39));
    }

    /// <summary>
    /// The stream of the remote shard is killed mid-way (a proxy in front of the server queried closes the connection
    /// after some rows): the run fails with an I/O error naming the server, the other shard stops before its next batch,
    /// and the next run writes exactly the customers missing.
    /// </summary>
    [ClickHouseFact]
    public void ARemoteShardStreamKilledMidWayIsFinishedByTheNextRun()
    {
        using var s = new Scenario();
        string summaries = s.DistributedSummaries().Name;
        using (var proxy = new CuttingProxy(ClickHouseServers.Shard1, "remote(", cutAfter: 20_000))
        using (var through = new ClickHouseConnection(proxy.Url))
        {
            var failure = Assert.Throws<IOException>(() => new ClickHouseScorer(through) { BatchSize = 100, Parallelism = 2 }
                .Score([summaries], [s.Predictions], s.Purchase, s.Spend, 39));
            Assert.True(proxy.Cut);
            Assert.Contains("while streaming", failure.Message);
            Assert.Contains(summaries, failure.Message);
        }
        var (rows, customers) = s.Census(s.Predictions);
        Assert.Equal(rows, customers);
        Assert.True(rows is > 0 and < 2357, $"{rows} rows");

        var resumed = s.Scorer(100, parallelism: 2).Score([summaries], [s.Predictions], s.Purchase, s.Spend, 39);
        Assert.Equal(rows, resumed.AlreadyWritten);
        Assert.Equal(s.Summary.Count - rows, resumed.Scored);
        Assert.Equal((s.Summary.Count, s.Summary.Count), s.Census(s.Predictions));
        AssertPredictions(s, s.ReadPredictions());
    }

    /// <summary>
    /// Other clients creating and dropping tables in the same database while runs start: a run does not read
    /// system.tables (to find the shards of a Distributed table or earlier writer tables), which an 18.16 server fills
    /// from every table's metadata, failing with "Table ... doesn't exist" when a table is dropped meanwhile.
    /// </summary>
    [ClickHouseFact]
    public void RunsStartWhileOtherTablesAreCreatedAndDropped()
    {
        using var s = new Scenario();
        string summaries = s.DistributedSummaries().Name;
        Assert.Equal(s.Summary.Count, s.Scorer(50_000, parallelism: 2).Score([summaries], [s.Predictions], s.Purchase, s.Spend, 39).Scored);
        using var stop = new CancellationTokenSource();
        var churn = Enumerable.Range(0, 2).Select(k => Task.Run(() =>
        {
            string name = $"{s.Predictions}_churn{k}";
            using var connection = new ClickHouseConnection(ClickHouseServers.Shard1);
            while (!stop.IsCancellationRequested)
            {
                connection.Execute($"CREATE TABLE {ClickHouseSql.QuoteIdentifier(name)} (x UInt8) ENGINE = MergeTree ORDER BY x", "test");
                connection.Execute($"DROP TABLE {ClickHouseSql.QuoteIdentifier(name)}", "test");
            }
        })).ToArray();
        try
        {
            for (int run = 0; run < 100; run++)
                Assert.Equal(new ScoringReport(0, s.Summary.Count, 0),
                    s.Scorer(50_000, parallelism: 2).Score([summaries], [s.Predictions], s.Purchase, s.Spend, 39));
        }
        finally
        {
            stop.Cancel();
            Task.WaitAll(churn);
        }
        Assert.Equal((s.Summary.Count, s.Summary.Count), s.Census(s.Predictions));
    }

    [Theory]
    [InlineData("Distributed(clv_two_shards, default, tl, cityHash64(customer_id))", "clv_two_shards", "default", "tl")]
    [InlineData(@"Distributed('clv_two_shards', currentDatabase(), 'tl', rand())", "clv_two_shards", "sales", "tl")]
    [InlineData(@"Distributed(`c`, 'we ird', 'it\'s', 0)", "c", "we ird", "it's")]
    [InlineData("Distributed(c, db, `t,(x)`)", "c", "db", "t,(x)")]
    public void TheShardTablesOfADistributedEngineAreRead(string engine, string cluster, string database, string table) =>
        Assert.Equal((cluster, database, table), ClickHouseScorer.DistributedArguments(engine, "sales"));

    [Fact]
    public void AnEngineThatIsNotDistributedHasNoShardTables()
    {
        Assert.Null(ClickHouseScorer.DistributedArguments("MergeTree() ORDER BY customer_id", "sales"));
        Assert.Null(ClickHouseScorer.DistributedArguments("Distributed(c, db)", "sales"));
    }

    /// <summary>A <c>clv score --parallel 2</c> process killed (SIGKILL) in the middle of its run over two shards is finished by the next run.</summary>
    [ClickHouseFact]
    public void AScoringProcessKilledMidRunIsFinishedByTheNextRun()
    {
        using var s = new Scenario();
        string summaries = s.DistributedSummaries().Name;
        string dir = Directory.CreateTempSubdirectory("clv-clickhouse-kill-").FullName;
        try
        {
            string bg = Path.Combine(dir, "bg.json"), gg = Path.Combine(dir, "gg.json");
            Persistence.ModelFile.Save(ModelFitter.Fit(BgNbdDefinition.Instance, s.Summary), bg);
            Persistence.ModelFile.Save(ModelFitter.Fit(GammaGammaDefinition.Instance, s.Summary), gg);
            var start = new System.Diagnostics.ProcessStartInfo("dotnet")
            {
                RedirectStandardError = true,
                RedirectStandardOutput = true,
                UseShellExecute = false,
            };
            foreach (var argument in new[] { Path.Combine(AppContext.BaseDirectory, "clv.dll"), "score", "--engine", "clickhouse", "--connection", ClickHouseServers.Shard1,
                         "--table", summaries, "--model", bg, "--spend-model", gg, "--discount-rate", "0.01", "--horizon", "39", "--write-table", s.Predictions, "--batch-size", "10",
                         "--parallel", "2" })
                start.ArgumentList.Add(argument);
            using (var process = System.Diagnostics.Process.Start(start)!)
            {
                // Kill it as soon as it reports 100 customers written (progress goes to standard error).
                var seen = new StringBuilder();
                int c;
                while (!seen.ToString().Contains("scored 100 ", StringComparison.Ordinal) && (c = process.StandardError.Read()) >= 0) seen.Append((char)c);
                process.Kill(entireProcessTree: true);
                process.WaitForExit();
            }
            // The next run first drops the killed run's writer table (waiting for any INSERT of the killed process still
            // running in the server, refusing any that arrives later), then writes exactly what is missing.
            // The run that finishes writes the same columns: with --discount-rate the CLI adds clv.
            var valuation = new ClvOptions(39, TimeUnit.Weeks, DiscountRate.PerWeek(0.01));
            var report = s.Scorer(500).Score([summaries], [s.Predictions], new CustomerScorer(s.Purchase, s.Spend, 39, valuation));
            Assert.True(report.AlreadyWritten >= 100, $"{report.AlreadyWritten} written before the kill");
            Assert.Equal(s.Summary.Count, report.AlreadyWritten + report.Scored);
            Assert.Equal((s.Summary.Count, s.Summary.Count), s.Census(s.Predictions));
            Assert.Empty(s.Writers());
            AssertPredictions(s, s.ReadPredictions());
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [ClickHouseFact]
    public void BadSummaryTablesAndDuplicatedPredictionsAreNamed()
    {
        using var server = new ClickHouseConnection(ClickHouseServers.Shard1);
        string name = "clv_test_bad_" + Guid.NewGuid().ToString("N")[..8];
        string q = ClickHouseSql.QuoteIdentifier(name), p = ClickHouseSql.QuoteIdentifier(name + "_p"), o = ClickHouseSql.QuoteIdentifier(name + "_o");
        var model = ModelFitter.Fit(BgNbdDefinition.Instance, RfmSummarizer.Summarize(Datasets.CdnowSample(), Options)).Model;
        var scorer = new ClickHouseScorer(server);
        void Run(string sql) => ClickHouseTable.Execute(ClickHouseServers.Shard1, sql);
        try
        {
            Run($"CREATE TABLE {q} (customer_id String, frequency Int32, recency Float64, t String) ENGINE = Memory");
            var type = Assert.Throws<ClvDataException>(() => scorer.Score([name], [name + "_p"], model, null, 10));
            Assert.Equal(("t", $"clickhouse table {name}"), (type.Column, type.SourceName));
            Run($"DROP TABLE {q}");
            Run($"CREATE TABLE {q} (customer_id String, frequency Int32, recency Float64) ENGINE = Memory");
            Assert.Equal("t", Assert.Throws<ClvDataException>(() => scorer.Score([name], [name + "_p"], model, null, 10)).Column);
            Run($"DROP TABLE {q}");
            Run($"CREATE TABLE {q} (customer_id String, frequency Nullable(Int32), recency Float64, T Float64) ENGINE = Memory");
            Run($"INSERT INTO {q} VALUES ('a', 1, 2, 5), ('b', NULL, 0, 3)");
            var missing = Assert.Throws<ClvDataException>(() => scorer.Score([name], [name + "_p"], model, null, 10));
            Assert.Equal(("frequency", "b"), (missing.Column, missing.CustomerId));
            Run($"DROP TABLE {q}");
            Run($"CREATE TABLE {q} (customer_id String, frequency Int32, recency Float64, T Float64) ENGINE = Memory");
            Run($"INSERT INTO {q} VALUES ('a', 1, 2, 5), ('b', 2, 4, 3)");
            var invalid = Assert.Throws<ClvDataException>(() => scorer.Score([name], [name + "_p"], model, null, 10));
            Assert.Contains("'b'", invalid.Message);
            Assert.Contains("exceeds T", invalid.Message);
            Run($"INSERT INTO {p} VALUES ('a', 1, 0.5), ('a', 1, 0.5)");
            var twice = Assert.Throws<ClvDataException>(() => scorer.Score([name], [name + "_p"], model, null, 10));
            Assert.Equal($"clickhouse table {name}_p", twice.SourceName);
            Assert.Contains("twice", twice.Message);
            Run($"CREATE TABLE {o} (customer_id String, expected_purchases Float64) ENGINE = MergeTree() ORDER BY customer_id");
            var other = Assert.Throws<ClvDataException>(() => scorer.Score([name], [name + "_o"], model, null, 10));
            Assert.Equal(($"clickhouse table {name}_o", "p_alive"), (other.SourceName, other.Column));
            Assert.Contains("exists with the columns customer_id, expected_purchases", other.Message);
        }
        finally
        {
            Run($"DROP TABLE IF EXISTS {q}");
            foreach (string table in new[] { name + "_p", name + "_o" })
            {
                Run($"DROP TABLE IF EXISTS {ClickHouseSql.QuoteIdentifier(table)}");
                Run($"DROP TABLE IF EXISTS {ClickHouseSql.QuoteIdentifier(table + "__clv_writers")}");
            }
        }
    }

    private static void AssertPredictions(Scenario s, Dictionary<string, double[]> rows) =>
        EngineAssert.AssertPredictions(s.Summary, s.Purchase, s.Spend, 39, rows);
}
