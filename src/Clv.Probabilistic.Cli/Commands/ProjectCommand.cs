using System.CommandLine;
using System.Globalization;
using System.Text;
using Clv.Probabilistic.Models;
using Clv.Probabilistic.Persistence;

namespace Clv.Probabilistic.Cli.Commands;

/// <summary>
/// <c>clv project</c>: the cohort projection of a retention-model file: per period, the survival S(t), the retention
/// rate r(t), the churn probability P(T = t) and the expected customers of a cohort; with <c>--discount-rate</c>, the DEL
/// of a new customer (Fader &amp; Hardie 2007; 2010).
/// </summary>
internal static class ProjectCommand
{
    private const string Name = "project";

    public static Command Create()
    {
        var model = new Option<string>("--model") { Description = $"Retention-model file written by 'clv fit' ({string.Join(", ", ModelRegistry.All.Where(m => m.Kind == ModelKind.Retention).Select(m => m.Name))}).", Required = true };
        var periods = new Option<int>("--periods") { Description = "Periods to project (t = 0 .. periods).", Required = true };
        var cohortSize = new Option<double>("--cohort-size") { Description = "Customers acquired at period 0 (the expected_alive column).", DefaultValueFactory = _ => 1000 };
        var discountRate = new Option<double?>("--discount-rate") { Description = "Discount rate d per period: adds the DEL of a new customer (and times --margin, its expected value)." };
        var margin = new Option<double>("--margin") { Description = "Margin per period (with --discount-rate).", DefaultValueFactory = _ => 1.0 };
        var output = new Option<string?>("--output") { Description = "CSV file to write (default: standard output)." };
        var force = new Option<bool>("--force") { Description = "Replace the output file if it exists." };
        var command = new Command(Name, "Project a retention model's cohort: survival, retention rate and churn per period, and the DEL of a new customer.");
        foreach (var option in new Option[] { model, periods, cohortSize, discountRate, margin, output, force }) command.Options.Add(option);
        command.SetAction(parse => CliErrors.Run(Name, () =>
        {
            string modelPath = StandardStreams.Input(parse.GetValue(model), "--model")!;
            string? outputPath = StandardStreams.OptionalOutput(parse.GetValue(output), "--output");
            if (outputPath is not null) OutputFiles.Check([("--model", modelPath)], [("--output", outputPath)], parse.GetValue(force));
            int horizon = parse.GetValue(periods);
            if (horizon < 1) throw new ArgumentException($"--periods: {horizon} is not a number of periods ≥ 1.");
            double size = parse.GetValue(cohortSize);
            if (!(size > 0) || !double.IsFinite(size)) throw new ArgumentException($"--cohort-size: {size} is not a number > 0.");
            var fit = ModelFile.Load(modelPath);
            if (fit.Definition.Kind != ModelKind.Retention)
                throw new ModelFileException($"{modelPath} holds a {fit.Definition.DisplayName} model ('{fit.Definition.Name}'); 'clv project' projects retention models ({string.Join(", ", ModelRegistry.All.Where(m => m.Kind == ModelKind.Retention).Select(m => m.Name))}).");
            if (!fit.IsReliable) CliErrors.Warn(Name, $"{modelPath}: the {fit.Definition.DisplayName} fit is recorded as {ModelReport.Verdict(fit)}");
            string csv = Projection(fit.RetentionModel(), horizon, size);
            if (outputPath is null) Console.Out.Write(csv);
            else AtomicFile.WriteAllText(outputPath, csv);
            if (parse.GetValue(discountRate) is double rate)
            {
                double del = fit.RetentionModel().DiscountedExpectedLifetime(rate);
                var summary = string.Create(CultureInfo.InvariantCulture, $"DEL of a new customer at discount rate {rate} per period: {del:F6} periods; expected lifetime value at margin {parse.GetValue(margin)}: {parse.GetValue(margin) * del:F6}");
                (outputPath is null ? Console.Error : Console.Out).WriteLine(summary);
            }
            if (outputPath is not null) CliErrors.Status($"Wrote the {fit.Definition.DisplayName} projection of {horizon} periods: {outputPath}");
            return 0;
        }));
        return command;
    }

    /// <summary>period,survival,retention_rate,churn_probability,expected_alive for t = 0..<paramref name="periods"/>.</summary>
    internal static string Projection(IRetentionModel model, int periods, double cohortSize)
    {
        var c = CultureInfo.InvariantCulture;
        var text = new StringBuilder("period,survival,retention_rate,churn_probability,expected_alive\n");
        for (int t = 0; t <= periods; t++)
        {
            double survival = Math.Exp(model.LogSurvival(t));
            text.Append(t == 0
                ? string.Create(c, $"0,1,,,{cohortSize:R}\n")
                : string.Create(c, $"{t},{survival:R},{model.RetentionRate(t):R},{Math.Exp(model.LogChurnProbability(t)):R},{cohortSize * survival:R}\n"));
        }
        return text.ToString();
    }
}
