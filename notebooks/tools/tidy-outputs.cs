// Tidies notebooks that dotnet-repl has run (notebooks/run.sh calls it): drops dotnet-repl's timing metadata, the
// package-restore progress lines and outputs repeated one after another, and writes this repository's path as
// <repository>, so that a rerun changes only what the notebook computed.
// Run from the repository root: dotnet run notebooks/tools/tidy-outputs.cs -- notebooks/quickstart.ipynb ...
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

string root = Directory.GetCurrentDirectory();
var writeOptions = new JsonSerializerOptions { WriteIndented = true, IndentSize = 1, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
foreach (var path in args)
{
    var notebook = JsonNode.Parse(File.ReadAllText(path.Replace("<repository>", root)))!;
    foreach (var cell in notebook["cells"]!.AsArray())
    {
        if (cell!["metadata"] is JsonObject metadata)
            foreach (var key in metadata.Select(p => p.Key).Where(k => k.StartsWith("dotnet_repl_", StringComparison.Ordinal)).ToList())
                metadata.Remove(key);
        if (cell["outputs"] is not JsonArray outputs) continue;
        var kept = new List<JsonNode>();
        foreach (var output in outputs)
        {
            string text = output!.ToJsonString(writeOptions).Replace(root, "<repository>");
            if (text.Contains("<strong>Installing Packages</strong>", StringComparison.Ordinal)) continue;
            if (kept.Count > 0 && kept[^1].ToJsonString(writeOptions) == text) continue;
            kept.Add(JsonNode.Parse(text)!);
        }
        outputs.Clear();
        foreach (var output in kept) outputs.Add(output);
    }
    File.WriteAllText(path, notebook.ToJsonString(writeOptions) + "\n");
    Console.WriteLine($"tidied {path}");
}
