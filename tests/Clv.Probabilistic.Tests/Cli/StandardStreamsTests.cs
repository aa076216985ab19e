using System.Text.Json;
using Clv.Probabilistic.Cli;
using Clv.Probabilistic.Data;
using Clv.Probabilistic.Persistence;

namespace Clv.Probabilistic.Tests.Cli;

/// <summary>
/// The tool composes: <c>-</c> is standard input or output for the file options, status goes to standard error (so the
/// data on standard output are clean and equal to the file a path would get), option aliases, <c>--json</c>, and one
/// interval level for every fit method.
/// </summary>
[Collection(nameof(SummarizeCliCollection))]
public sealed class StandardStreamsTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("clv-stdio-test-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string PathOf(string name) => Path.Combine(_folder, name);

    private static readonly string[] Summarize = ["summarize", "--customer-column", "Id", "--date-column", "Date", "--amount-column", "Price",
        "--time-unit", "weeks", "--observation-end", "2010-12-31"];

    private static string ApparelLog() => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "TestData", "Apparel", "apparelTrans.csv"));

    private string SummaryFile()
    {
        string path = PathOf("s.csv");
        if (!File.Exists(path))
        {
            File.WriteAllText(PathOf("tx.csv"), ApparelLog());
            var (code, _, error) = CliRunner.Run([.. Summarize, "--input", PathOf("tx.csv"), "--output", path]);
            Assert.Equal((0, ""), (code, error));
        }
        return path;
    }

    [Fact]
    public void Summarize_reads_standard_input_and_writes_standard_output_byte_for_byte_as_the_file()
    {
        string file = SummaryFile();
        var (code, output, error) = CliRunner.RunWithStatus(ApparelLog(), [.. Summarize, "--input", "-", "--output", "-"]);
        Assert.Equal(0, code);
        Assert.Equal(File.ReadAllText(file), output);
        Assert.Equal("Summarised 3187 transactions into 600 customers (weeks): - (standard output)", error.Trim());
    }

    [Fact]
    public void Dev_stdout_is_standard_output_and_needs_no_force()
    {
        string file = SummaryFile();
        var (code, output, _) = CliRunner.RunWithStatus(null, [.. Summarize, "--input", PathOf("tx.csv"), "--output", "/dev/stdout"]);
        Assert.Equal(0, code);
        Assert.Equal(File.ReadAllText(file), output);
    }

    [Fact]
    public void Errors_on_standard_input_name_it_and_a_failed_command_writes_nothing_to_standard_output()
    {
        var (code, output, error) = CliRunner.RunWithStatus("Id,Date,Price\n1,2005-01-02,abc\n", [.. Summarize, "--input", "-", "--output", "-"]);
        Assert.Equal(CliErrors.InputError, code);
        Assert.Equal("", output);
        Assert.StartsWith("clv summarize: error: - (standard input)", error);
        Assert.DoesNotContain("clv-stdio-", error);
    }

    [Fact]
    public void Fit_writes_the_model_file_to_standard_output_and_predict_reads_it_from_standard_input()
    {
        string summary = SummaryFile();
        var (code, _, error) = CliRunner.Run("fit", "--model", "bgnbd", "--input", summary, "--time-unit", "weeks", "--output", PathOf("m.json"));
        Assert.Equal((0, ""), (code, error));
        (code, var model, error) = CliRunner.RunWithStatus(File.ReadAllText(summary), "fit", "--model", "bgnbd", "--input", "-", "--time-unit", "weeks", "--output", "-");
        Assert.Equal(0, code);
        Assert.Equal(File.ReadAllText(PathOf("m.json")), model);
        Assert.Contains("BG/NBD (bgnbd), maximum likelihood", error); // the table goes to standard error when standard output carries the file
        Assert.Contains("Wrote bgnbd model (mle, weeks, converged): - (standard output)", error);

        (code, _, error) = CliRunner.Run("predict", "--model", PathOf("m.json"), "--input", summary, "--horizon", "52", "--output", PathOf("p.csv"));
        Assert.Equal((0, ""), (code, error));
        (code, var predictions, error) = CliRunner.RunWithStatus(model, "predict", "--model", "-", "--input", summary, "--horizon", "52", "--output", "-");
        Assert.Equal(0, code);
        Assert.Equal(File.ReadAllText(PathOf("p.csv")), predictions);
        Assert.Equal("Predicted 600 customers over 52 weeks: - (standard output)", error.Trim());
    }

    [Fact]
    public void Only_one_option_reads_standard_input_and_only_one_writes_standard_output()
    {
        string summary = SummaryFile();
        var (code, output, error) = CliRunner.RunWithStatus("x", "predict", "--model", "-", "--input", "-", "--horizon", "52", "--output", PathOf("p.csv"));
        Assert.Equal(CliErrors.InputError, code);
        Assert.Equal("", output);
        Assert.Equal("clv predict: error: --input -: standard input is read by another option already; only one option can read it.", error.Trim());
        Assert.False(File.Exists(PathOf("p.csv")));

        (code, _, error) = CliRunner.Run("fit", "--model", "bgnbd", "--input", summary, "--time-unit", "weeks", "--output", "-", "--json");
        Assert.Equal(CliErrors.InputError, code);
        Assert.Contains("--json prints the fit on standard output", error);
    }

    [Fact]
    public void Demo_refuses_standard_output_for_its_folder_and_takes_output_dir_as_an_alias_of_output()
    {
        var (code, output, error) = CliRunner.Run("demo", "--output", "-");
        Assert.Equal(CliErrors.InputError, code);
        Assert.Equal("", output);
        Assert.StartsWith("clv demo: error: --output -: the demo writes a folder of four files", error);

        var demo = Program.BuildRoot("demo").Subcommands.Single();
        var parse = demo.Parse(["--output-dir", "x"]);
        Assert.Empty(parse.Errors);
        Assert.Equal("x", parse.GetValue<string>("--output"));
    }

    [Fact]
    public void Report_takes_input_and_its_former_name_transactions_and_writes_html_to_standard_output()
    {
        File.WriteAllText(PathOf("tx.csv"), ApparelLog());
        string[] report = ["report", "--customer-column", "Id", "--date-column", "Date", "--amount-column", "Price",
            "--calibration-end", "2006-12-31", "--observation-end", "2010-12-31"];
        var (code, _, error) = CliRunner.Run([.. report, "--input", PathOf("tx.csv"), "--output", PathOf("a.html")]);
        Assert.Equal((0, ""), (code, error));
        (code, _, error) = CliRunner.Run([.. report, "--transactions", PathOf("tx.csv"), "--output", PathOf("b.html")]);
        Assert.Equal((0, ""), (code, error));
        Assert.Equal(File.ReadAllText(PathOf("a.html")), File.ReadAllText(PathOf("b.html")));
        (code, var html, error) = CliRunner.RunWithStatus(ApparelLog(), [.. report, "--input", "-", "--output", "-"]);
        Assert.Equal(0, code);
        Assert.Equal(File.ReadAllText(PathOf("a.html")).Replace("tx.csv", "standard input", StringComparison.Ordinal), html);
        Assert.StartsWith("Wrote - (standard output): 600 customers", error.Trim());
    }

    [Fact]
    public void Compare_reads_standard_input()
    {
        string summary = SummaryFile();
        var (code, fromFile, error) = CliRunner.Run("compare", "--input", summary, "--time-unit", "weeks", "--models", "bgnbd,pareto-nbd", "--json");
        Assert.Equal((0, ""), (code, error));
        (code, var fromStdin, error) = CliRunner.RunWithStatus(File.ReadAllText(summary), "compare", "--input", "-", "--time-unit", "weeks", "--models", "bgnbd,pareto-nbd", "--json");
        Assert.Equal((0, ""), (code, error));
        Assert.Equal(fromFile, fromStdin);
        JsonDocument.Parse(fromStdin).Dispose();
    }

    [Theory]
    [InlineData("mle")]
    [InlineData("laplace")]
    [InlineData("nuts")]
    public void Fit_json_is_the_model_file_and_every_method_prints_intervals_at_one_level(string method)
    {
        string summary = SummaryFile();
        string[] fit = ["fit", "--model", "bgnbd", "--method", method, "--input", summary, "--time-unit", "weeks", "--chains", "2", "--draws", "100", "--warmup", "100"];
        var (code, table, error) = CliRunner.Run([.. fit, "--output", PathOf(method + "-default.json")]);
        Assert.Equal(0, code);
        Assert.Contains(method == "nuts" ? "90% CrI lower" : "90% CI lower", table);
        if (method == "nuts") Assert.Matches(@"\n\s*parameter\s+mean\s+sd\s+mcse\s+5%\s+50%\s+95%", table);

        (code, table, _) = CliRunner.Run([.. fit, "--interval", "0.8", "--output", PathOf(method + ".json")]);
        Assert.Equal(0, code);
        Assert.Contains(method == "nuts" ? "80% CrI lower" : "80% CI lower", table);
        if (method == "nuts") Assert.Matches(@"\n\s*parameter\s+mean\s+sd\s+mcse\s+10%\s+50%\s+90%", table);

        (code, var json, _) = CliRunner.Run([.. fit, "--interval", "0.8", "--output", PathOf(method + "-json.json"), "--json"]);
        Assert.Equal(0, code);
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        var file = ModelDocument.Load(PathOf(method + "-json.json"));
        Assert.Equal(File.ReadAllText(PathOf(method + ".json")), File.ReadAllText(PathOf(method + "-json.json")));
        Assert.Equal(("bgnbd", method, "weeks", file.Status), (root.GetProperty("model").GetString(), root.GetProperty("method").GetString(),
            root.GetProperty("time_unit").GetString(), root.GetProperty("verdict").GetString()));
        Assert.Equal(0.8, root.GetProperty("interval_level").GetDouble());
        Assert.Equal(0.8, file.ConfidenceLevel);
        Assert.Equal(PathOf(method + "-json.json"), root.GetProperty("model_file").GetString());
        var fitted = ModelFile.Load(PathOf(method + "-json.json"));
        var estimates = root.GetProperty("estimates").EnumerateArray().ToArray();
        Assert.Equal(file.Parameters.Count, estimates.Length);
        for (int j = 0; j < estimates.Length; j++)
        {
            string name = estimates[j].GetProperty("name").GetString()!;
            Assert.Equal(file.Parameters[name], estimates[j].GetProperty("estimate").GetDouble());
            if (fitted.Estimates.Count > 0)
            {
                Assert.Equal(fitted.Estimates[j].Lower, estimates[j].GetProperty("lower").GetDouble());
                Assert.Equal(fitted.Estimates[j].Upper, estimates[j].GetProperty("upper").GetDouble());
            }
        }
        Assert.Equal(file.LogLikelihood, root.GetProperty("log_likelihood").GetDouble());
    }

    [Fact]
    public void Fit_refuses_an_interval_level_outside_zero_to_one()
    {
        var (code, _, error) = CliRunner.Run("fit", "--model", "bgnbd", "--input", SummaryFile(), "--time-unit", "weeks", "--output", PathOf("m.json"), "--interval", "95");
        Assert.Equal(CliErrors.InputError, code);
        Assert.Equal("clv fit: error: --interval: 95 is not a level in (0, 1), e.g. 0.9.", error.Trim());
    }
}
