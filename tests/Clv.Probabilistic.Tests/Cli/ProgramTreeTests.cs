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

/// <summary>A value the parser cannot read is named in plain words, without .NET type names.</summary>
[Collection(nameof(SummarizeCliCollection))]
public class ParseErrorMessageTests
{
    [Theory]
    [InlineData("--max-iterations", "abc", "'abc' for option '--max-iterations' is not a whole number.")]
    [InlineData("--seed", "1.5", "'1.5' for option '--seed' is not a whole number.")]
    [InlineData("--penalty", "much", "'much' for option '--penalty' is not a number.")]
    public void UnparsableValuesAreNamedInPlainWords(string option, string value, string message)
    {
        var (code, output, error) = CliRunner.Run("fit", "--model", "bgnbd", "--input", "summary.csv", option, value, "--output", "model.json");
        Assert.Equal(1, code);
        Assert.Equal("", output);
        Assert.Equal($"clv fit: error: {message} ('clv fit --help' lists the options.)", error.Trim());
        Assert.DoesNotContain("System.", error, StringComparison.Ordinal);
    }

    [Fact]
    public void OtherParserMessagesPassThrough() =>
        Assert.Equal("Unrecognized command or argument 'x'.", CliErrors.PlainParseError("Unrecognized command or argument 'x'."));
}

/// <summary><c>clv --version</c> runs on the root command alone and prints what the whole tree prints.</summary>
[Collection(nameof(SummarizeCliCollection))]
public class VersionRootTests
{
    [Fact]
    public void VersionAloneMatchesTheWholeTree()
    {
        string Version(System.CommandLine.RootCommand root)
        {
            var (stdout, stderr) = (Console.Out, Console.Error);
            var (output, error) = (new StringWriter(), new StringWriter());
            Console.SetOut(output);
            Console.SetError(error);
            try
            {
                Assert.Equal(0, Program.Run(root, ["--version"]));
            }
            finally
            {
                Console.SetOut(stdout);
                Console.SetError(stderr);
            }
            Assert.Equal("", error.ToString());
            return output.ToString();
        }

        string whole = Version(Program.BuildRoot());
        Assert.Matches(@"^\d+\.\d+\.\d+", whole);
        Assert.Equal(whole, Version(Program.VersionRoot()));
        Assert.Empty(Program.VersionRoot().Subcommands);
    }
}
