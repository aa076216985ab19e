using System.Globalization;
using Clv.Probabilistic.Cli;
using Clv.Probabilistic.Tests.Cli;

namespace Clv.Probabilistic.Tests.Reporting;

/// <summary><c>clv report</c> in-process, on the embedded CDNOW data and on a user's CSV.</summary>
[Collection(nameof(SummarizeCliCollection))]
public sealed class CustomerBaseReportCliTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("clv-report-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string PathOf(string name) => Path.Combine(_folder, name);

    private static (int ExitCode, string Out, string Error) Run(params string[] args) => Clv.Probabilistic.Tests.Cli.CliRunner.Run(args);

    [Fact]
    public void Users_csv_gives_the_same_holdout_numbers_as_the_embedded_cdnow_and_refuses_to_overwrite_without_force()
    {
        var lines = new List<string> { "id;day;value" };
        var sample = Datasets.CdnowSample();
        for (int i = 0; i < sample.Count; i++)
            lines.Add(string.Create(CultureInfo.InvariantCulture, $"{sample.GetCustomerId(i)};{sample.GetDate(i):yyyy-MM-dd};{sample.Amounts[i]}"));
        File.WriteAllLines(PathOf("tx.csv"), lines);

        var (code, output, error) = Run("report", "--transactions", PathOf("tx.csv"), "--customer-column", "id", "--date-column", "day",
            "--amount-column", "value", "--delimiter", ";", "--calibration-end", "1997-09-30", "--observation-end", "1998-06-30",
            "--time-unit", "weeks", "--output", PathOf("r.html"));
        Assert.Equal((0, ""), (code, error));
        Assert.Contains("2357 customers, holdout purchases 1882 actual", Clv.Probabilistic.Tests.Cli.CliRunner.LastStatus);
        string html = File.ReadAllText(PathOf("r.html"));
        Assert.Contains("1,882.00<", html);
        Assert.Contains("Gradient-boosted trees (ML.NET)", html);

        (code, _, error) = Run("report", "--output", PathOf("r.html"));
        Assert.Equal(CliErrors.InputError, code);
        Assert.Single(error.TrimEnd().Split('\n'));
        Assert.Contains("--force", error);
        Assert.Equal(html, File.ReadAllText(PathOf("r.html")));
    }

    [Fact]
    public void Transactions_without_dates_is_a_one_line_error()
    {
        File.WriteAllText(PathOf("tx.csv"), "customer_id,date,amount\na,2020-01-01,1\n");
        var (code, output, error) = Run("report", "--transactions", PathOf("tx.csv"), "--output", PathOf("r.html"));
        Assert.Equal(CliErrors.InputError, code);
        Assert.Equal("clv report: error: --calibration-end is required with --input.", error.TrimEnd());
        Assert.Equal("", output);
        Assert.False(File.Exists(PathOf("r.html")));
    }

    [Fact]
    public void Without_inputs_it_reports_on_the_embedded_cdnow_sample()
    {
        var (code, output, error) = Run("report", "--output", PathOf("cdnow.html"), "--force");
        Assert.Equal((0, ""), (code, error));
        Assert.Contains("2357 customers, holdout purchases 1882 actual", Clv.Probabilistic.Tests.Cli.CliRunner.LastStatus);
        Assert.Contains("CDNOW sample", File.ReadAllText(PathOf("cdnow.html")));
    }

    [Fact]
    public void Data_without_repeat_purchases_is_a_one_line_error()
    {
        File.WriteAllText(PathOf("tx.csv"), "customer_id,date,amount\na,2020-01-01,1\nb,2020-01-02,2\nc,2020-02-01,3\n");
        var (code, _, error) = Run("report", "--transactions", PathOf("tx.csv"), "--calibration-end", "2020-01-15",
            "--observation-end", "2020-03-01", "--output", PathOf("r.html"));
        Assert.Equal(CliErrors.InputError, code);
        Assert.Single(error.TrimEnd().Split('\n'));
        Assert.Contains("No customer in the summary has a repeat purchase", error);
        Assert.False(File.Exists(PathOf("r.html")));
    }
}
