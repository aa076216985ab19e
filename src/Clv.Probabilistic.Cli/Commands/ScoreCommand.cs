using System.CommandLine;
using System.Globalization;
using Clv.Probabilistic.ClickHouse;
using Clv.Probabilistic.Data;
using Clv.Probabilistic.Models;
using Clv.Probabilistic.Persistence;
using Clv.Probabilistic.DuckDb;
using Clv.Probabilistic.PostgreSql;
using Clv.Probabilistic.Valuation;
using Clv.Probabilistic.Valuation.Intervals;

namespace Clv.Probabilistic.Cli.Commands;

/// <summary>
/// <c>clv score</c>: scores a summaries table inside a database engine with model files and writes the predictions into
/// a table of the same engine, in bounded memory, resumable after a crash.
/// </summary>
internal static class ScoreCommand
{
    private const string Name = "score";

    public static Command Create()
    {
        var engine = new Option<string>("--engine") { Description = "The engine holding the summaries: postgres, clickhouse or duckdb.", Required = true };
        var connection = new Option<string>("--connection") { Description = "Connection string (for clickhouse the HTTP URL, for duckdb the database file).", Required = true };
        var table = new Option<string>("--table") { Description = "Summaries table (customer_id, frequency, recency, t, monetary_value), as 'clv summarize --engine ... --write-table' writes it.", Required = true };
        var model = new Option<string>("--model") { Description = "Purchase model file (JSON), as 'clv fit' writes it.", Required = true };
        var spendModel = new Option<string?>("--spend-model") { Description = "Spend model file; adds expected_spend, expected_revenue (undiscounted) and clv (discounted, as 'clv predict'; needs --discount-rate)." };
        var horizon = new Option<double>("--horizon") { Description = "Horizon of the expected purchases (and of the CLV), in --horizon-unit periods.", Required = true };
        var horizonUnit = new Option<string?>("--horizon-unit") { Description = "Unit of --horizon: days, weeks, months or years (default: the model's time unit)." };
        var discountRate = new Option<double?>("--discount-rate") { Description = "Discount rate per --discount-unit period, e.g. 0.01 (with --spend-model)." };
        var discountUnit = new Option<string?>("--discount-unit") { Description = "Period of --discount-rate (default: --horizon-unit)." };
        var margin = new Option<double>("--margin") { Description = "Profit margin applied to expected revenue in clv.", DefaultValueFactory = _ => 1.0 };
        var continuous = new Option<bool>("--continuous") { Description = "Discount continuously instead of at the end of each --horizon-unit period." };
        var interval = new Option<double?>("--interval") { Description = "Add <column>_lower/_upper columns: equal-tailed credible intervals at this level (e.g. 0.9) from the model files' parameter draws, as 'clv predict --interval'." };
        var intervalDraws = new Option<int>("--draws") { Description = "With --interval: parameter draws behind the intervals (default 200; at most the model files' draws).", DefaultValueFactory = _ => 200 };
        var writeTable = new Option<string>("--write-table") { Description = "Predictions table, created when missing; a re-run writes only the customers not yet written.", Required = true };
        var batch = new Option<int>("--batch-size") { Description = "Customers per batch (one transaction, or for clickhouse one INSERT, each; the memory bound per running shard).", DefaultValueFactory = _ => 50_000 };
        var parallel = new Option<int>("--parallel") { Description = "postgres, clickhouse: shards scored at once, each on its own connections (the leaf partitions of a partitioned table or the shards of a Distributed table, else this many parts of the customers).", DefaultValueFactory = _ => 1 };

        var command = new Command(Name, "Score a summaries table inside a database engine and write the predictions back into it (resumable).");
        foreach (var option in new Option[] { engine, connection, table, model, spendModel, horizon, horizonUnit, discountRate, discountUnit, margin, continuous,
                     interval, intervalDraws, writeTable, batch, parallel })
            command.Options.Add(option);
        command.SetAction(parse => CliErrors.Run(Name, () =>
        {
            string engineName = parse.GetValue(engine)!.Trim().ToLowerInvariant();
            if (engineName is not ("postgres" or "postgresql" or "clickhouse" or "duckdb"))
                throw new ArgumentException($"--engine: '{engineName}' is not a supported engine for scoring (postgres, clickhouse, duckdb).");
            string modelPath = parse.GetValue(model)!;
            var purchaseFit = PredictCommand.Load(modelPath, ModelKind.Purchase, "--model");
            var purchases = purchaseFit.PurchaseModel();
            string? spendPath = parse.GetValue(spendModel);
            var spendFit = spendPath is null ? null : PredictCommand.Load(spendPath, ModelKind.Spend, "--spend-model");
            var periods = parse.GetValue(horizonUnit) is { } unitText ? TimeUnit.Parse(unitText) : purchases.TimeUnit;
            double horizonValue = parse.GetValue(horizon);
            if (!(horizonValue > 0) || !double.IsFinite(horizonValue))
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"--horizon: {horizonValue} is not a positive number of periods."));
            ClvOptions? valuation = null;
            if (spendFit is not null)
                valuation = PredictCommand.Valuation(horizonValue, periods, parse.GetValue(discountRate), parse.GetValue(discountUnit), parse.GetValue(continuous), parse.GetValue(margin));
            else if (parse.GetValue(discountRate) is not null || parse.GetValue(discountUnit) is not null || parse.GetValue(continuous))
                throw new ArgumentException("--discount-rate, --discount-unit and --continuous value customers and need --spend-model.");
            IntervalOptions? intervals = null;
            if (parse.GetValue(interval) is double level)
            {
                PredictCommand.CheckIntervals(level, parse.GetValue(intervalDraws), purchaseFit, modelPath, spendFit, spendPath);
                intervals = new IntervalOptions { Level = level, MaxDraws = parse.GetValue(intervalDraws) };
            }
            else if (parse.GetResult(intervalDraws) is { Implicit: false })
                throw new ArgumentException("--draws shapes the intervals of --interval: give --interval LEVEL too (e.g. 0.9).");
            var scorer = new CustomerScorer(purchaseFit, spendFit, periods.ConvertTo(horizonValue, purchases.TimeUnit), valuation, intervals);
            int parallelism = parse.GetValue(parallel);
            if (parallelism < 1) throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"--parallel: {parallelism} is not a number of shards ≥ 1."));
            int batchSize = parse.GetValue(batch);
            if (batchSize < 1) throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"--batch-size: {batchSize} is not a number of customers ≥ 1."));
            var progress = new LineProgress();
            ScoringReport report;
            if (engineName == "clickhouse")
            {
                using var server = EngineSource.ClickHouse(parse.GetValue(connection)!);
                report = new ClickHouseScorer(server) { BatchSize = batchSize, Parallelism = parallelism }.Score(ClickHouseSql.SplitName(parse.GetValue(table)!),
                    ClickHouseSql.SplitName(parse.GetValue(writeTable)!), scorer, progress);
            }
            else if (engineName == "duckdb")
            {
                if (parallelism != 1) throw new ArgumentException("--parallel applies to --engine postgres and clickhouse (DuckDB scores with all cores in one process).");
                using var db = DuckDbEngine.Connect(parse.GetValue(connection));
                report = new DuckDbScorer(db) { BatchSize = batchSize }.Score(PostgreSqlSql.SplitName(parse.GetValue(table)!),
                    PostgreSqlSql.SplitName(parse.GetValue(writeTable)!), scorer, progress);
            }
            else
            {
                using var db = EngineSource.DataSource(parse.GetValue(connection)!);
                report = new PostgreSqlScorer(db) { BatchSize = batchSize, Parallelism = parallelism }.Score(PostgreSqlSql.SplitName(parse.GetValue(table)!),
                    PostgreSqlSql.SplitName(parse.GetValue(writeTable)!), scorer, progress);
            }
            progress.Finish();
            CliErrors.Status(string.Create(CultureInfo.InvariantCulture,
                $"Scored {report.Scored} customers in {report.Batches} batches ({report.AlreadyWritten} already written by an earlier run) into {parse.GetValue(writeTable)}: {string.Join(", ", scorer.Columns)}."));
            return 0;
        }));
        return command;
    }

    /// <summary>Customers written so far, on one overwritten line of standard error.</summary>
    private sealed class LineProgress : IProgress<long>
    {
        private bool _shown;

        public void Report(long value)
        {
            _shown = true;
            Console.Error.Write(string.Create(CultureInfo.InvariantCulture, $"\rscored {value} customers   "));
        }

        public void Finish()
        {
            if (_shown) Console.Error.WriteLine();
        }
    }
}
