using Clv.Probabilistic.Data;
using Clv.Probabilistic.Evaluation;
using Clv.Probabilistic.Models;
using Clv.Probabilistic.Models.BgNbd;
using MathNet.Numerics.Distributions;

namespace Clv.Probabilistic.Tests.Evaluation;

/// <summary>
/// <see cref="LikelihoodRatioTest"/> on a model that truly nests another: purchase counts of G groups of customers as
/// Poisson with one rate per group (full, G parameters) against one common rate (restricted, 1 parameter; df = G − 1),
/// both with closed-form MLEs. No registered purchase model nests another, so the test uses this textbook pair.
/// </summary>
public sealed class LikelihoodRatioComparisonTests
{
    private const int Customers = 200;

    /// <summary>ℓ = Σ_i (y_i ln λ − λ − ln y_i!) at λ = the mean of the counts.</summary>
    private static double PoissonLogLikelihood(IReadOnlyList<int> counts)
    {
        double lambda = counts.Average();
        return counts.Sum(y => (y == 0 ? 0 : y * Math.Log(lambda)) - lambda - MathNet.Numerics.SpecialFunctions.FactorialLn(y));
    }

    private static double PValue(int seed, double[] rates)
    {
        var random = new Random(seed);
        var groups = rates.Select(rate => Enumerable.Range(0, Customers).Select(_ => Poisson.Sample(random, rate)).ToArray()).ToArray();
        double full = groups.Sum(PoissonLogLikelihood);
        double restricted = PoissonLogLikelihood(groups.SelectMany(g => g).ToArray());
        return LikelihoodRatioTest.Compute(restricted, full, rates.Length - 1).PValue;
    }

    /// <summary>Kolmogorov–Smirnov distance of the sample from U(0, 1).</summary>
    private static double DistanceFromUniform(double[] p)
    {
        Array.Sort(p);
        double d = 0;
        for (int i = 0; i < p.Length; i++) d = Math.Max(d, Math.Max((i + 1.0) / p.Length - p[i], p[i] - (double)i / p.Length));
        return d;
    }

    [Theory]
    [InlineData(new[] { 1.5, 1.5 })]
    [InlineData(new[] { 0.8, 0.8, 0.8, 0.8 })]
    public void PValuesAreUniformWhenTheNullHolds(double[] rates)
    {
        const int seeds = 2000;
        var p = Enumerable.Range(1, seeds).Select(seed => PValue(seed, rates)).ToArray();
        // KS critical value at α = 0.001: 1.95 / √n. Halving the statistic or using the wrong df moves D far beyond it.
        Assert.True(DistanceFromUniform(p) < 1.95 / Math.Sqrt(seeds), $"D = {DistanceFromUniform(p)}");
        double rejected = p.Count(v => v < 0.05) / (double)seeds;
        Assert.InRange(rejected, 0.03, 0.07);
    }

    [Fact]
    public void RejectsWhenTheNullIsFalse()
    {
        var p = Enumerable.Range(1, 200).Select(seed => PValue(seed, [1.5, 2.0])).ToArray();
        Assert.True(p.Count(v => v < 0.05) > 0.9 * p.Length);
    }

    [Fact]
    public void StatisticAndTailByHand()
    {
        var test = LikelihoodRatioTest.Compute(-105.0, -101.0, 2);
        Assert.Equal(8.0, test.Statistic);
        Assert.Equal(2, test.DegreesOfFreedom);
        Assert.Equal(Math.Exp(-4.0), test.PValue, 1e-14); // χ²_2 tail is e^(−x/2)
        Assert.Equal(1.0 - ChiSquared.CDF(1, 3.0), LikelihoodRatioTest.Compute(-10, -8.5, 1).PValue, 1e-12);
        var negative = LikelihoodRatioTest.Compute(-100.0, -100.5, 1);
        Assert.Equal((0.0, 1.0), (negative.Statistic, negative.PValue));
        Assert.Throws<ArgumentOutOfRangeException>(() => LikelihoodRatioTest.Compute(-1, -1, 0));
    }

    [Fact]
    public void FitsMustBeToTheSameCustomers()
    {
        var all = Datasets.CdnowSummary();
        var fit = ModelFitter.Fit(BgNbdDefinition.Instance, all);
        var same = LikelihoodRatioTest.Compute(fit, fit, 1);
        Assert.Equal((0.0, 1.0), (same.Statistic, same.PValue));
        var half = new RfmSummary(all.CustomerIds.Take(1000).ToArray(), all.Frequency[..1000], all.Recency[..1000], all.T[..1000],
            all.MonetaryValue[..1000], all.TimeUnit);
        var other = ModelFitter.Fit(BgNbdDefinition.Instance, half);
        Assert.Throws<ArgumentException>(() => LikelihoodRatioTest.Compute(other, fit, 1));
    }
}

/// <summary>The boundary form of the likelihood-ratio test (Self &amp; Liang 1987, case 5).</summary>
public class BoundaryLikelihoodRatioTests
{
    // Λ = 2.7055 is the 90% point of χ²₁: p = 0.10 in the interior, 0.05 under ½χ²₀ + ½χ²₁; Λ = 0 gives p = 1 under
    // both; with two restrictions, p = ½ P(χ²₁ ≥ Λ) + ½ P(χ²₂ ≥ Λ) = ½ (0.10 + e^{−Λ/2}).
    [Fact]
    public void BoundaryMixtureHalvesTheOneDegreePValue()
    {
        var interior = LikelihoodRatioTest.Compute(-100, -100 + 2.705543454095404 / 2, 1);
        var boundary = LikelihoodRatioTest.Compute(-100, -100 + 2.705543454095404 / 2, 1, onBoundary: true);
        Assert.Equal(0.10, interior.PValue, 1e-12);
        Assert.Equal(0.05, boundary.PValue, 1e-12);
        Assert.Equal("χ²₁", interior.ReferenceDistribution);
        Assert.Equal("½χ²₀ + ½χ²₁", boundary.ReferenceDistribution);
        Assert.Equal(1.0, LikelihoodRatioTest.Compute(-100, -100, 1, onBoundary: true).PValue);
        var two = LikelihoodRatioTest.Compute(-100, -100 + 2.705543454095404 / 2, 2, onBoundary: true);
        Assert.Equal(0.5 * (0.10 + Math.Exp(-2.705543454095404 / 2)), two.PValue, 1e-12);
    }
}
