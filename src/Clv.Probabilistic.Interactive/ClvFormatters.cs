using System.Globalization;
using System.Net;
using System.Text;
using Clv.Probabilistic.Data;
using Clv.Probabilistic.Evaluation;
using Clv.Probabilistic.Inference;
using Clv.Probabilistic.Models;
using Microsoft.DotNet.Interactive.Formatting;

namespace Clv.Probabilistic.Interactive;

/// <summary>
/// HTML views of Clv.Probabilistic objects for .NET Interactive (Polyglot) notebooks: call <see cref="Register"/> once
/// (for example in the first cell, after <c>#r "nuget: Clv.Probabilistic.Interactive"</c>); the <c>Html</c> methods
/// also work on their own.
/// </summary>
/// <remarks>
/// Every id and name is HTML-escaped; numbers are written in the invariant culture with 6 significant digits.
/// Statistics are those of <see cref="Describe"/> (weighted by the summary's weights).
/// </remarks>
public static class ClvFormatters
{
    private static readonly double[] SummaryProbabilities = [0.25, 0.5, 0.75];
    private static readonly double[] DrawProbabilities = [0.025, 0.25, 0.5, 0.75, 0.975];
    private static int _registered;

    /// <summary>How many leading rows the tables show.</summary>
    public static int HeadRows { get; set; } = 10;

    /// <summary>
    /// Registers HTML formatters (<c>text/html</c>) for <see cref="RfmSummary"/>, <see cref="CalibrationHoldoutSummary"/>,
    /// <see cref="ParameterDraws"/>, <see cref="PredictionTable"/>, <see cref="ModelFit"/> (a fit of any model by any
    /// method) and <see cref="ModelComparison"/> with <see cref="Formatter"/>. Calling it again does nothing.
    /// </summary>
    public static void Register()
    {
        if (Interlocked.Exchange(ref _registered, 1) == 1) return;
        Formatter.Register<RfmSummary>((value, writer) => writer.Write(Html(value)), HtmlFormatter.MimeType);
        Formatter.Register<CalibrationHoldoutSummary>((value, writer) => writer.Write(Html(value)), HtmlFormatter.MimeType);
        Formatter.Register<ParameterDraws>((value, writer) => writer.Write(Html(value)), HtmlFormatter.MimeType);
        Formatter.Register<PredictionTable>((value, writer) => writer.Write(Html(value)), HtmlFormatter.MimeType);
        Formatter.Register<ModelFit>((value, writer) => writer.Write(Html(value)), HtmlFormatter.MimeType);
        Formatter.Register<ModelComparison>((value, writer) => writer.Write(Html(value)), HtmlFormatter.MimeType);
    }

    /// <summary>
    /// The HTML view of any object these formatters know (and of an <see cref="Microsoft.AspNetCore.Html.HtmlString"/>,
    /// as it is), or null for anything else: what a notebook host outside .NET Interactive needs to show values.
    /// </summary>
    public static string? TryHtml(object? value) => value switch
    {
        Microsoft.AspNetCore.Html.HtmlString html => html.Value,
        RfmSummary summary => Html(summary),
        CalibrationHoldoutSummary split => Html(split),
        ParameterDraws draws => Html(draws),
        PredictionTable table => Html(table),
        ModelFit fit => Html(fit),
        ModelComparison comparison => Html(comparison),
        _ => null,
    };

    /// <summary>Counts, the first rows and a descriptive-statistics table of a summary.</summary>
    public static string Html(RfmSummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        var html = new StringBuilder("<div class=\"clv-rfm-summary\">");
        WriteSummaryBody(html, summary, [], []);
        return html.Append("</div>").ToString();
    }

    /// <summary>As for <see cref="RfmSummary"/>, with the holdout columns and the holdout length added.</summary>
    public static string Html(CalibrationHoldoutSummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        var html = new StringBuilder("<div class=\"clv-calibration-holdout\">");
        html.Append("<p>Holdout period: ").Append(Number(summary.DurationHoldout[0])).Append(' ').Append(Escape(summary.TimeUnit.Name))
            .Append("; ").Append(Number(Weighted(summary.FrequencyHoldout, summary.Calibration.Weights))).Append(" holdout purchase days in all.</p>");
        WriteSummaryBody(html, summary.Calibration, ["frequency_holdout", "monetary_value_holdout"],
            [summary.FrequencyHoldout.ToArray(), summary.MonetaryValueHoldout.ToArray()]);
        return html.Append("</div>").ToString();
    }

    /// <summary>Per-parameter mean, standard deviation and quantiles (2.5%, 25%, 50%, 75%, 97.5%) of the draws.</summary>
    public static string Html(ParameterDraws draws)
    {
        ArgumentNullException.ThrowIfNull(draws);
        var html = new StringBuilder("<div class=\"clv-parameter-draws\">");
        html.Append("<p>").Append(Count(draws.Count)).Append(" draws of ").Append(Count(draws.Dimension)).Append(" parameters, ")
            .Append(Count(draws.ChainCount)).Append(draws.ChainCount == 1 ? " chain" : " chains").Append(".</p>");
        StatisticsTable(html, "parameter", DrawProbabilities,
            Enumerable.Range(0, draws.Dimension).Select(j => (draws.Names[j], Describe.Column(draws.Column(j), [], DrawProbabilities))));
        return html.Append("</div>").ToString();
    }

    /// <summary>The first rows of the prediction columns and their descriptive statistics.</summary>
    public static string Html(PredictionTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        var html = new StringBuilder("<div class=\"clv-predictions\">");
        html.Append("<p>").Append(Count(table.CustomerIds.Count)).Append(" customers, ").Append(Count(table.ColumnNames.Count)).Append(" columns.</p>");
        var columns = Enumerable.Range(0, table.ColumnNames.Count).Select(j => table.Column(j).ToArray()).ToArray();
        HeadTable(html, table.CustomerIds, table.ColumnNames, columns);
        if (table.CustomerIds.Count > 0)
            StatisticsTable(html, "column", SummaryProbabilities,
                columns.Select((c, j) => (table.ColumnNames[j], Describe.Column(c, [], SummaryProbabilities))));
        return html.Append("</div>").ToString();
    }

    /// <summary>
    /// A fit of any model: the model and the fit method in words, the verdict and every warning, a row per parameter of
    /// the model (estimate, standard error or posterior sd, and the interval; the point values alone when the fit has
    /// no intervals), and the log-likelihood, the optimiser's or the sampler's numbers and the data.
    /// </summary>
    public static string Html(ModelFit fit)
    {
        ArgumentNullException.ThrowIfNull(fit);
        var definition = fit.Definition;
        var html = new StringBuilder("<div class=\"clv-model-fit\">");
        html.Append("<p>").Append(Escape(definition.DisplayName)).Append(" (").Append(Escape(definition.Name)).Append(") by ")
            .Append(Escape(fit.Method.Describe())).Append(": ").Append(Verdict(fit.Status)).Append(".</p>");
        if (fit.Warnings.Count > 0)
        {
            html.Append("<ul class=\"clv-warnings\">");
            foreach (var warning in fit.Warnings) html.Append("<li>").Append(Escape(warning)).Append("</li>");
            html.Append("</ul>");
        }
        var names = definition.Parameters.Names;
        bool posterior = fit.Method == FitMethod.Nuts;
        string level = Number(100 * fit.ConfidenceLevel) + "%";
        html.Append("<table class=\"clv-estimates\"><thead><tr><th>parameter</th><th>").Append(posterior ? "posterior mean" : "estimate").Append("</th>");
        bool intervals = fit.Estimates.Count == names.Count;
        if (intervals)
            html.Append("<th>").Append(posterior ? "posterior sd" : "std. error").Append("</th><th>").Append(level).Append(" lower</th><th>")
                .Append(level).Append(" upper</th>");
        html.Append("</tr></thead><tbody>");
        for (int j = 0; j < names.Count; j++)
        {
            html.Append("<tr><td>").Append(Escape(names[j])).Append("</td>");
            if (intervals)
            {
                var e = fit.Estimates[j];
                html.Append("<td>").Append(Number(e.Estimate)).Append("</td><td>").Append(Number(e.StandardError)).Append("</td><td>")
                    .Append(Number(e.Lower)).Append("</td><td>").Append(Number(e.Upper)).Append("</td>");
            }
            else html.Append("<td>").Append(Number(fit.Values[j])).Append("</td>");
            html.Append("</tr>");
        }
        html.Append("</tbody></table><p>");
        var facts = new List<string> { "time unit " + Escape(fit.TimeUnit.Name) };
        if (fit.LogLikelihood is { } logLikelihood) facts.Add("log-likelihood " + Number(logLikelihood));
        if (fit.Optimizer is { } optimizer)
            facts.Add(Count(optimizer.Iterations) + " optimiser iterations, gradient norm " + Number(optimizer.GradientNorm));
        if (fit.Sampler is { } sampler)
            facts.Add("max R̂ " + Number(sampler.RHat.Values.Max()) + ", min bulk ESS " + Number(sampler.EssBulk.Values.Min())
                + ", " + Count(sampler.Divergences) + " divergent transitions");
        if (fit.Draws is { } draws) facts.Add(Count(draws.Count) + " parameter draws");
        if (fit.Data is { } data) facts.Add(Number(data.Customers) + " customers in " + Count(data.CompressedRows) + " distinct rows");
        html.Append(string.Join("; ", facts)).Append(".</p>");
        return html.Append("</div>").ToString();
    }

    /// <summary>
    /// A model comparison: a row per model (verdict, log-likelihood ℓ, parameters k, AIC = 2k − 2ℓ, BIC = k ln n − 2ℓ,
    /// their differences from the best reliable fit, the Akaike weight and, with a holdout, the predicted and actual
    /// holdout purchases and the mean absolute error per customer), then the recommendation and its reason.
    /// </summary>
    public static string Html(ModelComparison comparison)
    {
        ArgumentNullException.ThrowIfNull(comparison);
        bool holdout = comparison.HoldoutDuration is not null;
        var html = new StringBuilder("<div class=\"clv-model-comparison\">");
        html.Append("<p>").Append(Count(comparison.Models.Count)).Append(" models fitted by maximum likelihood to ")
            .Append(Number(comparison.Customers)).Append(" customers");
        if (comparison.HoldoutDuration is { } duration) html.Append("; holdout of ").Append(Number(duration));
        html.Append(".</p><table class=\"clv-comparison\"><thead><tr><th>model</th><th>verdict</th><th>log-likelihood</th><th>k</th>")
            .Append("<th>AIC</th><th>BIC</th><th>ΔAIC</th><th>ΔBIC</th><th>Akaike weight</th>");
        if (holdout) html.Append("<th>holdout predicted</th><th>holdout actual</th><th>MAE</th>");
        html.Append("</tr></thead><tbody>");
        foreach (var model in comparison.Models)
        {
            html.Append("<tr><td>").Append(Escape(model.Definition.DisplayName)).Append("</td><td>").Append(Verdict(model.Status)).Append("</td>");
            foreach (var value in new[] { model.LogLikelihood, model.Parameters, model.Aic, model.Bic, model.DeltaAic, model.DeltaBic, model.AkaikeWeight })
                html.Append("<td>").Append(value is { } v ? Number(v) : "").Append("</td>");
            if (holdout && model.Holdout is { } metrics)
                html.Append("<td>").Append(Number(metrics.TotalPredicted)).Append("</td><td>").Append(Number(metrics.TotalActual))
                    .Append("</td><td>").Append(Number(metrics.MeanAbsoluteError)).Append("</td>");
            html.Append("</tr>");
        }
        html.Append("</tbody></table><p>Recommended: ")
            .Append(comparison.Recommendation.Model is { } best ? Escape(best.Definition.DisplayName) : "none")
            .Append(". ").Append(Escape(comparison.Recommendation.Reason)).Append("</p>");
        return html.Append("</div>").ToString();
    }

    private static string Verdict(FitStatus status) => status switch
    {
        FitStatus.Converged => "converged",
        FitStatus.NotConverged => "not converged",
        FitStatus.NotIdentified => "not identified",
        _ => status.ToString(),
    };

    private static void WriteSummaryBody(StringBuilder html, RfmSummary summary, string[] extraNames, double[][] extraColumns)
    {
        var weights = summary.Weights;
        double customers = summary.TotalWeight, repeat = 0;
        for (int i = 0; i < summary.Count; i++)
            if (summary.Frequency[i] > 0) repeat += weights[i];
        html.Append("<p>").Append(Count(summary.Count)).Append(" rows, ").Append(Number(customers)).Append(" customers, ")
            .Append(Number(repeat)).Append(" with repeat purchases (").Append(Number(customers - repeat)).Append(" without); time unit ")
            .Append(Escape(summary.TimeUnit.Name)).Append(".</p>");
        string[] names = ["frequency", "recency", "T", "monetary_value", "weight", .. extraNames];
        double[][] columns = [summary.Frequency.ToArray(), summary.Recency.ToArray(), summary.T.ToArray(),
            summary.MonetaryValue.ToArray(), weights.ToArray(), .. extraColumns];
        HeadTable(html, summary.CustomerIds, names, columns);
        var statistics = new List<(string, ColumnStatistics)>();
        for (int j = 0; j < names.Length; j++)
            if (names[j] != "weight") statistics.Add((names[j], Describe.Column(columns[j], weights, SummaryProbabilities)));
        StatisticsTable(html, "column", SummaryProbabilities, statistics);
    }

    private static void HeadTable(StringBuilder html, IReadOnlyList<string> ids, IReadOnlyList<string> names, double[][] columns)
    {
        int rows = Math.Min(Math.Max(HeadRows, 0), ids.Count);
        html.Append("<table class=\"clv-head\"><thead><tr><th>customer_id</th>");
        foreach (var name in names) html.Append("<th>").Append(Escape(name)).Append("</th>");
        html.Append("</tr></thead><tbody>");
        for (int i = 0; i < rows; i++)
        {
            html.Append("<tr><td>").Append(Escape(ids[i])).Append("</td>");
            foreach (var column in columns) html.Append("<td>").Append(Number(column[i])).Append("</td>");
            html.Append("</tr>");
        }
        html.Append("</tbody></table>");
        if (rows < ids.Count) html.Append("<p>(first ").Append(Count(rows)).Append(" of ").Append(Count(ids.Count)).Append(" rows)</p>");
    }

    private static void StatisticsTable(StringBuilder html, string header, double[] probabilities,
        IEnumerable<(string Name, ColumnStatistics Statistics)> rows)
    {
        html.Append("<table class=\"clv-statistics\"><thead><tr><th>").Append(header).Append("</th><th>mean</th><th>sd</th><th>min</th>");
        foreach (var p in probabilities) html.Append("<th>").Append(Number(100 * p)).Append("%</th>");
        html.Append("<th>max</th></tr></thead><tbody>");
        foreach (var (name, s) in rows)
        {
            html.Append("<tr><td>").Append(Escape(name)).Append("</td><td>").Append(Number(s.Mean)).Append("</td><td>")
                .Append(Number(s.StandardDeviation)).Append("</td><td>").Append(Number(s.Min)).Append("</td>");
            foreach (var q in s.Quantiles) html.Append("<td>").Append(Number(q)).Append("</td>");
            html.Append("<td>").Append(Number(s.Max)).Append("</td></tr>");
        }
        html.Append("</tbody></table>");
    }

    private static double Weighted(ReadOnlySpan<double> values, ReadOnlySpan<double> weights)
    {
        double sum = 0;
        for (int i = 0; i < values.Length; i++) sum += values[i] * weights[i];
        return sum;
    }

    /// <summary>A number as the formatters write it: invariant culture, 6 significant digits.</summary>
    public static string Number(double value) => value.ToString("G6", CultureInfo.InvariantCulture);

    private static string Count(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Escape(string text) => WebUtility.HtmlEncode(text);
}
