using System.Text.RegularExpressions;

namespace Clv.Probabilistic.Tests.Reporting;

/// <summary>The CDNOW customer-base report opened in headless Chromium.</summary>
public sealed class CustomerBaseReportBrowserTests(CustomerBaseReportFixture cdnow) : IClassFixture<CustomerBaseReportFixture>, IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("clv-cbr-browser-").FullName;

    [BrowserFact]
    public void Cdnow_report_loads_without_console_messages_and_renders_a_non_blank_page()
    {
        string path = Path.Combine(_directory, "cdnow.html");
        cdnow.Report.Write(path);

        var (png, run) = HeadlessChromium.Load(path);

        Assert.True(run.ConsoleMessages.Length == 0, "Console messages: " + string.Join("\n", run.ConsoleMessages));
        Assert.Equal(7, Regex.Matches(run.StandardOutput, "<svg ").Count);
        Assert.Contains("Holdout evaluation", run.StandardOutput);
        ImageChecks.AssertNotBlank(png, "CDNOW report screenshot");
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
