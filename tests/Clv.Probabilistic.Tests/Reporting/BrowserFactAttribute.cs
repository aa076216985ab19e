namespace Clv.Probabilistic.Tests.Reporting;

/// <summary>
/// A test that needs headless Chromium. On a developer machine without the browser it is skipped with a message
/// saying how to install it; under CI (<c>CI=true</c>, where <c>.ci/run</c> installs Chromium) it always runs, so a
/// missing browser there fails the test instead of passing silently.
/// </summary>
public sealed class BrowserFactAttribute : FactAttribute
{
    public BrowserFactAttribute()
    {
        bool onCi = string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);
        if (!onCi && !HeadlessChromium.IsInstalled())
            Skip = "Chromium is not installed: apt-get update && apt-get install -y chromium (CI installs it and runs this test).";
    }
}
