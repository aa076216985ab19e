using System.CommandLine;
using Clv.Probabilistic.Cli.Commands;

namespace Clv.Probabilistic.Cli;

/// <summary>The <c>clv</c> command-line tool.</summary>
public static class Program
{
    /// <summary>Builds the command tree; each command lives in its own file under <c>Commands/</c>.</summary>
    public static RootCommand BuildRoot()
    {
        var root = new RootCommand("clv: probabilistic customer-lifetime-value modelling (BG/NBD, Gamma-Gamma).");
        root.Subcommands.Add(DemoCommand.Create());
        root.Subcommands.Add(SummarizeCommand.Create());
        root.Subcommands.Add(FitCommand.Create());
        root.Subcommands.Add(PredictCommand.Create());
        root.Subcommands.Add(ReportCommand.Create());
        return root;
    }

    /// <summary>Runs the tool.</summary>
    public static int Main(string[] args) => BuildRoot().Parse(args).Invoke();
}
