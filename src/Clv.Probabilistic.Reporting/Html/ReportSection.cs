using System.Globalization;
using System.Text;

namespace Clv.Probabilistic.Reporting.Html;

/// <summary>
/// One section of an <see cref="HtmlReport"/>: a heading followed by blocks in the order they are added. Every method
/// returns the section, so blocks can be chained. All text is escaped when the report is written.
/// </summary>
public sealed class ReportSection
{
    private readonly List<Action<StringBuilder>> _blocks = [];
    private int _plots;

    internal ReportSection(string heading, string id)
    {
        Heading = heading;
        Id = id;
    }

    /// <summary>The section's heading.</summary>
    public string Heading { get; }

    internal string Id { get; }

    /// <summary>Adds a subheading within the section.</summary>
    public ReportSection Subheading(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Add(html => html.Append("<h3>").Append(HtmlText.Escape(text)).Append("</h3>\n"));
    }

    /// <summary>Adds a paragraph of plain text.</summary>
    public ReportSection Paragraph(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Add(html => html.Append("<p>").Append(HtmlText.Escape(text)).Append("</p>\n"));
    }

    /// <summary>Adds a warning call-out, for results the reader must not miss (poor fit, failed convergence).</summary>
    public ReportSection Warning(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Add(html => html.Append("<div class=\"warning\" role=\"note\"><strong>Warning.</strong> ")
            .Append(HtmlText.Escape(text)).Append("</div>\n"));
    }

    /// <summary>Adds a list of named values (fit summary, settings), shown as a two-column definition list.</summary>
    /// <param name="items">Names and values; values are formatted as table cells are.</param>
    /// <param name="numberFormat">.NET format string for floating-point values (invariant culture).</param>
    public ReportSection KeyValues(IEnumerable<KeyValuePair<string, object?>> items, string numberFormat = ReportCell.DefaultNumberFormat)
    {
        ArgumentNullException.ThrowIfNull(items);
        ReportCell.CheckFormat(numberFormat);
        var pairs = items.ToArray();
        for (int i = 0; i < pairs.Length; i++)
            if (pairs[i].Key is null) throw new ArgumentException($"items[{i}] has a null name.", nameof(items));
        return Add(html =>
        {
            html.Append("<dl class=\"key-values\">\n");
            foreach (var (key, value) in pairs)
            {
                var cell = ReportCell.Format(value, numberFormat);
                html.Append("<dt>").Append(HtmlText.Escape(key)).Append("</dt><dd")
                    .Append(cell.CssClass is null ? "" : $" class=\"{cell.CssClass}\"").Append('>')
                    .Append(HtmlText.Escape(cell.Text)).Append("</dd>\n");
            }
            html.Append("</dl>\n");
        });
    }

    /// <summary>Adds a table.</summary>
    /// <param name="headers">Column headings.</param>
    /// <param name="rows">Rows of cells, each as long as <paramref name="headers"/>. Numbers (any numeric type) are
    /// right-aligned; floating-point values use <paramref name="numberFormat"/>, integers are grouped by thousands,
    /// NaN and infinities are shown as such and flagged; anything else is shown as its text.</param>
    /// <param name="caption">Caption above the table; null for none.</param>
    /// <param name="numberFormat">.NET format string for floating-point values (invariant culture).</param>
    /// <exception cref="ArgumentException">No header, or a row of the wrong length (the message gives the row).</exception>
    public ReportSection Table(
        IReadOnlyList<string> headers,
        IEnumerable<IReadOnlyList<object?>> rows,
        string? caption = null,
        string numberFormat = ReportCell.DefaultNumberFormat)
    {
        ArgumentNullException.ThrowIfNull(headers);
        ArgumentNullException.ThrowIfNull(rows);
        if (headers.Count == 0) throw new ArgumentException("A table needs at least one column.", nameof(headers));
        ReportCell.CheckFormat(numberFormat);
        var headerCopy = headers.ToArray();
        var formatted = new List<ReportCell[]>();
        int index = 0;
        foreach (var row in rows)
        {
            if (row is null || row.Count != headerCopy.Length)
                throw new ArgumentException(
                    $"Row {index} has {row?.Count ?? 0} cells but the table has {headerCopy.Length} columns.", nameof(rows));
            formatted.Add(row.Select(value => ReportCell.Format(value, numberFormat)).ToArray());
            index++;
        }
        return Add(html =>
        {
            html.Append("<div class=\"table-wrap\"><table>\n");
            if (caption is not null) html.Append("<caption>").Append(HtmlText.Escape(caption)).Append("</caption>\n");
            html.Append("<thead><tr>");
            foreach (string header in headerCopy) html.Append("<th scope=\"col\">").Append(HtmlText.Escape(header)).Append("</th>");
            html.Append("</tr></thead>\n<tbody>\n");
            foreach (var row in formatted)
            {
                html.Append("<tr>");
                foreach (var cell in row)
                    html.Append("<td").Append(cell.CssClass is null ? "" : $" class=\"{cell.CssClass}\"").Append('>')
                        .Append(HtmlText.Escape(cell.Text)).Append("</td>");
                html.Append("</tr>\n");
            }
            html.Append("</tbody></table></div>\n");
        });
    }

    /// <summary>Adds a chart, rendered when the report is written.</summary>
    /// <param name="chart">The chart.</param>
    /// <param name="caption">Caption under the chart, also its accessible label; null for none.</param>
    /// <param name="format">Inline SVG (default) or base64 PNG.</param>
    public ReportSection Plot(Chart chart, string? caption = null, PlotFormat format = PlotFormat.Svg)
    {
        ArgumentNullException.ThrowIfNull(chart);
        if (!Enum.IsDefined(format)) throw new ArgumentOutOfRangeException(nameof(format), format, "Unknown plot format.");
        int number = ++_plots;
        return Add(html =>
        {
            string label = caption ?? Heading;
            html.Append("<figure>\n");
            if (format == PlotFormat.Svg)
            {
                string prefix = string.Create(CultureInfo.InvariantCulture, $"{Id}-plot{number}-");
                html.Append(SvgMarkup.Inline(chart.ToSvg(), prefix, chart.Width, chart.Height, label));
            }
            else
            {
                html.Append(CultureInfo.InvariantCulture, $"<img width=\"{chart.Width}\" height=\"{chart.Height}\" alt=\"")
                    .Append(HtmlText.Escape(label)).Append("\" src=\"").Append(chart.ToPngDataUri()).Append("\">");
            }
            if (caption is not null) html.Append("\n<figcaption>").Append(HtmlText.Escape(caption)).Append("</figcaption>");
            html.Append("\n</figure>\n");
        });
    }

    internal void Write(StringBuilder html)
    {
        html.Append("<section id=\"").Append(Id).Append("\">\n<h2>").Append(HtmlText.Escape(Heading)).Append("</h2>\n");
        foreach (var block in _blocks) block(html);
        html.Append("</section>\n");
    }

    private ReportSection Add(Action<StringBuilder> block)
    {
        _blocks.Add(block);
        return this;
    }
}
