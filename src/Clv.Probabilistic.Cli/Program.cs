using System.CommandLine;
using Clv.Probabilistic.Cli.Commands;
using Clv.Probabilistic.Models;

namespace Clv.Probabilistic.Cli;

/// <summary>The <c>clv</c> command-line tool.</summary>
public static class Program
{
    private static readonly (string Name, Func<Command> Create)[] Commands =
    [
        ("demo", DemoCommand.Create),
        ("summarize", SummarizeCommand.Create),
        ("fit", FitCommand.Create),
        ("predict", PredictCommand.Create),
        ("report", ReportCommand.Create),
        ("models", ModelsCommand.Create),
        ("compare", CompareCommand.Create),
        ("score", ScoreCommand.Create),
        ("project", ProjectCommand.Create),
    ];

    /// <summary>Builds the command tree; each command lives in its own file under <c>Commands/</c>.</summary>
    public static RootCommand BuildRoot() => BuildRoot(only: null);

    /// <summary>Runs the tool.</summary>
    public static int Main(string[] args) => BuildRoot(args.Length > 0 ? args[0] : null).Parse(args).Invoke();

    /// <summary>
    /// The command tree, or when <paramref name="only"/> names a command, a tree holding just that one: a run builds
    /// (and compiles) the options of the command it runs, not those of all of them.
    /// </summary>
    internal static RootCommand BuildRoot(string? only)
    {
        var root = new RootCommand($"clv: probabilistic customer-lifetime-value modelling ({string.Join(", ", ModelRegistry.All.Select(m => m.DisplayName))}).");
        bool named = Array.Exists(Commands, c => c.Name == only);
        foreach (var (name, create) in Commands)
            if (!named || name == only) root.Subcommands.Add(create());
        return root;
    }
}
