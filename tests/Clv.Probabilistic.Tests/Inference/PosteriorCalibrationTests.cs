using Clv.Probabilistic.Data;
using Clv.Probabilistic.Inference;
using Clv.Probabilistic.Inference.Diagnostics;
using Clv.Probabilistic.Inference.Laplace;
using Clv.Probabilistic.Inference.Optimization;
using Clv.Probabilistic.Inference.Priors;
using Clv.Probabilistic.Inference.Sampling;
using Clv.Probabilistic.Models.BgNbd;
using Clv.Probabilistic.Models.GammaGamma;
using Xunit.Abstractions;

namespace Clv.Probabilistic.Tests.Inference;

/// <summary>Simulation-based calibration (Talts et al. 2018) of NUTS on the two models' posteriors, small data sets.</summary>
public class PosteriorCalibrationTests(ITestOutputHelper output)
{
    // Priors tighter than the defaults keep simulated data sets ordinary (CDNOW-like, weeks); SBC holds for any prior.
    private static readonly BgNbdPriors PurchasePriors = new(
        new LogNormalPrior(0.5, 0.5), new LogNormalPrior(5, 0.5), new LogNormalPrior(0.8, 0.5), new LogNormalPrior(2.5, 0.5));

    private static readonly GammaGammaPriors SpendPriors = new(
        new LogNormalPrior(4, 0.5), new LogNormalPrior(4, 0.5), new LogNormalPrior(15, 0.5));

    private static readonly SbcOptions Options = new()
    {
        Replications = 100, Draws = 39, Thin = 2, Bins = 10, Warmup = 150, Seed = 21,
        Sampler = new NutsOptions { DenseMassMatrix = false },
    };

    private static readonly double[] Lengths = Enumerable.Range(0, 60).Select(i => 20.0 + i % 20).ToArray();

    private static readonly double[] Frequencies = Enumerable.Range(0, 60).Select(i => 1.0 + i % 5).ToArray();

    private static SbcResult RunBgNbd(bool includeJacobian)
    {
        var space = BgNbdDefinition.Instance.Parameters;
        var prior = new LogPosterior(null, PurchasePriors.ToList(), space);
        return SimulationBasedCalibration.Run(
            prior.SampleLogPrior,
            (theta, random) => new BgNbdSimulator(BgNbdParameters.FromLogVector(theta), TimeUnit.Weeks).Simulate(Lengths, random.Next()).Summary,
            summary => new LogPosterior(new BgNbdLogLikelihood(summary), PurchasePriors.ToList(), space, includeJacobian),
            space.Names, Options);
    }

    private static SbcResult RunGammaGamma(bool includeJacobian)
    {
        var space = GammaGammaDefinition.Instance.Parameters;
        var prior = new LogPosterior(null, SpendPriors.ToList(), space);
        return SimulationBasedCalibration.Run(
            prior.SampleLogPrior,
            (theta, random) => new GammaGammaData(Frequencies,
                GammaGammaSimulator.SimulateMeanSpend(GammaGammaLogDensity.ToParameters(theta), Frequencies, random.Next())),
            data => new LogPosterior(new GammaGammaLogDensity(data), SpendPriors.ToList(), space, includeJacobian),
            space.Names, Options);
    }

    [Fact]
    public void BgNbdPosteriorIsCalibrated()
    {
        var result = RunBgNbd(includeJacobian: true);
        output.WriteLine(result.ToString());
        Assert.True(result.IsUniform(0.01), result.ToString());
    }

    [Fact]
    public void GammaGammaPosteriorIsCalibrated()
    {
        var result = RunGammaGamma(includeJacobian: true);
        output.WriteLine(result.ToString());
        Assert.True(result.IsUniform(0.01), result.ToString());
    }

    [Fact]
    public void GammaGammaPosteriorWithoutTheJacobianFailsCalibration()
    {
        // Without the Jacobian the sampled density on θ = ln φ is p(y | φ) p(φ), which shifts each ln φ by about
        // −(posterior variance); the truth then ranks high too often.
        var result = RunGammaGamma(includeJacobian: false);
        output.WriteLine(result.ToString());
        Assert.False(result.IsUniform(0.01), result.ToString());
    }
}
