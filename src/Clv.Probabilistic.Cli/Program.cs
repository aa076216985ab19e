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
    public static int Main(string[] args)
    {
        StandardStreams.ProcessStreams = true;
        // A command works on data (columns of millions of rows): its fresh memory costs far fewer traps in 2 MiB pages.
        // clv predict compiles its loops on the spare core while its command line and model are read, and advises the heap
        // only where it reads whole files (PredictWarmup).
        if (args is ["predict", ..]) PredictWarmup.Start();
        else if (args.Length > 0 && !args[0].StartsWith('-')) Clv.Probabilistic.Data.FreshMemory.AdviseHeap();
        return Run(args is ["--version"] ? VersionRoot() : BuildRoot(args.Length > 0 ? args[0] : null), args);
    }

    /// <summary>
    /// The tree <c>clv --version</c> needs: the root command alone, whose version option prints the version. Neither the
    /// commands nor the model registry the root's description lists are built (a third of that command's time).
    /// </summary>
    internal static RootCommand VersionRoot() => new("clv");

    /// <summary>
    /// Parses and runs; a command line that does not parse (an unknown option, a missing or malformed value) is one
    /// error line on standard error naming the command, exit code 1, instead of the whole help.
    /// </summary>
    internal static int Run(RootCommand root, string[] args)
    {
        var parsed = root.Parse(args);
        if (parsed.Errors.Count == 0)
        {
            int code = CliErrors.InputError;
            try
            {
                code = parsed.Invoke();
                return code;
            }
            finally
            {
                StandardStreams.Complete(code);
            }
        }
        var command = parsed.CommandResult.Command;
        string name = command is RootCommand ? "clv" : $"clv {command.Name}";
        string help = command is RootCommand ? "clv --help" : $"clv {command.Name} --help";
        CliErrors.Error(name, $"{string.Join(" ", parsed.Errors.Select(e => CliErrors.PlainParseError(e.Message)))} ('{help}' lists the options.)", prefixed: true);
        return CliErrors.InputError;
    }

    /// <summary>
    /// The command tree, or when <paramref name="only"/> names a command, a tree holding just that one: a run builds
    /// (and compiles) the options of the command it runs, not those of all of them.
    /// </summary>
    internal static RootCommand BuildRoot(string? only)
    {
        var root = new RootCommand($"clv: probabilistic customer-lifetime-value modelling ({string.Join(", ", ModelRegistry.All.Select(m => m.DisplayName))}).");
        bool named = false;
        foreach (var (name, _) in Commands) named |= name == only;
        foreach (var (name, create) in Commands)
            if (!named || name == only) root.Subcommands.Add(create());
        return root;
    }
}
