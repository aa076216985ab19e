using System.Diagnostics;
using System.Globalization;
using Clv.Probabilistic.Data;
using DuckDB.NET.Data;

namespace Clv.Probabilistic.Tests.Cli;

/// <summary>
/// <c>clv summarize</c> on a Parquet log (read by DuckDB) writes the same file, byte for byte, as on the same log as CSV:
/// the CDNOW sample is written once as CSV and once, by DuckDB itself, as Parquet with typed columns.
/// </summary>
[Collection(nameof(SummarizeCliCollection))]
public sealed class ParquetSummarizeCommandTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("clv-parquet-").FullName;

    public ParquetSummarizeCommandTests()
    {
        var sample = Datasets.CdnowSample();
        var lines = new List<string> { "customer_id,date,amount" };
        for (int i = 0; i < sample.Count; i++)
            lines.Add(string.Create(CultureInfo.InvariantCulture, $"{sample.GetCustomerId(i)},{sample.GetDate(i):yyyy-MM-dd},{sample.Amounts[i]:R}"));
        File.WriteAllLines(PathOf("tx.csv"), lines);
        WriteParquet(PathOf("tx.csv"), PathOf("tx.parquet"));
    }

    /// <summary>A transaction log CSV (customer_id,date,amount) as Parquet with VARCHAR, DATE and DOUBLE columns, written by DuckDB.</summary>
    internal static void WriteParquet(string csv, string parquet)
    {
        using var connection = new DuckDBConnection("DataSource=:memory:");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"""
            COPY (SELECT * FROM read_csv({Literal(csv)}, header = true,
                columns = {"{"}'customer_id': 'VARCHAR', 'date': 'DATE', 'amount': 'DOUBLE'{"}"}))
            TO {Literal(parquet)} (FORMAT parquet)
            """;
        command.ExecuteNonQuery();
    }

    private static string Literal(string text) => "'" + text.Replace("'", "''", StringComparison.Ordinal) + "'";

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string PathOf(string name) => Path.Combine(_folder, name);

    [Theory]
    [InlineData("tx.parquet")]
    [InlineData("tx.parquet", "--calibration-end", "1997-09-30")]
    [InlineData("tx.parquet", "--include-first-purchase")]
    [InlineData("tx.bin", "--format", "parquet")]
    [InlineData("tx.bin")]
    public void ParquetSummaryEqualsTheCsvSummary(string file, params string[] options)
    {
        if (file != "tx.parquet") File.Copy(PathOf("tx.parquet"), PathOf(file));
        string[] common = ["summarize", "--time-unit", "weeks", "--observation-end", "1998-06-30"];
        var csvOptions = options.Where((_, i) => options[i] != "--format" && (i == 0 || options[i - 1] != "--format")).ToArray();
        var (code, _, error) = CliRunner.Run([.. common, .. csvOptions, "--input", PathOf("tx.csv"), "--output", PathOf("csv.csv")]);
        Assert.Equal((0, ""), (code, error));
        (code, _, error) = CliRunner.Run([.. common, .. options, "--input", PathOf(file), "--output", PathOf("parquet.csv")]);
        Assert.Equal((0, ""), (code, error));
        Assert.Contains("2357 customers", CliRunner.LastStatus);
        Assert.Equal(File.ReadAllBytes(PathOf("csv.csv")), File.ReadAllBytes(PathOf("parquet.csv")));
        Assert.Equal(2358, File.ReadAllLines(PathOf("parquet.csv")).Length);
    }

    [Fact]
    public void DiscreteHistoriesFromParquetEqualTheCsvOnes()
    {
        string[] common = ["summarize", "--periods", "quarter", "--period-start", "1997-01-01", "--calibration-periods", "4", "--holdout-periods", "1"];
        var (code, _, error) = CliRunner.Run([.. common, "--input", PathOf("tx.csv"), "--output", PathOf("csv.csv")]);
        Assert.Equal((0, ""), (code, error));
        (code, _, error) = CliRunner.Run([.. common, "--input", PathOf("tx.parquet"), "--output", PathOf("parquet.csv")]);
        Assert.Equal((0, ""), (code, error));
        Assert.Equal(File.ReadAllBytes(PathOf("csv.csv")), File.ReadAllBytes(PathOf("parquet.csv")));
    }

    /// <summary>
    /// Parquet piped into the real process (<c>--input -</c>, recognised by its magic bytes) and the summary on standard
    /// output: the same bytes as the CSV log's summary file. In-process runs cannot carry binary standard input.
    /// </summary>
    [Theory]
    [InlineData]
    [InlineData("--format", "parquet")]
    public async Task ParquetFromStandardInputInTheRealProcessEqualsTheCsvSummary(params string[] options)
    {
        string[] common = ["summarize", "--time-unit", "weeks", "--observation-end", "1998-06-30"];
        var (code, _, error) = CliRunner.Run([.. common, "--input", PathOf("tx.csv"), "--output", PathOf("csv.csv")]);
        Assert.Equal((0, ""), (code, error));
        var start = new ProcessStartInfo("dotnet") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "clv.dll"));
        foreach (var argument in (string[])[.. common, .. options, "--input", "-", "--output", "-"]) start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var standardError = process.StandardError.ReadToEndAsync();
        var standardOutput = new MemoryStream();
        var copyOut = process.StandardOutput.BaseStream.CopyToAsync(standardOutput);
        using (var stdin = process.StandardInput.BaseStream) await stdin.WriteAsync(File.ReadAllBytes(PathOf("tx.parquet")));
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        await copyOut;
        string errors = await standardError;
        Assert.True(process.ExitCode == 0, errors);
        Assert.Contains("2357 customers", errors);
        Assert.Equal(File.ReadAllBytes(PathOf("csv.csv")), standardOutput.ToArray());
    }

    [Fact]
    public void TextReadAsParquetIsAnErrorNamingTheFile()
    {
        var (code, _, error) = CliRunner.Run("summarize", "--input", PathOf("tx.csv"), "--format", "parquet", "--time-unit", "weeks",
            "--observation-end", "1998-06-30", "--output", PathOf("s.csv"));
        Assert.Equal(1, code);
        Assert.StartsWith($"clv summarize: error: {PathOf("tx.csv")}", error.Trim());
        Assert.Contains("DuckDB cannot read the source", error);
        Assert.False(File.Exists(PathOf("s.csv")));
    }

    [Theory]
    [InlineData(new[] { "--format", "xlsx" }, "--format: 'xlsx' is not a supported format (csv, parquet).")]
    [InlineData(new[] { "--delimiter", ";" }, "--delimiter applies to delimited text; a Parquet file has none.")]
    [InlineData(new[] { "--date-format", "dd.MM.yyyy" }, "--date-format 'dd.MM.yyyy': a Parquet file's text dates take 'iso', 'yyyyMMdd' or a strptime format such as '%d/%m/%Y'.")]
    public void OptionsThatDoNotFitParquetAreRefused(string[] options, string message)
    {
        var (code, _, error) = CliRunner.Run(["summarize", "--input", PathOf("tx.parquet"), "--time-unit", "weeks",
            "--observation-end", "1998-06-30", "--output", PathOf("s.csv"), .. options]);
        Assert.Equal((1, $"clv summarize: error: {message}"), (code, error.Trim()));
    }
}
