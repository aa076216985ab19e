using System.Globalization;
using DuckDB.NET.Data;

namespace Clv.Probabilistic.Tests.Cli;

/// <summary>
/// clv summarize | fit | score --engine duckdb on CDNOW: the predictions written into the DuckDB table (with CLV and
/// intervals) equal clv predict's on the same customers.
/// </summary>
[Collection(nameof(SummarizeCliCollection))]
public sealed class EngineScoreCommandTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("clv-duckdb-cli-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string PathOf(string name) => Path.Combine(_directory, name);

    /// <summary>The CDNOW sample as a transaction CSV.</summary>
    private string WriteLog()
    {
        var log = Datasets.CdnowSample();
        using var writer = new StreamWriter(PathOf("tx.csv"));
        writer.Write("customer_id,date,amount\n");
        for (int i = 0; i < log.Count; i++)
            writer.Write(string.Create(CultureInfo.InvariantCulture, $"{log.GetCustomerId(i)},{log.GetDate(i):yyyy-MM-dd},{log.Amounts[i]:R}\n"));
        return PathOf("tx.csv");
    }

    private static void Ok((int ExitCode, string Out, string Error) run) => Assert.True(run.ExitCode == 0, run.Out + run.Error);

    [Fact]
    public void ScoredPredictionsWithClvAndIntervalsEqualClvPredict()
    {
        string log = WriteLog(), db = PathOf("sales.duckdb");
        string[] period = ["--time-unit", "weeks", "--observation-end", "1997-09-30", "--drop-after-end"];
        Ok(CliRunner.Run(["summarize", "--engine", "duckdb", "--input", log, .. period, "--output", PathOf("s.csv"), "--connection", db, "--write-table", "summaries"]));
        Ok(CliRunner.Run(["fit", "--model", "bgnbd", "--method", "laplace", "--engine", "duckdb", "--input", log, .. period, "--output", PathOf("bg.json")]));
        Ok(CliRunner.Run(["fit", "--model", "gamma-gamma", "--method", "laplace", "--engine", "duckdb", "--connection", db,
            "--query", $"SELECT * FROM read_csv('{log}', all_varchar = true)", .. period, "--output", PathOf("gg.json")]));
        string[] valuation = ["--model", PathOf("bg.json"), "--spend-model", PathOf("gg.json"), "--horizon", "6", "--horizon-unit", "months",
            "--discount-rate", "0.02", "--margin", "0.3", "--interval", "0.8", "--draws", "50"];
        var score = CliRunner.Run(["score", "--engine", "duckdb", "--connection", db, "--table", "summaries", .. valuation, "--write-table", "predictions", "--batch-size", "1000"]);
        Ok(score);
        Assert.Contains("scored 2357 customers", score.Error);
        Ok(CliRunner.Run(["predict", "--input", PathOf("s.csv"), .. valuation, "--output", PathOf("p.csv")]));

        var lines = File.ReadAllLines(PathOf("p.csv"));
        var header = lines[0].Split(',');
        Assert.Contains("clv_lower", header);
        var predicted = lines.Skip(1).Select(l => l.Split(',')).ToDictionary(f => f[0], f => f);
        using var connection = new DuckDBConnection("DataSource=" + db);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT * FROM predictions";
        using var reader = command.ExecuteReader();
        int rows = 0, compared = 0;
        while (reader.Read())
        {
            rows++;
            var expected = predicted[reader.GetString(0)];
            for (int c = 1; c < header.Length; c++)
            {
                double want = double.Parse(expected[c], CultureInfo.InvariantCulture), got = reader.GetDouble(reader.GetOrdinal(header[c]));
                Assert.Equal(want, got, 1e-12 * Math.Max(1, Math.Abs(want)));
                compared++;
            }
        }
        Assert.Equal(2357, rows);
        Assert.Equal(2357 * 12, compared);
    }

    [Fact]
    public void BadEngineInputIsAnInputErrorNamingTheOption()
    {
        string log = WriteLog();
        string[] period = ["--time-unit", "weeks", "--observation-end", "1997-09-30", "--drop-after-end"];
        var both = CliRunner.Run(["summarize", "--engine", "duckdb", "--input", log, "--table", "tx", .. period, "--output", PathOf("x.csv")]);
        Assert.Equal(1, both.ExitCode);
        Assert.Contains("exactly one of --input", both.Error);
        var memory = CliRunner.Run(["summarize", "--engine", "duckdb", "--input", log, .. period, "--write-table", "s"]);
        Assert.Equal(1, memory.ExitCode);
        Assert.Contains("needs --connection", memory.Error);
        var column = CliRunner.Run(["summarize", "--engine", "duckdb", "--input", log, "--amount-column", "price", .. period, "--output", PathOf("x.csv")]);
        Assert.Equal(1, column.ExitCode);
        Assert.Contains("price", column.Error);
        var noTable = CliRunner.Run(["score", "--engine", "duckdb", "--connection", PathOf("empty.duckdb"), "--table", "summaries",
            "--model", PathOf("none.json"), "--horizon", "4", "--write-table", "p"]);
        Assert.Equal(1, noTable.ExitCode);
        Assert.False(File.Exists(PathOf("x.csv")));
    }
}
