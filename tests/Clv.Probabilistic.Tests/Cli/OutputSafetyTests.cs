using System.Diagnostics;
using System.Security.Cryptography;
using Clv.Probabilistic.Cli;
using Clv.Probabilistic.Data;
using Clv.Probabilistic.Models;
using Clv.Probabilistic.Models.BgNbd;
using Clv.Probabilistic.Models.GammaGamma;
using Clv.Probabilistic.Persistence;

namespace Clv.Probabilistic.Tests.Cli;

/// <summary>
/// No command destroys a file: an output that is one of the inputs (by any spelling or link) is refused before anything
/// is read, and an existing output is replaced only with <c>--force</c>, in the same words by every command.
/// </summary>
[Collection(nameof(SummarizeCliCollection))]
public sealed class OutputSafetyTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("clv-safety-").FullName;

    public OutputSafetyTests()
    {
        File.WriteAllText(PathOf("tx.csv"), "customer_id,date,amount\na,2020-01-01,10\na,2020-01-08,20\nb,2020-01-02,5\n");
        RfmSummaryCsv.Write(Datasets.CdnowSummaryWithMonetaryValue(), PathOf("s.csv"));
        var calibration = Datasets.CdnowSummaryWithMonetaryValue();
        ModelFile.Save(ModelFitter.Fit(BgNbdDefinition.Instance, calibration), PathOf("m.json"), drawSeed: 1);
        ModelFile.Save(ModelFitter.Fit(GammaGammaDefinition.Instance, calibration), PathOf("gg.json"), drawSeed: 1);
        Directory.CreateDirectory(PathOf("sub"));
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string PathOf(string name) => Path.Combine(_folder, name);

    /// <summary>The arguments of each command that writes, with its inputs and output given by the caller.</summary>
    private string[] Arguments(string command, string output, string? summaryInput = null, string? model = null, string? spendModel = null,
        string? transactions = null) => command switch
    {
        "summarize" => ["summarize", "--input", transactions ?? PathOf("tx.csv"), "--time-unit", "weeks", "--observation-end", "2020-01-31", "--output", output],
        "fit" => ["fit", "--model", "bgnbd", "--input", summaryInput ?? PathOf("s.csv"), "--time-unit", "weeks", "--output", output],
        "predict" => ["predict", "--model", model ?? PathOf("m.json"), "--spend-model", spendModel ?? PathOf("gg.json"), "--discount-rate", "0.01",
            "--input", summaryInput ?? PathOf("s.csv"), "--horizon", "12", "--output", output],
        "report" => ["report", "--input", transactions ?? PathOf("tx.csv"), "--calibration-end", "2020-01-15", "--observation-end", "2020-01-31", "--output", output],
        _ => throw new ArgumentException(command),
    };

    /// <summary>Every spelling of <paramref name="path"/> (a file in the test folder) a user could give.</summary>
    private IEnumerable<(string Kind, string Spelling)> Spellings(string path)
    {
        string name = Path.GetFileName(path);
        string relative = Path.GetRelativePath(Environment.CurrentDirectory, path);
        yield return ("absolute", path);
        yield return ("relative", relative);
        yield return ("./", Path.IsPathRooted(relative) ? path : "." + Path.DirectorySeparatorChar + relative);
        yield return ("..", Path.Combine(_folder, "sub", "..", ".", name));
        yield return ("doubled separator", _folder + Path.DirectorySeparatorChar + Path.DirectorySeparatorChar + name);
        string link = PathOf("link-" + name);
        if (!File.Exists(link)) File.CreateSymbolicLink(link, path);
        yield return ("symbolic link", link);
        string folderLink = PathOf("folder-link");
        if (!Directory.Exists(folderLink)) Directory.CreateSymbolicLink(folderLink, _folder);
        yield return ("symbolic link to the folder", Path.Combine(folderLink, name));
        if (OperatingSystem.IsLinux())
        {
            string hard = PathOf("hard-" + name);
            if (!File.Exists(hard)) HardLink(path, hard);
            yield return ("hard link", hard);
        }
    }

    private static void HardLink(string existing, string link)
    {
        using var ln = Process.Start(new ProcessStartInfo("ln", [existing, link]) { RedirectStandardError = true })!;
        ln.WaitForExit();
        Assert.True(ln.ExitCode == 0, ln.StandardError.ReadToEnd());
    }

    private static string Hash(string path) => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(path)));

    public static TheoryData<string, string, string> OutputIsAnInput => new()
    {
        { "summarize", "--input", "tx.csv" },
        { "fit", "--input", "s.csv" },
        { "predict", "--input", "s.csv" },
        { "predict", "--model", "m.json" },
        { "predict", "--spend-model", "gg.json" },
        { "report", "--input", "tx.csv" },
    };

    [Theory]
    [MemberData(nameof(OutputIsAnInput))]
    public void AnOutputThatIsAnInputIsRefusedBeforeAnythingIsRead(string command, string inputOption, string inputName)
    {
        string input = PathOf(inputName);
        string before = Hash(input);
        var files = Directory.GetFiles(_folder).Length;
        foreach (var (kind, spelling) in Spellings(input).ToArray())
        {
            files = Directory.GetFiles(_folder).Length;
            var (code, output, error) = CliRunner.Run(Arguments(command, spelling));
            Assert.True(code == CliErrors.InputError, $"{command} {kind}: exit {code}, {error}");
            Assert.Equal("", output);
            Assert.StartsWith($"clv {command}: error: --output {spelling} and {inputOption} ", error);
            Assert.Contains($"are the same file ({input})", error);
            Assert.Contains("would destroy the input", error);
            Assert.Single(error.TrimEnd().Split('\n'));
            Assert.Equal(before, Hash(input));
            Assert.Equal(files, Directory.GetFiles(_folder).Length); // nothing written, not even a temporary file
        }
    }

    [Fact]
    public void DistinctFilesWithTheSameNameInOtherFoldersAreNotTheSame()
    {
        string copy = Path.Combine(PathOf("sub"), "s.csv");
        File.Copy(PathOf("s.csv"), copy);
        Assert.False(FileIdentity.Same(PathOf("s.csv"), copy));
        Assert.True(FileIdentity.Same(PathOf("s.csv"), Path.Combine(PathOf("sub"), "..", "s.csv")));
        Assert.False(FileIdentity.Same(PathOf("s.csv"), PathOf("missing.csv")));
        if (OperatingSystem.IsLinux()) Assert.NotNull(FileIdentity.Inode(copy)); // the stat call works here
    }

    [Theory]
    [InlineData("summarize")]
    [InlineData("fit")]
    [InlineData("predict")]
    [InlineData("report")]
    public void AnExistingOutputIsReplacedOnlyWithForce(string command)
    {
        string output = PathOf("out-" + command);
        File.WriteAllText(output, "old content");
        var (code, stdout, error) = CliRunner.Run(Arguments(command, output));
        Assert.Equal(CliErrors.InputError, code);
        Assert.Equal("", stdout);
        Assert.Equal($"clv {command}: error: {output} already exists: pass --force to replace it.", error.TrimEnd());
        Assert.Equal("old content", File.ReadAllText(output));

        if (command == "report") return; // fitting the report's models on three transactions is another matter
        (code, _, error) = CliRunner.Run([.. Arguments(command, output), "--force"]);
        Assert.True(code == 0, error);
        Assert.NotEqual("old content", File.ReadAllText(output));
        Assert.Empty(Directory.GetFiles(_folder, ".*.tmp"));
    }

    [Fact]
    public void DemoRefusesExistingOutputsInTheSameWords()
    {
        string folder = PathOf("demo");
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "bgnbd.json"), "old");
        File.WriteAllText(Path.Combine(folder, "report.html"), "old");
        var (code, _, error) = CliRunner.Run("demo", "--output-dir", folder);
        Assert.Equal(CliErrors.InputError, code);
        Assert.Equal($"clv demo: error: {Path.Combine(folder, "bgnbd.json")}, {Path.Combine(folder, "report.html")} already exist: pass --force to replace them.",
            error.TrimEnd());
        Assert.Equal("old", File.ReadAllText(Path.Combine(folder, "bgnbd.json")));
    }

    [Fact]
    public void AnOutputThatDoesNotExistNeedsNoForce()
    {
        string output = PathOf("new.csv");
        var (code, _, error) = CliRunner.Run(Arguments("summarize", output));
        Assert.Equal((0, ""), (code, error));
        Assert.Equal(3, File.ReadAllLines(output).Length);
        Assert.Empty(Directory.GetFiles(_folder, ".*.tmp"));
    }
}
