using System.CommandLine;
using System.Globalization;
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

        public IEnumerable<Option> All => [Model, Input, TimeUnit, Penalty, MaxIterations, AllowNonConverged, Output];
    }

    /// <summary>Everything <c>clv fit</c> was asked to do.</summary>
    internal sealed record FitSettings(string Model, string Input, TimeUnit? TimeUnit, double Penalty, int? MaxIterations,
        bool AllowNonConverged, string Output)
    {
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
                Output: parse.GetValue(options.Output)!);
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

    private static int Fit(FitSettings settings) => settings.Model switch
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
        catch (NotPositiveDefiniteException e)
        {
            throw new ArgumentException($"{settings.Input}: the Gamma-Gamma parameters are not identified from these customers ({e.Message})", e);
        }
        ModelReport.Print(fit, Name);
        return Finish(fit.Estimate.Optimum.Converged, settings, GammaGammaModelFile.ToDocument(fit, unit));
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
