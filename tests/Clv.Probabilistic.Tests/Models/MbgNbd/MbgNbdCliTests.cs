using System.Globalization;
using Clv.Probabilistic.Data;
using Clv.Probabilistic.Persistence;
using Clv.Probabilistic.Tests.Cli;

namespace Clv.Probabilistic.Tests.Models.MbgNbd;

/// <summary><c>clv fit --model mbgnbd</c> and <c>clv predict</c> with no change to the command line (console captured, so not in parallel).</summary>
[Collection(nameof(SummarizeCliCollection))]
public sealed class MbgNbdCliTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("clv-mbgnbd-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string PathOf(string name) => Path.Combine(_folder, name);

    [Fact]
    public void FitAndPredictFindTheModelInTheRegistry()
    {
        string csv = PathOf("cdnow.csv"), model = PathOf("mbgnbd.json"), predictions = PathOf("p.csv");
        RfmSummaryCsv.Write(Datasets.CdnowSummaryWithMonetaryValue(), csv);
        var (code, output, error) = CliRunner.Run("fit", "--model", "mbgnbd", "--input", csv, "--time-unit", "weeks", "--output", model);
        Assert.Equal((0, ""), (code, error));
        Assert.StartsWith("MBG/NBD (mbgnbd), maximum likelihood, time unit: weeks, customers: 2357\n", output.ReplaceLineEndings("\n"));
        var document = ModelDocument.Load(model);
        Assert.Equal(("mbgnbd", "weeks", "mle", "converged"), (document.Model, document.TimeUnit, document.Method, document.Status));
        Assert.Equal(0.525, document.Parameters["r"], 1e-3);
        Assert.Equal(6.183, document.Parameters["alpha"], 1e-3);
        Assert.Equal(0.891, document.Parameters["a"], 1e-3);
        Assert.Equal(1.614, document.Parameters["b"], 1e-3);

        (code, _, error) = CliRunner.Run("predict", "--model", model, "--input", csv, "--horizon", "39", "--output", predictions);
        Assert.Equal((0, ""), (code, error));
        var lines = File.ReadAllLines(predictions);
        Assert.Equal("customer_id,expected_purchases,p_alive", lines[0]);
        Assert.Equal(2358, lines.Length);
        double[] Column(int c) => lines.Skip(1).Select(l => double.Parse(l.Split(',')[c], CultureInfo.InvariantCulture)).ToArray();

        var fitted = ModelFile.Load(model).PurchaseModel();
        Assert.IsType<Clv.Probabilistic.Models.MbgNbd.MbgNbdModel>(fitted);
        var summary = Datasets.CdnowSummaryWithMonetaryValue();
        var expected = new double[summary.Count];
        fitted.ConditionalExpectedPurchases(summary, 39, expected);
        Assert.Equal(expected, Column(1));
        fitted.ProbabilityAlive(summary, expected);
        var alive = Column(2);
        Assert.Equal(expected, alive);
        for (int i = 0; i < summary.Count; i++)
            if (summary.Frequency[i] == 0) Assert.True(alive[i] < 1, $"customer {summary.CustomerIds[i]}: P(alive) = {alive[i]}");
    }
}
