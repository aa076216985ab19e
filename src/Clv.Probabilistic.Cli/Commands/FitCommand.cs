using System.CommandLine;
using System.Globalization;
using Clv.Probabilistic.Bayesian;
using Clv.Probabilistic.Data;
using Clv.Probabilistic.Inference;
using Clv.Probabilistic.Models.BgNbd;
using Clv.Probabilistic.Models.GammaGamma;
using Clv.Probabilistic.Persistence;

namespace Clv.Probabilistic.Cli.Commands;

/// <summary><c>clv fit</c>: fits BG/NBD or Gamma-Gamma to a summary CSV and writes the model file.</summary>
/// <remarks>
/// The options are read in one place (<see cref="FitSettings.From"/>) and the model file is written in one place
/// (<see cref="WriteModelFile"/>); a new fitting method adds options there and a branch in <see cref="Fit"/>.
/// </remarks>
internal static class FitCommand
{
    private const string Name = "fit";

    public static Command Create()
    {
        var options = new FitOptions();
        var command = new Command(Name, "Fit a BG/NBD purchase model or a Gamma-Gamma spend model to a summary CSV by maximum likelihood.");
        foreach (var option in options.All) command.Options.Add(option);
        command.SetAction(parse => CliErrors.Run(Name, () => Fit(FitSettings.From(parse, options))));
        return command;
    }

    /// <summary>The command's options (one instance per command tree).</summary>
    internal sealed class FitOptions
    {
        public Option<string> Model { get; } = new("--model") { Description = "Model to fit: bgnbd (purchases) or gamma-gamma (spend).", Required = true };
        public Option<string> Input { get; } = new("--input") { Description = "Summary CSV (customer_id,frequency,recency,T[,monetary_value][,weight]), as written by 'clv summarize'.", Required = true };
        public Option<string?> TimeUnit { get; } = new("--time-unit") { Description = "Unit of recency and T in the summary: days, weeks, months or years. Required for bgnbd; recorded for gamma-gamma (default weeks)." };
        public Option<double> Penalty { get; } = new("--penalty") { Description = "L2 penalty weight on the log-parameters (0: plain maximum likelihood)." };
        public Option<int?> MaxIterations { get; } = new("--max-iterations") { Description = "Optimiser iteration limit (default 500)." };
        public Option<bool> AllowNonConverged { get; } = new("--allow-nonconverged") { Description = "Write the model file even if the optimiser did not converge (marked converged: false)." };
        public Option<string> Output { get; } = new("--output") { Description = "Model file (JSON) to write.", Required = true };
        public Option<string> Method { get; } = new("--method") { Description = "mle (maximum likelihood), laplace (posterior mode + Gaussian) or nuts (posterior draws).", DefaultValueFactory = _ => "mle" };
        public Option<int> Chains { get; } = new("--chains") { Description = "NUTS chains.", DefaultValueFactory = _ => 4 };
        public Option<int> Draws { get; } = new("--draws") { Description = "Draws kept per NUTS chain (laplace: draws from the Gaussian).", DefaultValueFactory = _ => 1000 };
        public Option<int> Warmup { get; } = new("--warmup") { Description = "NUTS warm-up iterations per chain.", DefaultValueFactory = _ => 1000 };
        public Option<int> Seed { get; } = new("--seed") { Description = "Seed of the draws; the same seed gives the same model file.", DefaultValueFactory = _ => 1 };

        public IEnumerable<Option> All => [Model, Input, TimeUnit, Penalty, MaxIterations, AllowNonConverged, Output, Method, Chains, Draws, Warmup, Seed];
    }

    /// <summary>Everything <c>clv fit</c> was asked to do.</summary>
    internal sealed record FitSettings(string Model, string Input, TimeUnit? TimeUnit, double Penalty, int? MaxIterations,
        bool AllowNonConverged, string Output)
    {
        public FitMethod Method { get; init; } = FitMethod.MaximumLikelihood;

        public Bayesian.FitOptions Bayesian { get; init; } = Clv.Probabilistic.Bayesian.FitOptions.Default;

        public static FitSettings From(ParseResult parse, FitOptions options)
        {
            string? unit = parse.GetValue(options.TimeUnit);
            return new FitSettings(
                Model: parse.GetValue(options.Model)!.Trim().ToLowerInvariant(),
                Input: parse.GetValue(options.Input)!,
                TimeUnit: unit is null ? null : Data.TimeUnit.Parse(unit),
                Penalty: parse.GetValue(options.Penalty),
                MaxIterations: parse.GetValue(options.MaxIterations),
                AllowNonConverged: parse.GetValue(options.AllowNonConverged),
                Output: parse.GetValue(options.Output)!)
            {
                Method = ModelFitDocument.ParseMethod(parse.GetValue(options.Method)!),
                Bayesian = BayesianOptions(parse, options),
            };
        }

        private static Bayesian.FitOptions BayesianOptions(ParseResult parse, FitOptions options)
        {
            int chains = parse.GetValue(options.Chains), draws = parse.GetValue(options.Draws), warmup = parse.GetValue(options.Warmup);
            if (chains < 1) throw new ArgumentException($"--chains: {chains} is not a positive number.");
            if (draws < 10) throw new ArgumentException($"--draws: {draws} is fewer than 10.");
            if (warmup < 0) throw new ArgumentException($"--warmup: {warmup} is negative.");
            return new Bayesian.FitOptions
            {
                Draws = draws * chains,
                Seed = parse.GetValue(options.Seed),
                Sampler = new NutsOptions { Chains = chains, Draws = draws, Warmup = warmup, DenseMassMatrix = true, InitialJitter = Clv.Probabilistic.Bayesian.FitOptions.Default.Sampler.InitialJitter, Progress = new ProgressLine(chains, warmup + draws) },
            };
        }

        public OptimizerOptions? Optimizer => MaxIterations is int limit
            ? new OptimizerOptions { MaxIterations = limit > 0 ? limit : throw new ArgumentException($"--max-iterations: {limit} is not a positive number.") }
            : null;

        public BgNbdFitOptions BgNbdOptions() => new()
        {
            Penalty = Penalty >= 0 && double.IsFinite(Penalty) ? Penalty : throw new ArgumentException($"--penalty: {Penalty} is not a finite number ≥ 0."),
            Optimizer = Optimizer,
            ThrowIfNotConverged = false,
        };

        public GammaGammaFitOptions GammaGammaOptions() => new()
        {
            Penalty = Penalty >= 0 && double.IsFinite(Penalty) ? Penalty : throw new ArgumentException($"--penalty: {Penalty} is not a finite number ≥ 0."),
            Optimizer = Optimizer,
        };
    }

    private static int Fit(FitSettings settings) => settings.Method != FitMethod.MaximumLikelihood
        ? FitBayesian(settings)
        : settings.Model switch
    {
        BgNbdModelFile.ModelName or "bg-nbd" => FitBgNbd(settings),
        GammaGammaModelFile.ModelName or "gammagamma" => FitGammaGamma(settings),
        _ => throw new ArgumentException($"--model: unknown model '{settings.Model}': use bgnbd or gamma-gamma."),
    };

    private static int FitBgNbd(FitSettings settings)
    {
        var unit = settings.TimeUnit ?? throw new ArgumentException("--time-unit is required for bgnbd: the unit of recency and T in the summary (days, weeks, months or years).");
        var options = settings.BgNbdOptions();
        var summary = RfmSummaryCsv.Read(settings.Input, unit);
        var model = BgNbdModel.Fit(summary, options);
        bool converged = ModelReport.Print(model);
        return Finish(converged, settings, BgNbdModelFile.ToDocument(model));
    }

    private static int FitGammaGamma(FitSettings settings)
    {
        var options = settings.GammaGammaOptions();
        var unit = settings.TimeUnit ?? Data.TimeUnit.Weeks;
        var summary = RfmSummaryCsv.Read(settings.Input, unit);
        GammaGammaFit fit;
        try
        {
            fit = GammaGammaFitter.Fit(summary, options);
        }
        catch (ConvergenceException e)
        {
            CliErrors.Warn(Name, $"THE GAMMA-GAMMA FIT DID NOT CONVERGE: {e.Message} No model file was written.");
            return CliErrors.NotConverged;
        }
        catch (Exception e) when (e is NotPositiveDefiniteException or NotIdentifiedException)
        {
            throw new ArgumentException($"{settings.Input}: the Gamma-Gamma parameters are not identified from these customers ({e.Message})", e);
        }
        ModelReport.Print(fit, Name);
        return Finish(fit.Estimate.Optimum.Converged, settings, GammaGammaModelFile.ToDocument(fit, unit));
    }

    private static int FitBayesian(FitSettings settings)
    {
        if (settings.Penalty != 0) throw new ArgumentException("--penalty applies to --method mle only; Bayesian fits use the documented priors.");
        ModelDocument document;
        IReadOnlyList<string> warnings;
        PosteriorSummary? summary;
        switch (settings.Model)
        {
            case BgNbdModelFile.ModelName or "bg-nbd":
            {
                var unit = settings.TimeUnit ?? throw new ArgumentException("--time-unit is required for bgnbd: the unit of recency and T in the summary (days, weeks, months or years).");
                var fit = BgNbdInference.Fit(RfmSummaryCsv.Read(settings.Input, unit), settings.Method, settings.Bayesian);
                var p = fit.PointEstimate;
                document = ModelFitDocument.ToDocument(fit, BgNbdModelFile.ModelName, unit, [p.R, p.Alpha, p.A, p.B]);
                (warnings, summary) = (fit.Warnings, fit.Summary);
                Console.WriteLine($"BG/NBD ({ModelFitDocument.MethodName(settings.Method)}): {p}");
                break;
            }
            case GammaGammaModelFile.ModelName or "gammagamma":
            {
                var unit = settings.TimeUnit ?? Data.TimeUnit.Weeks;
                var fit = GammaGammaInference.Fit(RfmSummaryCsv.Read(settings.Input, unit), settings.Method, settings.Bayesian);
                document = ModelFitDocument.ToDocument(fit, GammaGammaModelFile.ModelName, unit, fit.PointEstimate.ToArray());
                (warnings, summary) = (fit.Warnings, fit.Summary);
                Console.WriteLine($"Gamma-Gamma ({ModelFitDocument.MethodName(settings.Method)}): {fit.PointEstimate}");
                break;
            }
            default:
                throw new ArgumentException($"--model: unknown model '{settings.Model}': use bgnbd or gamma-gamma.");
        }
        Console.Error.WriteLine();
        if (summary is not null) Console.WriteLine(summary.ToString());
        foreach (var warning in warnings) CliErrors.Warn(Name, warning.ToUpperInvariant());
        WriteModelFile(document, settings.Output);
        return 0;
    }

    /// <summary>One overwritten progress line on standard error: iterations done over all chains.</summary>
    private sealed class ProgressLine(int chains, int perChain) : IProgress<NutsProgress>
    {
        private readonly int[] _done = new int[chains];
        private readonly object _gate = new();
        private int _shown = -1;

        public void Report(NutsProgress value)
        {
            lock (_gate)
            {
                _done[value.Chain] = value.Iteration;
                long total = _done.Sum();
                int percent = (int)(100 * total / ((long)chains * perChain));
                if (percent / 5 == _shown / 5) return;
                _shown = percent;
                Console.Error.Write(string.Create(CultureInfo.InvariantCulture,
                    $"\rNUTS: {total}/{(long)chains * perChain} iterations ({100.0 * total / ((long)chains * perChain):0}%), {(value.IsWarmup ? "warm-up" : "sampling")}, divergences {value.Divergences}   "));
            }
        }
    }

    private static int Finish(bool converged, FitSettings settings, ModelDocument document)
    {
        if (!converged)
        {
            CliErrors.Warn(Name, settings.AllowNonConverged
                ? "THE FIT DID NOT CONVERGE: the estimates are not maximum-likelihood estimates; the model file is marked converged: false."
                : "THE FIT DID NOT CONVERGE: no model file was written (use --allow-nonconverged to write it anyway, marked converged: false).");
            if (!settings.AllowNonConverged) return CliErrors.NotConverged;
        }
        WriteModelFile(document, settings.Output);
        return 0;
    }

    /// <summary>Writes the model file and says where.</summary>
    internal static void WriteModelFile(ModelDocument document, string path)
    {
        document.Save(path);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Wrote {document.Model} model ({document.TimeUnit}): {path}"));
    }
}
