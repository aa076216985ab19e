using System.CommandLine;
using System.CommandLine.Help;
using System.Text.RegularExpressions;
using Clv.Probabilistic.Cli;

namespace Clv.Probabilistic.Tests.Cli;

/// <summary>docs/cli.md cannot drift from the tool: every command has its section and every option is named in it.</summary>
public sealed partial class CliDocumentationTests
{
    public static TheoryData<string> Commands()
    {
        var data = new TheoryData<string>();
        foreach (var command in Program.BuildRoot().Subcommands) data.Add(command.Name);
        return data;
    }

    [Theory]
    [MemberData(nameof(Commands))]
    public void Every_option_of_the_command_is_named_in_its_section_of_the_cli_page(string name)
    {
        var command = Program.BuildRoot(name).Subcommands.Single(c => c.Name == name);
        string section = Section(name);
        var missing = command.Options
            .Where(o => o is not HelpOption && !o.Hidden)
            .Select(o => o.Name)
            .Where(option => !Regex.IsMatch(section, $@"(?<![\w-]){Regex.Escape(option)}(?![\w-])"))
            .ToArray();
        Assert.True(missing.Length == 0, $"docs/cli.md, section `clv {name}`, does not mention {string.Join(", ", missing)}.");
    }

    [Fact]
    public void The_page_has_no_section_for_a_command_the_tool_does_not_have()
    {
        var commands = Program.BuildRoot().Subcommands.Select(c => c.Name).ToHashSet();
        var documented = SectionHeading().Matches(Page()).Select(m => m.Groups[1].Value).ToArray();
        Assert.NotEmpty(documented);
        Assert.All(documented, name => Assert.Contains(name, commands));
    }

    private static string Section(string name)
    {
        string page = Page();
        var headings = SectionHeading().Matches(page).ToList();
        int index = headings.FindIndex(m => m.Groups[1].Value == name);
        Assert.True(index >= 0, $"docs/cli.md has no section '## `clv {name}`'.");
        int start = headings[index].Index;
        int end = page.IndexOf("\n## ", start + 1, StringComparison.Ordinal);
        return end < 0 ? page[start..] : page[start..end];
    }

    private static string Page()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            string path = Path.Combine(folder.FullName, "docs", "cli.md");
            if (File.Exists(path) && File.Exists(Path.Combine(folder.FullName, "Clv.Probabilistic.sln"))) return File.ReadAllText(path);
        }
        throw new FileNotFoundException($"No docs/cli.md beside Clv.Probabilistic.sln above {AppContext.BaseDirectory}.");
    }

    [GeneratedRegex(@"^## `clv ([a-z-]+)`", RegexOptions.Multiline)]
    private static partial Regex SectionHeading();
}
