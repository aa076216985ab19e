using System.Globalization;
using Clv.Probabilistic.ClickHouse;
using Clv.Probabilistic.Data;
using Clv.Probabilistic.DuckDb;
using Clv.Probabilistic.PostgreSql;

namespace Clv.Probabilistic.Cli.Commands;

/// <summary><c>clv summarize --engine</c>: the summary computed inside the engine, written as CSV and/or as a table of the engine.</summary>
internal static class EngineSummary
{
    public static int Write(IEngineTransactionLog log, SummaryOptions options, DateOnly? calibrationEnd, string? output, bool force, string? writeTable)
    {
        if (output is null && writeTable is null) throw new ArgumentException("--engine needs --output (a summary CSV), --write-table, or both.");
        if (output is not null) OutputFiles.Check([], [("--output", output)], force);
        if (writeTable is not null)
        {
            if (calibrationEnd is not null) throw new ArgumentException("--write-table writes the summary up to the observation end; leave out --calibration-end.");
            long rows = log switch
            {
                PostgreSqlTransactionLog postgres => postgres.WriteSummaryTable(PostgreSqlSql.SplitName(writeTable), options),
                ClickHouseTransactionLog clickhouse => clickhouse.WriteSummaryTable(ClickHouseSql.SplitName(writeTable), options),
                DuckDbTransactionLog duckdb => DuckDbEngine.WriteSummaryTable(duckdb, writeTable, options),
                _ => throw new ArgumentException($"--write-table is not supported for --engine {log.Engine}."),
            };
            CliErrors.Status(string.Create(CultureInfo.InvariantCulture,
                $"Summarised {log.Engine} {log.Name} into {rows} customers ({options.TimeUnit.Name}) inside the engine: table {writeTable}"));
        }
        if (output is null) return 0;
        int customers;
        if (calibrationEnd is { } end)
        {
            var split = log.SummarizeCalibrationHoldout(end, options);
            RfmSummaryCsv.Write(split, output);
            customers = split.Count;
        }
        else
        {
            var summary = log.Summarize(options);
            RfmSummaryCsv.Write(summary, output);
            customers = summary.Count;
        }
        CliErrors.Status(string.Create(CultureInfo.InvariantCulture,
            $"Summarised {log.Engine} {log.Name} into {customers} customers ({options.TimeUnit.Name}): {output}"));
        return 0;
    }
}
