using Clv.Probabilistic.Data;
using Clv.Probabilistic.Engines.Tests;
using Clv.Probabilistic.Models;
using Clv.Probabilistic.Models.BgNbd;
using Clv.Probabilistic.Models.GammaGamma;
using Clv.Probabilistic.Valuation;
using DuckDB.NET.Data;

namespace Clv.Probabilistic.DuckDb.Tests;

public sealed class DuckDbScorerTests : IDisposable
{
    private static readonly SummaryOptions Options = new(Datasets.CdnowCalibrationEnd, TimeUnit.Weeks) { DropTransactionsAfterEnd = true };
    private readonly DuckDBConnection _db = new("DataSource=:memory:");
    private readonly RfmSummary _summary;
    private readonly IPurchaseModel _purchase;
    private readonly ISpendModel _spend;
    private readonly CustomerScorer _scorer;

    public DuckDbScorerTests()
    {
        _db.Open();
        var log = Datasets.CdnowSample();
        TestLogs.CreateTable(_db, "tx", log);
        _summary = RfmSummarizer.Summarize(log, Options);
        _purchase = ModelFitter.Fit(BgNbdDefinition.Instance, _summary).Model;
        _spend = ModelFitter.Fit(GammaGammaDefinition.Instance, _summary).Model;
        _scorer = new CustomerScorer(_purchase, _spend, 39, ClvOptions.Monthly(6, DiscountRate.PerMonth(0.01), margin: 0.3));
    }

    public void Dispose() => _db.Dispose();

    private long WriteSummaries()
    {
        using var summarizer = new DuckDbRfmSummarizer(_db);
        return new DuckDbTransactionLog(summarizer, DuckDbTransactionSource.Table("tx")).WriteSummaryTable(["summaries"], Options);
    }

    private Dictionary<string, double[]> ReadPredictions(int columns)
    {
        var rows = new Dictionary<string, double[]>(StringComparer.Ordinal);
        using var command = _db.CreateCommand();
        command.CommandText = "SELECT * FROM predictions";
        using var reader = command.ExecuteReader();
        while (reader.Read()) rows.Add(reader.GetString(0), Enumerable.Range(1, columns).Select(reader.GetDouble).ToArray());
        return rows;
    }

    private void Execute(string sql)
    {
        using var command = _db.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    /// <summary>Every written value is the scorer's on the in-process summary of all customers at once.</summary>
    private void AssertPredictions(Dictionary<string, double[]> rows)
    {
        Assert.Equal(_summary.Count, rows.Count);
        var expected = _scorer.Columns.Select(_ => new double[_summary.Count]).ToArray();
        _scorer.Score(_summary, expected);
        for (int i = 0; i < _summary.Count; i++)
        {
            var row = rows[_summary.CustomerIds[i]];
            for (int c = 0; c < expected.Length; c++) Assert.Equal(expected[c][i], row[c], 1e-12 * Math.Max(1, Math.Abs(expected[c][i])));
        }
    }

    [Fact]
    public void TheSummaryTableWrittenInsideDuckDbEqualsTheInProcessSummary()
    {
        Assert.Equal(_summary.Count, WriteSummaries());
        var ids = new List<string>();
        var columns = new List<double>[4] { [], [], [], [] };
        using var command = _db.CreateCommand();
        command.CommandText = "SELECT customer_id, frequency, recency, t, monetary_value FROM summaries";
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            ids.Add(reader.GetString(0));
            for (int c = 0; c < 4; c++) columns[c].Add(reader.GetDouble(c + 1));
        }
        EngineAssert.AssertEqual(_summary, new RfmSummary(ids, columns[0].ToArray(), columns[1].ToArray(), columns[2].ToArray(), columns[3].ToArray(), TimeUnit.Weeks));
    }

    [Fact]
    public void PredictionsWrittenBackEqualTheInProcessScorer()
    {
        WriteSummaries();
        var report = new DuckDbScorer(_db) { BatchSize = 700 }.Score(["summaries"], ["predictions"], _scorer);
        Assert.Equal(new ScoringReport(_summary.Count, 0, 4), report);
        Assert.Equal(["expected_purchases", "p_alive", "expected_spend", "expected_revenue", "clv"], _scorer.Columns);
        AssertPredictions(ReadPredictions(_scorer.Columns.Count));
    }

    [Fact]
    public void ARunStoppedAfterTwoBatchesIsFinishedByTheNextWithoutDuplicatesOrLosses()
    {
        WriteSummaries();
        var crash = new InvalidOperationException("simulated crash");
        int reports = 0;
        Assert.Same(crash, Assert.Throws<InvalidOperationException>(() => new DuckDbScorer(_db) { BatchSize = 500 }.Score(["summaries"], ["predictions"], _scorer,
            new SynchronousProgress(_ => { if (++reports == 2) throw crash; }))));
        Assert.Equal(1000, ReadPredictions(_scorer.Columns.Count).Count);
        var second = new DuckDbScorer(_db) { BatchSize = 500 }.Score(["summaries"], ["predictions"], _scorer);
        Assert.Equal(new ScoringReport(_summary.Count - 1000, 1000, 3), second);
        AssertPredictions(ReadPredictions(_scorer.Columns.Count));
        Assert.Equal(new ScoringReport(0, _summary.Count, 0), new DuckDbScorer(_db).Score(["summaries"], ["predictions"], _scorer));
    }

    [Fact]
    public void BadSummaryTablesAreNamedWithTableColumnAndCustomer()
    {
        var scorer = new DuckDbScorer(_db);
        var noTable = Assert.Throws<ClvDataException>(() => scorer.Score(["nowhere"], ["predictions"], _scorer));
        Assert.Equal("duckdb table nowhere", noTable.SourceName);
        Execute("CREATE TABLE bad (customer_id VARCHAR, frequency INTEGER, recency DOUBLE, t VARCHAR, monetary_value DOUBLE)");
        var type = Assert.Throws<ClvDataException>(() => scorer.Score(["bad"], ["predictions"], _scorer));
        Assert.Equal(("t", "duckdb table bad"), (type.Column, type.SourceName));
        Execute("DROP TABLE bad; CREATE TABLE bad (customer_id VARCHAR, frequency INTEGER, recency DOUBLE, \"T\" DOUBLE)");
        Assert.Equal("monetary_value", Assert.Throws<ClvDataException>(() => scorer.Score(["bad"], ["predictions"], _scorer)).Column);
        Execute("ALTER TABLE bad ADD COLUMN monetary_value DOUBLE; INSERT INTO bad VALUES ('a', 1, 2, 5, 10), ('b', NULL, 0, 3, 0)");
        var missing = Assert.Throws<ClvDataException>(() => scorer.Score(["bad"], ["predictions2"], _scorer));
        Assert.Equal(("frequency", "b"), (missing.Column, missing.CustomerId));
        Execute("UPDATE bad SET frequency = 2, recency = 4 WHERE customer_id = 'b'");
        var invalid = Assert.Throws<ClvDataException>(() => scorer.Score(["bad"], ["predictions3"], _scorer));
        Assert.Contains("'b'", invalid.Message);
        Execute("UPDATE bad SET customer_id = NULL WHERE customer_id = 'b'");
        Assert.Equal("customer_id", Assert.Throws<ClvDataException>(() => scorer.Score(["bad"], ["predictions4"], _scorer)).Column);
        // A prediction table left by a run with other columns is refused, not mixed.
        Execute("DELETE FROM bad WHERE customer_id IS NULL");
        new DuckDbScorer(_db).Score(["bad"], ["predictions5"], new CustomerScorer(_purchase, null, 39));
        var other = Assert.Throws<ClvDataException>(() => scorer.Score(["bad"], ["predictions5"], _scorer));
        Assert.Equal("duckdb table predictions5", other.SourceName);
        Assert.Contains("expected_spend", other.Message);
    }
}
