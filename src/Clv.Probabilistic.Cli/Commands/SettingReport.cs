using System.CommandLine;
using System.Globalization;
using Clv.Probabilistic.Data;
using Clv.Probabilistic.Data.Discrete;
using Clv.Probabilistic.Data.Retention;
using Clv.Probabilistic.Models;
using Clv.Probabilistic.Persistence;
using Clv.Probabilistic.Reporting.Discrete;
using Clv.Probabilistic.Reporting.Retention;

namespace Clv.Probabilistic.Cli.Commands;

/// <summary>
/// <c>clv report --model FILE --input DATA</c>: the page for a model file of a discrete-opportunity model (summary input)
/// or a retention model (cohort table input), chosen by the file's <see cref="ModelKind"/>.
/// </summary>
internal sealed class SettingReport
{
    private readonly Option<string?> _periodTransactions = new("--period-transactions") { Description = "Discrete models: CSV 'period,transactions', the cohort's repeat transactions at opportunity 1, 2, ... of the grid (calibration, then holdout), for the tracking plot." };
    private readonly Option<double> _dertRate = new("--dert-rate") { Description = "Discount rate per period of DERT (discrete models) or of DEL and DERL (retention models); default 0.1.", DefaultValueFactory = _ => 0.1 };
    private readonly Option<int?> _projection = new("--projection-periods") { Description = "Retention models: period the survival and retention curves are projected to (default: twice the longest cohort, at least 12)." };

    public IEnumerable<Option> All => [_periodTransactions, _dertRate, _projection];

    /// <summary>Whether <c>--model</c> names a model file (an existing file or a .json path) rather than a model to fit.</summary>
    public static bool IsModelFile(string model) => File.Exists(model) || model.EndsWith(".json", StringComparison.OrdinalIgnoreCase);

    /// <summary>Writes the page for the model file <paramref name="modelPath"/>.</summary>
    public void Write(ParseResult parse, string modelPath, string? input, string output, bool force, double margin)
    {
        input = input ?? throw new ArgumentException("--input is required with a model file as --model: the discrete summary (bgbb) or the cohort table (sbg, bdw).");
        string? tracking = parse.GetValue(_periodTransactions);
        OutputFiles.Check([("--model", modelPath), ("--input", input), ("--period-transactions", tracking)], [("--output", output)], force);
        double rate = parse.GetValue(_dertRate);
        if (!(rate > 0) || !double.IsFinite(rate)) throw new ArgumentException(Invariant($"--dert-rate: {rate} is not a finite rate > 0 per period (0.1 is 10%)."));
        var fit = ModelFile.Load(modelPath);
        string subtitle = $"{StandardStreams.FileName(modelPath)} on {StandardStreams.FileName(input)}";
        switch (fit.Definition.Kind)
        {
            case ModelKind.DiscretePurchase:
                var summary = DiscreteSummaryCsv.Read(input, fit.TimeUnit);
                var (holdout, holdoutPeriods) = ReadHoldout(input, summary.Count);
                var (transactions, labels) = tracking is null ? (null, null) : ReadPeriodTransactions(tracking);
                var report = DiscreteReport.Build(fit, summary, new DiscreteReportOptions
                {
                    Subtitle = subtitle,
                    HoldoutTransactions = holdout,
                    HoldoutPeriods = holdoutPeriods,
                    PeriodTransactions = transactions,
                    PeriodLabels = labels,
                    DiscountRate = rate,
                });
                report.Write(output);
                CliErrors.Status(Invariant($"Wrote {output}: {fit.Definition.DisplayName}, {summary.Count} summary rows, {report.Periods} periods{(holdout is null ? "" : $", holdout of {holdoutPeriods} periods")}."));
                break;
            case ModelKind.Retention:
                if (tracking is not null) throw new ArgumentException("--period-transactions is for discrete models; a retention report shows the cohorts' survival.");
                var retention = RetentionReport.Build(fit, RetentionCsv.ReadCohorts(input), new RetentionReportOptions
                {
                    Subtitle = subtitle,
                    ProjectionPeriods = parse.GetValue(_projection),
                    DiscountRate = rate,
                    Margin = margin,
                });
                retention.Write(output);
                CliErrors.Status(Invariant($"Wrote {output}: {fit.Definition.DisplayName}, projected to period {retention.ProjectionPeriods}, DEL {retention.DiscountedExpectedLifetime:F4} at d = {rate}."));
                break;
            default:
                throw new ArgumentException($"--model {modelPath}: a {fit.Definition.DisplayName} file ({fit.Definition.Kind.ToString().ToLowerInvariant()} model); with a model file the report covers discrete and retention models. For purchase models give the model's name and --input (the transaction log): the report fits it itself.");
        }
    }

    /// <summary>The <c>frequency_holdout</c> column (and the one <c>periods_holdout</c>) of a discrete summary, if it has them.</summary>
    private static (double[]? Totals, int Periods) ReadHoldout(string path, int rows)
    {
        using var reader = new StreamReader(path);
        var header = (reader.ReadLine() ?? "").Split(',').Select(n => n.Trim().Trim('"')).ToList();
        int frequency = header.FindIndex(n => n.Equals("frequency_holdout", StringComparison.OrdinalIgnoreCase));
        int periods = header.FindIndex(n => n.Equals("periods_holdout", StringComparison.OrdinalIgnoreCase));
        if (frequency < 0) return (null, 0);
        if (periods < 0) throw new ClvDataException("frequency_holdout needs the periods_holdout column (the holdout opportunities).", path, 1, "periods_holdout");
        var totals = new List<double>();
        int? length = null;
        long line = 1;
        while (reader.ReadLine() is { } text)
        {
            line++;
            if (text.Trim().Length == 0) continue;
            var fields = text.Split(',');
            double x = Number(fields, frequency, path, line, "frequency_holdout");
            int n = (int)Number(fields, periods, path, line, "periods_holdout");
            if (length is { } first && first != n)
                throw new ClvDataException(Invariant($"periods_holdout {n} differs from {first} on the earlier rows: the report needs one holdout length."), path, line, "periods_holdout");
            if (x > n) throw new ClvDataException(Invariant($"frequency_holdout {x} exceeds periods_holdout {n}."), path, line, "frequency_holdout");
            length = n;
            totals.Add(x);
        }
        if (totals.Count != rows) throw new ClvDataException(Invariant($"{totals.Count} holdout values for {rows} summary rows."), path);
        return (totals.ToArray(), length ?? 0);
    }

    private static (double[]? Transactions, string[]? Labels) ReadPeriodTransactions(string path)
    {
        var lines = File.ReadAllLines(path);
        if (lines.Length < 2) throw new ClvDataException("The file needs a header 'period,transactions' and at least one row.", path);
        var values = new List<double>();
        var names = new List<string>();
        for (int i = 1; i < lines.Length; i++)
        {
            if (lines[i].Trim().Length == 0) continue;
            var fields = lines[i].Split(',');
            if (fields.Length < 2) throw new ClvDataException("Expected 'period,transactions'.", path, i + 1);
            names.Add(fields[0].Trim().Trim('"'));
            values.Add(Number(fields, 1, path, i + 1, "transactions"));
        }
        return (values.ToArray(), names.ToArray());
    }

    private static double Number(string[] fields, int index, string path, long line, string column)
    {
        if (index >= fields.Length || !double.TryParse(fields[index], NumberStyles.Float, CultureInfo.InvariantCulture, out double value)
            || !double.IsFinite(value) || value < 0 || value != Math.Floor(value))
            throw new ClvDataException($"'{(index < fields.Length ? fields[index] : "")}' is not a whole number ≥ 0.", path, line, column);
        return value;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
