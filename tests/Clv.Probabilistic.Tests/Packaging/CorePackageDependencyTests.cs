using System.Text.Json;
using Clv.Probabilistic.Tests.Notebooks;

namespace Clv.Probabilistic.Tests.Packaging;

/// <summary>
/// The core package stays free of plotting, command-line and machine-learning dependencies: a user who only fits and
/// scores models installs MathNet.Numerics and System.Numerics.Tensors, nothing else (docs/packaging.md).
/// </summary>
public class CorePackageDependencyTests
{
    private static readonly string[] Allowed = ["MathNet.Numerics", "System.Numerics.Tensors"];

    private static readonly string[] Forbidden =
        ["ScottPlot", "SkiaSharp", "HarfBuzzSharp", "Microsoft.ML", "Spectre.Console", "System.CommandLine", "DuckDB", "Deedle",
         "Microsoft.Data.Analysis", "Microsoft.DotNet.Interactive"];

    private static JsonDocument Assets() => JsonDocument.Parse(File.ReadAllText(
        Path.Combine(NotebookTests.RepositoryRoot(), "src", "Clv.Probabilistic", "obj", "project.assets.json")));

    /// <summary>The package's dependencies are the project's package references that flow to consumers (those whose
    /// assets are not all private), as restore recorded them: exactly what <c>dotnet pack</c> writes into the nuspec.</summary>
    [Fact]
    public void DirectDependenciesAreTheNumericsPackagesOnly()
    {
        using var assets = Assets();
        var dependencies = assets.RootElement.GetProperty("project").GetProperty("frameworks").GetProperty("net10.0").GetProperty("dependencies");
        var flowing = dependencies.EnumerateObject()
            .Where(d => !(d.Value.TryGetProperty("suppressParent", out var suppress) && suppress.GetString() == "All"))
            .Select(d => d.Name).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(Allowed, flowing);
    }

    [Fact]
    public void NoPackageInTheClosureIsAPlottingOrToolDependency()
    {
        using var assets = Assets();
        var packages = assets.RootElement.GetProperty("targets").GetProperty("net10.0").EnumerateObject().Select(p => p.Name.Split('/')[0]).ToList();
        Assert.Contains("MathNet.Numerics", packages);
        foreach (var package in packages)
            Assert.DoesNotContain(Forbidden, prefix => package.StartsWith(prefix, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void TheCoreAssemblyReferencesNoPlottingOrToolAssembly()
    {
        var references = typeof(Clv.Probabilistic.Data.TimeUnit).Assembly.GetReferencedAssemblies().Select(a => a.Name!).ToList();
        Assert.Contains("MathNet.Numerics", references);
        foreach (var reference in references)
            Assert.DoesNotContain(Forbidden, prefix => reference.StartsWith(prefix, StringComparison.OrdinalIgnoreCase));
    }
}
