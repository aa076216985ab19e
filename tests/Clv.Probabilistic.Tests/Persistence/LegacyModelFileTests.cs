using System.Globalization;
using Clv.Probabilistic.Tests.Cli;

namespace Clv.Probabilistic.Tests.Persistence;

/// <summary>
/// Model files written by an earlier release (<c>Persistence/Fixtures/v1</c>, made as its README says) still load and
/// predict identically: each stored <c>clv predict</c> command is rerun in-process and its CSV compared with the stored
/// one, every number to 1e-12 relative, header and customer ids exactly.
/// </summary>
/// <remarks>
/// Only the command line and files are used, never the library's model types, so that these tests outlive a refactoring
/// of those types and of the model-file format. In the CLI collection: the console is captured.
/// </remarks>
[Collection(nameof(SummarizeCliCollection))]
public sealed class LegacyModelFileTests : IDisposable
{
    private const double RelativeTolerance = 1e-12;

    private static readonly string FixtureFolder = Path.Combine(AppContext.BaseDirectory, "Persistence", "Fixtures", "v1");

    /// <summary>Expected predictions file → the <c>clv predict</c> arguments that wrote it (without <c>--output</c>).</summary>
    private static readonly Dictionary<string, string[]> Commands = new()
    {
        ["predict-bgnbd-mle-39w.csv"] =
            ["--model", "bgnbd-mle-weeks.json", "--input", "cdnow-weeks.csv", "--horizon", "39"],
        ["predict-bgnbd-laplace-39w-interval90.csv"] =
            ["--model", "bgnbd-laplace-weeks.json", "--input", "cdnow-weeks.csv", "--horizon", "39", "--interval", "0.9"],
        ["predict-bgnbd-nuts-39w-interval90.csv"] =
            ["--model", "bgnbd-nuts-weeks.json", "--input", "cdnow-weeks.csv", "--horizon", "39", "--interval", "0.9"],
        ["predict-mle-spend-mle-12m.csv"] =
            ["--model", "bgnbd-mle-weeks.json", "--input", "cdnow-weeks.csv", "--spend-model", "gamma-gamma-mle.json",
             "--discount-rate", "0.01", "--horizon", "12", "--horizon-unit", "months"],
        ["predict-laplace-spend-laplace-12m-interval90.csv"] =
            ["--model", "bgnbd-laplace-weeks.json", "--input", "cdnow-weeks.csv", "--spend-model", "gamma-gamma-laplace.json",
             "--discount-rate", "0.01", "--horizon", "12", "--horizon-unit", "months", "--interval", "0.9"],
        ["predict-nuts-spend-nuts-12m-interval90.csv"] =
            ["--model", "bgnbd-nuts-weeks.json", "--input", "cdnow-weeks.csv", "--spend-model", "gamma-gamma-nuts.json",
             "--discount-rate", "0.01", "--horizon", "12", "--horizon-unit", "months", "--interval", "0.9"],
        ["predict-bgnbd-mle-days-39w.csv"] =
            ["--model", "bgnbd-mle-days.json", "--input", "cdnow-days.csv", "--horizon", "39", "--horizon-unit", "weeks"],
    };

    private static readonly HashSet<string> FileOptions = ["--model", "--input", "--spend-model"];

    public static TheoryData<string> ExpectedFiles => new(Commands.Keys);

    private readonly string _folder = Directory.CreateTempSubdirectory("clv-legacy-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Theory]
    [MemberData(nameof(ExpectedFiles))]
    public void PredictFromV1ModelFilesReproducesTheStoredCsv(string expectedFile)
    {
        var arguments = new List<string> { "predict" };
        var command = Commands[expectedFile];
        for (int i = 0; i < command.Length; i++)
            arguments.Add(i > 0 && FileOptions.Contains(command[i - 1]) ? Path.Combine(FixtureFolder, command[i]) : command[i]);
        string output = Path.Combine(_folder, expectedFile);
        arguments.AddRange(["--output", output]);

        var (code, _, error) = CliRunner.Run([.. arguments]);
        Assert.Equal((0, ""), (code, error));
        AssertSameCsv(Path.Combine(FixtureFolder, expectedFile), output);
    }

    // Every stored model file is read by at least one command above, so every one is checked to load and predict.
    [Fact]
    public void EveryV1ModelFileIsLoadedByAPredictCommand()
    {
        var models = Directory.GetFiles(FixtureFolder, "*.json").Select(Path.GetFileName).Order().ToArray();
        Assert.Equal(7, models.Length);
        var used = Commands.Values.SelectMany(c => c.Where((_, i) => i > 0 && c[i - 1] is "--model" or "--spend-model")).ToHashSet();
        Assert.All(models, model => Assert.Contains(model!, used));
        foreach (string expected in Commands.Keys) Assert.True(File.Exists(Path.Combine(FixtureFolder, expected)), expected);
    }

    private static void AssertSameCsv(string expectedPath, string actualPath)
    {
        var expected = File.ReadAllLines(expectedPath);
        var actual = File.ReadAllLines(actualPath);
        Assert.Equal(expected[0], actual[0]);
        Assert.Equal(expected.Length, actual.Length);
        for (int row = 1; row < expected.Length; row++)
        {
            var e = expected[row].Split(',');
            var a = actual[row].Split(',');
            Assert.Equal(e.Length, a.Length);
            Assert.Equal(e[0], a[0]);
            for (int column = 1; column < e.Length; column++)
            {
                double x = double.Parse(e[column], NumberStyles.Float, CultureInfo.InvariantCulture);
                double y = double.Parse(a[column], NumberStyles.Float, CultureInfo.InvariantCulture);
                if (!(Math.Abs(x - y) <= RelativeTolerance * Math.Abs(x)))
                    Assert.Fail($"{Path.GetFileName(expectedPath)} line {row + 1} ({e[0]}), column {expected[0].Split(',')[column]}: expected {e[column]}, got {a[column]}.");
            }
        }
    }
}
