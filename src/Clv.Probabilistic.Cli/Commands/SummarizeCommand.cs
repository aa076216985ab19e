using System.CommandLine;
using System.Globalization;
using Clv.Probabilistic.Data;
using Clv.Probabilistic.Data.Discrete;

namespace Clv.Probabilistic.Cli.Commands;

/// <summary><c>clv summarize</c>: transaction log (CSV, Parquet or an engine's table) to per-customer RFM summary (CSV).</summary>
internal static class SummarizeCommand
{
    public static Command Create()
    {
        var input = new Option<string?>("--input") { Description = "Transaction log: delimited text with a header, one transaction per line, or a Parquet file (see --format); or, with --engine duckdb, a Parquet or CSV file summarised inside DuckDB." };
        var format = TransactionFileFormat.Option();
        var engine = new EngineSource();
        var writeTable = new Option<string?>("--write-table") { Description = "With --engine postgres or duckdb: also create this table holding the summary, computed inside the engine (the input of 'clv score')." };
        var customerColumn = new Option<string>("--customer-column") { Description = "Customer id column.", DefaultValueFactory = _ => "customer_id" };
        var dateColumn = new Option<string>("--date-column") { Description = "Date column.", DefaultValueFactory = _ => "date" };
        var amountColumn = new Option<string>("--amount-column") { Description = "Amount column.", DefaultValueFactory = _ => "amount" };
        var delimiter = new Option<string>("--delimiter") { Description = "Field delimiter: a character, 'tab', or 'whitespace' (runs of spaces and tabs).", DefaultValueFactory = _ => "," };
        var dateFormat = new Option<string>("--date-format") { Description = "'iso' (yyyy-MM-dd or ISO date-time), 'yyyyMMdd', or another .NET date format.", DefaultValueFactory = _ => "iso" };
        var timeUnit = new Option<string?>("--time-unit") { Description = "Unit of recency and T: days, weeks or months (also years). Required unless --periods." };
        var observationEnd = new Option<string?>("--observation-end") { Description = "Last day of observation (yyyy-MM-dd), inclusive. Required unless --periods." };
        var periodLength = new Option<string?>("--periods") { Description = "Discrete opportunities: summarise binary histories per year, quarter, month, week or day into frequency,recency,periods (x, t_x, n) for BG/BB." };
        var periodStart = new Option<string?>("--period-start") { Description = "With --periods: first day (yyyy-MM-dd) of period 0, the period in which the earliest customers were acquired." };
        var calibrationPeriods = new Option<int?>("--calibration-periods") { Description = "With --periods: opportunities after period 0 in the calibration (n of a customer acquired in period 0)." };
        var holdoutPeriods = new Option<int>("--holdout-periods") { Description = "With --periods: holdout opportunities after the calibration; adds frequency_holdout,periods_holdout.", DefaultValueFactory = _ => 0 };
        var compress = new Option<bool>("--compress") { Description = "With --periods and no holdout: write the recency/frequency matrix (frequency,recency,periods,weight; one row per distinct history)." };
        var calibrationEnd = new Option<string?>("--calibration-end") { Description = "Last day of the calibration period (yyyy-MM-dd); adds holdout columns." };
        var dropAfterEnd = new Option<bool>("--drop-after-end") { Description = "Drop transactions after the observation end instead of failing." };
        var allowNegative = new Option<bool>("--allow-negative") { Description = "Accept negative amounts (returns)." };
        var includeFirst = new Option<bool>("--include-first-purchase") { Description = "Average the first purchase into the monetary value." };
        var output = new Option<string?>("--output") { Description = "Summary file to write (customer_id,frequency,recency,T,monetary_value[,holdout columns])." };
        var force = new Option<bool>("--force") { Description = "Replace the output file if it exists." };

        var command = new Command("summarize", "Summarise a transaction log into per-customer frequency, recency, T and monetary value.");
        foreach (var option in new Option[] { input, format, customerColumn, dateColumn, amountColumn, delimiter, dateFormat, timeUnit,
                     observationEnd, calibrationEnd, dropAfterEnd, allowNegative, includeFirst, periodLength, periodStart, calibrationPeriods,
                     holdoutPeriods, compress, output, force, writeTable }.Concat(engine.All))
            command.Options.Add(option);

        command.SetAction(parse => CliErrors.Run("summarize", () =>
        {
            string? outputPath = StandardStreams.OptionalOutput(parse.GetValue(output), "--output");
            if (engine.Given(parse))
            {
                if (parse.GetValue(format) is not null) throw new ArgumentException("--format describes the --input file; an --engine log has no file format.");
                if (parse.GetValue(periodLength) is not null)
                    throw new ArgumentException("--periods (discrete opportunities) is summarised in process: export the log and use --input.");
                if (parse.GetValue(writeTable) is not null && parse.GetValue(engine.Engine)!.Trim().Equals("duckdb", StringComparison.OrdinalIgnoreCase)
                    && parse.GetValue(engine.Connection) is null)
                    throw new ArgumentException("--write-table with --engine duckdb needs --connection (the database file to write the table into).");
                var (engineLog, handle) = engine.Open(parse, parse.GetValue(customerColumn)!, parse.GetValue(dateColumn)!, parse.GetValue(amountColumn), parse.GetValue(allowNegative),
                    parse.GetValue(input), parse.GetResult(dateFormat) is { Implicit: false } ? parse.GetValue(dateFormat) : null, parse.GetValue(delimiter));
                using (handle)
                    return EngineSummary.Write(engineLog, SummaryOptionsFrom(parse), CalibrationFrom(parse), outputPath, parse.GetValue(force), parse.GetValue(writeTable));
            }
            string inputPath = StandardStreams.Input(parse.GetValue(input), "--input") ?? throw new ArgumentException("--input (a transaction log file) or --engine is required.");
            if (outputPath is null) throw new ArgumentException("--output is required.");
            OutputFiles.Check([("--input", inputPath)], [("--output", outputPath)], parse.GetValue(force));
            var readerOptions = new TransactionLogReaderOptions
            {
                CustomerColumn = parse.GetValue(customerColumn)!,
                DateColumn = parse.GetValue(dateColumn)!,
                AmountColumn = parse.GetValue(amountColumn)!,
                Delimiter = ParseDelimiter(parse.GetValue(delimiter)!),
                DateFormat = parse.GetValue(dateFormat),
                AllowNegativeAmounts = parse.GetValue(allowNegative),
            };
            bool parquet = TransactionFileFormat.IsParquet(parse.GetValue(format), parse.GetValue(input), inputPath);
            if (parquet && parse.GetResult(delimiter) is { Implicit: false })
                throw new ArgumentException("--delimiter applies to delimited text; a Parquet file has none.");
            TransactionLog ReadLog() => parquet ? TransactionFileFormat.ReadParquet(inputPath, readerOptions) : TransactionLogReader.Read(inputPath, readerOptions);
            if (parse.GetValue(periodLength) is { } lengthText)
            {
                if (parse.GetValue(timeUnit) is not null || parse.GetValue(observationEnd) is not null || parse.GetValue(calibrationEnd) is not null
                    || parse.GetValue(dropAfterEnd) || parse.GetValue(includeFirst))
                    throw new ArgumentException("--periods summarises discrete opportunities: give --period-start, --calibration-periods and --holdout-periods instead of --time-unit, --observation-end, --calibration-end, --drop-after-end or --include-first-purchase.");
                var grid = new PeriodGrid(ParseLength(lengthText),
                    ParseDate(parse.GetValue(periodStart) ?? throw new ArgumentException("--period-start is required with --periods."), "--period-start"),
                    parse.GetValue(calibrationPeriods) is int c and >= 0 ? c : throw new ArgumentException("--calibration-periods (a whole number ≥ 0) is required with --periods."),
                    parse.GetValue(holdoutPeriods) is int h and >= 0 ? h : throw new ArgumentException("--holdout-periods must be ≥ 0."));
                return SummarizeDiscrete(ReadLog(), grid, parse.GetValue(compress), outputPath);
            }
            if (parse.GetValue(periodStart) is not null || parse.GetValue(calibrationPeriods) is not null || parse.GetValue(holdoutPeriods) != 0 || parse.GetValue(compress))
                throw new ArgumentException("--period-start, --calibration-periods, --holdout-periods and --compress need --periods.");
            var summaryOptions = SummaryOptionsFrom(parse);
            var calibrationDate = CalibrationFrom(parse);

            var log = ReadLog();
            int customers;
            if (calibrationDate is { } end)
            {
                var split = RfmSummarizer.SummarizeCalibrationHoldout(log, end, summaryOptions);
                RfmSummaryCsv.Write(split, outputPath);
                customers = split.Count;
            }
            else
            {
                var summary = RfmSummarizer.Summarize(log, summaryOptions);
                RfmSummaryCsv.Write(summary, outputPath);
                customers = summary.Count;
            }
            CliErrors.Status(string.Create(CultureInfo.InvariantCulture,
                $"Summarised {log.Count} transactions into {customers} customers ({summaryOptions.TimeUnit.Name}): {outputPath}"));
            return 0;
        }));
        return command;

        SummaryOptions SummaryOptionsFrom(ParseResult parse) =>
            new(ParseDate(parse.GetValue(observationEnd) ?? throw new ArgumentException("--observation-end is required (or --periods for discrete opportunities)."), "--observation-end"),
                TimeUnit.Parse(parse.GetValue(timeUnit) ?? throw new ArgumentException("--time-unit is required (or --periods for discrete opportunities).")))
            {
                DropTransactionsAfterEnd = parse.GetValue(dropAfterEnd),
                IncludeFirstPurchaseInMonetaryValue = parse.GetValue(includeFirst),
            };

        DateOnly? CalibrationFrom(ParseResult parse) =>
            parse.GetValue(calibrationEnd) is { } text ? ParseDate(text, "--calibration-end") : null;
    }

    /// <summary>Binary histories on the grid, summarised (and compressed on request) into a discrete summary file.</summary>
    private static int SummarizeDiscrete(TransactionLog log, PeriodGrid grid, bool compress, string outputPath)
    {
        var split = DiscreteSummarizer.SummarizeCalibrationHoldout(log, grid);
        string rows;
        if (compress)
        {
            if (grid.HoldoutPeriods > 0) throw new ArgumentException("--compress writes the calibration matrix only: leave out --holdout-periods.");
            var matrix = split.Calibration.Compress().Rows;
            DiscreteSummaryCsv.Write(matrix, outputPath, includeIds: false);
            rows = string.Create(CultureInfo.InvariantCulture, $"{matrix.Count} distinct histories of {split.Count} customers");
        }
        else
        {
            if (grid.HoldoutPeriods > 0) DiscreteSummaryCsv.Write(split, outputPath);
            else DiscreteSummaryCsv.Write(split.Calibration, outputPath);
            rows = string.Create(CultureInfo.InvariantCulture, $"{split.Count} customers");
        }
        CliErrors.Status(string.Create(CultureInfo.InvariantCulture,
            $"Summarised {log.Count} transactions into {rows} ({grid.CalibrationPeriods} calibration and {grid.HoldoutPeriods} holdout {grid.Length.ToString().ToLowerInvariant()}s from {grid.Start:yyyy-MM-dd}): {outputPath}"));
        return 0;
    }

    private static PeriodLength ParseLength(string text)
    {
        try
        {
            return PeriodGrid.ParseLength(text);
        }
        catch (FormatException e)
        {
            throw new FormatException($"--periods: {e.Message}", e);
        }
    }

    internal static DateOnly ParseDate(string text, string option) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date
            : throw new FormatException($"{option}: '{text}' is not a date in the format yyyy-MM-dd.");

    internal static char? ParseDelimiter(string text) => text switch
    {
        "whitespace" or "space" or "spaces" => null,
        "tab" or "\\t" or "\t" => '\t',
        _ when text.Length == 1 => text[0],
        _ => throw new FormatException($"--delimiter: '{text}' is not one character, 'tab' or 'whitespace'."),
    };
}
