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
                "--spend-model", Path("gg.json"), "--discount-rate", "0.01", "--horizon", "39", "--write-table", predictions, "--batch-size", "1000"]));

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
            ClickHouseTable.Execute(c, $"DROP TABLE IF EXISTS {predictions}__clv_writers");
        }
    }

    [ClickHouseFact]
    public void ScoredPredictionsWithClvAndIntervalsEqualClvPredict()
    {
        using var table = ClickHouseTable.Create(Datasets.CdnowSample(), Layout.Distributed);
        string summaries = table.Name + "_summary", predictions = table.Name + "_pred";
        string c = ClickHouseServers.Shard1;
        string Path(string name) => System.IO.Path.Combine(_directory, name);
        string[] period = ["--engine", "clickhouse", "--connection", c, "--table", table.Name, "--time-unit", "weeks", "--observation-end", "1997-09-30", "--drop-after-end"];
        try
        {
            Assert.Equal(0, Program.Main(["summarize", .. period, "--output", Path("s.csv")]));
            Assert.Equal(0, Program.Main(["summarize", .. period, "--write-table", summaries]));
            Assert.Equal(0, Program.Main(["fit", "--model", "bgnbd", "--method", "laplace", .. period, "--output", Path("bg.json")]));
            Assert.Equal(0, Program.Main(["fit", "--model", "gamma-gamma", "--method", "laplace", .. period, "--output", Path("gg.json")]));
            string[] valuation = ["--model", Path("bg.json"), "--spend-model", Path("gg.json"), "--horizon", "6", "--horizon-unit", "months",
                "--discount-rate", "0.02", "--margin", "0.3", "--interval", "0.8", "--draws", "50"];
            Assert.Equal(0, Program.Main(["score", "--engine", "clickhouse", "--connection", c, "--table", summaries, .. valuation,
                "--write-table", predictions, "--batch-size", "1000"]));
            Assert.Equal(0, Program.Main(["predict", "--input", Path("s.csv"), .. valuation, "--output", Path("p.csv")]));

            var lines = File.ReadAllLines(Path("p.csv"));
            var header = lines[0].Split(',');
            Assert.Contains("clv_lower", header);
            var predicted = lines.Skip(1).Select(l => l.Split(',')).ToDictionary(f => f[0], f => f);
            using var server = new ClickHouseConnection(c);
            using var rows = server.Query($"SELECT customer_id, {string.Join(", ", header.Skip(1).Select(ClickHouseSql.QuoteIdentifier))} FROM {ClickHouseSql.QuoteIdentifier(predictions)}",
                "test", header.Length);
            int count = 0, compared = 0;
            while (rows.Read())
            {
                count++;
                var expected = predicted[rows.GetString(0)];
                for (int k = 1; k < header.Length; k++)
                {
                    double want = double.Parse(expected[k], System.Globalization.CultureInfo.InvariantCulture), got = rows.GetDouble(k);
                    Assert.Equal(want, got, 1e-12 * Math.Max(1, Math.Abs(want)));
                    compared++;
                }
            }
            Assert.Equal(predicted.Count, count);
            Assert.Equal(count * 12, compared);
            // A re-run in two hash parts finds every customer written; --parallel 0 is an input error.
            var errors = new StringWriter();
            var standardError = Console.Error;
            Console.SetError(errors);
            int rerun;
            try
            {
                rerun = Program.Main(["score", "--engine", "clickhouse", "--connection", c, "--table", summaries, .. valuation,
                    "--write-table", predictions, "--parallel", "2"]);
            }
            finally
            {
                Console.SetError(standardError);
            }
            Assert.True(rerun == 0, $"the re-run in two parts exited {rerun}: {errors}");
            Assert.Equal(predicted.Count, long.Parse(ClickHouseTable.Rows(c, $"SELECT count() FROM {predictions}", 1)[0][0], System.Globalization.CultureInfo.InvariantCulture));
            Assert.Equal(1, Program.Main(["score", "--engine", "clickhouse", "--connection", c, "--table", summaries, .. valuation,
                "--write-table", predictions, "--parallel", "0"]));
        }
        finally
        {
            ClickHouseTable.Execute(c, $"DROP TABLE IF EXISTS {summaries}");
            ClickHouseTable.Execute(c, $"DROP TABLE IF EXISTS {predictions}");
            ClickHouseTable.Execute(c, $"DROP TABLE IF EXISTS {predictions}__clv_writers");
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
