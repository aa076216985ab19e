using System.Collections.Concurrent;
using Clv.Probabilistic.Data;
using Clv.Probabilistic.Inference;
using Clv.Probabilistic.Inference.Diagnostics;
using Clv.Probabilistic.Inference.Laplace;
using Clv.Probabilistic.Inference.Optimization;
using Clv.Probabilistic.Inference.Sampling;
using Clv.Probabilistic.Models;
using Clv.Probabilistic.Models.BgNbd;
using Clv.Probabilistic.Models.GammaGamma;
using FsCheck;
using FsCheck.Fluent;
using MathNet.Numerics.Random;

namespace Clv.Probabilistic.Tests.Inference.Sampling;

/// <summary>Warm-up from a given metric, the calibrated step size, and how chains share the cores.</summary>
public class NutsWarmupStartTests
{
    /// <summary>A standard normal that records its first point (the chain's start), threads and thread limits.</summary>
    private sealed class RecordingNormal(int dimension) : IParallelLogDensity
    {
        public double[]? First { get; private set; }
        public ConcurrentBag<int> Threads { get; } = [];
        public ConcurrentBag<int> Limits { get; } = [];

        public int Dimension => dimension;

        public int MaxDegreeOfParallelism
        {
            get => -1;
            set => Limits.Add(value);
        }

        public double Evaluate(ReadOnlySpan<double> theta, Span<double> gradient)
        {
            First ??= theta.ToArray();
            Threads.Add(Environment.CurrentManagedThreadId);
            double s = 0;
            for (int i = 0; i < theta.Length; i++)
            {
                s -= 0.5 * theta[i] * theta[i];
                gradient[i] = -theta[i];
            }
            return s;
        }
    }

    private static RecordingNormal[] Run(NutsOptions options, int dimension, double[] initial)
    {
        var densities = Enumerable.Range(0, options.Chains).Select(_ => new RecordingNormal(dimension)).ToArray();
        NutsSampler.Sample(c => densities[c], Enumerable.Range(0, dimension).Select(i => $"x{i}").ToArray(), options, initial);
        return densities;
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void WithAGivenMetricTheJitterBoxIsInItsStandardDeviations(bool dense)
    {
        // Σ₀ = [[4, 1.2], [1.2, 1]]: L = [[2, 0], [0.6, 0.8]] by hand; a diagonal metric keeps diag(Σ₀) = (4, 1).
        var options = new NutsOptions
        {
            Chains = 4, Warmup = 0, Draws = 1, Seed = 3, InitialJitter = 0.5, DenseMassMatrix = dense,
            InitialInverseMetric = [4.0, 1.2, 1.2, 1.0],
        };
        var starts = Run(options, 2, [10.0, -10.0]).Select(d => d.First!).ToArray();
        foreach (var start in starts)
        {
            double x = start[0] - 10, y = start[1] + 10;
            double u = x / 2;
            double v = dense ? (y - 0.6 * u) / 0.8 : y / 1;
            Assert.InRange(u, -0.5, 0.5);
            Assert.InRange(v, -0.5, 0.5);
        }
        // Whitened coordinates spread over the box: some start is more than one unit-metric box width (0.5) away.
        Assert.Contains(starts, s => Math.Abs(s[0] - 10) > 0.5);
        Assert.Equal(4, starts.Select(s => s[0]).Distinct().Count());
    }

    [Fact]
    public void AGivenMetricOfTheWrongSizeIsRejected() =>
        Assert.Throws<ArgumentException>(() => Run(new NutsOptions { InitialInverseMetric = [1.0, 1.0, 1.0] }, 2, [0.0, 0.0]));

    [FsCheck.Xunit.Property(MaxTest = 30)]
    public Property MassMatrixRegularisationScalesWithTheGivenMetric() =>
        Prop.ForAll(Gen.Choose(2, 60).ToArbitrary(), Gen.Choose(1, 1_000_000).ToArbitrary(), (n, seed) =>
        {
            var random = new Xoshiro256StarStar(seed);
            var x = Enumerable.Range(0, n).Select(_ => new[] { random.NextDouble() * 1e-2, random.NextDouble() * 3e-3 + 5e-3 * random.NextDouble() }).ToArray();
            double[] reference = [1e-5, 2e-6, 2e-6, 3e-6];
            var dense = new MassMatrixEstimator(2, dense: true, reference);
            var diagonal = new MassMatrixEstimator(2, dense: false, reference);
            foreach (var row in x) { dense.Add(row); diagonal.Add(row); }
            // Two-pass covariance; n/(n+5)·S + 1e−3·5/(n+5)·Σ₀.
            double[] mean = [x.Average(r => r[0]), x.Average(r => r[1])];
            double Cov(int i, int j) => x.Sum(r => (r[i] - mean[i]) * (r[j] - mean[j])) / (n - 1);
            double w = n / (n + 5.0), ridge = 1e-3 * 5 / (n + 5.0);
            double[] expected = [w * Cov(0, 0) + ridge * 1e-5, w * Cov(0, 1) + ridge * 2e-6, w * Cov(1, 0) + ridge * 2e-6, w * Cov(1, 1) + ridge * 3e-6];
            bool Close(double a, double b) => Math.Abs(a - b) <= 1e-10 * Math.Abs(b);
            var m = dense.Estimate().InverseMetric;
            var d = diagonal.Estimate().InverseMetric;
            return m.Zip(expected).All(p => Close(p.First, p.Second)) && Close(d[0], expected[0]) && Close(d[1], expected[3]);
        });

    [Fact]
    public void CalibratedStepSizeIsTheRootOfTheRejectionModelWhateverTheIteratesSpread()
    {
        // Acceptance statistics drawn as Bernoulli(1 − c ε²): the δ-point is ε* = √((1 − δ)/c). The iterates of dual
        // averaging spread in log ε, so their geometric mean ε̄ falls below ε* (Jensen), while Calibrated does not.
        foreach (double c in new[] { 0.05, 0.2, 1.0 })
        {
            double exact = Math.Sqrt(0.2 / c), calibrated = 0, averaged = 0;
            const int runs = 40;
            for (int seed = 1; seed <= runs; seed++)
            {
                var random = new Xoshiro256StarStar(seed);
                var averaging = new DualAveraging(0.8, 0.05, 10, 0.75);
                averaging.Restart(exact);
                double stepSize = exact;
                for (int m = 0; m < 300; m++)
                    stepSize = averaging.Update(random.NextDouble() < 1 - c * stepSize * stepSize ? 1 : 0);
                calibrated += Math.Log(averaging.Calibrated) / runs;
                averaged += Math.Log(averaging.Averaged) / runs;
            }
            Assert.InRange(Math.Exp(calibrated) / exact, 0.95, 1.05);
            Assert.True(Math.Exp(averaged) / exact < 0.95, $"c = {c}: ε̄/ε* = {Math.Exp(averaged) / exact}");
        }
    }

    [Fact]
    public void AfterWarmupFromTheExactMetricTheAcceptanceIsNearTheTarget()
    {
        // A 4-dimensional standard normal, warm-up started from the exact metric. With a fixed step size the mean
        // acceptance statistic is 0.80 at ε ≈ 1.1 and 0.90 at ε ≈ 0.8 (measured over 40,000 transitions, see
        // docs/performance.md); Stan's averaged ε̄ lands near 0.8 here, the calibrated step near 1.
        var result = NutsSampler.Sample(new StandardNormalDensity(4), ["a", "b", "c", "d"],
            new NutsOptions { Seed = 5, DenseMassMatrix = true, InitialInverseMetric = [1.0, 1.0, 1.0, 1.0], InitialJitter = 2 }, new double[4]);
        double acceptance = result.Chains.Average(c => c.MeanAcceptance);
        Assert.InRange(acceptance, 0.74, 0.87);
        Assert.All(result.Chains, c => Assert.InRange(c.StepSize, 0.85, 1.3));
        for (int j = 0; j < 4; j++)
        {
            PosteriorChecks.MeanWithin(result.Draws, j, 0, 4);
            PosteriorChecks.VarianceWithin(result.Draws, j, 0, 1, 4);
        }
    }

    [Fact]
    public void AllChainsRunAtOnceUnlessLimited()
    {
        // Each chain's first evaluation waits until every chain has made its own: only chains running at the same
        // time, on threads of their own, all get through (the wait gives up after 30 s, and the test then fails).
        using var started = new CountdownEvent(4);
        var met = new bool[4];
        var densities = Enumerable.Range(0, 4).Select(c => new BarrierNormal(() =>
        {
            started.Signal();
            met[c] = started.Wait(TimeSpan.FromSeconds(30));
        })).ToArray();
        NutsSampler.Sample(c => densities[c], ["x"], new NutsOptions { Chains = 4, Warmup = 10, Draws = 10, Seed = 1 }, [0.0]);
        Assert.All(met, Assert.True);

        var limited = Run(new NutsOptions { Chains = 4, Warmup = 20, Draws = 20, Seed = 1, MaxDegreeOfParallelism = 2 }, 2, [0.0, 0.0]);
        Assert.True(limited.SelectMany(d => d.Threads).Distinct().Count() <= 2);
    }

    /// <summary>A standard normal in one dimension that calls <paramref name="first"/> on its first evaluation.</summary>
    private sealed class BarrierNormal(Action first) : ILogDensity
    {
        private bool _called;

        public int Dimension => 1;

        public double Evaluate(ReadOnlySpan<double> theta, Span<double> gradient)
        {
            if (!_called) { _called = true; first(); }
            gradient[0] = -theta[0];
            return -0.5 * theta[0] * theta[0];
        }
    }

    [Theory]
    [InlineData(4, 2, 1)]
    [InlineData(2, 2, 1)]
    [InlineData(1, 2, 2)]
    [InlineData(3, 8, 2)]
    [InlineData(1, 8, 8)]
    [InlineData(0, 2, 2)]
    public void AChainsGradientGetsItsShareOfTheIdleCores(int running, int cores, int threads) =>
        Assert.Equal(threads, ChainScheduler.ThreadsPerChain(running, cores));

    [Fact]
    public void TheSamplerSetsEachChainsThreadLimitBeforeEveryIteration()
    {
        var densities = Run(new NutsOptions { Chains = 1, Warmup = 10, Draws = 10, Seed = 1 }, 2, [0.0, 0.0]);
        // Once before the initial point, then before each of the 20 iterations; one chain alone has every core.
        Assert.Equal(21, densities[0].Limits.Count);
        Assert.All(densities[0].Limits, limit => Assert.Equal(ChainScheduler.ThreadsPerChain(1, Environment.ProcessorCount), limit));
    }

    [Fact]
    public void ABayesianFitStartsNutsFromTheLaplaceModeAndCovariance()
    {
        var lengths = Enumerable.Range(0, 400).Select(i => 20.0 + i % 30).ToArray();
        var summary = new BgNbdSimulator(new BgNbdParameters(0.5, 5, 0.7, 2.5), TimeUnit.Weeks).Simulate(lengths, seed: 4).Summary;
        var options = new FitOptions
        {
            Method = FitMethod.Nuts, Seed = 2, Sampler = new NutsOptions { Chains = 2, Warmup = 150, Draws = 100, DenseMassMatrix = true },
        };
        var definition = BgNbdDefinition.Instance;
        var fit = ModelFitter.Fit(definition, summary, options);
        var data = definition.Prepare(summary);
        var posterior = new LogPosterior(new BgNbdLogLikelihood(summary), BgNbdPriors.Default(summary.TimeUnit).ToList(), definition.Parameters);
        var laplace = LaplaceApproximation.Fit(posterior, definition.Parameters.ToUnconstrained(definition.StartingValues(data)));
        Assert.Equal(laplace.Covariance.ToArray(), fit.Nuts!.Options.InitialInverseMetric!);
        // Without jitter every chain starts at the mode.
        Assert.All(fit.Summary!.Rows, row => Assert.True(row.RHat < 1.05, $"{row.Name}: R-hat {row.RHat}"));
    }

    [Fact]
    public void AGammaGammaFitAlsoStartsFromTheLaplaceModeAndCovariance()
    {
        var data = new GammaGammaData([1.0, 2, 3, 4, 5, 2, 3], [20.0, 35, 18, 50, 27, 31, 22]);
        var definition = GammaGammaDefinition.Instance;
        var fit = ModelFitter.Fit(definition, definition.Prepare(data, TimeUnit.Weeks),
            new FitOptions { Method = FitMethod.Nuts, Sampler = new NutsOptions { Chains = 1, Warmup = 30, Draws = 10 }, ThrowIfUnreliable = false });
        double mean = (20.0 + 35 + 18 + 50 + 27 + 31 + 22) / 7;
        var posterior = new LogPosterior(new GammaGammaLogDensity(data), GammaGammaPriors.Default(mean).ToList(), definition.Parameters);
        var laplace = LaplaceApproximation.Fit(posterior, [0.0, Math.Log(2.0), Math.Log(mean)]);
        var metric = fit.Nuts!.Options.InitialInverseMetric!;
        var expected = laplace.Covariance.ToArray();
        Assert.Equal(expected.Length, metric.Count);
        for (int i = 0; i < expected.Length; i++) Assert.Equal(expected[i], metric[i], 1e-9 * Math.Abs(expected[i]) + 1e-15);
    }
}
