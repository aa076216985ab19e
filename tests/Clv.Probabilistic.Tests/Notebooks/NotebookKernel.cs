using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Clv.Probabilistic.Tests.Notebooks;

/// <summary>An error output of a notebook cell run by the real kernel.</summary>
public sealed record CellError(int Cell, string Source, string Message);

/// <summary>
/// Runs notebooks as a user does: the build step of <c>notebooks/README.md</c> (the first line of its first <c>sh</c>
/// block), then <c>dotnet dotnet-repl --run X.ipynb --exit-after-run</c> from <c>notebooks/</c>, which executes every cell
/// in the .NET Interactive kernel and writes the notebook with its outputs.
/// </summary>
public static partial class NotebookKernel
{
    // Bounds, not expectations: on an idle 2-core machine the build step takes about 20 s and a notebook under a minute,
    // but with the whole suite running beside it on a loaded machine the build step once took over 5 minutes.
    private static readonly TimeSpan BuildTimeout = TimeSpan.FromMinutes(15);
    private static readonly TimeSpan RunTimeout = TimeSpan.FromMinutes(10);

    /// <summary>Whether the local tools of <c>.config/dotnet-tools.json</c> are in the NuGet folder (what <c>dotnet tool restore</c> does).</summary>
    public static bool IsRestored()
    {
        using var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(NotebookTests.RepositoryRoot(), ".config", "dotnet-tools.json")));
        string packages = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        return manifest.RootElement.GetProperty("tools").EnumerateObject().All(tool =>
            Directory.Exists(Path.Combine(packages, tool.Name.ToLowerInvariant(), tool.Value.GetProperty("version").GetString()!)));
    }

    /// <summary>The first line of the first <c>sh</c> code block of <c>notebooks/README.md</c>.</summary>
    public static string BuildStep(string readme)
    {
        var match = FirstShBlock().Match(readme);
        if (!match.Success) throw new InvalidOperationException("notebooks/README.md has no ```sh code block.");
        return match.Groups[1].Value.Trim();
    }

    [GeneratedRegex(@"^```sh\r?\n([^\r\n]+)", RegexOptions.Multiline)]
    private static partial Regex FirstShBlock();

    /// <summary>
    /// A NuGet folder for the kernel's restores, kept between runs under the test's output, without this repository's
    /// packages: NuGet keeps the first copy of a version it sees, so a folder that held an older build of
    /// Clv.Probabilistic 0.1.0 would hide the one just packed.
    /// </summary>
    public static string PackageFolder()
    {
        string folder = Path.Combine(AppContext.BaseDirectory, "notebook-nuget");
        Directory.CreateDirectory(folder);
        foreach (var stale in Directory.EnumerateDirectories(folder, "clv.probabilistic*")) Directory.Delete(stale, recursive: true);
        return folder;
    }

    /// <summary>Runs the build step from the repository root; throws with its output when it fails.</summary>
    public static void Build()
    {
        string root = NotebookTests.RepositoryRoot();
        string step = BuildStep(File.ReadAllText(Path.Combine(root, "notebooks", "README.md")));
        var (exit, output) = Run("bash", ["-c", step], root, new Dictionary<string, string>(), BuildTimeout);
        if (exit != 0) throw new InvalidOperationException($"The build step `{step}` exited with {exit}:\n{output}");
    }

    /// <summary>Runs one notebook in the kernel; returns dotnet-repl's exit code, its output and the errors the notebook shows.</summary>
    public static (int Exit, string Log, IReadOnlyList<CellError> Errors) Execute(string notebook, string packageFolder, IReadOnlyDictionary<string, string> settings)
    {
        string folder = Path.Combine(NotebookTests.RepositoryRoot(), "notebooks");
        string output = Path.Combine(Path.GetTempPath(), $"clv-notebook-{Guid.NewGuid():N}.ipynb");
        try
        {
            var environment = new Dictionary<string, string>(settings) { ["NUGET_PACKAGES"] = packageFolder };
            var (exit, log) = Run("dotnet", ["dotnet-repl", "--run", notebook, "--exit-after-run", "--output-format", "ipynb", "--output-path", output],
                folder, environment, RunTimeout);
            var errors = File.Exists(output) ? Errors(File.ReadAllText(output)) : [new CellError(0, "", "dotnet-repl wrote no notebook")];
            return (exit, log, errors);
        }
        finally
        {
            File.Delete(output);
        }
    }

    /// <summary>Every output of type <c>error</c> in a notebook, with its cell's number (1-based, all cells counted).</summary>
    public static IReadOnlyList<CellError> Errors(string json)
    {
        using var document = JsonDocument.Parse(json);
        var errors = new List<CellError>();
        int index = 0;
        foreach (var cell in document.RootElement.GetProperty("cells").EnumerateArray())
        {
            index++;
            if (!cell.TryGetProperty("outputs", out var outputs)) continue;
            foreach (var output in outputs.EnumerateArray())
            {
                if (output.GetProperty("output_type").GetString() != "error") continue;
                string source = string.Concat(cell.GetProperty("source").EnumerateArray().Select(s => s.GetString()));
                string message = output.TryGetProperty("evalue", out var value) ? value.GetString() ?? "" : "";
                errors.Add(new CellError(index, source.Length > 200 ? source[..200] + "…" : source, message));
            }
        }
        return errors;
    }

    private static (int Exit, string Output) Run(string file, string[] arguments, string directory, IReadOnlyDictionary<string, string> environment, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(file, arguments)
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };
        // No MSBuild or build-server processes left behind by the build step.
        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        start.Environment["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        foreach (var (name, value) in environment) start.Environment[name] = value;
        using var process = Process.Start(start)!;
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', arguments)} did not finish in {timeout.TotalMinutes} minutes.");
        }
        process.WaitForExit();
        return (process.ExitCode, stdout.Result + stderr.Result);
    }
}
