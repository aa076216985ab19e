using System.Diagnostics;

namespace Clv.Probabilistic.Tests.Reporting;

/// <summary>
/// Runs Debian's <c>chromium</c> headless on a local file, with a fresh profile, no network services and a time limit.
/// A missing browser fails the test: CI installs it (<c>apt-get install -y chromium</c>).
/// </summary>
internal static class HeadlessChromium
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(90);

    /// <summary>What one run printed: standard output, and the page's console messages from the log.</summary>
    public sealed record Result(string StandardOutput, string[] ConsoleMessages);

    /// <summary>Whether a chromium executable is on the PATH or at /usr/bin/chromium.</summary>
    public static bool IsInstalled() => Find() is not null;

    private static string? Find() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, "chromium"))
            .Append("/usr/bin/chromium")
            .FirstOrDefault(File.Exists);

    /// <summary>Path of the browser, or a failed assertion saying how to install it.</summary>
    public static string Executable()
    {
        return Find()
            ?? throw new Xunit.Sdk.XunitException(
                "Chromium is not installed, so the report cannot be checked in a browser. " +
                "Install it with: apt-get update && apt-get install -y chromium (CI installs it).");
    }

    /// <summary>
    /// Loads <paramref name="htmlPath"/> in a 1200 by 2000 window: returns the screenshot, the serialised DOM after
    /// loading (as standard output) and the console messages.
    /// </summary>
    public static (byte[] Screenshot, Result Run) Load(string htmlPath)
    {
        string shot = Path.Combine(Path.GetDirectoryName(htmlPath)!, Path.GetFileNameWithoutExtension(htmlPath) + "-screenshot.png");
        var run = Run(htmlPath, $"--screenshot={shot}", "--window-size=1200,2000", "--dump-dom");
        if (!File.Exists(shot)) throw new Xunit.Sdk.XunitException($"Chromium wrote no screenshot. Output: {run.StandardOutput}");
        return (File.ReadAllBytes(shot), run);
    }

    private static Result Run(string htmlPath, params string[] arguments)
    {
        string profile = Directory.CreateTempSubdirectory("clv-chromium-profile-").FullName;
        try
        {
            var start = new ProcessStartInfo(Executable())
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (string argument in (string[])
                     ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                      "--disable-component-update", "--disable-sync", $"--user-data-dir={profile}",
                      "--enable-logging=stderr", "--v=0", .. arguments, new Uri(Path.GetFullPath(htmlPath)).AbsoluteUri])
                start.ArgumentList.Add(argument);

            using var process = Process.Start(start) ?? throw new InvalidOperationException("Chromium did not start.");
            var output = process.StandardOutput.ReadToEndAsync();
            var log = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(Limit))
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit();
                throw new Xunit.Sdk.XunitException($"Chromium did not finish within {Limit.TotalSeconds} s on {htmlPath}.");
            }
            process.WaitForExit();
            var console = log.Result.Split('\n').Where(line => line.Contains(":CONSOLE", StringComparison.Ordinal)).ToArray();
            return new Result(output.Result, console);
        }
        finally
        {
            Directory.Delete(profile, recursive: true);
        }
    }
}
