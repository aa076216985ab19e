namespace Clv.Probabilistic.Tests.Notebooks;

/// <summary>
/// A test that runs notebooks in the real .NET Interactive kernel through <c>dotnet-repl</c>, a local tool of the
/// repository (<c>.config/dotnet-tools.json</c>). On a developer machine where the tools are not restored it is skipped
/// with the command that restores them; under CI (<c>CI=true</c>, where <c>.ci/run</c> restores them) it always runs,
/// so a missing tool there fails the test instead of passing silently.
/// </summary>
public sealed class KernelTheoryAttribute : TheoryAttribute
{
    public KernelTheoryAttribute()
    {
        bool onCi = string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);
        if (!onCi && !NotebookKernel.IsRestored())
            Skip = "The .NET Interactive tools are not restored: run `dotnet tool restore` in the repository (CI does it and runs this test).";
    }
}
