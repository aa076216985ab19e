using BenchmarkDotNet.Attributes;
using Clv.Probabilistic.Data;
using Clv.Probabilistic.DuckDb;
using Clv.Probabilistic.Models.BgNbd;
using Clv.Probabilistic.Models.GammaGamma;
using Clv.Probabilistic.Valuation;
using DuckDB.NET.Data;

namespace Clv.Probabilistic.Benchmarks;

/// <summary>
/// Engine scoring of 200,000 synthetic BG/NBD customers (days) with Gamma-Gamma spend: one 50,000-customer batch scored in
/// memory (<see cref="CustomerScorer"/>, with and without CLV), and the whole DuckDB round trip (stream the summaries
/// table, score, append the predictions in 4 transactions) into an in-memory DuckDB database.
/// </summary>
[MemoryDiagnoser]
public class EngineScoringBenchmarks
{
    private const int Customers = 200_000;
    private const int Batch = 50_000;
    private RfmSummary _batch = null!;
    private CustomerScorer _plain = null!, _valued = null!;
    private double[][] _plainColumns = [], _valuedColumns = [];
    private DuckDBConnection _db = null!;

    [GlobalSetup]
    public void Setup()
    {
        var customers = SpendData.WithSimulatedSpend(BgNbdSyntheticData.Create(Customers, wholeDays: true), seed: 42);
        var purchases = new BgNbdModel(BgNbdSyntheticData.DailyParameters, TimeUnit.Days);
        var spend = new GammaGammaSpendModel(SpendData.Parameters);
        _plain = new CustomerScorer(purchases, spend, 365);
        _valued = new CustomerScorer(purchases, spend, 365, ClvOptions.Monthly(12, DiscountRate.PerMonth(0.01), margin: 0.3));
        _plainColumns = _plain.Columns.Select(_ => new double[Batch]).ToArray();
        _valuedColumns = _valued.Columns.Select(_ => new double[Batch]).ToArray();
        _batch = new RfmSummary([.. customers.CustomerIds.Take(Batch)], customers.Frequency[..Batch], customers.Recency[..Batch],
            customers.T[..Batch], customers.MonetaryValue[..Batch], TimeUnit.Days);

        _db = new DuckDBConnection("DataSource=:memory:");
        _db.Open();
        Execute("CREATE TABLE summaries (customer_id VARCHAR, frequency DOUBLE, recency DOUBLE, t DOUBLE, monetary_value DOUBLE)");
        using var appender = _db.CreateAppender("summaries");
        for (int i = 0; i < customers.Count; i++)
            appender.CreateRow().AppendValue(customers.CustomerIds[i]).AppendValue(customers.Frequency[i]).AppendValue(customers.Recency[i])
                .AppendValue(customers.T[i]).AppendValue(customers.MonetaryValue[i]).EndRow();
    }

    [GlobalCleanup]
    public void Cleanup() => _db.Dispose();

    [IterationSetup(Target = nameof(DuckDbScoreAndAppend))]
    public void DropPredictions() => Execute("DROP TABLE IF EXISTS predictions");

    [Benchmark]
    public double[] ScoreBatch()
    {
        _plain.Score(_batch, _plainColumns);
        return _plainColumns[0];
    }

    [Benchmark]
    public double[] ScoreBatchWithClv()
    {
        _valued.Score(_batch, _valuedColumns);
        return _valuedColumns[0];
    }

    [Benchmark]
    public long DuckDbScoreAndAppend() =>
        new DuckDbScorer(_db) { BatchSize = Batch }.Score(["summaries"], ["predictions"], _plain).Scored;

    private void Execute(string sql)
    {
        using var command = _db.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
