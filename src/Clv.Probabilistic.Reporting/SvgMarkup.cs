using System.Globalization;
using System.Text.RegularExpressions;

namespace Clv.Probabilistic.Reporting;

/// <summary>Rewrites of ScottPlot's SVG: stable ids, and inlining into an HTML page.</summary>
internal static partial class SvgMarkup
{
    /// <summary>
    /// Renames every id to <paramref name="prefix"/>1, <paramref name="prefix"/>2, … in order of appearance, and every
    /// reference (<c>url(#…)</c>, <c>href="#…"</c>) with it. ScottPlot draws ids (its clip paths) from a counter shared
    /// by the whole process, so without this the same plot would give different SVG text on each rendering.
    /// </summary>
    public static string RenumberIds(string svg, string prefix)
    {
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (Match tag in Tag().Matches(svg))
            foreach (Match id in Id().Matches(tag.Value))
                names.TryAdd(id.Groups[2].Value, prefix + (names.Count + 1).ToString(CultureInfo.InvariantCulture));
        if (names.Count == 0) return svg;
        return Tag().Replace(svg, tag =>
        {
            string renamed = Id().Replace(tag.Value, m => m.Groups[1].Value + names[m.Groups[2].Value] + "\"");
            return Reference().Replace(renamed, m =>
                names.TryGetValue(m.Groups[2].Value, out var name) ? m.Groups[1].Value + name + m.Groups[3].Value : m.Value);
        });
    }

    /// <summary>
    /// Asks viewers to scale embedded bitmaps (heat-map cells, colour bars) without smoothing, so each cell stays a
    /// sharp block of one colour as it is in the PNG rendering.
    /// </summary>
    public static string CrispImages(string svg) =>
        svg.Replace("<image ", "<image style=\"image-rendering:pixelated\" ", StringComparison.Ordinal);

    /// <summary>
    /// Drops the XML declaration and the namespace declarations (HTML parsing supplies both namespaces), adds a viewBox
    /// so the drawing scales with the page and an accessible label, and gives the ids <paramref name="idPrefix"/>: in
    /// one HTML page a repeated id would make a later plot clip with an earlier plot's path.
    /// </summary>
    public static string Inline(string svg, string idPrefix, int width, int height, string label)
    {
        int start = svg.IndexOf("<svg", StringComparison.Ordinal);
        if (start < 0) throw new ArgumentException("The text holds no <svg> element.", nameof(svg));
        string body = RenumberIds(svg[start..].Trim(), idPrefix);
        body = Namespace().Replace(body, string.Empty);
        string opening = string.Create(CultureInfo.InvariantCulture,
            $"<svg viewBox=\"0 0 {width} {height}\" role=\"img\" aria-label=\"{Html.HtmlText.Escape(label)}\"");
        return opening + body["<svg".Length..];
    }

    [GeneratedRegex("<[^>]+>")]
    private static partial Regex Tag();

    [GeneratedRegex("(\\sid=\")([^\"]*)\"")]
    private static partial Regex Id();

    [GeneratedRegex("""(url\(#|href="#)([^)"]*)([)"])""")]
    private static partial Regex Reference();

    [GeneratedRegex("""\sxmlns(:\w+)?="[^"]*"(?=[^<]*>)""")]
    private static partial Regex Namespace();
}
