using Clv.Probabilistic.Cli;
using Clv.Probabilistic.Data;
using Clv.Probabilistic.Models;
using Clv.Probabilistic.Models.BgNbd;
using Npgsql;

namespace Clv.Probabilistic.PostgreSql.Tests;

/// <summary>clv summarize | fit | score with --engine postgres, end to end on CDNOW in postgres_fdw shards.</summary>
public sealed class CliTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("clv-postgres-cli-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [PostgresFact]
    public void SummarizeFitAndScoreRunInsideTheEngine()
    {
        var log = Datasets.CdnowSample();
        using var table = PostgresTable.Create(log, Layout.Sharded);
        string summaries = table.Name + "_summary", predictions = table.Name + "_pred";
        string c = PostgresServers.Coordinator;
        string Path(string name) => System.IO.Path.Combine(_directory, name);
        try
        {
            Assert.Equal(0, Program.Main(["summarize", "--engine", "postgres", "--connection", c, "--table", table.Name, "--time-unit", "weeks",
                "--observation-end", "1998-06-30", "--calibration-end", "1997-09-30", "--output", Path("split.csv")]));
            Assert.Equal(0, Program.Main(["summarize", "--engine", "postgres", "--connection", c, "--table", table.Name, "--time-unit", "weeks",
                "--observation-end", "1997-09-30", "--drop-after-end", "--write-table", summaries]));
            Assert.Equal(0, Program.Main(["fit", "--model", "bgnbd", "--engine", "postgres", "--connection", c, "--table", table.Name, "--time-unit", "weeks",
                "--observation-end", "1997-09-30", "--drop-after-end", "--output", Path("bg.json")]));
            Assert.Equal(0, Program.Main(["fit", "--model", "gamma-gamma", "--engine", "postgres", "--connection", c, "--query", $"SELECT * FROM {table.Name}",
                "--time-unit", "weeks", "--observation-end", "1997-09-30", "--drop-after-end", "--output", Path("gg.json")]));
            Assert.Equal(0, Program.Main(["score", "--engine", "postgres", "--connection", c, "--table", summaries, "--model", Path("bg.json"),
                "--spend-model", Path("gg.json"), "--horizon", "39", "--discount-rate", "0", "--write-table", predictions, "--batch-size", "500", "--parallel", "2"]));

            // The split CSV is the in-process split; the predictions are the in-process model's.
            var options = new SummaryOptions(Datasets.CdnowObservationEnd, TimeUnit.Weeks);
            var split = RfmSummarizer.SummarizeCalibrationHoldout(log, Datasets.CdnowCalibrationEnd, options);
            Engines.Tests.EngineAssert.AssertEqual(split.Calibration, RfmSummaryCsv.Read(Path("split.csv"), TimeUnit.Weeks));
            var model = ModelFitter.Fit(BgNbdDefinition.Instance, split.Calibration).Model;
            double[] expected = new double[split.Count];
            model.ConditionalExpectedPurchases(split.Calibration, 39, expected);
            using var connection = new NpgsqlConnection(c);
            connection.Open();
            using var command = new NpgsqlCommand($"SELECT count(*), sum(expected_purchases) FROM {predictions}", connection);
            using var reader = command.ExecuteReader();
            reader.Read();
            Assert.Equal(split.Count, reader.GetInt64(0));
            Assert.Equal(expected.Sum(), reader.GetDouble(1), 1e-6);
        }
        finally
        {
            PostgresTable.Execute(c, $"DROP TABLE IF EXISTS {summaries}; DROP TABLE IF EXISTS {predictions}");
        }
    }

    [Fact]
    public void AnUnreachableServerOrMissingOptionsExitWithInputError()
    {
        string output = System.IO.Path.Combine(_directory, "x.csv");
        Assert.Equal(1, Program.Main(["summarize", "--engine", "postgres", "--connection", "Host=127.0.0.1;Port=1;Username=x;Timeout=3", "--table", "tx",
            "--time-unit", "weeks", "--observation-end", "1998-06-30", "--output", output]));
        Assert.Equal(1, Program.Main(["summarize", "--engine", "postgres", "--connection", "Host=127.0.0.1;Port=1", "--table", "tx", "--query", "SELECT 1",
            "--time-unit", "weeks", "--observation-end", "1998-06-30", "--output", output]));
        Assert.Equal(1, Program.Main(["summarize", "--engine", "oracle", "--connection", "x", "--table", "tx",
            "--time-unit", "weeks", "--observation-end", "1998-06-30", "--output", output]));
        Assert.Equal(1, Program.Main(["fit", "--model", "bgnbd", "--engine", "postgres", "--connection", "Host=127.0.0.1;Port=1", "--table", "tx",
            "--time-unit", "weeks", "--output", System.IO.Path.Combine(_directory, "m.json")]));
        Assert.False(File.Exists(output));
    }
}
