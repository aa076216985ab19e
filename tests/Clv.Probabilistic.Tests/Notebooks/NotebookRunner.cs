using System.Reflection;
using System.Text.Json;
using Microsoft.CodeAnalysis.CSharp.Scripting;
using Microsoft.CodeAnalysis.Scripting;

namespace Clv.Probabilistic.Tests.Notebooks;

/// <summary>What a notebook cell may call, as in .NET Interactive: <c>display(value)</c>.</summary>
public sealed class NotebookGlobals
{
    public List<object?> Displayed { get; } = [];

    // Named as in .NET Interactive so notebooks run unchanged there and here.
#pragma warning disable IDE1006
    public object? display(object? value)
#pragma warning restore IDE1006
    {
        Displayed.Add(value);
        return value;
    }
}

/// <summary>One code cell of a notebook.</summary>
public sealed record NotebookCell(int Index, string Language, string Source);

/// <summary>
/// Executes every C# code cell of a Polyglot (.ipynb) notebook in order with shared state, through Roslyn scripting,
/// so that notebooks are tested like code. <c>#r</c> lines naming the project's own assemblies or its packages are
/// served from the assemblies the tests already load; any other <c>#r</c> fails the run. A cell that starts with
/// <see cref="KernelSetupMarker"/> only tells the real kernel where the packages are: it is not run here
/// (<see cref="NotebookKernel"/> runs it).
/// </summary>
public static class NotebookRunner
{
    /// <summary>The first words of a cell that sets up the .NET Interactive kernel and is not run through Roslyn.</summary>
    public const string KernelSetupMarker = "// Kernel setup:";

    public static IReadOnlyList<NotebookCell> ReadCodeCells(string json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        var kernel = root.GetProperty("metadata").GetProperty("kernelspec").GetProperty("name").GetString();
        if (kernel != ".net-csharp") throw new InvalidOperationException($"kernelspec is '{kernel}', expected '.net-csharp'.");
        var cells = new List<NotebookCell>();
        int index = 0;
        foreach (var cell in root.GetProperty("cells").EnumerateArray())
        {
            index++;
            if (cell.GetProperty("cell_type").GetString() != "code") continue;
            string language = "csharp";
            if (cell.TryGetProperty("metadata", out var meta) && meta.TryGetProperty("polyglot_notebook", out var pn)
                && pn.TryGetProperty("kernelName", out var kn))
                language = kn.GetString() ?? "csharp";
            var source = cell.GetProperty("source");
            string text = source.ValueKind == JsonValueKind.Array
                ? string.Concat(source.EnumerateArray().Select(s => s.GetString()))
                : source.GetString() ?? "";
            cells.Add(new NotebookCell(index, language, text));
        }
        return cells;
    }

    /// <summary>Runs the cells; throws naming the cell on the first failure.</summary>
    public static async Task<NotebookGlobals> RunAsync(string json, IEnumerable<Assembly> references, string workingDirectory)
    {
        var cells = ReadCodeCells(json);
        var known = references.ToDictionary(a => a.GetName().Name!, StringComparer.OrdinalIgnoreCase);
        var options = ScriptOptions.Default
            .WithReferences(known.Values)
            .WithImports("System", "System.Linq", "System.Collections.Generic", "System.IO")
            .WithFilePath(Path.Combine(workingDirectory, "notebook.csx"));
        var globals = new NotebookGlobals();
        ScriptState<object>? state = null;
        var previous = Environment.CurrentDirectory;
        Environment.CurrentDirectory = workingDirectory;
        try
        {
            foreach (var cell in cells)
            {
                if (cell.Source.StartsWith(KernelSetupMarker, StringComparison.Ordinal)) continue;
                if (cell.Language != "csharp") throw new InvalidOperationException($"Cell {cell.Index}: kernel '{cell.Language}' is not run by the tests.");
                string code = StripReferences(cell, known);
                try
                {
                    state = state is null
                        ? await CSharpScript.RunAsync(code, options, globals, typeof(NotebookGlobals))
                        : await state.ContinueWithAsync(code, options);
                }
                catch (CompilationErrorException e)
                {
                    throw new InvalidOperationException($"Cell {cell.Index} does not compile: {string.Join("; ", e.Diagnostics)}", e);
                }
                catch (Exception e)
                {
                    throw new InvalidOperationException($"Cell {cell.Index} threw {e.GetType().Name}: {e.Message}", e);
                }
                if (state.ReturnValue is not null) globals.Displayed.Add(state.ReturnValue);
            }
        }
        finally
        {
            Environment.CurrentDirectory = previous;
        }
        return globals;
    }

    private static string StripReferences(NotebookCell cell, IReadOnlyDictionary<string, Assembly> known)
    {
        var lines = cell.Source.Split('\n');
        for (int i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (!line.StartsWith("#r ", StringComparison.Ordinal)) continue;
            var target = line[3..].Trim().Trim('"');
            string name = target.StartsWith("nuget:", StringComparison.OrdinalIgnoreCase)
                ? target["nuget:".Length..].Split(',')[0].Trim()
                : Path.GetFileNameWithoutExtension(target);
            if (!known.ContainsKey(name))
                throw new InvalidOperationException($"Cell {cell.Index}: '#r {target}' names an assembly the test runner does not provide.");
            lines[i] = "";
        }
        return string.Join('\n', lines);
    }
}
