namespace Clv.Probabilistic.Tests.Notebooks;

/// <summary>The build step of <c>notebooks/README.md</c> done once, and the kernel's NuGet folder made ready, for the kernel tests.</summary>
public sealed class PackedNotebookLibrary
{
    public PackedNotebookLibrary()
    {
        NotebookKernel.Build();
        PackageFolder = NotebookKernel.PackageFolder();
    }

    public string PackageFolder { get; }
}

/// <summary>
/// Runs every notebook under <c>notebooks/</c> top to bottom in the real .NET Interactive kernel, as a user does after the
/// build step of <c>notebooks/README.md</c>, and fails on any cell that shows an error. The values the notebooks show are
/// checked by <see cref="NotebookTests"/>; this test checks that they run where users open them (packages, their
/// dependencies, the kernel's directives and formatters).
/// </summary>
public class NotebookKernelTests(PackedNotebookLibrary library) : IClassFixture<PackedNotebookLibrary>
{
    [KernelTheory]
    [MemberData(nameof(NotebookTests.Notebooks), MemberType = typeof(NotebookTests))]
    public void NotebookRunsInTheKernel(string notebook)
    {
        var (exit, log, errors) = NotebookKernel.Execute(notebook, library.PackageFolder, NotebookTests.FastSettings);
        Assert.True(errors.Count == 0, $"{notebook}: " + string.Join("\n", errors.Select(e => $"cell {e.Cell} ({e.Source}): {e.Message}")));
        Assert.True(exit == 0, $"{notebook}: dotnet-repl exited with {exit}:\n{log}");
    }
}

public class NotebookKernelHelperTests
{
    [Fact]
    public void BuildStepIsTheFirstLineOfTheFirstShBlock()
    {
        const string readme = "# x\n\n```text\nnot this\n```\n\n```sh\ndotnet pack a.slnf -o p\ndotnet tool restore\n```\n\n```sh\nother\n```\n";
        Assert.Equal("dotnet pack a.slnf -o p", NotebookKernel.BuildStep(readme));
        Assert.Throws<InvalidOperationException>(() => NotebookKernel.BuildStep("no block"));
    }

    [Fact]
    public void ErrorsNameTheirCell()
    {
        const string json = """
            {"cells":[
              {"cell_type":"markdown","source":["# t"]},
              {"cell_type":"code","source":["var x = 1;"],"outputs":[{"output_type":"display_data","data":{}}]},
              {"cell_type":"code","source":["boom()"],"outputs":[{"output_type":"error","ename":"Error","evalue":"CS0103: boom","traceback":[]}]}
            ]}
            """;
        var error = Assert.Single(NotebookKernel.Errors(json));
        Assert.Equal(3, error.Cell);
        Assert.Equal("boom()", error.Source);
        Assert.Contains("CS0103", error.Message);
    }

    [Fact]
    public void TheNotebookReadmeBuildStepPacksTheNotebookPackages()
    {
        string readme = File.ReadAllText(Path.Combine(NotebookTests.RepositoryRoot(), "notebooks", "README.md"));
        string step = NotebookKernel.BuildStep(readme);
        Assert.StartsWith("dotnet pack ", step);
        Assert.Contains("-o notebooks/packages", step);
    }
}
