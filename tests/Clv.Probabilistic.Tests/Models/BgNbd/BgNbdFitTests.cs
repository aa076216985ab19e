using Clv.Probabilistic.Data;
using Clv.Probabilistic.Inference;
using Clv.Probabilistic.Inference.Diagnostics;
using Clv.Probabilistic.Inference.Laplace;
using Clv.Probabilistic.Inference.Optimization;
using Clv.Probabilistic.Inference.Sampling;
using Clv.Probabilistic.Models;
using Clv.Probabilistic.Models.BgNbd;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Clv.Probabilistic.Tests.Models.BgNbd;

public class BgNbdFitTests
{
    private static ModelFit<BgNbdParameters, BgNbdModel> Fit(RfmSummary summary, FitOptions? options = null) =>
        ModelFitter.Fit(BgNbdDefinition.Instance, summary, options);

    // FHL 2005 section 4: r = 0.243, α = 4.414, a = 0.793, b = 2.426, LL = −9582.4; the precise MLE on the summary
    // built from the raw transactions is (0.2425945, 4.4136019, 0.7929199, 2.4258881) with LL −9582.429.
    [Fact]
    public void RecoversCdnowEstimates()
    {
        var fit = Fit(CdnowData.Unrounded);
        var p = fit.PointEstimate;
        var mle = BgNbdTestData.CdnowMle;
        Assert.True(Math.Abs(p.R / mle.R - 1) <= 1e-4, $"r {p.R}");
        Assert.True(Math.Abs(p.Alpha / mle.Alpha - 1) <= 1e-4, $"alpha {p.Alpha}");
        Assert.True(Math.Abs(p.A / mle.A - 1) <= 1e-4, $"a {p.A}");
        Assert.True(Math.Abs(p.B / mle.B - 1) <= 1e-4, $"b {p.B}");
        Assert.Equal(FitStatus.Converged, fit.Status);
        Assert.True(fit.Optimizer!.Converged);
        Assert.Equal(-9582.429, fit.LogLikelihood!.Value, 1e-3);
        Assert.Equal(2357, fit.Data!.Customers);
        Assert.True(fit.Data.CompressedRows < 2357);
        Assert.Equal(4, fit.Estimates.Count);
        Assert.Equal(TimeUnit.Weeks, fit.TimeUnit);
        Assert.Equal(TimeUnit.Weeks, fit.Model.TimeUnit);
        foreach (var e in fit.Estimates)
            Assert.True(e.StandardError > 0 && e.Lower < e.Estimate && e.Estimate < e.Upper, e.ToString());
    }

    // The removed BgNbdFitter's fit of the same summary (commit 3b5bebf, printed with "R"): the one fit path must give
    // the same estimate, standard errors, Wald intervals and log-likelihood to 1e-12 relative.
    [Fact]
    public void CdnowFitIsTheRemovedFittersToTwelveDigits()
    {
        var fit = Fit(CdnowData.Unrounded);
        double[] estimate = [0.24259596826306096, 4.4136632504392255, 0.7929371282102899, 2.425961648827718];
        double[] standardError = [0.012557457841983869, 0.37822793409466043, 0.1857396320224713, 0.705439531743033];
        double[] lower = [0.2191911242794575, 3.731261262670787, 0.5010154460549422, 1.3720346802925754];
        double[] upper = [0.26849994045588155, 5.2208682043170365, 1.2549499107167887, 4.28946148819497];
        static void Close(double expected, double actual, string what) =>
            Assert.True(Math.Abs(actual - expected) <= 1e-12 * Math.Abs(expected), $"{what}: {actual:R}, expected {expected:R}");
        for (int j = 0; j < 4; j++)
        {
            var e = fit.Estimates[j];
            Assert.Equal(BgNbdParameters.Names[j], e.Name);
            Close(estimate[j], fit.Values[j], e.Name);
            Close(estimate[j], e.Estimate, e.Name);
            Close(standardError[j], e.StandardError, $"SE({e.Name})");
            Close(lower[j], e.Lower, $"lower({e.Name})");
            Close(upper[j], e.Upper, $"upper({e.Name})");
        }
        Close(-9582.429206691728, fit.LogLikelihood!.Value, "log-likelihood");
        Close(-9582.429206691728, fit.Objective!.Value, "objective");
        Assert.Equal(1016, fit.Data!.CompressedRows);
        Assert.Equal(20, fit.Optimizer!.Iterations);
        Assert.Equal(21, fit.Optimizer.Evaluations);
    }

    // The same fit from the shipped (rounded) summary agrees with the paper's rounded values.
    [Fact]
    public void RoundedSummaryAgreesWithPaper()
    {
        var p = Fit(CdnowData.Summary).PointEstimate;
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
        var fit = Fit(CdnowData.Unrounded);
        var ll = new BgNbdLogLikelihood(CdnowData.Unrounded);
        var theta = fit.PointEstimate.ToLogVector();
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
            var estimate = fit.Estimates[j];
            double logSe = estimate.StandardError / estimate.Estimate;
            Assert.True(logSe >= lowerBound * (1 - 1e-3), $"{estimate.Name}: {logSe} < {lowerBound}");
        }
    }

    [Fact]
    public void NonConvergenceIsReported()
    {
        var options = new FitOptions { Optimizer = new OptimizerOptions { MaxIterations = 2 } };
        Assert.Throws<ConvergenceException>(() => Fit(CdnowData.Summary, options));
        var fit = Fit(CdnowData.Summary, options with { ThrowIfUnreliable = false });
        Assert.False(fit.Optimizer!.Converged);
        Assert.Equal(FitStatus.NotConverged, fit.Status);
        Assert.Empty(fit.Estimates);
        Assert.Null(fit.Draws);
        Assert.Throws<InvalidOperationException>(() => fit.DrawParameters(0));
    }

    [Fact]
    public void NoRepeatPurchasesIsRejected()
    {
        var s = new RfmSummary(["1", "2"], [0, 0], [0, 0], [5, 6], default, TimeUnit.Days);
        Assert.Throws<ArgumentException>(() => Fit(s));
    }

    // The penalised objective ln L − λ Σ θ² is maximised (no step of 1e-3 along any axis improves it), and with λ > 0
    // the estimate moves towards θ = 0 relative to the MLE.
    [Fact]
    public void PenaltyShrinksTowardsCentre()
    {
        var plain = Fit(CdnowData.Summary).PointEstimate.ToLogVector();
        var penalised = Fit(CdnowData.Summary, new FitOptions { Penalty = 50 });
        var theta = penalised.PointEstimate.ToLogVector();
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
        Assert.True(penalised.Objective < penalised.LogLikelihood);
        Assert.Equal(50, penalised.Penalty);
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
            var options = new FitOptions { Penalty = 0.01, ThrowIfUnreliable = false };
            var a = Fit(weighted, options).PointEstimate.ToLogVector();
            var b = Fit(expanded, options).PointEstimate.ToLogVector();
            double ll1 = new BgNbdLogLikelihood(weighted).Evaluate(BgNbdTestData.Paper);
            double ll2 = new BgNbdLogLikelihood(expanded).Evaluate(BgNbdTestData.Paper);
            bool same = Math.Abs(ll1 - ll2) <= 1e-9 * Math.Abs(ll1);
            for (int j = 0; j < 4; j++) same &= Math.Abs(a[j] - b[j]) <= 1e-6 * (1 + Math.Abs(a[j]));
            return same.Label($"{string.Join(",", a)} vs {string.Join(",", b)}; {ll1} vs {ll2}");
        });
}
