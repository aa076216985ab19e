using System.Text;
using System.Text.RegularExpressions;
using Clv.Probabilistic.Cli;
using Clv.Probabilistic.Tests.Models.Retention;

namespace Clv.Probabilistic.Tests.Cli;

/// <summary>
/// Every command the docs show (a line of a code block starting with <c>clv </c> or
/// <c>dotnet run --project src/Clv.Probabilistic.Cli --</c>, with <c>\</c> continuations, pipes and redirections) is run
/// in-process, page by page in the page's order, in a temporary folder holding the small bundled data the pages name,
/// and must exit 0. Commands that cannot run here (a database server) or that still fail are listed with their reason in
/// <see cref="Pending"/>, and the list must be exact: a command that starts to pass must leave it.
/// </summary>
[Collection(nameof(SummarizeCliCollection))]
public sealed partial class DocumentedCommandTests
{
    /// <summary>Commands (as extracted, by page) not run, with the reason.</summary>
    private static readonly Dictionary<string, string> Pending = new()
    {
        ["docs/retention.md: clv fit --model sbg --input customers.csv --output sbg.json"] = "writes sbg.json a second time on the page without --force, and customers.csv is not bundled",
        ["docs/retention.md: clv predict --model sbg.json --input customers.csv --tenure-column renewals --horizon 12 --discount-rate 0.1 --margin 50 --output p.csv"] = "customers.csv (renewals per customer) is not bundled",
        ["docs/retention.md: clv project --model sbg.json --periods 12 [--cohort-size 1000] [--discount-rate 0.1 --margin 50] [--output projection.csv]"] = "a synopsis with [optional] parts, not a command",
        ["docs/cli.md: clv summarize --input - --time-unit weeks --observation-end 1997-09-30 --output - < tx.csv > summary.csv"] = "the bundled CDNOW log runs to 1998-06-30, past the page's --observation-end 1997-09-30 (the page should add --drop-after-end or the test seed a calibration-only log)",
        ["docs/cli.md: clv fit --model bgnbd --input summary.csv --time-unit weeks --output - | clv predict --model - --input summary.csv --horizon 52 --output - > predictions.csv"] = "needs summary.csv from the summarize above, which fails",
        ["docs/cli.md: clv summarize --input tx.csv --time-unit weeks --observation-end 1997-09-30 --output summary.csv"] = "the bundled CDNOW log runs to 1998-06-30, past the page's --observation-end 1997-09-30 (the page should add --drop-after-end or the test seed a calibration-only log)",
        ["docs/cli.md: clv fit --model bgnbd --input summary.csv --time-unit weeks --output model.json"] = "needs summary.csv from the summarize above, which fails",
        ["docs/cli.md: clv fit --model gamma-gamma --input summary.csv --output gg.json"] = "needs summary.csv from the summarize above, which fails",
        ["docs/cli.md: clv fit --model bgnbd --method nuts --chains 4 --draws 1000 --input summary.csv --time-unit weeks --output model.json"] = "needs summary.csv from the summarize above, which fails",
        ["README.md: clv summarize --input tx.csv --time-unit weeks --observation-end 1997-09-30 --output summary.csv"] = "the bundled CDNOW log runs to 1998-06-30, past the page's --observation-end 1997-09-30 (the page should add --drop-after-end or the test seed a calibration-only log)",
        ["README.md: clv fit --model bgnbd --input summary.csv --time-unit weeks --output model.json"] = "needs summary.csv from the summarize above, which fails",
        ["README.md: clv fit --model gamma-gamma --input summary.csv --method nuts --output gg.json"] = "needs summary.csv from the summarize above, which fails",
        ["README.md: clv predict --model model.json --input summary.csv --horizon 39 --output predictions.csv"] = "needs model.json from the fit above, which fails",
        ["README.md: clv predict --model model.json --input summary.csv --spend-model gg.json --horizon 12 --horizon-unit months --discount-rate 0.01 --output clv.csv"] = "needs model.json from the fit above, which fails",
        ["docs/model-checking.md: clv report --input tx.csv --calibration-end 1997-09-30 --observation-end 1998-06-30 --time-unit weeks [--customer-column id --date-column day --amount-column value --delimiter ';' --date-format iso]"] = "a synopsis with [optional] parts, not a command",
    };

    public static TheoryData<string> Pages()
    {
        var data = new TheoryData<string>();
        foreach (var page in Directory.GetFiles(Path.Combine(Root(), "docs"), "*.md").Append(Path.Combine(Root(), "README.md")).Order())
            if (Commands(page).Count > 0) data.Add(Path.GetRelativePath(Root(), page));
        return data;
    }

    [Theory]
    [MemberData(nameof(Pages))]
    public void Every_command_of_the_page_exits_zero(string page)
    {
        string folder = Directory.CreateTempSubdirectory("clv-docs-").FullName;
        string previous = Directory.GetCurrentDirectory();
        var failures = new List<string>();
        try
        {
            Seed(folder);
            Directory.SetCurrentDirectory(folder);
            foreach (string command in Commands(Path.Combine(Root(), page)))
            {
                string key = $"{page}: {command}";
                var (code, error) = Run(command);
                bool pending = Pending.ContainsKey(key);
                if (code != 0 && !pending) failures.Add($"{key}\n    exit {code}: {error.Trim()}");
                if (code == 0 && pending) failures.Add($"{key}\n    passes now: remove it from Pending.");
            }
        }
        finally
        {
            Directory.SetCurrentDirectory(previous);
            Directory.Delete(folder, recursive: true);
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    /// <summary>Runs one documented command line: stages joined by <c>|</c>, with <c>&lt; file</c> and <c>&gt; file</c>.</summary>
    private static (int Code, string Error) Run(string line)
    {
        string? input = null;
        var errors = new StringBuilder();
        foreach (string stage in line.Split(" | "))
        {
            var tokens = Tokenize(stage);
            string? from = null, to = null;
            var args = new List<string>();
            for (int i = 0; i < tokens.Count; i++)
            {
                if (tokens[i] == "<") from = tokens[++i];
                else if (tokens[i] == ">") to = tokens[++i];
                else args.Add(tokens[i]);
            }
            int skip = args[0] == "clv" ? 1 : 5; // dotnet run --project src/Clv.Probabilistic.Cli --
            if (from is not null) input = File.ReadAllText(from);
            var (code, output, error) = CliRunner.RunWithStatus(input, [.. args.Skip(skip)]);
            errors.Append(error);
            if (code != 0) return (code, errors.ToString());
            if (to is not null) File.WriteAllText(to, output);
            input = output;
        }
        return (0, errors.ToString());
    }

    private static List<string> Tokenize(string text)
    {
        var tokens = new List<string>();
        foreach (Match m in Token().Matches(text))
            tokens.Add(m.Groups["q"].Success ? m.Groups["q"].Value : m.Groups["s"].Success ? m.Groups["s"].Value : m.Value);
        return tokens;
    }

    /// <summary>The commands of a page's code blocks, comments removed and continuation lines joined.</summary>
    internal static List<string> Commands(string page)
    {
        var commands = new List<string>();
        foreach (Match block in CodeBlock().Matches(File.ReadAllText(page)))
        {
            string pending = "";
            foreach (string raw in block.Groups[1].Value.Split('\n'))
            {
                string line = pending.Length > 0 ? pending + " " + raw.Trim() : raw.Trim();
                if (line.EndsWith('\\'))
                {
                    pending = line[..^1].Trim();
                    continue;
                }
                pending = "";
                line = Comment().Replace(line, "").Trim();
                if (OutputLine().IsMatch(line)) continue; // a message the tool prints, shown in a code block
                if (line.StartsWith("clv ", StringComparison.Ordinal) || line.StartsWith("dotnet run --project src/Clv.Probabilistic.Cli --", StringComparison.Ordinal))
                    commands.Add(line);
            }
        }
        return commands;
    }

    /// <summary>The bundled data the pages name, in the working folder.</summary>
    private static void Seed(string folder)
    {
        var log = Datasets.CdnowSample();
        var lines = new List<string> { "customer_id,date,amount" };
        for (int i = 0; i < log.Count; i++)
            lines.Add(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{log.GetCustomerId(i)},{log.GetDate(i):yyyy-MM-dd},{log.Amounts[i]}"));
        File.WriteAllLines(Path.Combine(folder, "tx.csv"), lines);
        string apparel = Path.Combine(AppContext.BaseDirectory, "TestData", "Apparel");
        File.Copy(Path.Combine(apparel, "apparelTrans.csv"), Path.Combine(folder, "apparelTrans.csv"));
        File.Copy(Path.Combine(apparel, "apparelDynCov_2005_2007.csv"), Path.Combine(folder, "apparelDynCov.csv"));
        File.Copy(RetentionTestData.CohortFile, Path.Combine(folder, "cohorts.csv"));
        File.Copy(Path.Combine(Root(), "src", "Clv.Probabilistic", "Datasets", "Resources", "apparelStaticCov.csv"), Path.Combine(folder, "apparelStaticCov.csv"));
    }

    private static string Root()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
            if (File.Exists(Path.Combine(folder.FullName, "Clv.Probabilistic.sln"))) return folder.FullName;
        throw new DirectoryNotFoundException($"No Clv.Probabilistic.sln above {AppContext.BaseDirectory}.");
    }

    [GeneratedRegex(@"```(?:sh|bash|shell|console)?\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex CodeBlock();

    [GeneratedRegex(@"^clv [a-z-]+:")]
    private static partial Regex OutputLine();

    [GeneratedRegex(@"\s+#\s.*$")]
    private static partial Regex Comment();

    [GeneratedRegex(@"'(?<s>[^']*)'|""(?<q>[^""]*)""|\S+")]
    private static partial Regex Token();
}
