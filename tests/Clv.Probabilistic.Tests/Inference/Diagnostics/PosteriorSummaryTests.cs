using Clv.Probabilistic.Inference;
using Clv.Probabilistic.Inference.Diagnostics;
using Clv.Probabilistic.Inference.Laplace;
using Clv.Probabilistic.Inference.Optimization;
using Clv.Probabilistic.Inference.Sampling;
using MathNet.Numerics.Distributions;
using MathNet.Numerics.Random;

namespace Clv.Probabilistic.Tests.Inference.Diagnostics;

public class PosteriorSummaryTests
{
    private static ParameterDraws Draws(int chains, int n, int seed, double shiftLastChain = 0)
    {
        var random = new Xoshiro256StarStar(seed);
        var values = new List<double>();
        var chainIndex = new List<int>();
        for (int c = 0; c < chains; c++)
            for (int i = 0; i < n; i++)
            {
                values.Add(3 + Normal.Sample(random, 0, 2) + (c == chains - 1 ? shiftLastChain : 0));
                values.Add(Gamma.Sample(random, 2, 1));
                chainIndex.Add(c);
            }
        return new ParameterDraws(["r", "alpha"], values.ToArray(), chainIndex.ToArray());
    }

    [Fact]
    public void RowsHoldMomentsQuantilesAndDiagnostics()
    {
        var draws = Draws(4, 1000, 1);
        var summary = PosteriorSummary.Create(draws, [0.1, 0.5, 0.9]);
        var r = summary["r"];
        var column = draws.Column(0);
        Assert.Equal(column.Average(), r.Mean, 12);
        Assert.Equal(Math.Sqrt(column.Sum(x => (x - r.Mean) * (x - r.Mean)) / (column.Length - 1)), r.StandardDeviation, 12);
        Assert.Equal(McmcDiagnostics.Quantile(column, 0.9), r.Quantiles[2], 12);
        // Exact values of N(3, 2²) quantiles, within sampling error of 4000 iid draws.
        Assert.Equal(3 + 2 * Normal.InvCDF(0, 1, 0.1), r.Quantiles[0], 0.15);
        Assert.InRange(r.RHat, 0.999, 1.01);
        Assert.Empty(summary.Warnings);
    }

    [Fact]
    public void WarnsAboutUnmixedChainsAndTooFewDraws()
    {
        var summary = PosteriorSummary.Create(Draws(4, 50, 2, shiftLastChain: 4));
        Assert.Contains(summary.Warnings, w => w.Kind == DiagnosticKind.HighRHat && w.Parameter == "r");
        Assert.Contains(summary.Warnings, w => w.Kind == DiagnosticKind.LowBulkEss);
        Assert.Contains(summary.Warnings, w => w.Kind == DiagnosticKind.LowTailEss);
        Assert.DoesNotContain(summary.Warnings, w => w.Kind == DiagnosticKind.HighRHat && w.Parameter == "alpha");
    }

    [Fact]
    public void ToStringIsATableWithWarnings()
    {
        var text = PosteriorSummary.Create(Draws(4, 50, 2, shiftLastChain: 4)).ToString();
        var lines = text.Split('\n');
        Assert.StartsWith("parameter", lines[0]);
        foreach (var column in new[] { "mean", "sd", "mcse", "5%", "50%", "95%", "r_hat", "ess_bulk", "ess_tail" })
            Assert.Contains(column, lines[0]);
        Assert.StartsWith("r ", lines[1]);
        Assert.StartsWith("alpha", lines[2]);
        Assert.Contains("WARNINGS", text);
        Assert.Contains("R-hat", text);
    }

    [Fact]
    public void UnequalChainsAreRejected()
    {
        var draws = new ParameterDraws(["x"], Enumerable.Range(0, 30).Select(i => (double)i).ToArray(),
            Enumerable.Range(0, 30).Select(i => i < 20 ? 0 : 1).ToArray());
        Assert.Throws<ArgumentException>(() => PosteriorSummary.Create(draws));
    }

    [Fact]
    public void DiagnosticsThatCannotBeComputedAreWarnedAboutNotPassed()
    {
        var draws = new ParameterDraws(["stuck"], Enumerable.Repeat(2.5, 400).ToArray(), Enumerable.Range(0, 400).Select(i => i / 100).ToArray());
        var summary = PosteriorSummary.Create(draws);
        Assert.True(double.IsNaN(summary.Rows[0].RHat));
        Assert.Equal(
        [
            "stuck: R-hat cannot be computed because the draws do not vary; the chains may be stuck. Do not use these draws.",
            "stuck: bulk ESS cannot be computed because the draws do not vary; the posterior mean and median are unreliable. Run longer chains.",
            "stuck: tail ESS cannot be computed (too few draws beyond the 5% or 95% quantile); the 5% and 95% quantiles are unreliable. Run longer chains.",
        ], summary.Warnings.Select(w => w.Message));
    }
}
