namespace Clv.Probabilistic.Tests.Notebooks;

public class NotebookRunnerTests
{
    private static string Notebook(params string[] cells) =>
        "{\"cells\":[" + string.Join(",", cells.Select(c =>
            "{\"cell_type\":\"code\",\"metadata\":{\"polyglot_notebook\":{\"kernelName\":\"csharp\"}},\"outputs\":[],\"source\":"
            + System.Text.Json.JsonSerializer.Serialize(c) + "}"))
        + "],\"metadata\":{\"kernelspec\":{\"display_name\":\".NET (C#)\",\"language\":\"C#\",\"name\":\".net-csharp\"}},\"nbformat\":4,\"nbformat_minor\":5}";

    private static readonly System.Reflection.Assembly[] References = [typeof(Clv.Probabilistic.Data.TimeUnit).Assembly];

    [Fact]
    public async Task SharesStateBetweenCellsAndCapturesDisplay()
    {
        var result = await NotebookRunner.RunAsync(
            Notebook("#r \"../src/Clv.Probabilistic/bin/Release/net10.0/Clv.Probabilistic.dll\"\nvar unit = Clv.Probabilistic.Data.TimeUnit.Weeks;",
                     "display(unit.DaysPerUnit * 2);", "unit.Name"),
            References, Path.GetTempPath());
        Assert.Equal([14.0, "weeks"], result.Displayed);
    }

    [Fact]
    public async Task FailingCellIsNamed()
    {
        var e = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            NotebookRunner.RunAsync(Notebook("var x = 1;", "throw new Exception(\"boom\");"), References, Path.GetTempPath()));
        Assert.Contains("Cell 2", e.Message);
        Assert.Contains("boom", e.Message);
    }

    [Fact]
    public async Task UnknownReferenceFails()
    {
        var e = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            NotebookRunner.RunAsync(Notebook("#r \"nuget: Newtonsoft.Json\""), References, Path.GetTempPath()));
        Assert.Contains("Newtonsoft.Json", e.Message);
    }

    [Fact]
    public async Task CompileErrorIsNamed()
    {
        var e = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            NotebookRunner.RunAsync(Notebook("int x = \"text\";"), References, Path.GetTempPath()));
        Assert.Contains("Cell 1 does not compile", e.Message);
    }

    [Fact]
    public async Task KernelSetupCellIsNotRunHere()
    {
        var result = await NotebookRunner.RunAsync(
            Notebook(NotebookRunner.KernelSetupMarker + " packages\nawait Kernel.Root.SendAsync(null);", "display(1);"),
            References, Path.GetTempPath());
        Assert.Equal([1], result.Displayed);
    }
}
