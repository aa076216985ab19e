using System.CommandLine;
using System.Globalization;
using Clv.Probabilistic.Data;
using Clv.Probabilistic.Data.Discrete;
using Clv.Probabilistic.Inference;
using Clv.Probabilistic.Inference.Diagnostics;
using Clv.Probabilistic.Inference.Laplace;
using Clv.Probabilistic.Inference.Optimization;
using Clv.Probabilistic.Inference.Sampling;
using Clv.Probabilistic.Models;
using Clv.Probabilistic.Models.Covariates;
using Clv.Probabilistic.Persistence;

namespace Clv.Probabilistic.Cli.Commands;

/// <summary><c>clv fit</c>: fits any registered model by any method to a summary CSV and writes the model file.</summary>
/// <remarks>
/// The options are read in one place (<see cref="FitSettings.From"/>), the fit goes through <see cref="ModelFitter"/>
/// with <see cref="FitOptions.ThrowIfUnreliable"/> off, and the verdict is acted on in one place (<see cref="Finish"/>):
/// a converged fit is written, an unreliable one is refused with its own exit code unless <c>--allow-unreliable</c>.
/// </remarks>
internal static class FitCommand
{
    private const string Name = "fit";

    public static Command Create() => Create(new FitCommandOptions());

    private static Command Create(FitCommandOptions options)
    {
        var command = new Command(Name, "Fit a registered model (see 'clv models') to a summary CSV by maximum likelihood, MAP, Laplace or NUTS, and write the model file.");
        foreach (var option in options.All) command.Options.Add(option);
        command.SetAction(parse => CliErrors.Run(Name, () => options.TimeVarying.Given(parse)
            ? TimeVaryingFit.Run(parse, options, options.TimeVarying)
            : Fit(FitSettings.From(parse, options))));
        return command;
    }

    /// <summary>The settings <c>clv fit</c> would use for <paramref name="args"/> (the arguments after <c>fit</c>), without fitting.</summary>
    internal static FitSettings Settings(params string[] args)
    {
        var options = new FitCommandOptions();
        var parse = Create(options).Parse(args);
        if (parse.Errors.Count > 0) throw new ArgumentException(string.Join(" ", parse.Errors.Select(e => e.Message)));
        return FitSettings.From(parse, options);
    }

    /// <summary>The command's options (one instance per command tree).</summary>
    internal sealed class FitCommandOptions
    {
        public Option<string> Model { get; } = new("--model") { Description = $"Model to fit, by name or alias: {string.Join(", ", ModelRegistry.All.Select(m => $"{m.Name} ({m.Kind.ToString().ToLowerInvariant()})"))}. 'clv models' lists them.", Required = true };
        public Option<string?> Input { get; } = new("--input") { Description = "Summary CSV (customer_id,frequency,recency,T[,monetary_value][,weight]), as written by 'clv summarize' (or --engine); for discrete models ([customer_id,]frequency,recency,periods[,weight]), as written by 'clv summarize --periods'." };
        public Option<string?> Cohort { get; } = new("--cohort") { Description = "Retention models: the cohort of a cohort table to fit." };
        public Option<bool> Pool { get; } = new("--pool") { Description = "Retention models: fit all cohorts of a cohort table together." };
        public Option<string?> TimeUnit { get; } = new("--time-unit") { Description = "Unit of recency and T in the summary: days, weeks, months or years. Required for purchase models; recorded for spend models and, as the length of one period, for discrete models (default weeks)." };
        public Option<string> Method { get; } = new("--method") { Description = "mle (maximum likelihood), map (posterior mode), laplace (posterior mode + Gaussian) or nuts (posterior draws).", DefaultValueFactory = _ => "mle" };
        public Option<double?> Penalty { get; } = new("--penalty") { Description = "L2 penalty weight on the unconstrained parameters (--method mle only; 0: plain maximum likelihood)." };
        public Option<int?> MaxIterations { get; } = new("--max-iterations") { Description = "Optimiser iteration limit (default 500)." };
        public Option<bool> AllowUnreliable { get; } = new("--allow-unreliable", "--allow-nonconverged") { Description = "Write the model file even when the fit did not converge or its parameters are not identified (the file records the status)." };
        public Option<string> Output { get; } = new("--output") { Description = "Model file (JSON) to write.", Required = true };
        public Option<bool> Force { get; } = new("--force") { Description = "Replace the model file if it exists." };
        public Option<int> Chains { get; } = new("--chains") { Description = "NUTS chains (mle, map, laplace: draws from the normal approximation are chains × draws).", DefaultValueFactory = _ => 4 };
        public Option<int> Draws { get; } = new("--draws") { Description = "Draws kept per NUTS chain.", DefaultValueFactory = _ => 1000 };
        public Option<int> Warmup { get; } = new("--warmup") { Description = "NUTS warm-up iterations per chain.", DefaultValueFactory = _ => 1000 };
        public Option<double> Interval { get; } = new("--interval") { Description = "Level of the parameters' intervals, printed with the level and recorded in the model file, the same for every method: Wald intervals for mle, map and laplace, equal-tailed posterior quantiles for nuts (as 'clv predict --interval').", DefaultValueFactory = _ => ModelReport.DefaultLevel };
        public Option<bool> Json { get; } = new("--json") { Description = "Print the fit (model, method, verdict, log-likelihood, estimates with their intervals, the model file written) as JSON on standard output instead of the table." };
        public Option<int> Seed { get; } = new("--seed") { Description = "Seed of the draws; the same seed gives the same model file.", DefaultValueFactory = _ => 1 };

        public EngineFitSource Engine { get; } = new();

        public CovariateFitOptions Covariates { get; } = new();

        public TimeVaryingCovariateOptions TimeVarying => _timeVarying ??= new(Covariates.IdColumn, Covariates.Columns);

        private TimeVaryingCovariateOptions? _timeVarying;

        public Option<string?> CalibrationEnd { get; } = TimeVaryingFit.CalibrationEnd();

        public IEnumerable<Option> All => new Option[] { Model, Input, TimeUnit, Method, Penalty, MaxIterations, AllowUnreliable, Output, Force, Chains, Draws, Warmup, Seed, Interval, Json, Cohort, Pool }
            .Concat(Engine.All).Concat(Covariates.All).Concat(TimeVarying.All).Append(CalibrationEnd);
    }

    /// <summary>Everything <c>clv fit</c> was asked to do.</summary>
    /// <param name="Model">The registered model.</param>
    /// <param name="Input">Summary CSV.</param>
    /// <param name="TimeUnit">Unit of the summary (given, or weeks for a spend model).</param>
    /// <param name="Options">The library's fit options.</param>
    /// <param name="AllowUnreliable">Write the file whatever the verdict.</param>
    /// <param name="Output">Model file to write.</param>
    /// <param name="Force">Replace <paramref name="Output"/> if it exists.</param>
    internal sealed record FitSettings(ModelDefinition Model, string? Input, TimeUnit TimeUnit, FitOptions Options,
        bool AllowUnreliable, string Output, bool Force = false)
    {
        /// <summary>With --engine: pulls the model's data (distinct rows) from the engine instead of reading --input.</summary>
        public Func<ModelDefinition, ModelData>? EngineData { get; init; }

        /// <summary>Print the fit as JSON instead of the table.</summary>
        public bool Json { get; init; }

        /// <summary>Retention models: the cohort to fit (null: the only one).</summary>
        public string? Cohort { get; init; }

        /// <summary>Retention models: fit all cohorts together.</summary>
        public bool Pool { get; init; }

        /// <summary>With --covariates: the static covariates to fit with.</summary>
        public CovariateFit? Covariates { get; init; }

        public static FitSettings From(ParseResult parse, FitCommandOptions options)
        {
            var model = FindModel(parse.GetValue(options.Model)!);
            var method = ParseMethod(parse.GetValue(options.Method)!);
            var unit = parse.GetValue(options.TimeUnit) is { } unitText
                ? Data.TimeUnit.Parse(unitText)
                : model.UsesTimeUnit
                    ? throw new ArgumentException($"--time-unit is required for {model.Name}: the unit of recency and T in the summary (days, weeks, months or years).")
                    : Data.TimeUnit.Weeks;
            int chains = parse.GetValue(options.Chains), draws = parse.GetValue(options.Draws), warmup = parse.GetValue(options.Warmup);
            if (chains < 1) throw new ArgumentException($"--chains: {chains} is not a positive number.");
            if (draws < 10) throw new ArgumentException($"--draws: {draws} is fewer than 10.");
            if (warmup < 0) throw new ArgumentException($"--warmup: {warmup} is negative.");
            double level = parse.GetValue(options.Interval);
            if (!(level > 0 && level < 1)) throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"--interval: {level} is not a level in (0, 1), e.g. 0.9."));
            var fitOptions = new FitOptions
            {
                Method = method,
                ConfidenceLevel = level,
                Draws = draws * chains,
                Seed = parse.GetValue(options.Seed),
                Sampler = FitOptions.DefaultSampler with
                {
                    Chains = chains,
                    Draws = draws,
                    Warmup = warmup,
                    Progress = method == FitMethod.Nuts ? new SamplerProgress(chains, warmup + draws) : null,
                },
                Optimizer = parse.GetValue(options.MaxIterations) is int limit
                    ? new OptimizerOptions { MaxIterations = limit > 0 ? limit : throw new ArgumentException($"--max-iterations: {limit} is not a positive number.") }
                    : null,
                Penalty = Penalty(parse.GetValue(options.Penalty), method),
                ThrowIfUnreliable = false,
            };
            var engineData = options.Engine.Bind(parse, unit, parse.GetValue(options.Input));
            if (engineData is null && parse.GetValue(options.Input) is null) throw new ArgumentException("--input (a summary CSV) or --engine is required.");
            return new FitSettings(model, engineData is null ? parse.GetValue(options.Input) : null, unit, fitOptions,
                parse.GetValue(options.AllowUnreliable), parse.GetValue(options.Output)!, parse.GetValue(options.Force))
            {
                EngineData = engineData,
                Json = parse.GetValue(options.Json),
                Cohort = parse.GetValue(options.Cohort),
                Pool = parse.GetValue(options.Pool),
                Covariates = options.Covariates.Bind(parse, method, engineData is not null),
            };
        }

        private static ModelDefinition FindModel(string name) => ModelRegistry.Find(name) ?? throw new ArgumentException(
            $"--model: unknown model '{name.Trim()}': the registered models are {string.Join(", ", ModelRegistry.All.Select(m => $"{m.Name} ({m.DisplayName})"))}.");

        private static FitMethod ParseMethod(string text)
        {
            try
            {
                return FitMethodNames.Parse(text);
            }
            catch (ArgumentException e)
            {
                throw new ArgumentException($"--method: {e.Message}", e);
            }
        }

        private static double Penalty(double? penalty, FitMethod method) => penalty switch
        {
            null => 0,
            _ when method != FitMethod.MaximumLikelihood =>
                throw new ArgumentException($"--penalty applies to --method mle only; {method.ToName()} regularises through its priors."),
            { } value when value >= 0 && double.IsFinite(value) => value,
            { } value => throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"--penalty: {value} is not a finite number ≥ 0.")),
        };
    }

    private static int Fit(FitSettings settings)
    {
        if (settings.Json && StandardStreams.IsStandardOutput(settings.Output))
            throw new ArgumentException("--json prints the fit on standard output, which --output - takes for the model file: write the model file to a file, or leave out --json.");
        settings = settings with { Input = StandardStreams.Input(settings.Input, "--input"), Output = StandardStreams.Output(settings.Output, "--output") };
        OutputFiles.Check([("--input", settings.Input), ("--covariates", settings.Covariates?.Path)], [("--output", settings.Output)], settings.Force);
        var (model, options) = settings.Covariates?.Apply(settings.Model, settings.Options) ?? (settings.Model, settings.Options);
        FitWarmup.Start(model);
        RfmSummary? summary = null;
        var data = settings.EngineData?.Invoke(model) ?? (model is IRetentionDefinition retention
            ? RetentionInput.Prepare(retention, settings.Input!, settings.TimeUnit, settings.Cohort, settings.Pool)
            : model.Prepare(summary = model.Kind == ModelKind.DiscretePurchase
                ? DiscreteSummaryCsv.Read(settings.Input!, settings.TimeUnit)
                : RfmSummaryCsv.Read(settings.Input!, settings.TimeUnit, model.SummaryFields)));
        var fit = settings.Options.Sampler.Progress is SamplerProgress progress
            ? progress.Run(() => ModelFitter.Fit(model, data, options))
            : ModelFitter.Fit(model, data, options);
        if (!settings.Json) ModelReport.Print(fit);
        if (settings.Covariates?.Tests == true && fit is CovariateModelFit covariateFit && summary is not null)
            CovariateReport.PrintTests(covariateFit, summary);
        return Finish(fit, settings);
    }

    /// <summary>
    /// The one place that acts on the verdict: a converged fit is written (exit 0); an unreliable one writes no file and
    /// exits with <see cref="CliErrors.NotConverged"/> or <see cref="CliErrors.NotIdentified"/>, unless the settings
    /// allow it, in which case the file is written and records the status.
    /// </summary>
    private static int Finish(ModelFit fit, FitSettings settings)
    {
        if (!fit.IsReliable && !settings.AllowUnreliable)
        {
            if (settings.Json) Console.Out.Write(ModelReport.Json(fit, modelFile: null));
            CliErrors.Error(Name, $"the {fit.Definition.DisplayName} fit is {StatusWords(fit.Status)}: {fit.Problem} No model file was written (--allow-unreliable writes it, with status {StatusName(fit.Status)}).");
            return fit.Status == FitStatus.NotConverged ? CliErrors.NotConverged : CliErrors.NotIdentified;
        }
        ModelReport.Warn(fit, Name);
        if (!fit.IsReliable)
            CliErrors.Warn(Name, $"the {fit.Definition.DisplayName} fit is {StatusWords(fit.Status)}: {fit.Problem} The model file records status {StatusName(fit.Status)}.");
        ModelFile.Save(fit, settings.Output, drawSeed: settings.Options.Seed);
        if (settings.Json) Console.Out.Write(ModelReport.Json(fit, settings.Output));
        CliErrors.Status($"Wrote {fit.Definition.Name} model ({fit.Method.ToName()}, {fit.TimeUnit.Name}, {StatusName(fit.Status)}): {settings.Output}");
        return 0;
    }

    private static string StatusWords(FitStatus status) => status switch
    {
        FitStatus.Converged => "converged",
        FitStatus.NotConverged => "not converged",
        _ => "not identified",
    };

    /// <summary>The status as the model file writes it.</summary>
    private static string StatusName(FitStatus status) => StatusWords(status).Replace(' ', '_');
}
