using Clv.Probabilistic.Inference;
using Clv.Probabilistic.Inference.Diagnostics;
using Clv.Probabilistic.Inference.Laplace;
using Clv.Probabilistic.Inference.Optimization;
using Clv.Probabilistic.Inference.Sampling;
using MathNet.Numerics;
using MathNet.Numerics.Distributions;
using MathNet.Numerics.Random;

namespace Clv.Probabilistic.Tests.Inference.Optimization;

public class MaximumLikelihoodEstimateTests
{
    /// <summary>n draws from N(3, 2²).</summary>
    private static double[] Sample(int n, int seed)
    {
        var random = new Xoshiro256StarStar(seed);
        var values = new double[n];
        for (int i = 0; i < n; i++) values[i] = Normal.Sample(random, 3.0, 2.0);
        return values;
    }

    [Fact]
    public void NormalSampleEstimateAndStandardErrorsEqualTheClosedForms()
    {
        var sample = Sample(200, 11);
        int n = sample.Length;
        double mean = sample.Average();
        double sigma = Math.Sqrt(sample.Sum(v => (v - mean) * (v - mean)) / n);

        var tight = new OptimizerOptions { GradientTolerance = 1e-12 };
        var fit = MaximumLikelihoodEstimate.Fit(TestDensities.NormalSample(sample), [0.0, 0.0], ["mu", "log_sigma"], tight);

        Assert.Equal(mean, fit.Theta[0], 1e-7);
        Assert.Equal(Math.Log(sigma), fit.Theta[1], 1e-7);
        // Observed information at the MLE: diag(n/σ², 2n), so SE(μ) = σ/√n and SE(log σ) = 1/√(2n).
        Assert.Equal(sigma / Math.Sqrt(n), fit.StandardErrors[0], 1e-8);
        Assert.Equal(1 / Math.Sqrt(2.0 * n), fit.StandardErrors[1], 1e-8);
        Assert.Equal(0.0, fit.CovarianceAt(0, 1), 1e-9);
        double logLikelihood = -n * Math.Log(sigma) - 0.5 * n - 0.5 * n * Math.Log(2 * Math.PI);
        Assert.Equal(logLikelihood, fit.LogLikelihood, 1e-8);
    }

    [Fact]
    public void GammaSampleEstimateAndInformationMatchTheScoreEquations()
    {
        // Gamma(shape k, rate β) in (ln k, ln β). The MLE solves ln k − ψ(k) = ln x̄ − mean(ln x), β = k / x̄
        // (Johnson, Kotz & Balakrishnan, Continuous Univariate Distributions 1, §17.7); the information in (k, β) is
        // n [[ψ′(k), −1/β], [−1/β, k/β²]], so on the log scale at the MLE it is n [[k² ψ′(k), −k], [−k, k]].
        var random = new Xoshiro256StarStar(8);
        var sample = Enumerable.Range(0, 300).Select(_ => Gamma.Sample(random, 2.5, 0.8)).ToArray();
        int n = sample.Length;
        double sumX = sample.Sum(), sumLogX = sample.Sum(Math.Log);
        var f = new DelegateDensity(2, (x, g) =>
        {
            double k = Math.Exp(x[0]), beta = Math.Exp(x[1]);
            g[0] = k * (n * Math.Log(beta) - n * SpecialFunctions.DiGamma(k) + sumLogX);
            g[1] = beta * (n * k / beta - sumX);
            return n * (k * Math.Log(beta) - SpecialFunctions.GammaLn(k)) + (k - 1) * sumLogX - beta * sumX;
        });
        TestDensities.AssertGradientMatchesFiniteDifferences(f, [0.4, -0.1]);

        var fit = MaximumLikelihoodEstimate.Fit(f, [0.0, 0.0], ["log_k", "log_beta"], new OptimizerOptions { GradientTolerance = 1e-12 });

        double s = Math.Log(sumX / n) - sumLogX / n;
        double lo = 1e-3, hi = 1e3;
        for (int i = 0; i < 200; i++)
        {
            double mid = Math.Sqrt(lo * hi);
            if (Math.Log(mid) - SpecialFunctions.DiGamma(mid) > s) lo = mid; else hi = mid;
        }
        double kHat = Math.Sqrt(lo * hi), betaHat = kHat / (sumX / n);
        Assert.Equal(Math.Log(kHat), fit.Theta[0], 1e-8);
        Assert.Equal(Math.Log(betaHat), fit.Theta[1], 1e-8);

        Assert.Equal(Math.PI * Math.PI / 6, TriGamma(1), 1e-12); // ψ′(1) = ζ(2) checks the reference itself.
        double i00 = n * kHat * kHat * TriGamma(kHat), i01 = -n * kHat, i11 = n * kHat;
        double det = i00 * i11 - i01 * i01;
        Assert.Equal(1.0, fit.CovarianceAt(0, 0) / (i11 / det), 1e-6);
        Assert.Equal(1.0, fit.CovarianceAt(0, 1) / (-i01 / det), 1e-6);
        Assert.Equal(1.0, fit.CovarianceAt(1, 1) / (i00 / det), 1e-6);
        var shape = fit.NaturalScale(0);
        Assert.Equal(kHat, shape.Value, 1e-7);
        Assert.Equal(kHat * Math.Sqrt(i11 / det), shape.StandardError, 1e-6);
    }

    /// <summary>ψ′(x) by the recurrence ψ′(x) = ψ′(x + 1) + 1/x² up to x ≥ 20, then the asymptotic series (A&amp;S 6.4.12).</summary>
    private static double TriGamma(double x)
    {
        double sum = 0;
        for (; x < 20; x++) sum += 1 / (x * x);
        double inverse = 1 / x, inverse2 = inverse * inverse;
        return sum + inverse + inverse2 / 2
            + inverse * inverse2 * (1.0 / 6 - inverse2 * (1.0 / 30 - inverse2 * (1.0 / 42 - inverse2 / 30)));
    }

    [Fact]
    public void DefaultToleranceBoundsTheErrorOfTheEstimate()
    {
        // With ‖∇f‖∞ ≤ 1e-6 · |f| and ∂f/∂μ = n (x̄ − μ) / σ², the error in μ is at most 1e-6 |f| σ² / n.
        var sample = Sample(200, 11);
        int n = sample.Length;
        double mean = sample.Average();
        double variance = sample.Sum(v => (v - mean) * (v - mean)) / n;
        var fit = MaximumLikelihoodEstimate.Fit(TestDensities.NormalSample(sample), [0.0, 0.0]);
        Assert.Equal(OptimizationStatus.GradientConverged, fit.Optimum.Status);
        double bound = 1e-6 * Math.Abs(fit.LogLikelihood) * variance / n;
        Assert.True(Math.Abs(fit.Theta[0] - mean) <= bound * 1.01, $"error {fit.Theta[0] - mean}, bound {bound}");
        // … which is far below the standard error.
        Assert.True(bound < 1e-3 * fit.StandardErrors[0]);
    }

    [Fact]
    public void ToleranceAtRoundingLevelStopsAsFunctionConverged()
    {
        // ‖∇f‖ ≤ 1e-16·|f| ≈ 4e-14 is below the rounding of Σ(y − μ)/σ² (≈ 5e-14): the search must stop on stalled
        // progress, with the estimate at the closed form.
        var sample = Sample(200, 11);
        var result = QuasiNewton.Maximize(TestDensities.NormalSample(sample), [0.0, 0.0],
            new OptimizerOptions { GradientTolerance = 1e-16 });
        Assert.Equal(OptimizationStatus.FunctionConverged, result.Status);
        Assert.Equal(sample.Average(), result.Theta[0], 1e-10);
    }

    [Fact]
    public void UnreachableToleranceIsReportedAsNotConverged()
    {
        var sample = Sample(200, 11);
        var result = QuasiNewton.Maximize(TestDensities.NormalSample(sample), [0.0, 0.0],
            new OptimizerOptions { GradientTolerance = 1e-30 });
        Assert.False(result.Converged);
        Assert.Equal(OptimizationStatus.LineSearchFailed, result.Status);
        Assert.Equal(sample.Average(), result.Theta[0], 1e-10);
    }

    [Fact]
    public void WaldAndNaturalScaleIntervals()
    {
        var sample = Sample(100, 5);
        var fit = MaximumLikelihoodEstimate.Fit(TestDensities.NormalSample(sample), [0.0, 0.0]);
        double z = 1.959963984540054; // Φ⁻¹(0.975), tabulated.
        var wald = fit.WaldInterval(1, 0.95);
        Assert.Equal(fit.Theta[1] - z * fit.StandardErrors[1], wald.Lower, 1e-12);
        Assert.Equal(fit.Theta[1] + z * fit.StandardErrors[1], wald.Upper, 1e-12);

        var sigma = fit.NaturalScale(1, 0.95);
        Assert.Equal(Math.Exp(fit.Theta[1]), sigma.Value, 1e-12);
        Assert.Equal(Math.Exp(fit.Theta[1]) * fit.StandardErrors[1], sigma.StandardError, 1e-12);
        Assert.Equal(Math.Exp(wald.Lower), sigma.Interval.Lower, 1e-12);
        Assert.Equal(Math.Exp(wald.Upper), sigma.Interval.Upper, 1e-12);
        Assert.True(sigma.Interval.Contains(sigma.Value));
        Assert.Throws<ArgumentOutOfRangeException>(() => fit.WaldInterval(0, 1.0));
    }

    [Fact]
    public void WaldIntervalCoversAtTheNominalRate()
    {
        // 400 replications of n = 50: 95% intervals for μ cover the true μ = 3 in Binomial(400, 0.95) fashion.
        // Coverage of the asymptotic interval is a little below 95% at n = 50 (≈ 94.2% for a z-interval with σ̂ MLE).
        int covered = 0;
        for (int r = 0; r < 400; r++)
        {
            var fit = MaximumLikelihoodEstimate.Fit(TestDensities.NormalSample(Sample(50, 1000 + r)), [0.0, 0.0]);
            if (fit.WaldInterval(0).Contains(3.0)) covered++;
        }
        // Binomial sd at p = 0.94 is √(400·0.94·0.06) ≈ 4.7; allow 4 sd either side.
        Assert.InRange(covered, 357, 395);
    }

    [Fact]
    public void DrawsAreReproducibleAndMatchTheNormalApproximation()
    {
        var f = TestDensities.NegatedQuadratic([4.0, 1.5, 1.5, 2.0], [0.5, -1.0]);
        var fit = MaximumLikelihoodEstimate.Fit(f, [0.0, 0.0], ["a", "b"]);
        const int count = 20000;
        var draws = fit.DrawAsymptoticNormal(count, seed: 42);
        var again = fit.DrawAsymptoticNormal(count, seed: 42);
        var other = fit.DrawAsymptoticNormal(count, seed: 43);
        Assert.True(draws.Values.SequenceEqual(again.Values));
        Assert.False(draws.Values.SequenceEqual(other.Values));
        Assert.Equal(["a", "b"], draws.Names);
        Assert.Equal(count, draws.Count);

        var columns = new[] { draws.Column(0), draws.Column(1) };
        var means = columns.Select(c => c.Average()).ToArray();
        for (int i = 0; i < 2; i++)
        {
            double se = Math.Sqrt(fit.CovarianceAt(i, i) / count);
            Assert.True(Math.Abs(means[i] - fit.Theta[i]) <= 5 * se, $"mean {i}: {means[i]} vs {fit.Theta[i]} (se {se})");
        }
        for (int i = 0; i < 2; i++)
            for (int j = 0; j <= i; j++)
            {
                double sample = 0;
                for (int d = 0; d < count; d++) sample += (columns[i][d] - means[i]) * (columns[j][d] - means[j]);
                sample /= count - 1;
                double sii = fit.CovarianceAt(i, i), sjj = fit.CovarianceAt(j, j), sij = fit.CovarianceAt(i, j);
                // Var of a sample covariance of bivariate normals: (Σii Σjj + Σij²) / (N − 1).
                double se = Math.Sqrt((sii * sjj + sij * sij) / (count - 1));
                Assert.True(Math.Abs(sample - sij) <= 5 * se, $"cov({i},{j}): {sample} vs {sij} (se {se})");
            }
        // Σ = A⁻¹ = [[2, −1.5], [−1.5, 4]] / 5.75.
        Assert.Equal(2 / 5.75, fit.CovarianceAt(0, 0), 1e-9);
        Assert.Equal(-1.5 / 5.75, fit.CovarianceAt(0, 1), 1e-9);
        Assert.Equal(4 / 5.75, fit.CovarianceAt(1, 1), 1e-9);
    }

    [Fact]
    public void TransformedDrawsAreTheTransformOfTheRawDraws()
    {
        var fit = MaximumLikelihoodEstimate.Fit(TestDensities.NormalSample(Sample(30, 2)), [0.0, 0.0]);
        var raw = fit.DrawAsymptoticNormal(50, seed: 7);
        var natural = fit.DrawAsymptoticNormal(50, seed: 7, (u, v) => { v[0] = u[0]; v[1] = Math.Exp(u[1]); });
        for (int d = 0; d < 50; d++)
        {
            Assert.Equal(raw.Draw(d)[0], natural.Draw(d)[0]);
            Assert.Equal(Math.Exp(raw.Draw(d)[1]), natural.Draw(d)[1]);
        }
    }

    [Fact]
    public void FromOptimumRefusesAFailedFit()
    {
        var f = TestDensities.NegatedRosenbrock(2);
        var failed = QuasiNewton.Maximize(f, [-1.2, 1.0], new OptimizerOptions { MaxIterations = 2 });
        Assert.Throws<ConvergenceException>(() => MaximumLikelihoodEstimate.FromOptimum(f, failed));
    }

    [Fact]
    public void PenaltyShrinksTowardsTheCentre()
    {
        // −(a/2)(θ − m)² − λ(θ − c)² is maximised at (a m + 2λ c) / (a + 2λ).
        double a = 3, m = 2, lambda = 0.75, c = -1;
        var penalized = new PenalizedLogDensity(TestDensities.NegatedQuadratic([a], [m]), lambda, [c]);
        TestDensities.AssertGradientMatchesFiniteDifferences(penalized, [0.4]);
        var scratch = new double[1];
        Assert.Equal(-(a / 2) * (0.4 - m) * (0.4 - m) - lambda * (0.4 - c) * (0.4 - c), penalized.Evaluate([0.4], scratch), 1e-12);
        var fit = MaximumLikelihoodEstimate.Fit(penalized, [0.0]);
        Assert.Equal((a * m + 2 * lambda * c) / (a + 2 * lambda), fit.Theta[0], 1e-7);
        Assert.Equal(1 / (a + 2 * lambda), fit.CovarianceAt(0, 0), 1e-9);
    }

    [Fact]
    public void PenaltyAboutTheOriginByDefault()
    {
        var penalized = new PenalizedLogDensity(TestDensities.NegatedRosenbrock(3), 0.5);
        TestDensities.AssertGradientMatchesFiniteDifferences(penalized, [0.3, -0.2, 1.1]);
        Assert.Throws<ArgumentOutOfRangeException>(() => new PenalizedLogDensity(penalized, -1));
        Assert.Throws<ArgumentException>(() => new PenalizedLogDensity(penalized, 1, [1.0]));
    }
}
