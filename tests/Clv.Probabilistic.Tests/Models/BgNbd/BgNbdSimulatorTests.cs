using Clv.Probabilistic.Data;
using Clv.Probabilistic.Inference;
using Clv.Probabilistic.Models;
using Clv.Probabilistic.Models.BgNbd;

namespace Clv.Probabilistic.Tests.Models.BgNbd;

/// <summary>
/// The simulator and the closed forms check each other: sample means must lie within 5 standard errors of the formulas
/// (a bound that fails with probability below 1e-6 per comparison for a correct pair, and reliably for a wrong one).
/// </summary>
public class BgNbdSimulatorTests
{
    private static readonly BgNbdParameters Truth = BgNbdTestData.Paper;

    private static double[] Constant(int n, double value)
    {
        var a = new double[n];
        Array.Fill(a, value);
        return a;
    }

    private static void WithinStandardErrors(ReadOnlySpan<double> sample, double expected, double k, string what)
    {
        double mean = 0;
        foreach (var v in sample) mean += v;
        mean /= sample.Length;
        double variance = 0;
        foreach (var v in sample) variance += (v - mean) * (v - mean);
        double se = Math.Sqrt(variance / (sample.Length - 1) / sample.Length);
        Assert.True(Math.Abs(mean - expected) <= k * se, $"{what}: mean {mean} vs {expected} (SE {se})");
    }

    [Theory]
    [InlineData(1.0)]
    [InlineData(39.0)]
    [InlineData(200.0)]
    public void MeanCountMatchesExpectedPurchases(double t)
    {
        var sim = new BgNbdSimulator(Truth, TimeUnit.Weeks).Simulate(Constant(50_000, t), seed: 11);
        WithinStandardErrors(sim.Summary.Frequency, BgNbdFormulas.ExpectedPurchases(Truth, t), 5, $"E[X({t})]");
    }

    [Fact]
    public void CountFrequenciesMatchPmf()
    {
        const int n = 50_000;
        var sim = new BgNbdSimulator(Truth, TimeUnit.Weeks).Simulate(Constant(n, 30), seed: 5);
        for (int k = 0; k <= 6; k++)
        {
            double p = Math.Exp(BgNbdFormulas.LogProbabilityOfPurchases(Truth, 30, k));
            int count = 0;
            foreach (var x in sim.Summary.Frequency) if (x == k) count++;
            double se = Math.Sqrt(p * (1 - p) / n);
            Assert.True(Math.Abs(count / (double)n - p) <= 5 * se, $"P(X(30) = {k}): {count / (double)n} vs {p}");
        }
    }

    // Holdout purchases minus E[Y(t) | x, t_x, T]: mean zero within 5 standard errors, overall and among repeat buyers.
    [Fact]
    public void HoldoutMatchesConditionalExpectation()
    {
        const int n = 50_000;
        var t = new double[n];
        for (int i = 0; i < n; i++) t[i] = 20 + (i % 20);
        var sim = new BgNbdSimulator(Truth, TimeUnit.Weeks).Simulate(t, seed: 3, holdoutLength: 39);
        var expected = new double[n];
        new BgNbdModel(Truth, TimeUnit.Weeks).ConditionalExpectedPurchases(sim.Summary, 39, expected);
        var residual = new double[n];
        for (int i = 0; i < n; i++) residual[i] = sim.HoldoutPurchases[i] - expected[i];
        WithinStandardErrors(residual, 0, 5, "holdout − E[Y(39)]");
        var repeaters = Enumerable.Range(0, n).Where(i => sim.Summary.Frequency[i] >= 2).Select(i => residual[i]).ToArray();
        WithinStandardErrors(repeaters, 0, 5, "holdout − E[Y(39)] | x ≥ 2");
    }

    // Holdout zeros among customers alive-or-not: the conditional PMF at 0 and 1 matches the frequencies.
    [Fact]
    public void HoldoutZerosMatchConditionalPmf()
    {
        const int n = 50_000;
        var sim = new BgNbdSimulator(Truth, TimeUnit.Weeks).Simulate(Constant(n, 30), seed: 8, holdoutLength: 20);
        var p0 = new double[n];
        new BgNbdModel(Truth, TimeUnit.Weeks).ConditionalProbabilityOfPurchases(sim.Summary, 20, 0, p0);
        var residual = new double[n];
        for (int i = 0; i < n; i++) residual[i] = (sim.HoldoutPurchases[i] == 0 ? 1 : 0) - p0[i];
        WithinStandardErrors(residual, 0, 5, "1{Y = 0} − P(Y = 0)");
    }

    [Fact]
    public void SameSeedSameCustomers()
    {
        var sim = new BgNbdSimulator(Truth, TimeUnit.Weeks);
        var a = sim.Simulate(Constant(100, 30), 4, 10);
        var b = sim.Simulate(Constant(100, 30), 4, 10);
        Assert.Equal(a.Summary.Frequency.ToArray(), b.Summary.Frequency.ToArray());
        Assert.Equal(a.Summary.Recency.ToArray(), b.Summary.Recency.ToArray());
        Assert.Equal(a.HoldoutPurchases.ToArray(), b.HoldoutPurchases.ToArray());
    }

    // Maximum likelihood on simulated data recovers the truth within 4 standard errors, and the 95% intervals
    // contain it (each interval fails with probability 5%; the seeds are fixed so the test is reproducible).
    [Theory]
    [InlineData(21)]
    [InlineData(22)]
    public void FitRecoversSimulatedParameters(int seed)
    {
        const int n = 10_000;
        var t = new double[n];
        for (int i = 0; i < n; i++) t[i] = 26 + (i % 27);
        var sim = new BgNbdSimulator(Truth, TimeUnit.Weeks).Simulate(t, seed);
        var fit = ModelFitter.Fit(BgNbdDefinition.Instance, sim.Summary, new FitOptions { Draws = 2000, Seed = 1 });
        double[] truth = [Truth.R, Truth.Alpha, Truth.A, Truth.B];
        var estimates = fit.Estimates;
        for (int j = 0; j < 4; j++)
            Assert.True(Math.Abs(estimates[j].Estimate - truth[j]) <= 4 * estimates[j].StandardError,
                $"{estimates[j]} vs truth {truth[j]}");
        var draws = fit.RequireDraws();
        Assert.Equal(4, draws.Dimension);
        Assert.Equal(2000, draws.Count);
        double meanR = draws.Column(0).Average();
        Assert.True(Math.Abs(meanR - fit.PointEstimate.R) <= 0.2 * estimates[0].StandardError, $"draw mean {meanR}");
    }
}
