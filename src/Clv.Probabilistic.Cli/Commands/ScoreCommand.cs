using System.CommandLine;
using System.Globalization;
using Clv.Probabilistic.ClickHouse;
using Clv.Probabilistic.Data;
using Clv.Probabilistic.Models;
using Clv.Probabilistic.Persistence;
using Clv.Probabilistic.PostgreSql;

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
        var engine = new Option<string>("--engine") { Description = "The engine holding the summaries: postgres or clickhouse.", Required = true };
        var connection = new Option<string>("--connection") { Description = "Connection string.", Required = true };
        var table = new Option<string>("--table") { Description = "Summaries table (customer_id, frequency, recency, t, monetary_value), as 'clv summarize --engine ... --write-table' writes it.", Required = true };
        var model = new Option<string>("--model") { Description = "Purchase model file (JSON), as 'clv fit' writes it.", Required = true };
        var spendModel = new Option<string?>("--spend-model") { Description = "Spend model file; adds expected_spend and expected_revenue." };
        var horizon = new Option<double>("--horizon") { Description = "Horizon of the expected purchases, in the purchase model's time unit.", Required = true };
        var writeTable = new Option<string>("--write-table") { Description = "Predictions table, created when missing; a re-run continues after the last customer written.", Required = true };
        var batch = new Option<int>("--batch-size") { Description = "Customers per batch (one transaction, or for clickhouse one INSERT of at most 1,000,000 rows, each; the memory bound).", DefaultValueFactory = _ => 50_000 };

        var command = new Command(Name, "Score a summaries table inside a database engine and write the predictions back into it (resumable).");
        foreach (var option in new Option[] { engine, connection, table, model, spendModel, horizon, writeTable, batch }) command.Options.Add(option);
        command.SetAction(parse => CliErrors.Run(Name, () =>
        {
            string engineName = parse.GetValue(engine)!.Trim().ToLowerInvariant();
            if (engineName is not ("postgres" or "postgresql" or "clickhouse"))
                throw new ArgumentException($"--engine: '{engineName}' is not a supported engine for scoring (postgres, clickhouse).");
            var purchase = PredictCommand.Load(parse.GetValue(model)!, ModelKind.Purchase, "--model").PurchaseModel();
            ISpendModel? spend = parse.GetValue(spendModel) is { } spendPath ? PredictCommand.Load(spendPath, ModelKind.Spend, "--spend-model").SpendModel() : null;
            if (engineName == "clickhouse") return ScoreClickHouse(parse.GetValue(connection)!, parse.GetValue(table)!, parse.GetValue(writeTable)!, purchase, spend, parse.GetValue(horizon), parse.GetValue(batch));
            using var db = EngineSource.DataSource(parse.GetValue(connection)!);
            var scorer = new PostgreSqlScorer(db) { BatchSize = parse.GetValue(batch) };
            var progress = new LineProgress();
            var report = scorer.Score(PostgreSqlSql.SplitName(parse.GetValue(table)!), PostgreSqlSql.SplitName(parse.GetValue(writeTable)!),
                purchase, spend, parse.GetValue(horizon), progress);
            progress.Finish();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Scored {report.Scored} customers in {report.Batches} batches ({report.AlreadyWritten} already written by an earlier run) into {parse.GetValue(writeTable)}."));
            return 0;
        }));
        return command;
    }

    private static int ScoreClickHouse(string connection, string table, string writeTable, IPurchaseModel purchase, ISpendModel? spend, double horizon, int batch)
    {
        using var server = EngineSource.ClickHouse(connection);
        var progress = new LineProgress();
        var report = new ClickHouseScorer(server) { BatchSize = batch }.Score(ClickHouseSql.SplitName(table), ClickHouseSql.SplitName(writeTable),
            purchase, spend, horizon, progress);
        progress.Finish();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Scored {report.Scored} customers in {report.Batches} batches ({report.AlreadyWritten} already written by an earlier run) into {writeTable}."));
        return 0;
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
