using System.Globalization;
using System.Text.RegularExpressions;

namespace Clv.Probabilistic.Reporting.Html;

/// <summary>Turns a standalone SVG document into an element that can sit inside an HTML page beside others.</summary>
internal static partial class SvgInliner
{
    /// <summary>
    /// Drops the XML declaration and the namespace declarations (HTML parsing supplies both namespaces), adds a viewBox
    /// so the drawing scales with the page, and prefixes every id and every reference to one with
    /// <paramref name="idPrefix"/>: ScottPlot numbers its clip paths from the same start in every SVG, and in one HTML
    /// page a repeated id would make a later plot clip with an earlier plot's path.
    /// </summary>
    public static string Inline(string svg, string idPrefix, int width, int height, string label)
    {
        int start = svg.IndexOf("<svg", StringComparison.Ordinal);
        if (start < 0) throw new ArgumentException("The text holds no <svg> element.", nameof(svg));
        string body = svg[start..].Trim();
        body = Tag().Replace(body, tag => References().Replace(Ids().Replace(tag.Value, $"$1{idPrefix}"), $"$1{idPrefix}"));
        body = Namespaces().Replace(body, string.Empty);
        string attributes = string.Create(CultureInfo.InvariantCulture,
            $"<svg viewBox=\"0 0 {width} {height}\" role=\"img\" aria-label=\"{HtmlText.Escape(label)}\"");
        return attributes + body["<svg".Length..];
    }

    [GeneratedRegex("<[^>]+>")]
    private static partial Regex Tag();

    [GeneratedRegex("""(\sid=")""")]
    private static partial Regex Ids();

    [GeneratedRegex("""(url\(#|href="#)""")]
    private static partial Regex References();

    [GeneratedRegex("""\sxmlns(:\w+)?="[^"]*"(?=[^<]*>)""")]
    private static partial Regex Namespaces();
}
