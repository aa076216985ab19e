using System.Globalization;
using Clv.Probabilistic.Data;
using Clv.Probabilistic.Models.ParetoNbd;
using Clv.Probabilistic.Persistence;
using Clv.Probabilistic.Tests.Cli;

namespace Clv.Probabilistic.Tests.Models.ParetoNbd;

/// <summary><c>clv fit --model pareto-nbd</c> and <c>clv predict</c> with the model file, with no change to the tool.</summary>
[Collection(nameof(SummarizeCliCollection))]
public sealed class ParetoNbdCliTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("clv-pnbd-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    // The file holds the CDNOW estimate; predict writes, for every customer, exactly the library's E[Y(39)] and P(alive)
    // from the loaded model, and for customer 1 the values of ParetoNbdReferenceTests (at the published estimate, 10⁻³).
    [Fact]
    public void FitAndPredictCdnow()
    {
        string input = Path.Combine(_folder, "cdnow.csv"), model = Path.Combine(_folder, "pnbd.json"), predictions = Path.Combine(_folder, "p.csv");
        RfmSummaryCsv.Write(Datasets.CdnowSummaryWithMonetaryValue(), input);
        var (code, _, error) = CliRunner.Run("fit", "--model", "pareto-nbd", "--input", input, "--time-unit", "weeks", "--output", model);
        Assert.Equal((0, ""), (code, error));
        var fit = ModelFile.Load(model, ParetoNbdDefinition.Instance);
        Assert.Equal(0.553, fit.PointEstimate.R, 5e-4);
        Assert.Equal(11.669, fit.PointEstimate.Beta, 1e-2);

        (code, _, error) = CliRunner.Run("predict", "--model", model, "--input", input, "--horizon", "39", "--output", predictions);
        Assert.Equal((0, ""), (code, error));
        var lines = File.ReadAllLines(predictions);
        Assert.Equal("customer_id,expected_purchases,p_alive", lines[0]);
        Assert.Equal(2358, lines.Length);
        var rows = lines.Skip(1).Select(l => l.Split(',')).ToArray();
        double[] Column(int c) => rows.Select(r => double.Parse(r[c], CultureInfo.InvariantCulture)).ToArray();
        var summary = Datasets.CdnowSummaryWithMonetaryValue();
        var expected = new double[summary.Count];
        fit.Model.ConditionalExpectedPurchases(summary, 39, expected);
        Assert.Equal(expected, Column(1));
        fit.Model.ProbabilityAlive(summary, expected);
        Assert.Equal(expected, Column(2));
        int one = Array.IndexOf(rows.Select(r => r[0]).ToArray(), "1");
        Assert.Equal(1.4551, Column(1)[one], 1e-3);
        Assert.Equal(0.8692, Column(2)[one], 1e-3);
    }
}
