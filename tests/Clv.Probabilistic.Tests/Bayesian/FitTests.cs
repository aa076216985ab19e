using Clv.Probabilistic.Bayesian;
using Clv.Probabilistic.Data;
using Clv.Probabilistic.Inference;
using Clv.Probabilistic.Models.BgNbd;
using Clv.Probabilistic.Models.GammaGamma;
using Xunit.Abstractions;

namespace Clv.Probabilistic.Tests.Bayesian;

public class FitTests(ITestOutputHelper output)
{
    private static readonly Lazy<RfmSummary> Cdnow = new(Clv.Probabilistic.Datasets.CdnowSummaryWithMonetaryValue);

    private static readonly FitOptions Short = new()
    {
        Seed = 7,
        Sampler = new NutsOptions { Chains = 4, Warmup = 300, Draws = 300, DenseMassMatrix = true },
    };

    internal static readonly Lazy<ModelFit<BgNbdParameters>> BgNbdNuts = new(() => BgNbdInference.Fit(Cdnow.Value, FitMethod.Nuts, Short));

    internal static readonly Lazy<ModelFit<GammaGammaParameters>> GammaGammaNuts = new(() => GammaGammaInference.Fit(Cdnow.Value, FitMethod.Nuts, Short));

    [Fact]
    public void CdnowBgNbdPosteriorMeansLieWithinOneStandardErrorOfTheMle()
    {
        // Reference: the MLE of the library's own fitter, r = 0.243, α = 4.414, a = 0.793, b = 2.426 (FHL 2005).
        var mle = BgNbdFitter.Fit(Cdnow.Value);
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var fit = BgNbdNuts.Value;
        output.WriteLine($"{watch.Elapsed.TotalSeconds:0.00} s, {fit.Nuts!.GradientEvaluations} gradients");
        output.WriteLine(fit.Summary!.ToString());
        Assert.DoesNotContain(fit.Summary!.Warnings, w => w.Kind is DiagnosticKind.Divergences or DiagnosticKind.HighRHat);
        Assert.Equal(FitMethod.Nuts, fit.Method);
        Assert.Equal(1200, fit.Draws.Count);
        var estimates = mle.FitStatistics!.Estimates;
        double[] mean = [fit.PointEstimate.R, fit.PointEstimate.Alpha, fit.PointEstimate.A, fit.PointEstimate.B];
        for (int j = 0; j < 4; j++)
            Assert.True(Math.Abs(mean[j] - estimates[j].Estimate) < estimates[j].StandardError,
                $"{estimates[j].Name}: posterior mean {mean[j]}, MLE {estimates[j].Estimate} ± {estimates[j].StandardError}");
    }

    [Fact]
    public void CdnowGammaGammaPosteriorMeansLieWithinOneStandardErrorOfTheMle()
    {
        var mle = GammaGammaFitter.Fit(Cdnow.Value);
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var fit = GammaGammaNuts.Value;
        output.WriteLine($"{watch.Elapsed.TotalSeconds:0.00} s, {fit.Nuts!.GradientEvaluations} gradients");
        output.WriteLine(fit.Summary!.ToString());
        Assert.DoesNotContain(fit.Summary!.Warnings, w => w.Kind is DiagnosticKind.Divergences or DiagnosticKind.HighRHat);
        double[] mean = fit.PointEstimate.ToArray();
        for (int j = 0; j < 3; j++)
            Assert.True(Math.Abs(mean[j] - mle.Estimates[j].Value) < mle.Estimates[j].StandardError,
                $"{GammaGammaParameters.Names[j]}: posterior mean {mean[j]}, MLE {mle.Estimates[j].Value} ± {mle.Estimates[j].StandardError}");
    }

    [Fact]
    public void LaplaceWithFlatPriorsAgreesWithTheMlesNormalApproximation()
    {
        // LogNormal(1, 100) is flat over the likelihood's support, and its Jacobian-adjusted density on θ is too:
        // the posterior mode of θ and its covariance then equal the MLE's.
        var flat = new LogNormalPrior(1, 100);
        var priors = new BgNbdPriors(flat, flat, flat, flat);
        var summary = Cdnow.Value;
        var laplace = BgNbdInference.Fit(summary, FitMethod.Laplace, priors: priors);
        var mle = BgNbdInference.Fit(summary, FitMethod.MaximumLikelihood);
        for (int i = 0; i < 4; i++)
        {
            Assert.Equal(mle.Gaussian!.Theta[i], laplace.Gaussian!.Theta[i], 1e-3);
            for (int j = 0; j < 4; j++)
                Assert.Equal(mle.Gaussian.CovarianceAt(i, j), laplace.Gaussian.CovarianceAt(i, j),
                    1e-3 * Math.Sqrt(mle.Gaussian.CovarianceAt(i, i) * mle.Gaussian.CovarianceAt(j, j)));
        }
    }

    [Fact]
    public void MaximumLikelihoodFitMatchesTheFitterAndDrawsFromItsNormal()
    {
        var summary = Cdnow.Value;
        var fit = BgNbdInference.Fit(summary, FitMethod.MaximumLikelihood, new FitOptions { Draws = 4000, Seed = 3 });
        var reference = BgNbdFitter.Fit(summary).Parameters;
        Assert.Equal(reference.R, fit.PointEstimate.R, 1e-4);
        Assert.Equal(reference.B, fit.PointEstimate.B, 1e-3);
        // Draws of ln r: mean θ̂, sd = SE(θ̂) within sampling error.
        var logR = fit.Draws.Column(0).Select(v => Math.Log(v)).ToArray();
        double mean = logR.Average(), sd = Math.Sqrt(logR.Sum(v => (v - mean) * (v - mean)) / (logR.Length - 1));
        Assert.Equal(fit.Gaussian!.Theta[0], mean, 4 * fit.Gaussian.StandardErrors[0] / Math.Sqrt(4000));
        Assert.Equal(fit.Gaussian.StandardErrors[0], sd, 0.05 * fit.Gaussian.StandardErrors[0]);
        Assert.Equal(fit.Draws.Column(1)[5], fit.DrawParameters(5).Alpha);
        Assert.Equal(TimeUnit.Weeks, fit.TimeUnit);
    }

    [Fact]
    public void SameSeedGivesTheSameDraws()
    {
        var options = new FitOptions { Seed = 11, Sampler = new NutsOptions { Chains = 2, Warmup = 100, Draws = 50 } };
        var data = GammaGammaData.FromSummary(Cdnow.Value);
        var first = GammaGammaInference.Fit(data, FitMethod.Nuts, options);
        var second = GammaGammaInference.Fit(data, FitMethod.Nuts, options);
        Assert.True(first.Draws.Values.SequenceEqual(second.Draws.Values));
    }
}
