using System.Globalization;
using Clv.Probabilistic.Cli;
using Clv.Probabilistic.Data;

namespace Clv.Probabilistic.Tests.Cli;

[CollectionDefinition(nameof(SummarizeCliCollection), DisableParallelization = true)]
public sealed class SummarizeCliCollection;

/// <summary>Runs <c>clv summarize</c> in-process on temporary files, capturing the console.</summary>
[Collection(nameof(SummarizeCliCollection))]
public sealed class SummarizeCommandTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("clv-summarize-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string PathOf(string name) => Path.Combine(_folder, name);

    internal static (int ExitCode, string Out, string Error) Run(params string[] args) => CliRunner.Run(args);

    [Fact]
    public void WritesSummaryMatchingTheLibrary()
    {
        File.WriteAllText(PathOf("tx.csv"), "customer_id,date,amount\na,2020-01-01,10\na,2020-01-08,20\na,2020-01-08,1.5\nb,2020-01-02,5\n");
        var (code, _, error) = Run("summarize", "--input", PathOf("tx.csv"), "--time-unit", "weeks",
            "--observation-end", "2020-01-31", "--output", PathOf("s.csv"));
        Assert.Equal((0, ""), (code, error));
        Assert.Equal(
            ["customer_id,frequency,recency,T,monetary_value", "a,1,1,4.285714285714286,21.5", "b,0,0,4.142857142857143,0"],
            File.ReadAllLines(PathOf("s.csv")));
        var back = RfmSummaryCsv.Read(PathOf("s.csv"), TimeUnit.Weeks);
        Assert.Equal(30 / 7.0, back.T[0]); // full precision
    }

    [Fact]
    public void CdnowSampleWithCalibrationEndGivesHoldoutColumns()
    {
        var lines = new List<string> { "id;day;cds;value" };
        var sample = Datasets.CdnowSample();
        for (int i = 0; i < sample.Count; i++)
            lines.Add(string.Create(CultureInfo.InvariantCulture, $"{sample.GetCustomerId(i)};{sample.GetDate(i):yyyyMMdd};1;{sample.Amounts[i]}"));
        File.WriteAllLines(PathOf("cdnow.csv"), lines);
        var (code, output, error) = Run("summarize", "--input", PathOf("cdnow.csv"), "--customer-column", "id", "--date-column", "day",
            "--amount-column", "value", "--delimiter", ";", "--date-format", "yyyyMMdd", "--time-unit", "weeks",
            "--observation-end", "1998-06-30", "--calibration-end", "1997-09-30", "--output", PathOf("h.csv"));
        Assert.Equal((0, ""), (code, error));
        Assert.Contains("2357 customers", CliRunner.LastStatus);
        var split = RfmSummaryCsv.ReadCalibrationHoldout(PathOf("h.csv"), TimeUnit.Weeks);
        Assert.Equal(2457, split.Calibration.Frequency.ToArray().Sum());
        Assert.Equal(1882, split.FrequencyHoldout.ToArray().Sum());
        Assert.All(split.DurationHoldout.ToArray(), d => Assert.Equal(39.0, d));
    }

    [Fact]
    public void WhitespaceDelimiterAndDropAfterEnd()
    {
        File.WriteAllText(PathOf("tx.txt"), "customer_id date amount\na 2020-01-01 -2\na  2020-01-03 4\na 2020-03-01 1\n");
        var (code, _, error) = Run("summarize", "--input", PathOf("tx.txt"), "--delimiter", "whitespace", "--time-unit", "days",
            "--observation-end", "2020-01-31", "--drop-after-end", "--allow-negative", "--output", PathOf("s.csv"));
        Assert.Equal((0, ""), (code, error));
        Assert.Equal("a,1,2,30,4", File.ReadAllLines(PathOf("s.csv"))[1]);
    }

    [Theory]
    [InlineData("2020-01-05", "weeks", "after the observation end")]
    [InlineData("2020-13-05", "weeks", "--observation-end")]
    [InlineData("2020-01-31", "weeks", "Column 'value' is missing", "--amount-column", "value")]
    [InlineData("2020-01-31", "fortnights", "Unknown time unit")]
    [InlineData("2020-01-31", "weeks", "not one character", "--delimiter", "ab")]
    [InlineData("2020-01-31", "weeks", "must be before", "--calibration-end", "2020-02-01")]
    public void BadInputGivesOneLineOnStandardErrorAndNonZeroExit(string end, string unit, string expected, params string[] extra)
    {
        File.WriteAllText(PathOf("tx.csv"), "customer_id,date,amount\na,2020-01-01,10\na,2020-01-08,20\n");
        var args = new List<string> { "summarize", "--input", PathOf("tx.csv"), "--time-unit", unit, "--observation-end", end, "--output", PathOf("s.csv") };
        args.AddRange(extra);
        var (code, _, error) = Run(args.ToArray());
        Assert.Equal(CliErrors.InputError, code);
        Assert.StartsWith("clv summarize: error: ", error);
        Assert.Contains(expected, error);
        Assert.Single(error.TrimEnd().Split('\n'));
        Assert.False(File.Exists(PathOf("s.csv")));
    }

    [Fact]
    public void MissingInputFileAndMissingOptionsFail()
    {
        var (code, _, error) = Run("summarize", "--input", PathOf("none.csv"), "--time-unit", "weeks", "--observation-end", "2020-01-31", "--output", PathOf("s.csv"));
        Assert.Equal(CliErrors.InputError, code);
        Assert.Contains("none.csv", error);
        Assert.NotEqual(0, Run("summarize", "--input", PathOf("none.csv")).ExitCode);
    }

    [Fact]
    public void HelpDescribesTheOptions()
    {
        var (code, output, _) = Run("summarize", "--help");
        Assert.Equal(0, code);
        Assert.Contains("--observation-end", output);
        Assert.Contains("--calibration-end", output);
    }
}
