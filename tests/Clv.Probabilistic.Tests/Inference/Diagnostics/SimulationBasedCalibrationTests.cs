using Clv.Probabilistic.Inference;
using Clv.Probabilistic.Inference.Diagnostics;
using Clv.Probabilistic.Inference.Laplace;
using Clv.Probabilistic.Inference.Optimization;
using Clv.Probabilistic.Inference.Sampling;
using Clv.Probabilistic.Tests.Inference.Sampling;
using MathNet.Numerics.Distributions;

namespace Clv.Probabilistic.Tests.Inference.Diagnostics;

public class SimulationBasedCalibrationTests
{
    // Gamma–Poisson: λ ~ Gamma(a = 2, b = 1), three counts yᵢ ~ Poisson(λ); parameter θ = log λ.
    private const double A = 2, B = 1;
    private const int Counts = 3;

    private static readonly Lazy<SbcResult> Correct = new(() => Run(omitJacobian: false));

    private static SbcResult Run(bool omitJacobian) => SimulationBasedCalibration.Run(
        samplePrior: random => [Math.Log(Gamma.Sample(random, A, B))],
        simulate: (theta, random) => Enumerable.Range(0, Counts).Sum(_ => Poisson.Sample(random, Math.Exp(theta[0]))),
        posterior: sumY => new GammaPoissonLogRate(A, B, sumY, Counts, omitJacobian),
        names: ["log_lambda"],
        options: new SbcOptions { Replications = 400, Draws = 99, Thin = 2, Bins = 20, Warmup = 200, Seed = 12 });

    [Fact]
    public void CorrectPosteriorGivesUniformRanks()
    {
        var result = Correct.Value;
        // The bins are the histogram of the ranks in blocks of (L + 1)/bins = 5 consecutive ranks; a rank outside 0..99
        // would fall outside every bin and the counts would not add up to the 400 replications.
        var ranks = result.Ranks(0);
        Assert.Equal(400, ranks.Length);
        Assert.Equal(400, result.BinCounts[0].Sum());
        for (int bin = 0; bin < 20; bin++) Assert.Equal(ranks.Count(r => r / 5 == bin), result.BinCounts[0][bin]);
        Assert.True(result.IsUniform(0.01), result.ToString());
    }

    [Fact]
    public void PosteriorMissingTheJacobianIsDetected()
    {
        // Dropping the Jacobian of λ = e^θ lowers the posterior shape by one: a classic, plausible bug.
        var result = Run(omitJacobian: true);
        Assert.True(result.PValue[0] < 1e-4, result.ToString());
        Assert.False(result.IsUniform(0.01));
    }

    [Fact]
    public void ChiSquareMatchesItsDefinition()
    {
        var result = Correct.Value;
        double expected = 400 / 20.0;
        double chi = result.BinCounts[0].Sum(o => (o - expected) * (o - expected) / expected);
        Assert.Equal(chi, result.ChiSquare[0], 10);
        Assert.Equal(1 - ChiSquared.CDF(19, chi), result.PValue[0], 10);
    }

    [Fact]
    public void BinsMustDivideTheRankRange() =>
        Assert.Throws<ArgumentException>(() => SimulationBasedCalibration.Run(
            _ => [0.0], (_, _) => 0, _ => new StandardNormalDensity(1), ["x"], new SbcOptions { Draws = 100, Bins = 20 }));
}
