using Clv.Probabilistic.Inference;
using Clv.Probabilistic.Inference.Diagnostics;
using Clv.Probabilistic.Inference.Laplace;
using Clv.Probabilistic.Inference.Optimization;
using Clv.Probabilistic.Inference.Sampling;
using FsCheck;
using FsCheck.Fluent;
using MathNet.Numerics.Random;

namespace Clv.Probabilistic.Tests.Inference.Sampling;

public class NutsComponentTests
{
    [FsCheck.Xunit.Property(MaxTest = 50)]
    public Property LeapfrogIsReversible() =>
        Prop.ForAll(Gen.Choose(1, 1_000_000).ToArbitrary(), Gen.Choose(1, 20).ToArbitrary(), Gen.Choose(0, 1).ToArbitrary(), (seed, steps, dense) =>
        {
            var density = GaussianDensity.Bivariate(0.5, -1, 1, 2, 0.7).Density;
            var random = new Xoshiro256StarStar(seed);
            var metric = dense == 1
                ? (EuclideanMetric)new DenseMetric([2.0, 0.3, 0.3, 0.5], 2)
                : new DiagonalMetric([2.0, 0.5]);
            var transition = new NutsTransition(density, metric, random, 5, 1000);
            var z = new PhasePoint(2);
            z.Position[0] = random.NextDouble() * 4 - 2;
            z.Position[1] = random.NextDouble() * 4 - 2;
            transition.Evaluate(z);
            metric.SampleMomentum(new StandardNormalSource(random), z.Momentum);
            metric.Velocity(z.Momentum, z.Velocity);
            var start = z.Position.Concat(z.Momentum).ToArray();
            for (int i = 0; i < steps; i++) transition.Leapfrog(z, 0.1);
            for (int i = 0; i < steps; i++) transition.Leapfrog(z, -0.1);
            var end = z.Position.Concat(z.Momentum).ToArray();
            return start.Zip(end).All(p => Math.Abs(p.First - p.Second) < 1e-9);
        });

    [Fact]
    public void LeapfrogEnergyErrorIsSecondOrder()
    {
        // Over a fixed time T = 1 the global energy error of leapfrog scales as ε²: halving ε quarters it.
        var density = GaussianDensity.Bivariate(0, 0, 1, 2, 0.5).Density;
        double Error(double epsilon)
        {
            var transition = new NutsTransition(density, new DiagonalMetric([1.0, 1.0]), new Xoshiro256StarStar(1), 5, 1000);
            var z = new PhasePoint(2);
            z.Position[0] = 1; z.Position[1] = -0.5;
            z.Momentum[0] = 0.3; z.Momentum[1] = 0.8;
            transition.Evaluate(z);
            transition.Metric.Velocity(z.Momentum, z.Velocity);
            double h0 = z.Hamiltonian();
            for (int i = 0; i < (int)Math.Round(1 / epsilon); i++) transition.Leapfrog(z, epsilon);
            return Math.Abs(z.Hamiltonian() - h0);
        }
        double ratio = Error(0.02) / Error(0.01);
        Assert.InRange(ratio, 3.6, 4.4);
    }

    [Fact]
    public void DenseMomentumHasCovarianceM()
    {
        // p = L⁻ᵀz must have covariance M = (M⁻¹)⁻¹; check against the inverse of the 2×2 matrix.
        var inverse = new[] { 2.0, 0.6, 0.6, 0.5 };
        var metric = new DenseMetric(inverse, 2);
        double det = inverse[0] * inverse[3] - inverse[1] * inverse[2];
        double[] m = [inverse[3] / det, -inverse[1] / det, -inverse[2] / det, inverse[0] / det];
        var normal = new StandardNormalSource(new Xoshiro256StarStar(7));
        var p = new double[2];
        var sums = new double[4];
        const int n = 200_000;
        for (int i = 0; i < n; i++)
        {
            metric.SampleMomentum(normal, p);
            sums[0] += p[0] * p[0]; sums[1] += p[0] * p[1]; sums[3] += p[1] * p[1];
        }
        // The standard error of a sample second moment is about √(2/n)·scale ≈ 0.003·scale; allow 5 of them.
        Assert.Equal(m[0], sums[0] / n, m[0] * 0.016);
        Assert.Equal(m[1], sums[1] / n, Math.Sqrt(m[0] * m[3]) * 0.016);
        Assert.Equal(m[3], sums[3] / n, m[3] * 0.016);
    }

    [Fact]
    public void DualAveragingConvergesToTargetAcceptance()
    {
        // With a deterministic acceptance α(ε) = exp(−ε), the fixed point of α = 0.8 is ε* = −ln 0.8.
        var averaging = new DualAveraging(0.8, 0.05, 10, 0.75);
        averaging.Restart(1);
        double stepSize = 1;
        for (int i = 0; i < 5000; i++) stepSize = averaging.Update(Math.Exp(-stepSize));
        Assert.Equal(-Math.Log(0.8), averaging.Averaged, 0.005);
    }

    [Fact]
    public void WarmupScheduleMatchesStanDefaults()
    {
        // Stan Reference Manual: 1000 warm-up iterations = 75 fast, slow windows 25, 50, 100, 200, 500, then 50 fast.
        var schedule = new WarmupSchedule(1000, 75, 50, 25);
        Assert.Equal([100, 150, 250, 450, 950], schedule.WindowEnds);
        Assert.False(schedule.InSlowWindow(74));
        Assert.True(schedule.InSlowWindow(75));
        Assert.True(schedule.InSlowWindow(949));
        Assert.False(schedule.InSlowWindow(950));
        Assert.True(schedule.ClosesWindow(99));
        Assert.False(schedule.ClosesWindow(100));
        // Too short for the defaults: 15% / 75% / 10%.
        var shortSchedule = new WarmupSchedule(100, 75, 50, 25);
        Assert.Equal(15, shortSchedule.SlowStart);
        Assert.Equal([90], shortSchedule.WindowEnds);
        Assert.Empty(new WarmupSchedule(19, 75, 50, 25).WindowEnds);
        // 170: the first window (75–100) stays; the second (size 50) would end at 150 with less than 100 to spare
        // before the terminal buffer at 120, so it stretches to 120. 150: one window 75–100 fills the slow phase.
        Assert.Equal([100, 120], new WarmupSchedule(170, 75, 50, 25).WindowEnds);
        Assert.Equal([100], new WarmupSchedule(150, 75, 50, 25).WindowEnds);
        Assert.Equal([100, 150, 250, 450, 850, 1950], new WarmupSchedule(2000, 75, 50, 25).WindowEnds);
    }

    [FsCheck.Xunit.Property(MaxTest = 50)]
    public Property MassMatrixEstimateIsTheRegularisedSampleCovariance() =>
        Prop.ForAll(Gen.Choose(2, 60).ToArbitrary(), Gen.Choose(1, 1_000_000).ToArbitrary(), (n, seed) =>
        {
            var random = new Xoshiro256StarStar(seed);
            var x = Enumerable.Range(0, n).Select(_ => new[] { random.NextDouble() * 10, random.NextDouble() * 3 + 5 * random.NextDouble() }).ToArray();
            var diagonal = new MassMatrixEstimator(2, dense: false);
            var dense = new MassMatrixEstimator(2, dense: true);
            foreach (var row in x) { diagonal.Add(row); dense.Add(row); }
            // Two-pass covariance, then Stan's regularisation n/(n+5)·S + 1e−3·5/(n+5)·I.
            double[] mean = [x.Average(r => r[0]), x.Average(r => r[1])];
            double Cov(int i, int j) => x.Sum(r => (r[i] - mean[i]) * (r[j] - mean[j])) / (n - 1);
            double w = n / (n + 5.0), ridge = 1e-3 * 5 / (n + 5.0);
            double[] expected = [w * Cov(0, 0) + ridge, w * Cov(0, 1), w * Cov(1, 0), w * Cov(1, 1) + ridge];
            var d = diagonal.Estimate().InverseMetric;
            var m = dense.Estimate().InverseMetric;
            bool Close(double a, double b) => Math.Abs(a - b) <= 1e-10 * (1 + Math.Abs(b));
            return Close(d[0], expected[0]) && Close(d[1], expected[3]) && m.Zip(expected).All(p => Close(p.First, p.Second));
        });

    [Fact]
    public void ChainGeneratorsAreDistinctAndReproducible()
    {
        var a = NutsSampler.ChainRandom(1, 0).NextDouble();
        Assert.Equal(a, NutsSampler.ChainRandom(1, 0).NextDouble());
        Assert.NotEqual(a, NutsSampler.ChainRandom(1, 1).NextDouble());
        Assert.NotEqual(a, NutsSampler.ChainRandom(2, 0).NextDouble());
    }
}
