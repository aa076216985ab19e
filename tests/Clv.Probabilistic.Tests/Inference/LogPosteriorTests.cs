using Clv.Probabilistic.Data;
using Clv.Probabilistic.Inference;
using Clv.Probabilistic.Inference.Priors;
using Clv.Probabilistic.Models;
using Clv.Probabilistic.Models.BgNbd;
using Clv.Probabilistic.Models.GammaGamma;
using Clv.Probabilistic.Tests.Inference.Optimization;

namespace Clv.Probabilistic.Tests.Inference;

public class LogPosteriorTests
{
    private static readonly Lazy<RfmSummary> Cdnow = new(Clv.Probabilistic.Datasets.CdnowSummaryWithMonetaryValue);

    /// <summary>The log posterior a fit samples: the model's likelihood, its default priors, its parameter space.</summary>
    private static LogPosterior DefaultPosterior(ModelDefinition model, RfmSummary summary, IReadOnlyList<ParameterPrior>? priors = null)
    {
        var data = model.Prepare(summary);
        return new LogPosterior(model.LogLikelihood(data), priors ?? model.DefaultPriors(data), model.Parameters);
    }

    public static TheoryData<double[]> BgNbdPoints => new()
    {
        new[] { Math.Log(0.24), Math.Log(4.4), Math.Log(0.79), Math.Log(2.4) },
        new[] { 0.5, -1.0, 1.2, -0.3 },
        new[] { -2.0, 3.0, -1.5, 2.0 },
    };

    [Theory]
    [MemberData(nameof(BgNbdPoints))]
    public void BgNbdPosteriorGradientMatchesFiniteDifferences(double[] theta) =>
        CheckGradient(DefaultPosterior(BgNbdDefinition.Instance, Cdnow.Value), theta);

    [Theory]
    [InlineData(1.8, 1.3, 2.7)]
    [InlineData(0.0, 0.7, 4.0)]
    [InlineData(-1.0, 2.0, 1.0)]
    public void GammaGammaPosteriorGradientMatchesFiniteDifferences(double lnP, double lnQ, double lnGamma) =>
        CheckGradient(DefaultPosterior(GammaGammaDefinition.Instance, Cdnow.Value), [lnP, lnQ, lnGamma]);

    [Fact]
    public void PosteriorIsLikelihoodPlusPriorsPlusJacobian()
    {
        var summary = Cdnow.Value;
        var priors = BgNbdPriors.Default(summary.TimeUnit);
        double[] theta = [-1.2, 1.5, -0.2, 0.9];
        var posterior = DefaultPosterior(BgNbdDefinition.Instance, summary, priors.ToList());
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

    /// <summary>One parameter of each domain: a rate (positive), a probability (unit interval), a shift (real).</summary>
    private static readonly ParameterSpace Mixed = new([
        new ParameterInfo("rate", ParameterDomain.Positive, "a rate"),
        new ParameterInfo("share", ParameterDomain.UnitInterval, "a probability"),
        new ParameterInfo("shift", ParameterDomain.Real, "a location"),
    ]);

    private static readonly ParameterPrior[] MixedPriors = [new LogNormalPrior(2.0, 0.8), new BetaPrior(2.0, 3.0), new NormalPrior(0.5, 1.5)];

    /// <summary>Beta(α, β) on (0, 1): ln p = (α − 1) ln φ + (β − 1) ln(1 − φ) − ln B(α, β).</summary>
    private sealed record BetaPrior(double Alpha, double Beta) : ParameterPrior
    {
        public override double LogDensity(double value, out double derivative)
        {
            derivative = 0;
            if (!(value > 0 && value < 1)) return double.NegativeInfinity;
            derivative = (Alpha - 1) / value - (Beta - 1) / (1 - value);
            return (Alpha - 1) * Math.Log(value) + (Beta - 1) * Math.Log(1 - value) - MathNet.Numerics.SpecialFunctions.BetaLn(Alpha, Beta);
        }

        public override double Sample(Random random) => MathNet.Numerics.Distributions.Beta.Sample(random, Alpha, Beta);
    }

    /// <summary>Normal(μ, σ) on the real line.</summary>
    private sealed record NormalPrior(double Mean, double Sigma) : ParameterPrior
    {
        public override double LogDensity(double value, out double derivative)
        {
            double z = (value - Mean) / Sigma;
            derivative = -z / Sigma;
            return -0.5 * z * z - Math.Log(Sigma) - 0.5 * Math.Log(2 * Math.PI);
        }

        public override double Sample(Random random) => MathNet.Numerics.Distributions.Normal.Sample(random, Mean, Sigma);
    }

    /// <summary>A smooth log-likelihood over θ with every cross term, so the gradient check sees the likelihood too.</summary>
    private static DelegateDensity CoupledLikelihood() => new(3, (t, g) =>
    {
        g[0] = -(t[0] - 0.3) + 0.5 * t[1] * Math.Cos(t[2]);
        g[1] = -2 * (t[1] + 0.4) + 0.5 * t[0] * Math.Cos(t[2]);
        g[2] = -0.5 * t[0] * t[1] * Math.Sin(t[2]) - 0.1 * t[2];
        return -0.5 * (t[0] - 0.3) * (t[0] - 0.3) - (t[1] + 0.4) * (t[1] + 0.4) + 0.5 * t[0] * t[1] * Math.Cos(t[2]) - 0.05 * t[2] * t[2];
    });

    public static TheoryData<double[], bool, bool> MixedPoints => new()
    {
        { new[] { 0.4, -0.7, 0.9 }, true, true },
        { new[] { -1.3, 2.1, 0.2 }, true, false },
        { new[] { 0.8, 0.3, 1.7 }, false, true },
        { new[] { 2.2, -3.5, -0.6 }, false, false },
    };

    [Theory]
    [MemberData(nameof(MixedPoints))]
    public void PosteriorOverUnitIntervalAndRealParametersHasTheGradientOfItsValue(double[] theta, bool withLikelihood, bool jacobian) =>
        CheckGradient(new LogPosterior(withLikelihood ? CoupledLikelihood() : null, MixedPriors, Mixed, jacobian), theta);

    // The value, written out per domain: ln p(e^θ) + θ; ln p(σ(θ)) + ln σ(θ) + ln(1 − σ(θ)); ln p(θ) + 0.
    [Theory]
    [MemberData(nameof(MixedPoints))]
    public void PosteriorOverMixedDomainsIsPriorOfTheNaturalValuePlusItsLogJacobian(double[] theta, bool withLikelihood, bool jacobian)
    {
        var likelihood = CoupledLikelihood();
        var posterior = new LogPosterior(withLikelihood ? likelihood : null, MixedPriors, Mixed, jacobian);
        double rate = Math.Exp(theta[0]), share = 1 / (1 + Math.Exp(-theta[1])), shift = theta[2];
        double expected = MixedPriors[0].LogDensity(rate, out _) + MixedPriors[1].LogDensity(share, out _) + MixedPriors[2].LogDensity(shift, out _);
        if (jacobian) expected += theta[0] + Math.Log(share) + Math.Log(1 - share);
        if (withLikelihood) expected += likelihood.Evaluate(theta, new double[3]);
        Assert.Equal(expected, posterior.Evaluate(theta, new double[3]), 1e-12 * Math.Max(1, Math.Abs(expected)));
    }

    [Fact]
    public void PriorDrawsAreMappedToEachDomainsUnconstrainedScale()
    {
        var posterior = new LogPosterior(null, MixedPriors, Mixed);
        var random = new MathNet.Numerics.Random.Xoshiro256StarStar(3);
        var replay = new MathNet.Numerics.Random.Xoshiro256StarStar(3);
        for (int k = 0; k < 50; k++)
        {
            var theta = posterior.SampleLogPrior(random);
            double rate = MixedPriors[0].Sample(replay), share = MixedPriors[1].Sample(replay), shift = MixedPriors[2].Sample(replay);
            Assert.Equal(Math.Log(rate), theta[0], 1e-12);
            Assert.Equal(Math.Log(share) - Math.Log(1 - share), theta[1], 1e-9);
            Assert.Equal(shift, theta[2]);
        }
    }

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
