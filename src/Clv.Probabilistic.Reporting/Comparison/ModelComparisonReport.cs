using System.Globalization;
using Clv.Probabilistic.Data;
using Clv.Probabilistic.Evaluation;
using Clv.Probabilistic.Reporting.CustomerBase;
using Clv.Probabilistic.Reporting.Html;
using Clv.Probabilistic.Reporting.Plots;

namespace Clv.Probabilistic.Reporting.Comparison;

/// <summary>
/// One self-contained HTML page comparing purchase models fitted to the same customers (<see cref="ModelComparison"/>):
/// the recommendation and why, each fit's verdict, log-likelihood, AIC, BIC and Akaike weight, the likelihood-ratio tests
/// where models nest, the parameters, and, with a holdout, each model's accuracy, conditional expectations and tracking
/// curves side by side.
/// </summary>
/// <remarks>
/// The criteria follow <see cref="InformationCriteria"/> (Akaike 1974; Schwarz 1978; Burnham &amp; Anderson 2002 for the
/// weights); the conditional expectations and tracking curves are Fader, Hardie &amp; Lee (2005), "Counting Your Customers
/// the Easy Way", figures 4–6, drawn for every model at once.
/// </remarks>
/// <example>
/// <code>
/// var data = RfmSummarizer.SummarizeCalibrationHoldout(log, calibrationEnd, new SummaryOptions(observationEnd, TimeUnit.Weeks));
/// var comparison = ModelComparison.Compute(ModelComparison.PurchaseModels, data);
/// var cohort = CohortTracking.FromLog(log, calibrationEnd, observationEnd, TimeUnit.Weeks);
/// ModelComparisonReport.Build(comparison, cohort).Html.Save("comparison.html");
/// </code>
/// </example>
public sealed class ModelComparisonReport
{
    private ModelComparisonReport(HtmlReport html, IReadOnlyList<(string Label, TrackingCurve Curve)> tracking)
    {
        Html = html;
        Tracking = tracking;
    }

    /// <summary>The page.</summary>
    public HtmlReport Html { get; }

    /// <summary>Each reliable model's tracking curve (empty without a cohort).</summary>
    public IReadOnlyList<(string Label, TrackingCurve Curve)> Tracking { get; }

    /// <summary>Lays out the page.</summary>
    /// <param name="comparison">The fitted and compared models.</param>
    /// <param name="cohort">The cohort's transactions over time, for the tracking curves; null to leave them out.</param>
    /// <param name="title">Title of the page.</param>
    /// <param name="dataName">What the data are, for the subtitle (for example the file name); null for none.</param>
    /// <exception cref="ArgumentException">The cohort's time unit is not the models'.</exception>
    public static ModelComparisonReport Build(ModelComparison comparison, CohortTracking? cohort = null,
        string title = "Which model fits these customers?", string? dataName = null)
    {
        ArgumentNullException.ThrowIfNull(comparison);
        var unit = comparison.Models[0].Fit.TimeUnit;
        if (cohort is not null && cohort.TimeUnit != unit)
            throw new ArgumentException($"The cohort is in {cohort.TimeUnit.Name} but the models in {unit.Name}.", nameof(cohort));
        var html = new HtmlReport(title, dataName is null ? null : Invariant($"{dataName}: {comparison.Customers:#,0.##} customers, maximum-likelihood fits"));
        var reliable = comparison.Models.Where(m => m.IsReliable).ToList();
        var tracking = cohort is null ? [] : reliable.Select(m => (m.Definition.DisplayName, cohort.Curve(m.Fit.PurchaseModel()))).ToList();

        Recommendation(html.AddSection("Recommendation"), comparison);
        Criteria(html.AddSection("Fit to the calibration data"), comparison);
        Parameters(html.AddSection("Parameters"), comparison, unit);
        if (comparison.HoldoutDuration is { } holdout) Holdout(html.AddSection("Holdout accuracy"), comparison, reliable, holdout, unit);
        if (cohort is not null && tracking.Count > 0) Tracked(html.AddSection("Tracking the cohort over time"), tracking, cohort, unit);
        return new ModelComparisonReport(html, tracking);
    }

    private static void Recommendation(ReportSection section, ModelComparison comparison)
    {
        var recommended = comparison.Recommendation.Model;
        section.Paragraph(recommended is null ? "No model is recommended." : $"Recommended: {recommended.Definition.DisplayName} ({recommended.Definition.Name}).")
            .Paragraph(comparison.Recommendation.Reason);
        foreach (var model in comparison.Models.Where(m => !m.IsReliable))
            section.Warning($"The {model.Definition.DisplayName} fit is {Verdict(model)}{(model.Fit.Problem is { } p ? ": " + p.TrimEnd('.') : "")}; it takes no part in the deltas, weights or recommendation.");
    }

    private static void Criteria(ReportSection section, ModelComparison comparison)
    {
        section.Paragraph(Invariant($"Every model is fitted by maximum likelihood to the same {comparison.Customers:#,0.##} customers. AIC = 2k − 2ℓ and BIC = k ln n − 2ℓ with n = {comparison.Customers:#,0.##}; lower is better. Deltas and Akaike weights are over the reliable fits; a ΔBIC above 10 is very strong evidence against a model."))
            .Table(["model", "verdict", "log-likelihood", "parameters", "AIC", "BIC", "ΔAIC", "ΔBIC", "Akaike weight"],
                comparison.Models.Select(m => (IReadOnlyList<object?>)[m.Definition.DisplayName, Verdict(m), m.LogLikelihood, m.Parameters, m.Aic, m.Bic, m.DeltaAic, m.DeltaBic, m.AkaikeWeight]),
                numberFormat: "#,0.###");
        if (comparison.NestedTests.Count == 0)
        {
            section.Paragraph("No likelihood-ratio test: none of these models nests another.");
            return;
        }
        section.Subheading("Likelihood-ratio tests of nested models")
            .Table(["larger model", "nested model", "limit", "degrees of freedom", "reference distribution", "statistic", "p-value"],
                comparison.NestedTests.Select(t => (IReadOnlyList<object?>)[t.Full.Definition.DisplayName, t.Restricted.Definition.DisplayName, t.Nesting.Limit,
                    t.Test.DegreesOfFreedom, t.Test.ReferenceDistribution, t.Test.Statistic, t.Test.PValue]),
                numberFormat: "G4");
        foreach (var test in comparison.NestedTests) section.Paragraph(test.Describe());
    }

    private static void Parameters(ReportSection section, ModelComparison comparison, TimeUnit unit)
    {
        section.Paragraph(Invariant($"Estimates with standard errors; durations and rates in {unit.Name}."))
            .Table(["model", "parameter", "estimate", "standard error"],
                comparison.Models.SelectMany(m => m.Fit.Estimates.Select(e => (IReadOnlyList<object?>)[m.Definition.DisplayName, e.Name, e.Estimate, e.StandardError])),
                numberFormat: "G5");
    }

    private static void Holdout(ReportSection section, ModelComparison comparison, List<ComparedModel> reliable, double holdout, TimeUnit unit)
    {
        var first = comparison.Models[0];
        section.Paragraph(Invariant($"Each model predicts every customer's repeat purchases in the {holdout:0.###} {unit.Name} after calibration from the calibration history alone (E[Y(t) | x, t_x, T] at the estimate); {first.Holdout!.TotalActual:#,0} were made."))
            .Table(["model", "predicted total", "actual total", "MAE per customer", "RMSE per customer"],
                comparison.Models.Select(m => (IReadOnlyList<object?>)[m.Definition.DisplayName, m.Holdout?.TotalPredicted, m.Holdout?.TotalActual, m.Holdout?.MeanAbsoluteError, m.Holdout?.RootMeanSquaredError]),
                numberFormat: "#,0.####");
        var rows = first.ConditionalExpectations!.Rows;
        section.Subheading("Mean holdout purchases by calibration frequency")
            .Table(["calibration repeat purchases", "customers", "actual", .. comparison.Models.Select(m => m.Definition.DisplayName)],
                Enumerable.Range(0, rows.Count).Select(r => (IReadOnlyList<object?>)[rows[r].Label, rows[r].Customers, rows[r].MeanActual,
                    .. comparison.Models.Select(m => (object?)m.ConditionalExpectations!.Rows[r].MeanPredicted)]),
                numberFormat: "#,0.###");
        if (reliable.Count > 0)
            section.Plot(CalibrationPlot.Compare([.. reliable.Select(m => (m.Definition.DisplayName, m.ConditionalExpectations!))]),
                "Mean holdout purchases by calibration frequency, actual and each model");
    }

    private static void Tracked(ReportSection section, List<(string Label, TrackingCurve Curve)> tracking, CohortTracking cohort, TimeUnit unit)
    {
        var axis = new ChartOptions
        {
            XLabel = Invariant($"{char.ToUpperInvariant(unit.Name[0])}{unit.Name[1..]} since the cohort's first purchase on {cohort.Origin:yyyy-MM-dd}"),
            YLabel = null,
        };
        var actual = tracking[0].Curve.ActualCumulative.ToArray();
        int last = actual.Length - 1, atCalibration = LastAtOrBefore(tracking[0].Curve.Times, cohort.CalibrationEnd);
        section.Paragraph("Each model's expected repeat purchases of the whole cohort over calendar time (Σ E[X(τ − s_i)] over customers who had made their first purchase), against the actual ones; the dotted line ends calibration.")
            .Plot(TrackingPlot.Compare(tracking, TrackingView.Incremental, cohort.CalibrationEnd, axis), "Repeat purchases per period, actual and each model")
            .Plot(TrackingPlot.Compare(tracking, TrackingView.Cumulative, cohort.CalibrationEnd, axis), "Cumulative repeat purchases, actual and each model")
            .Table(["model", "cumulative at calibration end", "actual", "cumulative at observation end", "actual", "error at observation end"],
                tracking.Select(t => (IReadOnlyList<object?>)[t.Label, atCalibration < 0 ? null : t.Curve.PredictedCumulative[atCalibration], atCalibration < 0 ? null : actual[atCalibration],
                    t.Curve.PredictedCumulative[last], actual[last], Invariant($"{(t.Curve.PredictedCumulative[last] - actual[last]) / actual[last]:+0.0%;-0.0%;0.0%}")]),
                numberFormat: "#,0.#");
    }

    private static int LastAtOrBefore(ReadOnlySpan<double> times, double time)
    {
        int found = -1;
        for (int j = 0; j < times.Length && times[j] <= time + 1e-9; j++) found = j;
        return found;
    }

    private static string Verdict(ComparedModel model) => model.Status switch
    {
        Inference.FitStatus.Converged => "converged",
        Inference.FitStatus.NotConverged => "not converged",
        _ => "not identified",
    };

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
