using Clv.Probabilistic.Bayesian;
using Clv.Probabilistic.Data;
using Clv.Probabilistic.Inference;
using Clv.Probabilistic.Models.BgNbd;
using Clv.Probabilistic.Models.GammaGamma;

namespace Clv.Probabilistic.Tests.Bayesian;

public class LogPosteriorTests
{
    private static readonly Lazy<RfmSummary> Cdnow = new(Clv.Probabilistic.Datasets.CdnowSummaryWithMonetaryValue);

    public static TheoryData<double[]> BgNbdPoints => new()
    {
        new[] { Math.Log(0.24), Math.Log(4.4), Math.Log(0.79), Math.Log(2.4) },
        new[] { 0.5, -1.0, 1.2, -0.3 },
        new[] { -2.0, 3.0, -1.5, 2.0 },
    };

    [Theory]
    [MemberData(nameof(BgNbdPoints))]
    public void BgNbdPosteriorGradientMatchesFiniteDifferences(double[] theta) =>
        CheckGradient(BgNbdInference.LogPosterior(Cdnow.Value), theta);

    [Theory]
    [InlineData(1.8, 1.3, 2.7)]
    [InlineData(0.0, 0.7, 4.0)]
    [InlineData(-1.0, 2.0, 1.0)]
    public void GammaGammaPosteriorGradientMatchesFiniteDifferences(double lnP, double lnQ, double lnGamma) =>
        CheckGradient(GammaGammaInference.LogPosterior(GammaGammaData.FromSummary(Cdnow.Value)), [lnP, lnQ, lnGamma]);

    [Fact]
    public void PosteriorIsLikelihoodPlusPriorsPlusJacobian()
    {
        var summary = Cdnow.Value;
        var priors = BgNbdPriors.Default(summary.TimeUnit);
        double[] theta = [-1.2, 1.5, -0.2, 0.9];
        var posterior = BgNbdInference.LogPosterior(summary, priors);
        double value = posterior.Evaluate(theta, new double[4]);
        double likelihood = new BgNbdLogLikelihood(summary).Evaluate(theta, new double[4]);
        var list = priors.ToList();
        double expected = likelihood;
        for (int j = 0; j < 4; j++) expected += list[j].LogDensity(Math.Exp(theta[j]), out _) + theta[j];
        Assert.Equal(expected, value, 1e-9 * Math.Abs(expected));
    }

    [Fact]
    public void MismatchedPriorsAreRejected() =>
        Assert.Throws<ArgumentException>(() => new LogPosterior(new BgNbdLogLikelihood(Cdnow.Value),
            GammaGammaPriors.Default(10).ToList()));

    private static void CheckGradient(ILogDensity density, double[] theta)
    {
        int d = theta.Length;
        var gradient = new double[d];
        double value = density.Evaluate(theta, gradient);
        Assert.True(double.IsFinite(value));
        for (int j = 0; j < d; j++)
        {
            const double h = 1e-5;
            var plus = (double[])theta.Clone();
            var minus = (double[])theta.Clone();
            plus[j] += h;
            minus[j] -= h;
            double fd = (density.Evaluate(plus, new double[d]) - density.Evaluate(minus, new double[d])) / (2 * h);
            Assert.True(Math.Abs(fd - gradient[j]) <= 1e-5 * (1 + Math.Abs(fd)), $"component {j}: analytic {gradient[j]}, finite difference {fd}");
        }
    }
}
