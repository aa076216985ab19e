using Clv.Probabilistic.Cli;
using Clv.Probabilistic.Data;
using Clv.Probabilistic.Models;
using Clv.Probabilistic.Models.BgNbd;

namespace Clv.Probabilistic.ClickHouse.Tests;

/// <summary>clv summarize | fit | score with --engine clickhouse, end to end on CDNOW in a two-shard Distributed table.</summary>
public sealed class CliTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("clv-clickhouse-cli-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [ClickHouseFact]
    public void SummarizeFitAndScoreRunInsideTheEngine()
    {
        var log = Datasets.CdnowSample();
        using var table = ClickHouseTable.Create(log, Layout.Distributed);
        string summaries = table.Name + "_summary", predictions = table.Name + "_pred";
        string c = ClickHouseServers.Shard1;
        string Path(string name) => System.IO.Path.Combine(_directory, name);
        try
        {
            Assert.Equal(0, Program.Main(["summarize", "--engine", "clickhouse", "--connection", c, "--table", table.Name, "--time-unit", "weeks",
                "--observation-end", "1998-06-30", "--calibration-end", "1997-09-30", "--output", Path("split.csv")]));
            Assert.Equal(0, Program.Main(["summarize", "--engine", "clickhouse", "--connection", c, "--table", table.Name, "--time-unit", "weeks",
                "--observation-end", "1997-09-30", "--drop-after-end", "--write-table", summaries]));
            Assert.Equal(0, Program.Main(["fit", "--model", "bgnbd", "--engine", "clickhouse", "--connection", c, "--table", table.Name, "--time-unit", "weeks",
                "--observation-end", "1997-09-30", "--drop-after-end", "--output", Path("bg.json")]));
            Assert.Equal(0, Program.Main(["fit", "--model", "gamma-gamma", "--engine", "clickhouse", "--connection", c, "--query", $"SELECT * FROM {table.Name}",
                "--time-unit", "weeks", "--observation-end", "1997-09-30", "--drop-after-end", "--output", Path("gg.json")]));
            Assert.Equal(0, Program.Main(["score", "--engine", "clickhouse", "--connection", c, "--table", summaries, "--model", Path("bg.json"),
                "--spend-model", Path("gg.json"), "--horizon", "39", "--write-table", predictions, "--batch-size", "1000"]));

            // The split CSV is the in-process split; the predictions are the in-process model's.
            var options = new SummaryOptions(Datasets.CdnowObservationEnd, TimeUnit.Weeks);
            var split = RfmSummarizer.SummarizeCalibrationHoldout(log, Datasets.CdnowCalibrationEnd, options);
            Engines.Tests.EngineAssert.AssertEqual(split.Calibration, RfmSummaryCsv.Read(Path("split.csv"), TimeUnit.Weeks));
            var model = ModelFitter.Fit(BgNbdDefinition.Instance, split.Calibration).Model;
            double[] expected = new double[split.Count];
            model.ConditionalExpectedPurchases(split.Calibration, 39, expected);
            var row = ClickHouseTable.Rows(c, $"SELECT count(), sum(expected_purchases) FROM {predictions}", 2)[0];
            Assert.Equal(split.Count, long.Parse(row[0], System.Globalization.CultureInfo.InvariantCulture));
            Assert.Equal(expected.Sum(), double.Parse(row[1], System.Globalization.CultureInfo.InvariantCulture), 1e-6);
        }
        finally
        {
            ClickHouseTable.Execute(c, $"DROP TABLE IF EXISTS {summaries}");
            ClickHouseTable.Execute(c, $"DROP TABLE IF EXISTS {predictions}");
        }
    }

    [Fact]
    public void AnUnreachableServerOrABadUrlExitWithInputError()
    {
        string output = System.IO.Path.Combine(_directory, "x.csv");
        Assert.Equal(1, Program.Main(["summarize", "--engine", "clickhouse", "--connection", "http://127.0.0.1:1/", "--table", "tx",
            "--time-unit", "weeks", "--observation-end", "1998-06-30", "--output", output]));
        Assert.Equal(1, Program.Main(["summarize", "--engine", "clickhouse", "--connection", "Host=127.0.0.1;Port=1", "--table", "tx",
            "--time-unit", "weeks", "--observation-end", "1998-06-30", "--output", output]));
        Assert.Equal(1, Program.Main(["fit", "--model", "bgnbd", "--engine", "clickhouse", "--connection", "http://127.0.0.1:1/", "--table", "tx",
            "--time-unit", "weeks", "--observation-end", "1998-06-30", "--output", System.IO.Path.Combine(_directory, "m.json")]));
        Assert.False(File.Exists(output));
    }
}
