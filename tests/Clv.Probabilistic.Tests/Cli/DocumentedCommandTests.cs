using System.Text;
using System.Text.RegularExpressions;
using Clv.Probabilistic.Cli;
using Clv.Probabilistic.Tests.Models.Retention;

namespace Clv.Probabilistic.Tests.Cli;

/// <summary>
/// Every command the docs show (a line of a code block starting with <c>clv </c> or
/// <c>dotnet run --project src/Clv.Probabilistic.Cli --</c>, with <c>\</c> continuations, pipes and redirections) is run
/// in-process, page by page in the page's order, in a temporary folder holding the small bundled data the pages name,
/// and must exit 0. Commands that cannot run here (a database server) are listed with their reason in
/// <see cref="Pending"/>, and the list must be exact: a command that starts to pass must leave it. Code blocks labelled
/// <c>synopsis</c> (a command's form with <c>[optional]</c> parts, docs/cli.md) are not run, and a runnable block may
/// not hold a synopsis.
/// </summary>
[Collection(nameof(SummarizeCliCollection))]
public sealed partial class DocumentedCommandTests
{
    /// <summary>
    /// Commands (as extracted, by page) that cannot pass in a test process, with the reason: only a command that needs a
    /// database server at the address the page shows, or the benchmarks' large synthetic files, belongs here. They are
    /// still run, and one that starts to pass must leave the list.
    /// </summary>
    private static readonly Dictionary<string, string> Pending = new()
    {
        ["docs/cli.md: clv summarize --engine clickhouse --connection http://127.0.0.1:8123/ --table sales.tx_all --time-unit weeks --observation-end 1997-09-30 --drop-after-end --write-table sales.summaries"] = ClickHouseServer,
        ["docs/cli.md: clv fit --model bgnbd --engine clickhouse --connection http://127.0.0.1:8123/ --table sales.tx_all --time-unit weeks --observation-end 1997-09-30 --drop-after-end --output bg.json"] = ClickHouseServer,
        ["docs/cli.md: clv score --engine clickhouse --connection http://127.0.0.1:8123/ --table sales.summaries --model bg.json --horizon 39 --write-table sales.predictions"] = ClickHouseServer + " (and bg.json from the fit above)",
        ["docs/cli.md: clv score --engine clickhouse --connection http://127.0.0.1:8123/ --table sales.summaries_all --model bg.json --horizon 39 --write-table sales.predictions --parallel 2"] = ClickHouseServer + " (with a Distributed summaries table, and bg.json)",
        ["docs/performance.md: clv fit --model bgnbd --input s1m.csv --time-unit days --output m.json --force"] = BenchmarkFiles,
        ["docs/performance.md: clv predict --model m.json --input s1m.csv --horizon 30 --output p.csv --force"] = BenchmarkFiles,
        ["docs/performance.md: clv fit --model gamma-gamma --input s1m.csv --time-unit days --output gg.json --force"] = BenchmarkFiles,
        ["docs/performance.md: clv predict --model m.json --spend-model gg.json --input s1m.csv --horizon 12 --horizon-unit months --discount-rate 0.01 --output clv.csv --force"] = BenchmarkFiles,
        ["docs/performance.md: clv summarize --input tx10m.csv --time-unit weeks --observation-end 2021-12-30 --output summary.csv --force"] = BenchmarkFiles,
    };

    private const string ClickHouseServer = "a ClickHouse server with the sales database on 127.0.0.1:8123 (the ClickHouse tests run these commands against tests/servers/clickhouse.sh's shards)";

    private const string BenchmarkFiles = "the 10^6-customer summary and 10^7-transaction log (258 MB) that benchmarks/whole-process.sh writes, too large for the test run";

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
                if (command.Contains(" [", StringComparison.Ordinal))
                {
                    failures.Add($"{key}\n    a synopsis with [optional] parts in a runnable code block: label the block 'synopsis'.");
                    continue;
                }
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

    /// <summary>
    /// The commands of a page's runnable code blocks (unlabelled or labelled sh, bash, shell or console; not synopsis,
    /// csharp, json, text...), comments removed and continuation lines joined.
    /// </summary>
    internal static List<string> Commands(string page)
    {
        var commands = new List<string>();
        bool inBlock = false, runnable = false;
        string pending = "";
        foreach (string raw in File.ReadAllLines(page))
        {
            string trimmed = raw.Trim();
            if (trimmed.StartsWith("```", StringComparison.Ordinal))
            {
                runnable = !inBlock && RunnableLabels.Contains(trimmed[3..].Trim());
                inBlock = !inBlock;
                pending = "";
                continue;
            }
            if (!inBlock || !runnable) continue;
            string line = pending.Length > 0 ? pending + " " + trimmed : trimmed;
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
        return commands;
    }

    private static readonly HashSet<string> RunnableLabels = ["", "sh", "bash", "shell", "console"];

    /// <summary>The bundled data the pages name, in the working folder.</summary>
    private static void Seed(string folder)
    {
        var log = Datasets.CdnowSample();
        var lines = new List<string> { "customer_id,date,amount" };
        for (int i = 0; i < log.Count; i++)
            lines.Add(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{log.GetCustomerId(i)},{log.GetDate(i):yyyy-MM-dd},{log.Amounts[i]}"));
        File.WriteAllLines(Path.Combine(folder, "tx.csv"), lines);
        ParquetSummarizeCommandTests.WriteParquet(Path.Combine(folder, "tx.csv"), Path.Combine(folder, "tx.parquet"));
        string apparel = Path.Combine(AppContext.BaseDirectory, "TestData", "Apparel");
        File.Copy(Path.Combine(apparel, "apparelTrans.csv"), Path.Combine(folder, "apparelTrans.csv"));
        File.Copy(Path.Combine(apparel, "apparelDynCov_2005_2007.csv"), Path.Combine(folder, "apparelDynCov.csv"));
        File.Copy(RetentionTestData.CohortFile, Path.Combine(folder, "cohorts.csv"));
        SeedRetentionCustomers(folder);
        File.Copy(Path.Combine(Root(), "src", "Clv.Probabilistic", "Datasets", "Resources", "apparelStaticCov.csv"), Path.Combine(folder, "apparelStaticCov.csv"));
    }

    /// <summary>
    /// docs/retention.md's customers.csv (customer_id,periods,churned) and active.csv (customer_id,renewals): the
    /// regular cohort of the bundled cohort table as individual customers, those lost at period t churned after t
    /// periods, those alive at the last period still active with that many renewals.
    /// </summary>
    private static void SeedRetentionCustomers(string folder)
    {
        var alive = File.ReadLines(RetentionTestData.CohortFile).Skip(1).Select(line => line.Split(','))
            .Where(f => f[0] == "regular").OrderBy(f => int.Parse(f[1], System.Globalization.CultureInfo.InvariantCulture))
            .Select(f => int.Parse(f[2], System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        var customers = new List<string> { "customer_id,periods,churned" };
        var active = new List<string> { "customer_id,renewals" };
        int id = 0, last = alive.Length - 1;
        for (int t = 1; t <= last; t++)
            for (int i = 0; i < alive[t - 1] - alive[t]; i++)
                customers.Add($"c{++id},{t},1");
        for (int i = 0; i < alive[last]; i++)
        {
            customers.Add($"c{++id},{last},0");
            active.Add($"c{id},{last}");
        }
        File.WriteAllLines(Path.Combine(folder, "customers.csv"), customers);
        File.WriteAllLines(Path.Combine(folder, "active.csv"), active);
    }

    private static string Root()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
            if (File.Exists(Path.Combine(folder.FullName, "Clv.Probabilistic.sln"))) return folder.FullName;
        throw new DirectoryNotFoundException($"No Clv.Probabilistic.sln above {AppContext.BaseDirectory}.");
    }

    [GeneratedRegex(@"^clv [a-z-]+:")]
    private static partial Regex OutputLine();

    [GeneratedRegex(@"\s+#\s.*$")]
    private static partial Regex Comment();

    [GeneratedRegex(@"'(?<s>[^']*)'|""(?<q>[^""]*)""|\S+")]
    private static partial Regex Token();
}
