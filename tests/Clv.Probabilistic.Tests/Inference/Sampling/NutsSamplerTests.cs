using Clv.Probabilistic.Inference;
using Clv.Probabilistic.Inference.Diagnostics;
using Clv.Probabilistic.Inference.Laplace;
using Clv.Probabilistic.Inference.Optimization;
using Clv.Probabilistic.Inference.Sampling;
using MathNet.Numerics.Distributions;

namespace Clv.Probabilistic.Tests.Inference.Sampling;

public class NutsSamplerTests
{
    private static string[] Names(int d) => Enumerable.Range(0, d).Select(i => $"x{i}").ToArray();

    [Theory]
    [InlineData(1, 4.0)]
    [InlineData(10, 4.0)]
    // 100 coordinates × 2 checks: a Bonferroni bound at 4.5 MCSE keeps the chance of a false failure below 0.2%.
    [InlineData(100, 4.5)]
    public void StandardNormalMomentsWithinMcse(int d, double z)
    {
        var result = NutsSampler.Sample(new StandardNormalDensity(d), Names(d), new NutsOptions { Seed = 11 });
        Assert.Equal(0, result.Divergences);
        for (int j = 0; j < d; j++)
        {
            PosteriorChecks.MeanWithin(result.Draws, j, 0, z);
            PosteriorChecks.VarianceWithin(result.Draws, j, 0, 1, z);
            double rHat = McmcDiagnostics.RHat(McmcDiagnostics.ChainColumns(result.Draws, j));
            Assert.True(rHat < 1.01, $"x{j}: R-hat {rHat}");
        }
        // The step size after warm-up is calibrated to the target 0.8 (DualAveraging.Calibrated); one chain's mean over
        // 1000 draws scatters about it by several hundredths, more in one dimension, where acceptance falls steeply.
        Assert.All(result.Chains, c => Assert.InRange(c.MeanAcceptance, 0.65, 0.95));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void CorrelatedGaussianMomentsWithinMcse(bool dense)
    {
        var (density, covariance) = GaussianDensity.Bivariate(1, -2, 1, 10, 0.99);
        var result = NutsSampler.Sample(density, ["a", "b"], new NutsOptions { Seed = 5, DenseMassMatrix = dense });
        Assert.Equal(0, result.Divergences);
        var draws = result.Draws;
        PosteriorChecks.MeanWithin(draws, 0, 1, 4);
        PosteriorChecks.MeanWithin(draws, 1, -2, 4);
        PosteriorChecks.VarianceWithin(draws, 0, 1, covariance[0, 0], 4);
        PosteriorChecks.VarianceWithin(draws, 1, -2, covariance[1, 1], 4);
        // Covariance: E[(a − 1)(b + 2)] = Σ₁₂, with the MCSE of the product's mean.
        var products = new double[result.Options.Chains][];
        var a = McmcDiagnostics.ChainColumns(draws, 0);
        var b = McmcDiagnostics.ChainColumns(draws, 1);
        for (int c = 0; c < products.Length; c++) products[c] = a[c].Zip(b[c], (x, y) => (x - 1) * (y + 2)).ToArray();
        double covarianceEstimate = products.SelectMany(p => p).Average();
        Assert.True(Math.Abs(covarianceEstimate - covariance[0, 1]) <= 4 * McmcDiagnostics.McseMean(products));
    }

    [Fact]
    public void DenseMetricLearnsTheCovarianceAndShortensTrajectories()
    {
        var (density, covariance) = GaussianDensity.Bivariate(1, -2, 1, 10, 0.99);
        var diagonal = NutsSampler.Sample(density, ["a", "b"], new NutsOptions { Seed = 5, Chains = 2 });
        var dense = NutsSampler.Sample(density, ["a", "b"], new NutsOptions { Seed = 5, Chains = 2, DenseMassMatrix = true });
        foreach (var chain in dense.Chains)
        {
            Assert.True(chain.IsDenseMetric);
            var m = chain.InverseMetric;
            Assert.InRange(m[0] / covariance[0, 0], 0.7, 1.3);
            Assert.InRange(m[3] / covariance[1, 1], 0.7, 1.3);
            Assert.Equal(m[1], m[2]);
            Assert.InRange(m[1] / Math.Sqrt(m[0] * m[3]), 0.98, 1.0);
        }
        foreach (var chain in diagonal.Chains)
        {
            Assert.False(chain.IsDenseMetric);
            Assert.InRange(chain.InverseMetric[1] / chain.InverseMetric[0], 60, 140); // variances 1 and 100
        }
        double Steps(NutsResult r) => r.Chains.SelectMany(c => c.LeapfrogSteps).Average();
        Assert.True(Steps(dense) < Steps(diagonal) / 3, $"dense {Steps(dense)} vs diagonal {Steps(diagonal)} leapfrog steps per draw");
    }

    [Fact]
    public void GammaPoissonMatchesExactGammaPosterior()
    {
        var density = new GammaPoissonLogRate(a: 2, b: 0.5, sumY: 17, n: 6);
        var result = NutsSampler.Sample(density, ["log_lambda"], new NutsOptions { Seed = 3 });
        var exact = new Gamma(density.Shape, density.Rate);
        PosteriorChecks.MeanWithin(result.Draws, 0, exact.Mean, 4, Math.Exp);
        PosteriorChecks.VarianceWithin(result.Draws, 0, exact.Mean, exact.Variance, 4, Math.Exp);
        foreach (double p in new[] { 0.05, 0.5, 0.95 })
            PosteriorChecks.QuantileWithin(result.Draws, 0, exact.InverseCumulativeDistribution(p), p, 4, Math.Exp);
    }

    [Fact]
    public void BetaBinomialMatchesExactBetaPosterior()
    {
        var density = new BetaBinomialLogit(a: 1.5, b: 4, k: 3, n: 25);
        var result = NutsSampler.Sample(density, ["logit_p"], new NutsOptions { Seed = 8 });
        var exact = new Beta(density.Alpha, density.Beta);
        Func<double, double> p = phi => 1 / (1 + Math.Exp(-phi));
        PosteriorChecks.MeanWithin(result.Draws, 0, exact.Mean, 4, p);
        PosteriorChecks.VarianceWithin(result.Draws, 0, exact.Mean, exact.Variance, 4, p);
        foreach (double level in new[] { 0.05, 0.5, 0.95 })
            PosteriorChecks.QuantileWithin(result.Draws, 0, exact.InverseCumulativeDistribution(level), level, 4, p);
    }

    [Fact]
    public void SameSeedGivesIdenticalDrawsAtAnyParallelism()
    {
        var density = GaussianDensity.Bivariate(0, 0, 1, 3, 0.5).Density;
        var options = new NutsOptions { Seed = 42, Warmup = 200, Draws = 200 };
        var serial = NutsSampler.Sample(density, ["a", "b"], options with { MaxDegreeOfParallelism = 1 });
        var parallel = NutsSampler.Sample(density, ["a", "b"], options with { MaxDegreeOfParallelism = 4 });
        var again = NutsSampler.Sample(density, ["a", "b"], options);
        var otherSeed = NutsSampler.Sample(density, ["a", "b"], options with { Seed = 43 });
        Assert.True(serial.Draws.Values.SequenceEqual(parallel.Draws.Values));
        Assert.True(serial.Draws.Values.SequenceEqual(again.Draws.Values));
        Assert.False(serial.Draws.Values.SequenceEqual(otherSeed.Draws.Values));
        Assert.Equal(serial.Chains.Select(c => c.StepSize), parallel.Chains.Select(c => c.StepSize));
        // Chains are distinct streams, not copies of one another.
        Assert.False(serial.Draws.Draw(0).SequenceEqual(serial.Draws.Draw(200)));
    }

    [Fact]
    public void FunnelReportsDivergences()
    {
        var result = NutsSampler.Sample(new FunnelDensity(10), Names(10), new NutsOptions { Seed = 2, Chains = 2, Warmup = 300, Draws = 300 });
        Assert.True(result.Divergences > 0);
        Assert.Equal(result.Divergences, result.Chains.Sum(c => c.Divergent.Count(x => x)));
        Assert.Contains(result.Summarize().Warnings, w => w.Kind == DiagnosticKind.Divergences);
    }

    [Fact]
    public void TreeDepthLimitIsReported()
    {
        // Variances 1 and 10⁶ with no metric adaptation need long trajectories; depth 3 cuts them short.
        var density = GaussianDensity.Bivariate(0, 0, 1, 1000, 0).Density;
        var result = NutsSampler.Sample(density, ["a", "b"], new NutsOptions { Seed = 1, Chains = 1, Warmup = 100, Draws = 100, MaxTreeDepth = 3, AdaptMassMatrix = false });
        Assert.True(result.TreeDepthHits > 0);
        Assert.All(result.Chains[0].TreeDepth, t => Assert.InRange(t, 1, 3));
        Assert.Contains(result.SamplerWarnings(), w => w.Kind == DiagnosticKind.TreeDepthSaturation);
    }

    [Fact]
    public void StatisticsAreConsistent()
    {
        var result = NutsSampler.Sample(new StandardNormalDensity(3), Names(3), new NutsOptions { Seed = 9, Chains = 2, Warmup = 150, Draws = 100 });
        Assert.Equal(200, result.Draws.Count);
        Assert.Equal(2, result.Draws.ChainCount);
        foreach (var chain in result.Chains)
        {
            Assert.Equal(100, chain.Energy.Count);
            // Completed doublings give depth; a rejected last subtree adds up to 2^depth − 1 more steps.
            Assert.All(chain.LeapfrogSteps.Zip(chain.TreeDepth), s => Assert.InRange(s.First, 1, (2 << s.Second) - 1));
            // Every leapfrog step costs one gradient; warm-up and step-size searches add more.
            Assert.True(chain.GradientEvaluations > chain.LeapfrogSteps.Sum());
            Assert.True(chain.StepSize > 0);
            Assert.InRange(chain.EnergyBfmi, 0.3, 3);
        }
    }

    [Fact]
    public void ProgressReachesTheEndOfEveryChain()
    {
        var reports = new List<NutsProgress>();
        var progress = new SynchronousProgress(p => { lock (reports) reports.Add(p); });
        NutsSampler.Sample(new StandardNormalDensity(2), Names(2), new NutsOptions { Seed = 1, Warmup = 50, Draws = 50, Progress = progress });
        for (int c = 0; c < 4; c++)
        {
            var chain = reports.Where(r => r.Chain == c).ToList();
            Assert.InRange(chain.Count, 2, 101);
            Assert.Equal(100, chain[^1].Iteration);
            Assert.False(chain[^1].IsWarmup);
        }
    }

    [Fact]
    public void RandomInitialPointsAreRetriedUntilTheDensityIsFinite()
    {
        // Density zero for θ < 1.5: most uniform(−2, 2) starts fail.
        var density = new RestrictedDensity(1.5);
        var result = NutsSampler.Sample(density, ["x"], new NutsOptions { Seed = 4, Chains = 2, Warmup = 100, Draws = 100 });
        Assert.All(result.Draws.Column(0), x => Assert.True(x >= 1.5));
    }

    [Fact]
    public void InvalidInputsThrowNamedExceptions()
    {
        var density = new StandardNormalDensity(2);
        var options = new NutsOptions();
        Assert.Throws<ArgumentException>(() => NutsSampler.Sample(density, ["a"], options));
        Assert.Throws<ArgumentException>(() => NutsSampler.Sample(density, ["a", "b"], options, [1.0]));
        Assert.Throws<ArgumentException>(() => NutsSampler.Sample(new RestrictedDensity(1.5), ["x"], options, [0.0]));
        Assert.Throws<ArgumentOutOfRangeException>(() => NutsSampler.Sample(density, ["a", "b"], options with { TargetAcceptance = 1 }));
        Assert.Throws<InvalidOperationException>(() => NutsSampler.Sample(new RestrictedDensity(50), ["x"], options with { InitialAttempts = 5 }));
    }

    [Fact]
    public void GivenInitialPointIsUsed()
    {
        // With no warm-up, one draw and at most 4 small leapfrog steps, the draw stays near the start, far from 0.
        var result = NutsSampler.Sample(new StandardNormalDensity(1), ["x"], new NutsOptions { Seed = 1, Chains = 1, Warmup = 0, Draws = 1, InitialStepSize = 1e-3, MaxTreeDepth = 2 }, [25.0]);
        Assert.InRange(result.Draws.Values[0], 20, 26);
    }

    private sealed class SynchronousProgress(Action<NutsProgress> report) : IProgress<NutsProgress>
    {
        public void Report(NutsProgress value) => report(value);
    }

    /// <summary>Standard normal truncated to θ ≥ lower.</summary>
    private sealed class RestrictedDensity(double lower) : ILogDensity
    {
        public int Dimension => 1;

        public double Evaluate(ReadOnlySpan<double> theta, Span<double> gradient)
        {
            gradient[0] = -theta[0];
            return theta[0] >= lower ? -0.5 * theta[0] * theta[0] : double.NegativeInfinity;
        }
    }
}
