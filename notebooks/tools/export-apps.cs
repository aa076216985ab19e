// Turns every notebook in notebooks/ into a .NET 10 file-based app in notebooks/apps/, so that the examples can also be
// run with `dotnet run notebooks/apps/<name>.cs`. Run from the repository root after editing a notebook:
//   dotnet run notebooks/tools/export-apps.cs
// Markdown cells become comments, #r "nuget: <project>, <version>" lines become #:project directives, the kernel-setup
// cell is left out, cells that declare a type move to the end (a file-based app must put its top-level statements
// first), and display(...) writes to the console and to an HTML report holding the tables and charts.
using System.Text;
using System.Text.Json;

string root = FindRoot(Directory.GetCurrentDirectory());
string notebooks = Path.Combine(root, "notebooks");
string apps = Path.Combine(notebooks, "apps");
Directory.CreateDirectory(apps);
foreach (var path in Directory.GetFiles(notebooks, "*.ipynb").Order(StringComparer.Ordinal))
{
    string name = Path.GetFileNameWithoutExtension(path);
    string target = Path.Combine(apps, name + ".cs");
    File.WriteAllText(target, Export(name, File.ReadAllText(path)), new UTF8Encoding(false));
    Console.WriteLine($"{Path.GetRelativePath(root, path)} -> {Path.GetRelativePath(root, target)}");
}

static string Export(string name, string json)
{
    using var document = JsonDocument.Parse(json);
    var statements = new StringBuilder();
    var types = new StringBuilder();
    var projects = new SortedSet<string>(StringComparer.Ordinal);
    foreach (var cell in document.RootElement.GetProperty("cells").EnumerateArray())
    {
        string text = string.Concat(cell.GetProperty("source").EnumerateArray().Select(s => s.GetString()));
        var lines = text.Split('\n');
        if (cell.GetProperty("cell_type").GetString() == "markdown")
        {
            foreach (var line in lines) statements.Append(line.Length == 0 ? "//" : "// " + line).Append('\n');
            statements.Append('\n');
            continue;
        }
        // The kernel-setup cell only tells .NET Interactive where the packages are; an app references the projects.
        if (text.StartsWith("// Kernel setup:", StringComparison.Ordinal)) continue;
        bool declaresType = lines.SkipWhile(l => l.StartsWith("///", StringComparison.Ordinal))
            .FirstOrDefault() is { } first && (first.StartsWith("sealed class ", StringComparison.Ordinal) || first.StartsWith("class ", StringComparison.Ordinal) || first.StartsWith("record ", StringComparison.Ordinal));
        var target = declaresType ? types : statements;
        foreach (var line in lines)
        {
            if (line.StartsWith("#r \"nuget:", StringComparison.Ordinal))
            {
                // #r "nuget: <Project>, <version>" -> #:project ../../src/<Project>/<Project>.csproj
                string project = line["#r \"nuget:".Length..].Split(',')[0].Trim();
                projects.Add($"#:project ../../src/{project}/{project}.csproj");
                continue;
            }
            target.Append(line).Append('\n');
        }
        target.Append('\n');
    }
    var app = new StringBuilder();
    app.Append($"// Generated from notebooks/{name}.ipynb by notebooks/tools/export-apps.cs: edit the notebook, then re-export.\n");
    app.Append($"// Run from the repository root: dotnet run notebooks/apps/{name}.cs [report.html]\n");
    foreach (var project in projects) app.Append(project).Append('\n');
    app.Append('\n');
    // The notebook's using directives come first in its first code cell, so the statements can follow them as they are.
    string body = statements.ToString();
    int firstUsing = body.IndexOf("\nusing ", StringComparison.Ordinal) + 1;
    int afterUsings = firstUsing;
    while (body.AsSpan(afterUsings).StartsWith("using ")) afterUsings = body.IndexOf('\n', afterUsings) + 1;
    app.Append(body[..afterUsings]);
    app.Append($$"""

// display(...) as in a notebook: text to the console, and everything (tables and charts as HTML) to a report file.
var report = new System.Text.StringBuilder("<!DOCTYPE html><meta charset=\"utf-8\"><title>{{name}}</title>\n");
string reportPath = args.Length > 0 ? args[0] : Path.Combine(Path.GetTempPath(), "clv-{{name}}.html");
object? display(object? value)
{
    string? html = Clv.Probabilistic.Interactive.ClvFormatters.TryHtml(value);
    Console.WriteLine(html is null ? value : $"[{value!.GetType().Name}: see {reportPath}]");
    report.Append(html ?? "<pre>" + System.Net.WebUtility.HtmlEncode(value?.ToString()) + "</pre>").Append('\n');
    return value;
}

""");
    app.Append(body[afterUsings..].TrimEnd()).Append("\n\n");
    app.Append("File.WriteAllText(reportPath, report.ToString());\nConsole.WriteLine($\"Report: {reportPath}\");\n");
    if (types.Length > 0) app.Append('\n').Append(types.ToString().TrimEnd()).Append('\n');
    return app.ToString();
}

static string FindRoot(string start)
{
    for (var folder = new DirectoryInfo(start); folder is not null; folder = folder.Parent)
        if (File.Exists(Path.Combine(folder.FullName, "Clv.Probabilistic.sln"))) return folder.FullName;
    throw new DirectoryNotFoundException($"No folder above {start} holds Clv.Probabilistic.sln.");
}
