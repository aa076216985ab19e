using Clv.Probabilistic.Inference.Priors;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using MathNet.Numerics.Integration;
using MathNet.Numerics.Random;

namespace Clv.Probabilistic.Tests.Inference.Priors;

public class ParameterPriorTests
{
    private static readonly ParameterPrior[] Examples = [new LogNormalPrior(2.5, 0.7), new GammaPrior(2.0, 0.5), new HalfNormalPrior(3.0)];

    public static TheoryData<ParameterPrior> Priors => new(Examples);

    [Theory]
    [MemberData(nameof(Priors))]
    public void DensityOfTheLogIntegratesToOneOnlyWithTheJacobian(ParameterPrior prior)
    {
        // ∫ p_θ(θ) dθ over the real line by adaptive Gauss–Kronrod: 1 with the Jacobian e^θ, not without it.
        double with = Integrate(t => Math.Exp(prior.LogDensityOfLog(t, out _)));
        double without = Integrate(t => Math.Exp(prior.LogDensityOfLog(t, out _, includeJacobian: false)));
        Assert.Equal(1.0, with, 1e-8);
        Assert.True(Math.Abs(without - 1) > 0.05, $"without Jacobian: {without}");
    }

    [Theory]
    [MemberData(nameof(Priors))]
    public void SampleMeanMatchesTheDensityMean(ParameterPrior prior)
    {
        double mean = Integrate(t => Math.Exp(t + prior.LogDensityOfLog(t, out _)));
        var random = new Xoshiro256StarStar(5);
        const int n = 40000;
        double sum = 0, sumSq = 0;
        for (int i = 0; i < n; i++)
        {
            double v = prior.Sample(random);
            sum += v;
            sumSq += v * v;
        }
        double sampleMean = sum / n, sd = Math.Sqrt(sumSq / n - sampleMean * sampleMean);
        Assert.InRange(sampleMean, mean - 4 * sd / Math.Sqrt(n), mean + 4 * sd / Math.Sqrt(n));
    }

    private static double Integrate(Func<double, double> f) =>
        GaussKronrodRule.Integrate(f, -40, 10, out _, out _, targetRelativeError: 1e-12, maximumDepth: 40, order: 31);

    [Property(MaxTest = 200)]
    public Property DerivativeMatchesFiniteDifferences() =>
        Prop.ForAll(Gen.Choose(-300, 300).Select(k => k / 100.0).ToArbitrary(), Gen.Choose(0, 2).ToArbitrary(), (theta, which) =>
        {
            var prior = Examples[which];
            const double h = 1e-5;
            prior.LogDensityOfLog(theta, out double derivative);
            double fd = (prior.LogDensityOfLog(theta + h, out _) - prior.LogDensityOfLog(theta - h, out _)) / (2 * h);
            return Math.Abs(derivative - fd) <= 1e-6 * (1 + Math.Abs(fd));
        });

    [Fact]
    public void InvalidHyperparametersAreNamed()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new LogNormalPrior(-1, 1));
        Assert.Equal("median", e.ParamName);
        Assert.Throws<ArgumentOutOfRangeException>(() => new GammaPrior(1, double.NaN));
        Assert.Throws<ArgumentOutOfRangeException>(() => new HalfNormalPrior(0));
    }
}
