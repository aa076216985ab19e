using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;

namespace Clv.Probabilistic.Tests.Reporting;

/// <summary>Reads the tables and key-value lists of one section of a written report back from its HTML.</summary>
internal static partial class ReportTables
{
    /// <summary>The HTML of the section headed <paramref name="heading"/>; fails when there is none.</summary>
    public static string Section(string html, string heading)
    {
        var match = Regex.Match(html, "<section id=\"[^\"]*\">\n<h2>" + Regex.Escape(Escape(heading)) + "</h2>(.*?)</section>", RegexOptions.Singleline);
        Assert.True(match.Success, $"no section '{heading}'");
        return match.Groups[1].Value;
    }

    /// <summary>The body rows of the first table in <paramref name="sectionHtml"/> after <paramref name="skipTables"/> tables, cell texts decoded.</summary>
    public static List<string[]> Rows(string sectionHtml, int skipTables = 0)
    {
        var tables = Regex.Matches(sectionHtml, "<tbody>(.*?)</tbody>", RegexOptions.Singleline);
        Assert.True(tables.Count > skipTables, $"fewer than {skipTables + 1} tables");
        return Row().Matches(tables[skipTables].Groups[1].Value)
            .Select(r => Cell().Matches(r.Groups[1].Value).Select(c => WebUtility.HtmlDecode(c.Groups[1].Value)).ToArray())
            .ToList();
    }

    /// <summary>The value shown for <paramref name="key"/> in a key-value list of <paramref name="sectionHtml"/>.</summary>
    public static string Value(string sectionHtml, string key)
    {
        var match = Regex.Match(sectionHtml, "<dt>" + Regex.Escape(Escape(key)) + "</dt><dd[^>]*>(.*?)</dd>", RegexOptions.Singleline);
        Assert.True(match.Success, $"no value '{key}'");
        return WebUtility.HtmlDecode(match.Groups[1].Value);
    }

    private static string Escape(string text) => text.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;");

    public static string F(double value, string format) => value.ToString(format, CultureInfo.InvariantCulture);

    [GeneratedRegex("<tr>(.*?)</tr>", RegexOptions.Singleline)]
    private static partial Regex Row();

    [GeneratedRegex("<td[^>]*>(.*?)</td>", RegexOptions.Singleline)]
    private static partial Regex Cell();
}
