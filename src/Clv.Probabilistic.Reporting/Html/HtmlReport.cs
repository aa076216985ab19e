using System.Text;
using Clv.Probabilistic.Persistence;

namespace Clv.Probabilistic.Reporting.Html;

/// <summary>
/// A self-contained HTML report: one file with its styles and plots inline and no reference to any network resource,
/// so it opens offline, can be mailed or archived as is, and prints cleanly. A content security policy in the page
/// forbids the browser to load anything but inline styles and data-URI images.
/// </summary>
/// <example>
/// <code>
/// var report = new HtmlReport("BG/NBD fit: CDNOW");
/// report.AddSection("Parameters")
///       .KeyValues([new("r", 0.243), new("alpha", 4.414)])
///       .Plot(TrackingPlot.Create(weeks, actual, predicted, TrackingView.Cumulative, calibrationEnd: 39));
/// report.Save("report.html");
/// </code>
/// </example>
public sealed class HtmlReport
{
    private readonly List<ReportSection> _sections = [];

    /// <summary>Creates an empty report.</summary>
    /// <param name="title">Title of the page and its top heading.</param>
    /// <param name="subtitle">Line under the title (data set, date, model); null for none.</param>
    public HtmlReport(string title, string? subtitle = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(title);
        Title = title;
        Subtitle = subtitle;
    }

    /// <summary>Title of the page and its top heading.</summary>
    public string Title { get; }

    /// <summary>Line under the title, if any.</summary>
    public string? Subtitle { get; }

    /// <summary>The sections in order.</summary>
    public IReadOnlyList<ReportSection> Sections => _sections;

    /// <summary>Appends a section and returns it, to be filled with blocks.</summary>
    public ReportSection AddSection(string heading)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(heading);
        var section = new ReportSection(heading, $"section-{_sections.Count + 1}");
        _sections.Add(section);
        return section;
    }

    /// <summary>Renders the whole report as one HTML document.</summary>
    public string ToHtml()
    {
        var html = new StringBuilder(64 * 1024);
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">\n")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .Append("<title>").Append(HtmlText.Escape(Title)).Append("</title>\n<style>\n").Append(ReportStyle.Css)
            .Append("</style>\n</head>\n<body>\n<main>\n<header>\n<h1>").Append(HtmlText.Escape(Title)).Append("</h1>\n");
        if (Subtitle is not null) html.Append("<p class=\"subtitle\">").Append(HtmlText.Escape(Subtitle)).Append("</p>\n");
        html.Append("</header>\n");
        if (_sections.Count > 1)
        {
            html.Append("<nav aria-label=\"Contents\"><ol>\n");
            foreach (var section in _sections)
                html.Append("<li><a href=\"#").Append(section.Id).Append("\">").Append(HtmlText.Escape(section.Heading)).Append("</a></li>\n");
            html.Append("</ol></nav>\n");
        }
        foreach (var section in _sections) section.Write(html);
        html.Append("</main>\n</body>\n</html>\n");
        return html.ToString();
    }

    /// <summary>Writes the report to <paramref name="path"/> as UTF-8, replacing any file there.</summary>
    public void Save(string path) => AtomicFile.WriteAllText(path, ToHtml());
}
