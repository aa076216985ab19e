using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Clv.Probabilistic.Data;
using Clv.Probabilistic.Evaluation;
using Clv.Probabilistic.Models;
using Clv.Probabilistic.Reporting.Comparison;
using Clv.Probabilistic.Reporting.CustomerBase;

namespace Clv.Probabilistic.Cli.Commands;

/// <summary>
/// <c>clv compare</c>: fits several purchase models by maximum likelihood to one summary (<see cref="ModelComparison"/>)
/// and prints their criteria, holdout accuracy when the summary has holdout columns, and the recommendation.
/// </summary>
internal static class CompareCommand
{
    private const string Name = "compare";

    public static Command Create()
    {
        var input = new Option<string>("--input") { Description = "Summary file (customer_id,frequency,recency,T[,...]); its holdout columns, as 'clv summarize --calibration-end' writes them, are used when present. With --calibration-end: a transaction log, split here.", Required = true };
        var timeUnit = new Option<string>("--time-unit") { Description = "Unit of recency and T in the summary: days, weeks, months or years.", Required = true };
        var models = new Option<string?>("--models") { Description = "Comma-separated purchase models to compare (default: every registered purchase model)." };
        var json = new Option<bool>("--json") { Description = "Write the comparison as JSON for machine reading." };
        var report = new Option<string?>("--report") { Description = "Also write the comparison as a self-contained HTML page to this file (with a transaction log: the tracking curves too)." };
        var force = new Option<bool>("--force") { Description = "Replace the --report file if it exists." };
        var log = new TransactionLogOptions();

        var command = new Command(Name, "Fit several purchase models to one summary and say which fits the customers best (AIC, BIC, holdout accuracy).");
        foreach (var option in new Option[] { input, timeUnit, models, json, report, force }.Concat(log.All))
            command.Options.Add(option);

        command.SetAction(parse => CliErrors.Run(Name, () =>
        {
            var definitions = ParseModels(parse.GetValue(models));
            string path = StandardStreams.Input(parse.GetValue(input), "--input")!;
            string? reportPath = parse.GetValue(report);
            OutputFiles.Check([("--input", path)], reportPath is null ? [] : [("--report", reportPath)], parse.GetValue(force));
            var unit = TimeUnit.Parse(parse.GetValue(timeUnit)!);
            CohortTracking? cohort = null;
            ModelComparison comparison;
            if (log.GivesLog(parse))
            {
                var (transactions, data, calibrationEnd, observationEnd) = log.Read(parse, path, unit);
                comparison = ModelComparison.Compute(definitions, data);
                cohort = CohortTracking.FromLog(transactions, calibrationEnd, observationEnd, unit);
            }
            else
            {
                if (parse.GetValue(log.ObservationEnd) is not null)
                    throw new ArgumentException("--observation-end applies with --calibration-end (when --input is a transaction log).");
                comparison = HasHoldoutColumns(path)
                    ? ModelComparison.Compute(definitions, RfmSummaryCsv.ReadCalibrationHoldout(path, unit))
                    : ModelComparison.Compute(definitions, RfmSummaryCsv.Read(path, unit));
            }
            foreach (var model in comparison.Models.Where(m => !m.IsReliable))
                CliErrors.Warn(Name, $"the {model.Definition.DisplayName} fit is {ModelReport.Verdict(model.Fit)}");
            if (parse.GetValue(json)) Console.Out.Write(Json(comparison, unit));
            else WriteText(comparison, unit);
            if (reportPath is not null)
            {
                ModelComparisonReport.Build(comparison, cohort, dataName: Path.GetFileName(path)).Html.Save(reportPath);
                CliErrors.Status($"Wrote {reportPath}");
            }
            return 0;
        }));
        return command;
    }

    /// <summary>The named purchase models in the order given, or every registered purchase model when none are named.</summary>
    /// <exception cref="ArgumentException">A name is not a registered purchase model (the message lists them), or is given twice.</exception>
    internal static IReadOnlyList<ModelDefinition> ParseModels(string? text)
    {
        var purchase = ModelComparison.PurchaseModels;
        if (text is null) return purchase;
        string known = string.Join(", ", purchase.Select(m => m.Name));
        var result = new List<ModelDefinition>();
        foreach (string name in text.Split(',', StringSplitOptions.TrimEntries))
        {
            var model = ModelRegistry.Find(name);
            if (model is null || model.Kind != ModelKind.Purchase)
                throw new ArgumentException($"--models: '{name}' is not a registered purchase model; the registered purchase models are {known}.");
            if (result.Contains(model)) throw new ArgumentException($"--models: {model.Name} is named twice.");
            result.Add(model);
        }
        return result;
    }

    /// <summary>True when the summary's header names the holdout columns (<c>frequency_holdout</c>, case ignored).</summary>
    private static bool HasHoldoutColumns(string path)
    {
        string? header = File.ReadLines(path).FirstOrDefault();
        return header is not null && header.Split(',').Any(c => string.Equals(c.Trim().Trim('"'), "frequency_holdout", StringComparison.OrdinalIgnoreCase));
    }

    private static void WriteText(ModelComparison comparison, TimeUnit unit)
    {
        bool holdout = comparison.HoldoutDuration is not null;
        Console.WriteLine(Invariant($"{comparison.Customers:0.##} customers; maximum-likelihood fits; n for BIC = {comparison.Customers:0.##}."));
        var headers = new List<string> { "model", "verdict", "log-lik", "k", "AIC", "BIC", "ΔBIC", "Akaike wt" };
        if (holdout) headers.AddRange(["holdout MAE", "holdout RMSE", "predicted total"]);
        var table = new TextTable([.. headers]);
        foreach (var m in comparison.Models)
        {
            var cells = new List<string>
            {
                m.Definition.Name, Status(m), Optional(m.LogLikelihood, "0.###"), m.Parameters.ToString(CultureInfo.InvariantCulture),
                Optional(m.Aic, "0.###"), Optional(m.Bic, "0.###"), Optional(m.DeltaBic, "0.###"), Optional(m.AkaikeWeight, "0.####"),
            };
            if (holdout)
                cells.AddRange([Optional(m.Holdout?.MeanAbsoluteError, "0.####"), Optional(m.Holdout?.RootMeanSquaredError, "0.####"), Optional(m.Holdout?.TotalPredicted, "0.#")]);
            table.Add([.. cells]);
        }
        table.Write();
        if (holdout)
        {
            var first = comparison.Models[0];
            Console.WriteLine();
            Console.WriteLine(Invariant($"Holdout of {comparison.HoldoutDuration:0.###} {unit.Name}: {first.Holdout!.TotalActual:0} actual repeat purchases. Mean holdout purchases by calibration frequency:"));
            var ce = new TextTable([.. new[] { "x", "customers", "actual" }.Concat(comparison.Models.Select(m => m.Definition.Name))]);
            var rows = first.ConditionalExpectations!.Rows;
            for (int r = 0; r < rows.Count; r++)
                ce.Add([.. new[] { rows[r].Label, TextTable.Number(rows[r].Customers, "0.##"), Optional(rows[r].MeanActual, "0.###") }
                    .Concat(comparison.Models.Select(m => Optional(m.ConditionalExpectations!.Rows[r].MeanPredicted, "0.###")))]);
            ce.Write();
        }
        Console.WriteLine();
        var recommended = comparison.Recommendation.Model;
        Console.WriteLine(recommended is null ? "Recommendation: none." : $"Recommendation: {recommended.Definition.Name} ({recommended.Definition.DisplayName}).");
        Console.WriteLine(comparison.Recommendation.Reason);
        if (comparison.NestedTests.Count == 0)
            Console.WriteLine("No likelihood-ratio tests: none of these models nests another.");
        foreach (var test in comparison.NestedTests) Console.WriteLine("Likelihood-ratio test: " + test.Describe());
    }

    /// <summary>
    /// <c>{"customers", "time_unit", "holdout_duration", "holdout_actual_total", "models": [{"name", "display_name",
    /// "verdict", "reliable", "problem", "log_likelihood", "parameters", "aic", "bic", "delta_aic", "delta_bic",
    /// "akaike_weight", "holdout": {"mae", "rmse", "predicted_total", "actual_total"}, "conditional_expectations":
    /// [{"frequency", "customers", "mean_actual", "mean_predicted"}]}], "likelihood_ratio_tests": [{"full", "restricted",
    /// "limit", "degrees_of_freedom", "on_boundary", "reference_distribution", "statistic", "p_value", "summary"}],
    /// "recommendation": {"model", "reason"}}</c>;
    /// absent values are null; verdict is converged, not_converged or not_identified.
    /// </summary>
    internal static string Json(ModelComparison comparison, TimeUnit unit) => JsonText.Write(w =>
        {
            w.WriteStartObject();
            w.WriteNumber("customers", comparison.Customers);
            w.WriteString("time_unit", unit.Name);
            Number(w, "holdout_duration", comparison.HoldoutDuration);
            Number(w, "holdout_actual_total", comparison.Models[0].Holdout?.TotalActual);
            w.WriteStartArray("models");
            foreach (var m in comparison.Models)
            {
                w.WriteStartObject();
                w.WriteString("name", m.Definition.Name);
                w.WriteString("display_name", m.Definition.DisplayName);
                w.WriteString("verdict", StatusName(m));
                w.WriteBoolean("reliable", m.IsReliable);
                w.WriteString("problem", m.Fit.Problem);
                Number(w, "log_likelihood", m.LogLikelihood);
                w.WriteNumber("parameters", m.Parameters);
                Number(w, "aic", m.Aic);
                Number(w, "bic", m.Bic);
                Number(w, "delta_aic", m.DeltaAic);
                Number(w, "delta_bic", m.DeltaBic);
                Number(w, "akaike_weight", m.AkaikeWeight);
                if (m.Holdout is { } h)
                {
                    w.WriteStartObject("holdout");
                    w.WriteNumber("mae", h.MeanAbsoluteError);
                    w.WriteNumber("rmse", h.RootMeanSquaredError);
                    w.WriteNumber("predicted_total", h.TotalPredicted);
                    w.WriteNumber("actual_total", h.TotalActual);
                    w.WriteEndObject();
                }
                else w.WriteNull("holdout");
                if (m.ConditionalExpectations is { } table)
                {
                    w.WriteStartArray("conditional_expectations");
                    foreach (var row in table.Rows)
                    {
                        w.WriteStartObject();
                        w.WriteString("frequency", row.Label);
                        w.WriteNumber("customers", row.Customers);
                        Number(w, "mean_actual", row.MeanActual);
                        Number(w, "mean_predicted", row.MeanPredicted);
                        w.WriteEndObject();
                    }
                    w.WriteEndArray();
                }
                else w.WriteNull("conditional_expectations");
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteStartArray("likelihood_ratio_tests");
            foreach (var test in comparison.NestedTests)
            {
                w.WriteStartObject();
                w.WriteString("full", test.Full.Definition.Name);
                w.WriteString("restricted", test.Restricted.Definition.Name);
                w.WriteString("limit", test.Nesting.Limit);
                w.WriteNumber("degrees_of_freedom", test.Test.DegreesOfFreedom);
                w.WriteBoolean("on_boundary", test.Test.OnBoundary);
                w.WriteString("reference_distribution", test.Test.ReferenceDistribution);
                w.WriteNumber("statistic", test.Test.Statistic);
                w.WriteNumber("p_value", test.Test.PValue);
                w.WriteString("summary", test.Describe());
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteStartObject("recommendation");
            w.WriteString("model", comparison.Recommendation.Model?.Definition.Name);
            w.WriteString("reason", comparison.Recommendation.Reason);
            w.WriteEndObject();
            w.WriteEndObject();
        });

    private static void Number(Utf8JsonWriter writer, string name, double? value) => JsonText.Number(writer, name, value);

    private static string Status(ComparedModel model) => StatusName(model).Replace('_', ' ');

    private static string StatusName(ComparedModel model) => model.Status switch
    {
        Inference.FitStatus.Converged => "converged",
        Inference.FitStatus.NotConverged => "not_converged",
        _ => "not_identified",
    };

    private static string Optional(double? value, string format) => value is { } v ? TextTable.Number(v, format) : "—";

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
