using System.CommandLine;
using System.Globalization;
using Clv.Probabilistic.Data;

namespace Clv.Probabilistic.Cli.Commands;

/// <summary><c>clv summarize</c>: transaction log (CSV) to per-customer RFM summary (CSV).</summary>
internal static class SummarizeCommand
{
    public static Command Create()
    {
        var input = new Option<string?>("--input") { Description = "Transaction log: delimited text with a header, one transaction per line (or --engine)." };
        var engine = new EngineSource();
        var writeTable = new Option<string?>("--write-table") { Description = "With --engine postgres: also create this table holding the summary, computed inside the server (the input of 'clv score')." };
        var customerColumn = new Option<string>("--customer-column") { Description = "Customer id column.", DefaultValueFactory = _ => "customer_id" };
        var dateColumn = new Option<string>("--date-column") { Description = "Date column.", DefaultValueFactory = _ => "date" };
        var amountColumn = new Option<string>("--amount-column") { Description = "Amount column.", DefaultValueFactory = _ => "amount" };
        var delimiter = new Option<string>("--delimiter") { Description = "Field delimiter: a character, 'tab', or 'whitespace' (runs of spaces and tabs).", DefaultValueFactory = _ => "," };
        var dateFormat = new Option<string>("--date-format") { Description = "'iso' (yyyy-MM-dd or ISO date-time), 'yyyyMMdd', or another .NET date format.", DefaultValueFactory = _ => "iso" };
        var timeUnit = new Option<string>("--time-unit") { Description = "Unit of recency and T: days, weeks or months (also years).", Required = true };
        var observationEnd = new Option<string>("--observation-end") { Description = "Last day of observation (yyyy-MM-dd), inclusive.", Required = true };
        var calibrationEnd = new Option<string?>("--calibration-end") { Description = "Last day of the calibration period (yyyy-MM-dd); adds holdout columns." };
        var dropAfterEnd = new Option<bool>("--drop-after-end") { Description = "Drop transactions after the observation end instead of failing." };
        var allowNegative = new Option<bool>("--allow-negative") { Description = "Accept negative amounts (returns)." };
        var includeFirst = new Option<bool>("--include-first-purchase") { Description = "Average the first purchase into the monetary value." };
        var output = new Option<string?>("--output") { Description = "Summary file to write (customer_id,frequency,recency,T,monetary_value[,holdout columns])." };
        var force = new Option<bool>("--force") { Description = "Replace the output file if it exists." };

        var command = new Command("summarize", "Summarise a transaction log into per-customer frequency, recency, T and monetary value.");
        foreach (var option in new Option[] { input, customerColumn, dateColumn, amountColumn, delimiter, dateFormat, timeUnit,
                     observationEnd, calibrationEnd, dropAfterEnd, allowNegative, includeFirst, output, force, writeTable }.Concat(engine.All))
            command.Options.Add(option);

        command.SetAction(parse => CliErrors.Run("summarize", () =>
        {
            string? outputPath = parse.GetValue(output);
            if (engine.Given(parse))
            {
                var (engineLog, handle) = engine.Open(parse, parse.GetValue(customerColumn)!, parse.GetValue(dateColumn)!, parse.GetValue(amountColumn), parse.GetValue(allowNegative));
                using (handle)
                    return EngineSummary.Write(engineLog, SummaryOptionsFrom(parse), CalibrationFrom(parse), outputPath, parse.GetValue(force), parse.GetValue(writeTable));
            }
            string inputPath = parse.GetValue(input) ?? throw new ArgumentException("--input (a transaction log file) or --engine is required.");
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
            var summaryOptions = SummaryOptionsFrom(parse);
            var calibrationDate = CalibrationFrom(parse);

            var log = TransactionLogReader.Read(inputPath, readerOptions);
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
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Summarised {log.Count} transactions into {customers} customers ({summaryOptions.TimeUnit.Name}): {outputPath}"));
            return 0;
        }));
        return command;

        SummaryOptions SummaryOptionsFrom(ParseResult parse) =>
            new(ParseDate(parse.GetValue(observationEnd)!, "--observation-end"), TimeUnit.Parse(parse.GetValue(timeUnit)!))
            {
                DropTransactionsAfterEnd = parse.GetValue(dropAfterEnd),
                IncludeFirstPurchaseInMonetaryValue = parse.GetValue(includeFirst),
            };

        DateOnly? CalibrationFrom(ParseResult parse) =>
            parse.GetValue(calibrationEnd) is { } text ? ParseDate(text, "--calibration-end") : null;
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
