using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Clv.Probabilistic.Data;
using Clv.Probabilistic.Data.Covariates.TimeVarying;
using Clv.Probabilistic.Inference;
using Clv.Probabilistic.Inference.Optimization;
using Clv.Probabilistic.Models.ParetoNbd.TimeVarying;

namespace Clv.Probabilistic.Cli.Commands;

/// <summary>
/// The options that read a time-varying covariate file (shared by <c>clv fit</c> and <c>clv predict</c>); the id and
/// column options are the static covariates' own (<c>--covariate-id-column</c>, <c>--covariate-columns</c>), one option
/// object per command.
/// </summary>
internal sealed class TimeVaryingCovariateOptions(Option<string?> idColumn, Option<string?>? columns = null)
{
    private readonly bool _ownsColumns = columns is null;

    public Option<string?> File { get; } = new("--time-varying-covariates") { Description = "Pareto/NBD with time-varying covariates: long table of covariate paths (customer id, date, covariates; one row per customer and grid step, e.g. weekly). --input is then the transaction log." };
    public Option<string> DateColumn { get; } = new("--covariate-date-column") { Description = "With --time-varying-covariates: the date column (each row applies from its date to the next grid date).", DefaultValueFactory = _ => "date" };
    public Option<string?> IdColumn { get; } = idColumn;
    public Option<string?> Columns { get; } = columns ?? new("--covariate-columns") { Description = "With --time-varying-covariates: comma-separated covariate columns (default: every column but the id and date columns)." };
    public Option<int?> StepDays { get; } = new("--covariate-step-days") { Description = "With --time-varying-covariates: grid step in days (default: inferred from the dates)." };

    public IEnumerable<Option> All => _ownsColumns ? [File, DateColumn, Columns, StepDays] : [File, DateColumn, StepDays];

    public bool Given(ParseResult parse) => parse.GetValue(File) is not null;

    public CovariatePaths Read(ParseResult parse, string path, IReadOnlyList<string>? columns = null) => CovariatePathReader.Read(path,
        new CovariatePathReaderOptions
        {
            CustomerColumn = parse.GetValue(IdColumn) ?? "customer_id",
            DateColumn = parse.GetValue(DateColumn)!,
            CovariateColumns = columns ?? (parse.GetValue(Columns) is { } text ? text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries) : null),
            StepDays = parse.GetValue(StepDays),
        });
}

/// <summary>
/// <c>clv fit --model pareto-nbd --time-varying-covariates dyn.csv --input log.csv --calibration-end DATE</c>: fits the
/// Pareto/NBD with time-varying covariates (Bachmann, Meierer &amp; Näf 2021) and writes its own model document
/// (<see cref="TimeVaryingModelDocument"/>).
/// </summary>
internal static class TimeVaryingFit
{
    private const string Name = "fit";

    /// <summary>A new --calibration-end option for one command tree (read back by name).</summary>
    public static Option<string?> CalibrationEnd() => new("--calibration-end") { Description = "With --time-varying-covariates: last day (yyyy-MM-dd, inclusive) of the estimation period; later transactions are ignored." };

    public static int Run(ParseResult parse, FitCommand.FitCommandOptions options, TimeVaryingCovariateOptions covariates)
    {
        string model = parse.GetValue(options.Model)!;
        if (Models.ModelRegistry.Find(model) is not Models.ParetoNbd.ParetoNbdDefinition)
            throw new ArgumentException($"--time-varying-covariates applies to --model pareto-nbd only, not '{model}'.");
        string input = parse.GetValue(options.Input) ?? throw new ArgumentException("--input (the transaction log) is required with --time-varying-covariates.");
        string output = parse.GetValue(options.Output)!;
        string pathFile = parse.GetValue(covariates.File)!;
        OutputFiles.Check([("--input", input), ("--time-varying-covariates", pathFile)], [("--output", output)], parse.GetValue(options.Force));
        var end = SummarizeCommand.ParseDate(parse.GetValue<string?>("--calibration-end") ?? throw new ArgumentException("--calibration-end is required with --time-varying-covariates."), "--calibration-end");
        var unit = TimeUnit.Parse(parse.GetValue(options.TimeUnit) ?? throw new ArgumentException("--time-unit is required (days, weeks, months or years)."));
        var method = FitMethodNames.Parse(parse.GetValue(options.Method)!);
        var log = TransactionLogReader.Read(input, new TransactionLogReaderOptions
        {
            CustomerColumn = parse.GetValue(options.Engine.CustomerColumn)!,
            DateColumn = parse.GetValue(options.Engine.DateColumn)!,
            AmountColumn = null,
        });
        var data = TimeVaryingParetoNbdData.Create(log, covariates.Read(parse, pathFile), end, unit);
        var fitOptions = FitOptions.Default with
        {
            Method = method,
            Seed = parse.GetValue(options.Seed),
            ThrowIfUnreliable = false,
            Optimizer = parse.GetValue(options.MaxIterations) is int limit ? new OptimizerOptions { MaxIterations = limit } : null,
            Sampler = FitOptions.DefaultSampler with { Chains = parse.GetValue(options.Chains), Draws = parse.GetValue(options.Draws), Warmup = parse.GetValue(options.Warmup) },
        };
        var fit = TimeVaryingParetoNbd.Fit(data, fitOptions);
        Print(fit, data);
        if (fit.Status != FitStatus.Converged && !parse.GetValue(options.AllowUnreliable))
        {
            CliErrors.Error(Name, $"the time-varying Pareto/NBD fit is {fit.Status}: {fit.Problem} No model file was written (--allow-unreliable writes it).");
            return fit.Status == FitStatus.NotConverged ? CliErrors.NotConverged : CliErrors.NotIdentified;
        }
        if (fit.Status != FitStatus.Converged) CliErrors.Warn(Name, $"the fit is {fit.Status}: {fit.Problem}");
        File.WriteAllText(output, TimeVaryingModelDocument.Write(fit, data));
        CliErrors.Status($"Wrote pareto-nbd model with time-varying covariates ({method.ToName()}, {unit.Name}, {fit.Status}): {output}");
        return 0;
    }

    private static void Print(TimeVaryingParetoNbdFit fit, TimeVaryingParetoNbdData data)
    {
        var c = CultureInfo.InvariantCulture;
        Console.WriteLine(string.Create(c, $"Pareto/NBD with time-varying covariates ({fit.Method.ToName()}): {data.Count} customers, {data.CovariateNames.Count} covariates on {data.StepDays}-day steps, estimation period to {data.CalibrationEnd:yyyy-MM-dd}"));
        Console.WriteLine(string.Create(c, $"Log-likelihood {fit.LogLikelihood:F4}; status {fit.Status}{(fit.Problem is null ? "" : ": " + fit.Problem)}"));
        var rates = new TextTable("parameter", "estimate", "std. error");
        foreach (var e in fit.Estimates.Take(4)) rates.Add(e.Name, TextTable.Number(e.Estimate), TextTable.Number(e.StandardError, "G4"));
        if (fit.Estimates.Count == 0)
            foreach (var (name, value) in new[] { ("r", fit.Parameters.R), ("alpha", fit.Parameters.Alpha), ("s", fit.Parameters.S), ("beta", fit.Parameters.Beta) })
                rates.Add(name, TextTable.Number(value), "");
        rates.Write();
        var table = new TextTable("coefficient", "estimate", "std. error", "z", "p-value");
        foreach (var t in fit.Coefficients)
            table.Add(t.Name, TextTable.Number(t.Estimate), TextTable.Number(t.StandardError, "G4"), TextTable.Number(t.Z, "F2"), TextTable.Number(t.PValue, "G3"));
        table.Write();
    }
}

/// <summary>
/// <c>clv predict --model tv.json --input log.csv --time-varying-covariates dyn.csv [--future-covariates future.csv]
/// --horizon H</c>: P(alive), expected purchases over the horizon and, with <c>--discount-rate</c>, discounted expected
/// purchases, per customer, given the future covariate path.
/// </summary>
internal static class TimeVaryingPredict
{
    /// <summary>New options for one command tree (read back by name).</summary>
    public static IEnumerable<Option> Extra() => [
        new Option<string?>("--future-covariates") { Description = "With --time-varying-covariates: covariate paths over the prediction horizon (default: the --time-varying-covariates file, when it runs on past the calibration end)." },
        new Option<string>("--customer-column") { Description = "With --time-varying-covariates: customer id column of the transaction log (--input).", DefaultValueFactory = _ => "customer_id" },
        new Option<string>("--date-column") { Description = "With --time-varying-covariates: date column of the transaction log.", DefaultValueFactory = _ => "date" },
    ];


    public static int Run(ParseResult parse, TimeVaryingCovariateOptions covariates, string modelPath, string input, double horizon,
        double? discountRate, string output, bool force)
    {
        string pathFile = parse.GetValue(covariates.File)!, futureFile = parse.GetValue<string?>("--future-covariates") ?? pathFile;
        OutputFiles.Check([("--model", modelPath), ("--input", input), ("--time-varying-covariates", pathFile), ("--future-covariates", futureFile)], [("--output", output)], force);
        var document = TimeVaryingModelDocument.Read(modelPath);
        var log = TransactionLogReader.Read(input, new TransactionLogReaderOptions
        {
            CustomerColumn = parse.GetValue<string>("--customer-column")!,
            DateColumn = parse.GetValue<string>("--date-column")!,
            AmountColumn = null,
        });
        var names = document.Parameters.CovariateNames;
        var paths = covariates.Read(parse, pathFile, names);
        var data = TimeVaryingParetoNbdData.Create(log, paths, document.CalibrationEnd, document.TimeUnit);
        var future = futureFile == pathFile ? paths : covariates.Read(parse, futureFile, names);
        var model = new TimeVaryingParetoNbdModel(document.Parameters);
        var alive = model.ProbabilityAlive(data);
        var expected = model.ConditionalExpectedTransactions(data, future, horizon);
        double[]? discounted = null;
        if (discountRate is { } d)
        {
            if (!(d >= 0) || !double.IsFinite(d)) throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"--discount-rate: {d} is not a finite rate ≥ 0."));
            discounted = model.DiscountedExpectedTransactions(data, future, horizon, Math.Log(1 + d));
        }
        var c = CultureInfo.InvariantCulture;
        var text = new StringBuilder("customer_id,frequency,recency,T,p_alive,expected_purchases" + (discounted is null ? "" : ",discounted_expected_purchases") + "\n");
        for (int i = 0; i < data.Count; i++)
        {
            text.Append(string.Create(c, $"{data.CustomerIds[i]},{data.Frequency[i]:R},{data.Recency[i]:R},{data.T[i]:R},{alive[i]:R},{expected[i]:R}"));
            if (discounted is not null) text.Append(string.Create(c, $",{discounted[i]:R}"));
            text.Append('\n');
        }
        File.WriteAllText(output, text.ToString());
        CliErrors.Status(string.Create(c, $"Wrote predictions for {data.Count} customers over {horizon} {document.TimeUnit.Name}: {output}"));
        return 0;
    }
}

/// <summary>
/// The model file of a Pareto/NBD with time-varying covariates: a small JSON document of its own (format
/// <c>clv-pareto-nbd-time-varying</c>, version 1) with the time unit, grid step, calibration end, covariate names, the
/// parameters and coefficients, and the estimates with their Wald tests.
/// </summary>
internal static class TimeVaryingModelDocument
{
    public const string Format = "clv-pareto-nbd-time-varying";

    public sealed record Loaded(TimeVaryingParetoNbdParameters Parameters, TimeUnit TimeUnit, DateOnly CalibrationEnd, int StepDays);

    public static string Write(TimeVaryingParetoNbdFit fit, TimeVaryingParetoNbdData data)
    {
        var p = fit.Parameters;
        var c = CultureInfo.InvariantCulture;
        var root = new JsonObject
        {
            ["format"] = Format,
            ["version"] = 1,
            ["model"] = "pareto-nbd",
            ["method"] = fit.Method.ToName(),
            ["status"] = fit.Status.ToString(),
            ["time_unit"] = fit.TimeUnit.Name,
            ["step_days"] = data.StepDays,
            ["calibration_end"] = data.CalibrationEnd.ToString("yyyy-MM-dd", c),
            ["customers"] = data.Count,
            ["log_likelihood"] = fit.LogLikelihood,
            ["covariates"] = new JsonArray(p.CovariateNames.Select(n => (JsonNode)JsonValue.Create(n)!).ToArray()),
            ["parameters"] = new JsonObject { ["r"] = p.R, ["alpha"] = p.Alpha, ["s"] = p.S, ["beta"] = p.Beta },
            ["coefficients"] = new JsonObject
            {
                ["transaction"] = new JsonArray(p.GammaTransaction.Select(g => (JsonNode)JsonValue.Create(g)).ToArray()),
                ["lifetime"] = new JsonArray(p.GammaLifetime.Select(g => (JsonNode)JsonValue.Create(g)).ToArray()),
            },
            ["estimates"] = new JsonArray(fit.Estimates.Select(e => (JsonNode)new JsonObject
            {
                ["name"] = e.Name, ["estimate"] = e.Estimate, ["standard_error"] = e.StandardError,
            }).ToArray()),
            ["tests"] = new JsonArray(fit.Coefficients.Select(t => (JsonNode)new JsonObject
            {
                ["name"] = t.Name, ["z"] = t.Z, ["p_value"] = t.PValue,
            }).ToArray()),
        };
        return root.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }

    public static Loaded Read(string path)
    {
        JsonNode root;
        try
        {
            root = JsonNode.Parse(File.ReadAllText(path)) ?? throw new FormatException("empty document");
        }
        catch (JsonException e)
        {
            throw new ClvDataException($"Not a JSON model file: {e.Message}", path);
        }
        if ((string?)root["format"] != Format)
            throw new ClvDataException($"Not a model file of the Pareto/NBD with time-varying covariates (format '{Format}'); fit one with 'clv fit --model pareto-nbd --time-varying-covariates'.", path);
        try
        {
            var names = root["covariates"]!.AsArray().Select(n => (string)n!).ToArray();
            var parameters = root["parameters"]!;
            var coefficients = root["coefficients"]!;
            var p = new TimeVaryingParetoNbdParameters((double)parameters["r"]!, (double)parameters["alpha"]!, (double)parameters["s"]!,
                (double)parameters["beta"]!, names, coefficients["transaction"]!.AsArray().Select(n => (double)n!).ToArray(),
                coefficients["lifetime"]!.AsArray().Select(n => (double)n!).ToArray());
            return new Loaded(p, TimeUnit.Parse((string)root["time_unit"]!),
                DateOnly.ParseExact((string)root["calibration_end"]!, "yyyy-MM-dd", CultureInfo.InvariantCulture), (int)root["step_days"]!);
        }
        catch (Exception e) when (e is NullReferenceException or InvalidOperationException or FormatException or ArgumentException)
        {
            throw new ClvDataException($"The model file is incomplete or invalid: {e.Message}", path);
        }
    }
}
