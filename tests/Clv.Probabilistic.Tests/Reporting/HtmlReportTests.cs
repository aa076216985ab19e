using System.Text.RegularExpressions;
using Clv.Probabilistic.Reporting.Html;

namespace Clv.Probabilistic.Tests.Reporting;

public sealed class HtmlReportTests
{
    private static readonly Lazy<string> Html = new(() => SampleReport.Build().ToHtml());

    [Fact]
    public void Text_is_escaped_everywhere()
    {
        string html = Html.Value;
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<b>", html);
        Assert.Contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;", html);
        Assert.Contains("<title>BG/NBD fit &lt;b&gt;CDNOW&lt;/b&gt; &amp; co</title>", html);
        Assert.Contains("&quot;quoted&quot; &amp; &#39;single&#39;", html);
        Assert.Contains("short: &lt;12 weeks.", html);
    }

    [Fact]
    public void Escaping_covers_markup_quotes_and_control_characters()
    {
        Assert.Equal("&lt;a href=&quot;x&quot;&gt;&amp;&#39;", HtmlText.Escape("<a href=\"x\">&'"));
        Assert.Equal("a\uFFFDb\tc\n", HtmlText.Escape("a\0b\tc\n"));
        Assert.Equal("", HtmlText.Escape(null));
    }

    [Fact]
    public void Report_references_no_network_resource()
    {
        string html = Html.Value;
        Assert.DoesNotContain("http://", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("https://", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("//", Regex.Replace(html, "data:[^\"]*", ""));
        foreach (Match m in Regex.Matches(html, "\\s(?:src|href|xlink:href)=\"([^\"]*)\""))
            Assert.True(m.Groups[1].Value.StartsWith("data:", StringComparison.Ordinal) || m.Groups[1].Value.StartsWith('#'),
                $"Reference to '{m.Groups[1].Value}'.");
        foreach (Match m in Regex.Matches(html, "url\\(([^)]*)\\)"))
            Assert.StartsWith("#", m.Groups[1].Value);
        Assert.DoesNotContain("@import", html);
        Assert.Contains("Content-Security-Policy\" content=\"default-src 'none'", html);
    }

    [Fact]
    public void Ids_are_unique_and_every_reference_resolves()
    {
        string html = Html.Value;
        var ids = Regex.Matches(html, "\\sid=\"([^\"]+)\"").Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.Contains("section-3-plot2-1", ids);
        var references = Regex.Matches(html, "(?:url\\(#|href=\"#)([^)\"]+)").Select(m => m.Groups[1].Value).ToList();
        Assert.NotEmpty(references);
        Assert.All(references, reference => Assert.Contains(reference, ids));
    }

    [Fact]
    public void Plots_are_inline_svg_or_base64_png()
    {
        string html = Html.Value;
        Assert.Equal(3, Regex.Matches(html, "<svg viewBox=\"0 0 800 500\" role=\"img\"").Count);
        Assert.DoesNotContain("<?xml", html);
        Assert.DoesNotContain("xmlns", html);
        var png = Regex.Match(html, "<img width=\"800\" height=\"500\" alt=\"Trace of r \\(PNG\\)\" src=\"data:image/png;base64,([^\"]+)\">");
        Assert.True(png.Success, "No base64 PNG image.");
        ImageChecks.AssertNotBlank(Convert.FromBase64String(png.Groups[1].Value), "embedded PNG");
        Assert.Contains("<figcaption>P(alive) by frequency and recency</figcaption>", html);
    }

    [Fact]
    public void Numbers_are_formatted_and_non_finite_values_flagged()
    {
        string html = Html.Value;
        Assert.Contains("<td class=\"num\">1,234,567</td>", html);
        Assert.Contains("<td class=\"num\">30.430</td>", html);
        Assert.Contains("<td class=\"num nonfinite\">∞</td>", html);
        Assert.Contains("<dt>r</dt><dd class=\"num\">0.242594</dd>", html);
        Assert.Contains("<dt>customers</dt><dd class=\"num\">2,357</dd>", html);
        Assert.Contains("<dd class=\"num nonfinite\">NaN</dd>", html);
        Assert.Contains("<td>c-1</td>", html);
    }

    [Fact]
    public void Structure_has_contents_sections_and_print_styles()
    {
        string html = Html.Value;
        Assert.StartsWith("<!DOCTYPE html>", html);
        Assert.Contains("<nav aria-label=\"Contents\">", html);
        Assert.Contains("<li><a href=\"#section-4\">Holdout</a></li>", html);
        Assert.Contains("<section id=\"section-2\">\n<h2>Customers</h2>", html);
        Assert.Contains("<div class=\"warning\" role=\"note\">", html);
        Assert.Contains("<caption>Highest-value customers</caption>", html);
        Assert.Contains("@media print", html);
        Assert.EndsWith("</html>\n", html);
    }

    [Fact]
    public void Same_report_gives_the_same_html_and_save_writes_it()
    {
        string path = Path.Combine(Path.GetTempPath(), $"clv-report-{Guid.NewGuid():N}.html");
        try
        {
            var report = SampleReport.Build();
            report.Save(path);
            Assert.Equal(Html.Value, File.ReadAllText(path));
            Assert.Equal(Html.Value, report.ToHtml());
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Bad_tables_and_formats_are_rejected_naming_the_argument()
    {
        var section = new HtmlReport("t").AddSection("s");
        var e = Assert.Throws<ArgumentException>(() => section.Table(["a", "b"], [["1", "2"], ["only one"]]));
        Assert.Equal("rows", e.ParamName);
        Assert.Contains("Row 1 has 1 cells", e.Message);
        Assert.Equal("headers", Assert.Throws<ArgumentException>(() => section.Table([], [])).ParamName);
        Assert.Equal("numberFormat", Assert.Throws<ArgumentException>(() => section.Table(["a"], [[1.0]], numberFormat: "X4")).ParamName);
        Assert.Throws<ArgumentException>(() => new HtmlReport(" "));
    }
}
