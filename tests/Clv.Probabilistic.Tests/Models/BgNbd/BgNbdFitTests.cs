using Clv.Probabilistic.Data;
using Clv.Probabilistic.Inference;
using Clv.Probabilistic.Models.BgNbd;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Clv.Probabilistic.Tests.Models.BgNbd;

public class BgNbdFitTests
{
    // FHL 2005 section 4: r = 0.243, α = 4.414, a = 0.793, b = 2.426, LL = −9582.4; the precise MLE on the summary
    // built from the raw transactions is (0.2425945, 4.4136019, 0.7929199, 2.4258881) with LL −9582.429.
    [Fact]
    public void RecoversCdnowEstimates()
    {
        var model = BgNbdModel.Fit(CdnowData.Unrounded);
        var p = model.Parameters;
        var mle = BgNbdTestData.CdnowMle;
        Assert.True(Math.Abs(p.R / mle.R - 1) <= 1e-4, $"r {p.R}");
        Assert.True(Math.Abs(p.Alpha / mle.Alpha - 1) <= 1e-4, $"alpha {p.Alpha}");
        Assert.True(Math.Abs(p.A / mle.A - 1) <= 1e-4, $"a {p.A}");
        Assert.True(Math.Abs(p.B / mle.B - 1) <= 1e-4, $"b {p.B}");
        var stats = model.FitStatistics!;
        Assert.True(stats.Converged);
        Assert.Equal(-9582.429, stats.LogLikelihood, 1e-3);
        Assert.Equal(2357, stats.Customers);
        Assert.True(stats.CompressedRows < 2357);
        Assert.Equal(4, stats.Estimates.Count);
        Assert.Equal(TimeUnit.Weeks, model.TimeUnit);
        foreach (var e in stats.Estimates)
            Assert.True(e.StandardError > 0 && e.Lower < e.Estimate && e.Estimate < e.Upper, e.ToString());
    }

    // The same fit from the shipped (rounded) summary agrees with the paper's rounded values.
    [Fact]
    public void RoundedSummaryAgreesWithPaper()
    {
        var p = BgNbdModel.Fit(CdnowData.Summary).Parameters;
        Assert.Equal(0.243, p.R, 3e-3);
        Assert.Equal(4.414, p.Alpha, 3e-3);
        Assert.Equal(0.793, p.A, 3e-3);
        Assert.Equal(2.426, p.B, 3e-3);
    }

    // Observed-information standard errors on CDNOW; reference: the log-likelihood's curvature along each axis by
    // a second difference of the log-likelihood VALUE (not the gradient), which bounds SE from below:
    // SE_i ≥ 1/√(−∂²ℓ/∂θ_i²), with equality when θ_i is uncorrelated with the others.
    [Fact]
    public void StandardErrorsAreConsistentWithCurvature()
    {
        var model = BgNbdModel.Fit(CdnowData.Unrounded);
        var ll = new BgNbdLogLikelihood(CdnowData.Unrounded);
        var theta = model.Parameters.ToLogVector();
        var g = new double[4];
        double f0 = ll.Evaluate(theta, g);
        for (int j = 0; j < 4; j++)
        {
            const double h = 1e-3;
            var up = (double[])theta.Clone();
            var down = (double[])theta.Clone();
            up[j] += h;
            down[j] -= h;
            double second = (ll.Evaluate(up, g) - 2 * f0 + ll.Evaluate(down, g)) / (h * h);
            double lowerBound = 1 / Math.Sqrt(-second);
            var estimate = model.FitStatistics!.Estimates[j];
            double logSe = estimate.StandardError / estimate.Estimate;
            Assert.True(logSe >= lowerBound * (1 - 1e-3), $"{estimate.Name}: {logSe} < {lowerBound}");
        }
    }

    [Fact]
    public void NonConvergenceIsReported()
    {
        var options = new BgNbdFitOptions { Optimizer = new OptimizerOptions { MaxIterations = 2 } };
        Assert.Throws<ConvergenceException>(() => BgNbdModel.Fit(CdnowData.Summary, options));
        var model = BgNbdModel.Fit(CdnowData.Summary, options with { ThrowIfNotConverged = false });
        Assert.False(model.FitStatistics!.Converged);
        Assert.Empty(model.FitStatistics.Estimates);
        Assert.Throws<InvalidOperationException>(() => model.DrawParameters(10, 1));
    }

    [Fact]
    public void NoRepeatPurchasesIsRejected()
    {
        var s = new RfmSummary(["1", "2"], [0, 0], [0, 0], [5, 6], default, TimeUnit.Days);
        Assert.Throws<ArgumentException>(() => BgNbdModel.Fit(s));
    }

    // The penalised objective ln L − λ Σ θ² is maximised (no step of 1e-3 along any axis improves it), and with λ > 0
    // the estimate moves towards θ = 0 relative to the MLE.
    [Fact]
    public void PenaltyShrinksTowardsCentre()
    {
        var plain = BgNbdModel.Fit(CdnowData.Summary).Parameters.ToLogVector();
        var penalised = BgNbdModel.Fit(CdnowData.Summary, new BgNbdFitOptions { Penalty = 50 });
        var theta = penalised.Parameters.ToLogVector();
        Assert.True(theta.Sum(v => v * v) < plain.Sum(v => v * v));
        var objective = new PenalizedLogDensity(new BgNbdLogLikelihood(CdnowData.Summary), 50);
        var g = new double[4];
        double best = objective.Evaluate(theta, g);
        for (int j = 0; j < 4; j++)
            foreach (double h in new[] { -1e-3, 1e-3 })
            {
                var moved = (double[])theta.Clone();
                moved[j] += h;
                Assert.True(objective.Evaluate(moved, g) < best, $"step {h} on {j} improves the objective");
            }
        Assert.True(penalised.FitStatistics!.Objective < penalised.FitStatistics.LogLikelihood);
    }

    // A weighted summary and the same customers written out one row each give the same likelihood and fit.
    [Property(MaxTest = 8)]
    public Property WeightedFitEqualsExpandedFit() =>
        Prop.ForAll(Arb.From(BgNbdTestData.Seeds), seed =>
        {
            var weighted = BgNbdTestData.RandomSummary(seed, 60, weighted: true);
            var ids = new List<string>();
            var x = new List<double>();
            var tx = new List<double>();
            var t = new List<double>();
            for (int i = 0; i < weighted.Count; i++)
                for (int k = 0; k < (int)weighted.Weights[i]; k++)
                {
                    ids.Add($"{i}-{k}");
                    x.Add(weighted.Frequency[i]);
                    tx.Add(weighted.Recency[i]);
                    t.Add(weighted.T[i]);
                }
            var expanded = new RfmSummary(ids, x.ToArray(), tx.ToArray(), t.ToArray(), default, TimeUnit.Days);
            var options = new BgNbdFitOptions { Penalty = 0.01, ThrowIfNotConverged = false };
            var a = BgNbdModel.Fit(weighted, options).Parameters.ToLogVector();
            var b = BgNbdModel.Fit(expanded, options).Parameters.ToLogVector();
            double ll1 = new BgNbdLogLikelihood(weighted).Evaluate(BgNbdTestData.Paper);
            double ll2 = new BgNbdLogLikelihood(expanded).Evaluate(BgNbdTestData.Paper);
            bool same = Math.Abs(ll1 - ll2) <= 1e-9 * Math.Abs(ll1);
            for (int j = 0; j < 4; j++) same &= Math.Abs(a[j] - b[j]) <= 1e-6 * (1 + Math.Abs(a[j]));
            return same.Label($"{string.Join(",", a)} vs {string.Join(",", b)}; {ll1} vs {ll2}");
        });
}
