using System.Globalization;
using System.Text.Json;
using Clv.Probabilistic.Inference;
using Clv.Probabilistic.Models;

namespace Clv.Probabilistic.Cli;

/// <summary>
/// Prints any fit of any registered model the same way: model and method, time unit and customers, the estimates with
/// standard errors and intervals, log-likelihood (and the maximised objective where it differs), the verdict, how the
/// optimiser stopped or the sampler's diagnostics, and for a spend model the population mean spend.
/// </summary>
internal static class ModelReport
{
    /// <summary>
    /// The level of every interval the tool prints unless told otherwise, whatever the fit method (<c>clv fit --interval</c>,
    /// <c>clv demo</c>, <c>clv report</c>): 90%, the level of the posterior summary's 5% and 95% quantiles.
    /// </summary>
    public const double DefaultLevel = 0.9;

    /// <summary>The library's fit options with the tool's interval level.</summary>
    public static FitOptions DefaultOptions => new() { ConfidenceLevel = DefaultLevel };

    /// <summary>Prints <paramref name="fit"/> on standard output.</summary>
    public static void Print(ModelFit fit)
    {
        var definition = fit.Definition;
        Console.WriteLine(Invariant($"{definition.DisplayName} ({definition.Name}), {fit.Method.Describe()}{(fit.IsPenalized ? ", " + PenaltyWords(fit) : "")}, time unit: {fit.TimeUnit.Name}{(definition.UsesTimeUnit ? "" : " (recorded only)")}, customers: {Customers(fit.Data)}"));
        EstimatesTable(fit).Write();
        if (fit.Estimates.Count == 0)
            Console.WriteLine("standard errors: not available (the curvature at the estimate is not usable)");
        if (fit is Models.Covariates.CovariateModelFit covariates) Commands.CovariateReport.Print(covariates);
        Console.WriteLine(Invariant($"log-likelihood: {Number(fit.LogLikelihood, "F4")}"));
        if (ObjectiveLabel(fit) is { } label) Console.WriteLine(Invariant($"{label}: {Number(fit.Objective, "F4")}"));
        Console.WriteLine($"verdict: {Verdict(fit)}");
        if (fit.Optimizer is { } o)
            Console.WriteLine(Invariant($"optimiser: {(o.Converged ? "converged" : "did NOT converge")} after {o.Iterations} iterations, {o.Evaluations} evaluations, gradient norm {o.GradientNorm:G3} ({o.Status})"));
        if (fit.Sampler is { } sampler)
        {
            var draws = fit.Draws;
            Console.WriteLine(Invariant($"NUTS: {draws?.ChainCount ?? 0} chains, {draws?.Count ?? 0} draws, {sampler.Divergences} divergent transitions after warm-up"));
            if (fit.Summary is { } summary) Console.Write(AtLevel(summary, draws, fit.ConfidenceLevel));
        }
        if (definition.Kind == ModelKind.Spend && definition.Parameters.Contains(fit.Values.ToArray()))
        {
            double mean = fit.SpendModel().PopulationMeanSpend;
            Console.WriteLine(double.IsPositiveInfinity(mean)
                ? "population mean spend per purchase: infinite (customers without repeat purchases cannot be valued)"
                : Invariant($"population mean spend per purchase: {mean:F4}"));
        }
    }

    /// <summary>
    /// The posterior summary with the quantiles of the fit's interval level (median in between), so that its interval
    /// columns are those of the estimates table; the sampler's warnings are kept.
    /// </summary>
    private static string AtLevel(Inference.Diagnostics.PosteriorSummary summary, ParameterDraws? draws, double level)
    {
        double lower = (1 - level) / 2, upper = (1 + level) / 2;
        if (draws is null || summary.QuantileLevels.Zip(new[] { lower, 0.5, upper }).All(p => Math.Abs(p.First - p.Second) < 1e-12) && summary.QuantileLevels.Count == 3) return summary.ToString();
        string table = Inference.Diagnostics.PosteriorSummary.Create(draws, [lower, 0.5, upper]).ToString();
        int cut = table.IndexOf("\nWARNINGS (", StringComparison.Ordinal);
        string rows = cut < 0 ? table : table[..(cut + 1)];
        string original = summary.ToString();
        int warnings = original.IndexOf("\nWARNINGS (", StringComparison.Ordinal);
        return warnings < 0 ? rows : rows + original[(warnings + 1)..];
    }

    /// <summary>
    /// <c>clv fit --json</c>: <c>{"model", "display_name", "method", "time_unit", "customers", "verdict", "reliable",
    /// "problem", "log_likelihood", "objective", "interval_level", "interval_kind", "estimates": [{"name", "estimate",
    /// "standard_error", "lower", "upper"}], "divergences", "model_file"}</c>; the estimates are the values the model file
    /// holds (model_file is null when no file was written).
    /// </summary>
    public static string Json(ModelFit fit, string? modelFile) => JsonText.Write(w => WriteJson(w, fit, modelFile));

    /// <summary>The object of <see cref="Json"/>, written into a larger document (<c>clv report --json</c>).</summary>
    public static void WriteJson(Utf8JsonWriter w, ModelFit fit, string? modelFile)
    {
        w.WriteStartObject();
        w.WriteString("model", fit.Definition.Name);
        w.WriteString("display_name", fit.Definition.DisplayName);
        w.WriteString("method", fit.Method.ToName());
        w.WriteString("time_unit", fit.TimeUnit.Name);
        JsonText.Number(w, "customers", fit.Data?.Customers);
        w.WriteString("verdict", fit.Status switch { FitStatus.Converged => "converged", FitStatus.NotConverged => "not_converged", _ => "not_identified" });
        w.WriteBoolean("reliable", fit.IsReliable);
        w.WriteString("problem", fit.Problem);
        JsonText.Number(w, "log_likelihood", fit.LogLikelihood);
        JsonText.Number(w, "objective", fit.Objective);
        w.WriteNumber("interval_level", fit.ConfidenceLevel);
        w.WriteString("interval_kind", fit.Method == FitMethod.Nuts ? "posterior_quantiles" : "wald");
        w.WriteStartArray("estimates");
        var names = fit.Definition.Parameters.Names;
        for (int j = 0; j < names.Count; j++)
        {
            w.WriteStartObject();
            w.WriteString("name", names[j]);
            w.WriteNumber("estimate", fit.Values[j]);
            var e = fit.Estimates.Count == names.Count ? fit.Estimates[j] : null;
            JsonText.Number(w, "standard_error", e?.StandardError);
            JsonText.Number(w, "lower", e?.Lower);
            JsonText.Number(w, "upper", e?.Upper);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        if (fit.Sampler is { } sampler) w.WriteNumber("divergences", sampler.Divergences);
        else w.WriteNull("divergences");
        w.WriteString("model_file", modelFile is null ? null : StandardStreams.Describe(modelFile));
        w.WriteEndObject();
    }

    /// <summary>The fit's warnings on standard error, except the verdict's own (the caller states the verdict).</summary>
    public static void Warn(ModelFit fit, string commandName)
    {
        string? verdict = fit.Problem is { } problem ? $"{fit.Status}: {problem}" : null;
        foreach (var warning in fit.Warnings)
            if (warning != verdict) CliErrors.Warn(commandName, warning);
    }

    /// <summary>converged, NOT CONVERGED: problem, or NOT IDENTIFIED: problem.</summary>
    public static string Verdict(ModelFit fit) => fit.Status switch
    {
        FitStatus.Converged => "converged",
        FitStatus.NotConverged => $"NOT CONVERGED: {fit.Problem}",
        _ => $"NOT IDENTIFIED: {fit.Problem}",
    };

    private static TextTable EstimatesTable(ModelFit fit)
    {
        bool posterior = fit.Method == FitMethod.Nuts;
        string level = Invariant($"{fit.ConfidenceLevel * 100:0.#}%");
        var table = new TextTable("parameter", "estimate", posterior ? "posterior sd" : "std. error",
            posterior ? $"{level} CrI lower" : $"{level} CI lower", "upper");
        var names = fit.Definition.Parameters.Names;
        for (int j = 0; j < names.Count; j++)
        {
            if (fit.Estimates.Count == names.Count)
            {
                var e = fit.Estimates[j];
                table.Add(e.Name, TextTable.Number(e.Estimate, "G7"), TextTable.Number(e.StandardError, "G4"),
                    TextTable.Number(e.Lower, "G5"), TextTable.Number(e.Upper, "G5"));
            }
            else
            {
                table.Add(names[j], TextTable.Number(fit.Values[j], "G7"), "n/a", "n/a", "n/a");
            }
        }
        return table;
    }

    private static string? ObjectiveLabel(ModelFit fit) => fit.Method switch
    {
        FitMethod.MaximumLikelihood when fit.IsPenalized => $"penalised objective ({PenaltyWords(fit)})",
        FitMethod.MaximumAPosteriori => "log posterior at the mode (likelihood × prior)",
        FitMethod.Laplace => "log posterior at the mode (on the unconstrained scale)",
        _ => null,
    };

    /// <summary>"L2 penalty 0.1" and/or the per-parameter weights: "L2 weights trans.Gender 2, life.Gender 0.5".</summary>
    private static string PenaltyWords(ModelFit fit)
    {
        var names = fit.Definition.Parameters.Names;
        var weights = fit.ParameterPenalties?.Select((w, j) => (w, j)).Where(p => p.w > 0).Select(p => Invariant($"{names[p.j]} {p.w}")).ToArray() ?? [];
        string overall = fit.Penalty > 0 ? Invariant($"L2 penalty {fit.Penalty}") : "";
        string each = weights.Length > 0 ? "L2 weights " + string.Join(", ", weights) : "";
        return overall.Length > 0 && each.Length > 0 ? $"{overall}, {each}" : overall + each;
    }

    private static string Customers(DataDescription? data) => data is null
        ? "not recorded"
        : data.ExcludedCustomers > 0
            ? Invariant($"{data.Customers:0.##} ({data.ExcludedCustomers:0.##} more not used by the model)")
            : Invariant($"{data.Customers:0.##}");

    private static string Number(double? value, string format) => value is { } v ? TextTable.Number(v, format) : "n/a";

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
