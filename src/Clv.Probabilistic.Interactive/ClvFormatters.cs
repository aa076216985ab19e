using System.Globalization;
using System.Net;
using System.Text;
using Clv.Probabilistic.Data;
using Clv.Probabilistic.Inference;
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
    /// <see cref="ParameterDraws"/> and <see cref="PredictionTable"/> with <see cref="Formatter"/>. Calling it again does nothing.
    /// </summary>
    public static void Register()
    {
        if (Interlocked.Exchange(ref _registered, 1) == 1) return;
        Formatter.Register<RfmSummary>((value, writer) => writer.Write(Html(value)), HtmlFormatter.MimeType);
        Formatter.Register<CalibrationHoldoutSummary>((value, writer) => writer.Write(Html(value)), HtmlFormatter.MimeType);
        Formatter.Register<ParameterDraws>((value, writer) => writer.Write(Html(value)), HtmlFormatter.MimeType);
        Formatter.Register<PredictionTable>((value, writer) => writer.Write(Html(value)), HtmlFormatter.MimeType);
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
