using Clv.Probabilistic.Inference;
using Clv.Probabilistic.Inference.Diagnostics;
using Clv.Probabilistic.Inference.Laplace;
using Clv.Probabilistic.Inference.Optimization;
using Clv.Probabilistic.Inference.Sampling;
using Clv.Probabilistic.Models;
using MathNet.Numerics.Distributions;

namespace Clv.Probabilistic.Tests.Conformance;

/// <summary>The rank statistics of one calibration run: of the fits' own draws, and of the too-narrow control.</summary>
/// <param name="Calibrated">Ranks of the truth among the Laplace fit's draws.</param>
/// <param name="TooNarrow">Ranks among draws θ̂ + L z / <see cref="LaplaceCalibration.Shrink"/> of the same fits.</param>
/// <param name="Failures">Replications whose fit was not reliable (left out of the ranks).</param>
internal sealed record CalibrationRun(SbcResult Calibrated, SbcResult TooNarrow, int Failures);

/// <summary>
/// Simulation-based calibration of a model's whole fit path with the Laplace approximation as the posterior: draw θ̃ from
/// the case's prior, simulate customers with the model's own simulator, fit by <see cref="ModelFitter"/> with
/// <see cref="FitMethod.Laplace"/> and that prior, and rank θ̃ among the fit's L draws. Where the likelihood, its
/// gradient, the simulator, the prior handling and the draws agree, the ranks are uniform on 0..L.
/// </summary>
/// <remarks>
/// Talts, Betancourt, Simpson, Vehtari &amp; Gelman (2018), "Validating Bayesian Inference Algorithms with
/// Simulation-Based Calibration", arXiv:1804.06788, Algorithm 1. Laplace is exact only for a normal posterior, so the
/// case's prior is tight and its data sets large enough for the posterior of θ to be close to normal. The control
/// draws from the same normal with its standard deviations divided by 1.3; its ranks pile up at 0 and L.
/// </remarks>
internal static class LaplaceCalibration
{
    public const int Replications = 1000;
    public const int Draws = 99;
    public const int Bins = 10;
    public const double Shrink = 1.3;

    public static CalibrationRun Run(ModelCase model, int seed, int replications = Replications)
    {
        var definition = model.Definition;
        var space = definition.Parameters;
        int d = space.Dimension;
        var prior = new LogPosterior(null, model.CalibrationPriors, space);
        var calibrated = new int[replications][];
        var narrow = new int[replications][];
        Parallel.For(0, replications, new ParallelOptions { MaxDegreeOfParallelism = 2 }, r =>
        {
            var random = NutsSampler.ChainRandom(seed, r);
            var truth = prior.SampleLogPrior(random);
            var summary = model.Simulate(space.ToNatural(truth), model.CalibrationCustomers, random.Next());
            var fit = ModelFitter.Fit(definition, summary, new FitOptions
            {
                Method = FitMethod.Laplace, Priors = model.CalibrationPriors, Draws = Draws, Seed = random.Next(), ThrowIfUnreliable = false,
            });
            if (!fit.IsReliable || fit.Gaussian is not { } gaussian || fit.Draws is not { } draws) return;

            var ranks = new int[d];
            var theta = new double[d];
            for (int k = 0; k < draws.Count; k++)
            {
                space.ToUnconstrained(draws.Draw(k), theta);
                for (int j = 0; j < d; j++) if (theta[j] < truth[j]) ranks[j]++;
            }
            calibrated[r] = ranks;

            var factor = Cholesky.TryFactor(gaussian.Covariance, d, out _)!;
            var z = new double[d];
            var step = new double[d];
            ranks = new int[d];
            for (int k = 0; k < Draws; k++)
            {
                for (int j = 0; j < d; j++) z[j] = Normal.Sample(random, 0, 1);
                factor.MultiplyLower(z, step);
                for (int j = 0; j < d; j++) if (gaussian.Theta[j] + step[j] / Shrink < truth[j]) ranks[j]++;
            }
            narrow[r] = ranks;
        });
        int failures = calibrated.Count(ranks => ranks is null);
        return new CalibrationRun(Result(space.Names, calibrated), Result(space.Names, narrow), failures);
    }

    private static SbcResult Result(IReadOnlyList<string> names, int[][] ranks)
    {
        var kept = ranks.Where(r => r is not null).ToArray();
        return new SbcResult(names, kept.SelectMany(r => r).ToArray(), kept.Length, Draws, Bins, divergences: 0);
    }
}
