using System.CommandLine;
using Clv.Probabilistic.Data;

namespace Clv.Probabilistic.Cli.Commands;

/// <summary>
/// How a transaction log is read and split (columns, delimiter, date format, calibration and observation ends), for
/// the commands that take a log besides their main input.
/// </summary>
internal sealed class TransactionLogOptions
{
    private readonly Option<string> _customerColumn = new("--customer-column") { Description = "Customer id column of the transaction log.", DefaultValueFactory = _ => "customer_id" };
    private readonly Option<string> _dateColumn = new("--date-column") { Description = "Date column of the transaction log.", DefaultValueFactory = _ => "date" };
    private readonly Option<string> _amountColumn = new("--amount-column") { Description = "Amount column of the transaction log.", DefaultValueFactory = _ => "amount" };
    private readonly Option<string> _delimiter = new("--delimiter") { Description = "Field delimiter of the transaction log: a character, 'tab', or 'whitespace'.", DefaultValueFactory = _ => "," };
    private readonly Option<string> _dateFormat = new("--date-format") { Description = "'iso' (yyyy-MM-dd or ISO date-time), 'yyyyMMdd', or another .NET date format.", DefaultValueFactory = _ => "iso" };
    private readonly Option<bool> _allowNegative = new("--allow-negative") { Description = "Accept negative amounts (returns)." };
    private readonly Option<bool> _dropAfterEnd = new("--drop-after-end") { Description = "Drop transactions after the observation end instead of failing." };

    public Option<string?> CalibrationEnd { get; } = new("--calibration-end") { Description = "Last day of the calibration period (yyyy-MM-dd): --input is then a transaction log, split into calibration and holdout." };
    public Option<string?> ObservationEnd { get; } = new("--observation-end") { Description = "With --calibration-end: last day of observation (yyyy-MM-dd), inclusive." };

    public IEnumerable<Option> All => [CalibrationEnd, ObservationEnd, _customerColumn, _dateColumn, _amountColumn, _delimiter, _dateFormat, _allowNegative, _dropAfterEnd];

    /// <summary>Whether the command line names a calibration end, which makes its input a transaction log.</summary>
    public bool GivesLog(ParseResult parse) => parse.GetValue(CalibrationEnd) is not null;

    /// <summary>The log at <paramref name="path"/>, its calibration/holdout summary in <paramref name="unit"/>, and the two ends.</summary>
    /// <exception cref="ArgumentException">The observation end is missing or a date does not parse.</exception>
    /// <exception cref="ClvDataException">The log cannot be read or summarised (the message names the file, line and column).</exception>
    public (TransactionLog Log, CalibrationHoldoutSummary Data, DateOnly CalibrationEnd, DateOnly ObservationEnd) Read(ParseResult parse, string path, TimeUnit unit)
    {
        var calibration = Date(parse.GetValue(CalibrationEnd), "--calibration-end");
        var observation = Date(parse.GetValue(ObservationEnd), "--observation-end");
        var log = TransactionLogReader.Read(path, new TransactionLogReaderOptions
        {
            CustomerColumn = parse.GetValue(_customerColumn)!,
            DateColumn = parse.GetValue(_dateColumn)!,
            AmountColumn = parse.GetValue(_amountColumn)!,
            Delimiter = SummarizeCommand.ParseDelimiter(parse.GetValue(_delimiter)!),
            DateFormat = parse.GetValue(_dateFormat),
            AllowNegativeAmounts = parse.GetValue(_allowNegative),
        });
        var data = RfmSummarizer.SummarizeCalibrationHoldout(log, calibration,
            new SummaryOptions(observation, unit) { DropTransactionsAfterEnd = parse.GetValue(_dropAfterEnd) });
        return (log, data, calibration, observation);
    }

    private static DateOnly Date(string? text, string option) => text is null
        ? throw new ArgumentException($"{option} is required with --calibration-end (the input is then a transaction log).")
        : SummarizeCommand.ParseDate(text, option);
}
