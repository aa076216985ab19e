using Clv.Probabilistic.Cli;

namespace Clv.Probabilistic.Tests.Cli;

/// <summary>A run builds only the command it names; anything else (help, a typo) sees every command.</summary>
public class ProgramTreeTests
{
    private static string[] Names(string? only) => Program.BuildRoot(only).Subcommands.Select(c => c.Name).ToArray();

    [Fact]
    public void TheNamedCommandAloneOrAllCommands()
    {
        string[] all = ["demo", "summarize", "fit", "predict", "report", "models", "compare", "score", "project"];
        Assert.Equal(all, Names(null));
        Assert.Equal(all, Names("--help"));
        Assert.Equal(all, Names("fitt"));
        Assert.Equal(all, Program.BuildRoot().Subcommands.Select(c => c.Name));
        foreach (var name in all) Assert.Equal([name], Names(name));
    }
}
