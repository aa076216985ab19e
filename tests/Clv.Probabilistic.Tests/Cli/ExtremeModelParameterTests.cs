using System.Globalization;
using System.Text.RegularExpressions;

namespace Clv.Probabilistic.Tests.Cli;

/// <summary>
/// Issue 16, item 4 ("No hangs"): <c>clv predict</c> with a BG/NBD model file whose parameters are at the edge of double
/// (b = 1.7e308 once took more than 300 s) ends promptly, with finite output (a closed-form limit) or a one-line error
/// and a non-zero exit code. Each run is given 60 s; not finishing fails the test (no timing is asserted otherwise).
/// </summary>
[Collection(nameof(SummarizeCliCollection))]
public sealed class ExtremeModelParameterTests : IDisposable
{
    private static readonly string FixtureFolder = Path.Combine(AppContext.BaseDirectory, "Persistence", "Fixtures", "v1");
    private readonly string _folder = Directory.CreateTempSubdirectory("clv-extreme-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    public static TheoryData<string> Cases() => new()
    {
        "b=1.8e308", "a=1.8e308", "r=1e300", "alpha=1e-300", "alpha=1e300",
        "b=1.7e308", "a=1.7e308", "r=1.7e308", "alpha=1.7e308", "alpha=4.9e-324", "r=1e-300", "a=1e-300", "b=1e-300",
        "a=1e20;b=1e20", "a=1e300;b=1e300", "r=1.7e308;a=1.7e308", "r=1.7e308;b=1.7e308",
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task PredictEndsWithFiniteOutputOrAOneLineError(string parameters)
    {
        string model = WriteModel(parameters);
        string output = Path.Combine(_folder, "p.csv");
        string input = Path.Combine(FixtureFolder, "cdnow-weeks.csv");
        var run = Task.Run(() => CliRunner.Run("predict", "--model", model, "--input", input, "--horizon", "39", "--output", output));
        // WaitAsync throws TimeoutException (failing the test) if the command has not finished within 60 s.
        var (code, _, error) = await run.WaitAsync(TimeSpan.FromSeconds(60));
        if (code == 0)
        {
            Assert.Equal("", error);
            var lines = File.ReadAllLines(output);
            Assert.Equal(2358, lines.Length);
            foreach (string line in lines.Skip(1))
            foreach (string field in line.Split(',').Skip(1))
            {
                double value = double.Parse(field, CultureInfo.InvariantCulture);
                Assert.True(double.IsFinite(value) && value >= 0, $"{parameters}: '{line}'");
            }
        }
        else
        {
            Assert.Single(error.TrimEnd('\n', '\r').Split('\n'));
            Assert.StartsWith("clv predict: error: ", error);
            Assert.False(File.Exists(output));
        }
    }

    // The limit b → ∞ is the Gamma–Poisson mean without dropout, E[Y] = P(alive)·(r+x)·t/(α+T) with P(alive) = 1
    // at a/(b+x−1) = 0: b = 1e100, the largest value a model file may hold, gives it. Past the supported range (b = 1e308
    // once gave expected purchases of 1.8e307; r = 1.7e308 has no finite limit) the file is refused, naming the range.
    [Fact]
    public void LargeBGivesTheNoDropoutLimitAndParametersPastTheSupportedRangeAreRefused()
    {
        string input = Path.Combine(FixtureFolder, "cdnow-weeks.csv");
        string output = Path.Combine(_folder, "b.csv");
        var (code, _, error) = CliRunner.Run("predict", "--model", WriteModel("b=1e100"), "--input", input, "--horizon", "39", "--output", output);
        Assert.Equal((0, ""), (code, error));
        var inputRows = File.ReadAllLines(input);
        var header = inputRows[0].Split(',');
        int xColumn = Array.IndexOf(header, "frequency"), tColumn = Array.IndexOf(header, "T");
        var predicted = File.ReadAllLines(output).Skip(1).Select(l => l.Split(',')).ToArray();
        for (int i = 0; i < predicted.Length; i++)
        {
            var row = inputRows[i + 1].Split(',');
            double x = double.Parse(row[xColumn], CultureInfo.InvariantCulture), t = double.Parse(row[tColumn], CultureInfo.InvariantCulture);
            double expected = (0.24259435223193143 + x) * 39 / (4.413592758089469 + t);
            Assert.Equal(1.0, double.Parse(predicted[i][2], CultureInfo.InvariantCulture));
            Assert.Equal(expected, double.Parse(predicted[i][1], CultureInfo.InvariantCulture), expected * 1e-14);
        }

        foreach (var (parameters, name, value) in new[] { ("b=1e308", "b", "1E+308"), ("b=1.7e308", "b", "1.7E+308"), ("r=1.7e308", "r", "1.7E+308"), ("alpha=1e-101", "alpha", "1E-101") })
        {
            string model = WriteModel(parameters);
            var (rCode, _, rError) = CliRunner.Run("predict", "--model", model, "--input", input, "--horizon", "39", "--output", Path.Combine(_folder, "r.csv"));
            Assert.Equal(1, rCode);
            Assert.Equal($"clv predict: error: {model}: model 'bgnbd': parameter '{name}' is {value}, outside the range the library supports for a positive parameter (1e-100 to 1e100): its predictions would not be reliable there; fit the model again.",
                rError.TrimEnd('\r', '\n'));
            Assert.False(File.Exists(Path.Combine(_folder, "r.csv")));
        }
    }

    private string WriteModel(string parameters)
    {
        string text = File.ReadAllText(Path.Combine(FixtureFolder, "bgnbd-mle-weeks.json"));
        int start = text.IndexOf("\"parameters\"", StringComparison.Ordinal), end = text.IndexOf('}', start);
        string block = text[start..end];
        foreach (string assignment in parameters.Split(';'))
        {
            var (name, value) = (assignment.Split('=')[0], assignment.Split('=')[1]);
            block = Regex.Replace(block, $"(\"{name}\": )[^,\\n]+", m => m.Groups[1].Value + value);
        }

        string path = Path.Combine(_folder, parameters.Replace(';', '_').Replace('=', '-') + ".json");
        File.WriteAllText(path, text[..start] + block + text[end..]);
        return path;
    }
}
