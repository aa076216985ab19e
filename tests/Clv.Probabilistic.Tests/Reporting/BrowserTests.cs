using System.Text.RegularExpressions;

namespace Clv.Probabilistic.Tests.Reporting;

/// <summary>The written report opened in headless Chromium, as a reader would.</summary>
public sealed class BrowserTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("clv-browser-").FullName;

    [BrowserFact]
    public void Report_loads_in_chromium_without_console_messages_with_plots_in_the_dom_and_a_non_blank_screenshot()
    {
        string path = Path.Combine(_directory, "report.html");
        SampleReport.Build().Save(path);

        var (png, run) = HeadlessChromium.Load(path);

        Assert.True(run.ConsoleMessages.Length == 0, "Console messages: " + string.Join("\n", run.ConsoleMessages));
        string dom = run.StandardOutput;
        Assert.Contains("<h1>BG/NBD fit &lt;b&gt;CDNOW&lt;/b&gt; &amp; co</h1>", dom);
        Assert.Equal(3, Regex.Matches(dom, "<svg ").Count);
        Assert.Single(Regex.Matches(dom, "<img [^>]*src=\"data:image/png;base64,"));
        Assert.Contains("&lt;script&gt;alert('x')&lt;/script&gt;", dom);
        Assert.DoesNotContain("<script", dom, StringComparison.OrdinalIgnoreCase);
        var (width, height, _) = ImageChecks.Measure(png);
        Assert.Equal((1200, 2000), (width, height));
        ImageChecks.AssertNotBlank(png, "report screenshot");
    }

    [BrowserFact]
    public void Console_check_catches_a_page_that_logs_errors()
    {
        // Negative control: without it the test above could pass because no message is ever captured.
        string path = Path.Combine(_directory, "broken.html");
        File.WriteAllText(path,
            "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>broken</title></head><body><p>x</p>" +
            "<script>console.error('deliberate failure'); notDefined();</script></body></html>");

        var (_, run) = HeadlessChromium.Load(path);

        Assert.Contains(run.ConsoleMessages, line => line.Contains("deliberate failure", StringComparison.Ordinal));
        Assert.Contains(run.ConsoleMessages, line => line.Contains("notDefined", StringComparison.Ordinal));
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
