using Clv.Probabilistic.Data;
using Clv.Probabilistic.Inference;
using Clv.Probabilistic.Inference.Diagnostics;
using Clv.Probabilistic.Inference.Laplace;
using Clv.Probabilistic.Inference.Optimization;
using Clv.Probabilistic.Inference.Priors;
using Clv.Probabilistic.Inference.Sampling;
using Clv.Probabilistic.Models;
using Clv.Probabilistic.Models.BgNbd;
using Clv.Probabilistic.Models.GammaGamma;
using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.Optimization;
using Xunit.Abstractions;

namespace Clv.Probabilistic.Tests.Models;

/// <summary>The one fit path, <see cref="ModelFitter"/>, through every method on both models.</summary>
public class ModelFitterTests(ITestOutputHelper output)
{
    private static readonly Lazy<RfmSummary> Cdnow = new(Clv.Probabilistic.Datasets.CdnowSummaryWithMonetaryValue);

    private static readonly FitOptions Short = new()
    {
        Method = FitMethod.Nuts,
        Seed = 7,
        Sampler = new NutsOptions { Chains = 4, Warmup = 300, Draws = 300, DenseMassMatrix = true },
    };

    private static readonly Lazy<ModelFit<BgNbdParameters, BgNbdModel>> BgNbdNuts =
        new(() => ModelFitter.Fit(BgNbdDefinition.Instance, Cdnow.Value, Short));

    private static readonly Lazy<ModelFit<GammaGammaParameters, GammaGammaSpendModel>> GammaGammaNuts =
        new(() => ModelFitter.Fit(GammaGammaDefinition.Instance, Cdnow.Value, Short));

    [Fact]
    public void CdnowBgNbdPosteriorMeansLieWithinOneStandardErrorOfTheMle()
    {
        // Reference: the maximum-likelihood fit, r = 0.243, α = 4.414, a = 0.793, b = 2.426 (FHL 2005).
        var mle = ModelFitter.Fit(BgNbdDefinition.Instance, Cdnow.Value);
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var fit = BgNbdNuts.Value;
        output.WriteLine($"{watch.Elapsed.TotalSeconds:0.00} s, {fit.Nuts!.GradientEvaluations} gradients");
        output.WriteLine(fit.Summary!.ToString());
        Assert.DoesNotContain(fit.Summary!.Warnings, w => w.Kind is DiagnosticKind.Divergences or DiagnosticKind.HighRHat);
        Assert.Equal(FitMethod.Nuts, fit.Method);
        Assert.Equal(FitStatus.Converged, fit.Status);
        Assert.Equal(1200, fit.Draws!.Count);
        var estimates = mle.Estimates;
        double[] mean = [fit.PointEstimate.R, fit.PointEstimate.Alpha, fit.PointEstimate.A, fit.PointEstimate.B];
        for (int j = 0; j < 4; j++)
            Assert.True(Math.Abs(mean[j] - estimates[j].Estimate) < estimates[j].StandardError,
                $"{estimates[j].Name}: posterior mean {mean[j]}, MLE {estimates[j].Estimate} ± {estimates[j].StandardError}");
    }

    [Fact]
    public void CdnowGammaGammaPosteriorMeansLieWithinOneStandardErrorOfTheMle()
    {
        var mle = ModelFitter.Fit(GammaGammaDefinition.Instance, Cdnow.Value);
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var fit = GammaGammaNuts.Value;
        output.WriteLine($"{watch.Elapsed.TotalSeconds:0.00} s, {fit.Nuts!.GradientEvaluations} gradients");
        output.WriteLine(fit.Summary!.ToString());
        Assert.DoesNotContain(fit.Summary!.Warnings, w => w.Kind is DiagnosticKind.Divergences or DiagnosticKind.HighRHat);
        double[] mean = fit.PointEstimate.ToArray();
        for (int j = 0; j < 3; j++)
            Assert.True(Math.Abs(mean[j] - mle.Estimates[j].Estimate) < mle.Estimates[j].StandardError,
                $"{GammaGammaParameters.Names[j]}: posterior mean {mean[j]}, MLE {mle.Estimates[j].Estimate} ± {mle.Estimates[j].StandardError}");
    }

    [Fact]
    public void LaplaceWithFlatPriorsAgreesWithTheMlesNormalApproximation()
    {
        // LogNormal(1, 100) is flat over the likelihood's support, and its Jacobian-adjusted density on θ is too:
        // the posterior mode of θ and its covariance then equal the MLE's.
        var flat = new LogNormalPrior(1, 100);
        var summary = Cdnow.Value;
        var laplace = ModelFitter.Fit(BgNbdDefinition.Instance, summary,
            new FitOptions { Method = FitMethod.Laplace, Priors = new BgNbdPriors(flat, flat, flat, flat).ToList() });
        var mle = ModelFitter.Fit(BgNbdDefinition.Instance, summary);
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
        var fit = ModelFitter.Fit(BgNbdDefinition.Instance, summary, new FitOptions { Draws = 4000, Seed = 3 });
        // The removed BgNbdFitter's estimate on this summary (commit 3b5bebf).
        var reference = new BgNbdParameters(0.24259435223193143, 4.413592758089469, 0.7929012468705804, 2.4258082629552615);
        Assert.Equal(reference.R, fit.PointEstimate.R, 1e-4);
        Assert.Equal(reference.B, fit.PointEstimate.B, 1e-3);
        // Draws of ln r: mean θ̂, sd = SE(θ̂) within sampling error.
        var logR = fit.Draws!.Column(0).Select(v => Math.Log(v)).ToArray();
        double mean = logR.Average(), sd = Math.Sqrt(logR.Sum(v => (v - mean) * (v - mean)) / (logR.Length - 1));
        Assert.Equal(fit.Gaussian!.Theta[0], mean, 4 * fit.Gaussian.StandardErrors[0] / Math.Sqrt(4000));
        Assert.Equal(fit.Gaussian.StandardErrors[0], sd, 0.05 * fit.Gaussian.StandardErrors[0]);
        Assert.Equal(fit.Draws.Column(1)[5], fit.DrawParameters(5).Alpha);
        Assert.Equal(TimeUnit.Weeks, fit.TimeUnit);
    }

    [Fact]
    public void SameSeedGivesTheSameDraws()
    {
        // Chains this short need not converge: the verdict is reported, not thrown.
        var options = new FitOptions
        {
            Method = FitMethod.Nuts, Seed = 11, Sampler = new NutsOptions { Chains = 2, Warmup = 100, Draws = 50 }, ThrowIfUnreliable = false,
        };
        var first = ModelFitter.Fit(GammaGammaDefinition.Instance, Cdnow.Value, options);
        var second = ModelFitter.Fit(GammaGammaDefinition.Instance, Cdnow.Value, options);
        Assert.True(first.Draws!.Values.SequenceEqual(second.Draws!.Values));
        Assert.Equal(first.Status, second.Status);
        Assert.Equal(first.Problem, second.Problem);
    }

    public static TheoryData<string, FitMethod> OptimisedFits => new()
    {
        { "bgnbd", FitMethod.MaximumLikelihood },
        { "bgnbd", FitMethod.MaximumAPosteriori },
        { "bgnbd", FitMethod.Laplace },
        { "gamma-gamma", FitMethod.MaximumLikelihood },
        { "gamma-gamma", FitMethod.MaximumAPosteriori },
        { "gamma-gamma", FitMethod.Laplace },
    };

    // A model file stores the point estimate, the unconstrained covariance, the seed and the count instead of the draws,
    // and regenerates them around θ = g⁻¹(point); that is only honest if the fit's own draws are exactly those, and the
    // same for the same seed.
    [Theory]
    [MemberData(nameof(OptimisedFits))]
    public void DrawsOfAnOptimisedFitAreReproducibleAndRegenerateFromTheCovariance(string model, FitMethod method)
    {
        var definition = ModelRegistry.Get(model);
        var options = new FitOptions { Method = method, Draws = 500, Seed = 5 };
        var fit = ModelFitter.Fit(definition, Cdnow.Value, options);
        var again = ModelFitter.Fit(definition, Cdnow.Value, options);
        var otherSeed = ModelFitter.Fit(definition, Cdnow.Value, options with { Seed = 6 });
        var draws = fit.RequireDraws();
        Assert.Equal(500, draws.Count);
        Assert.Equal(definition.Parameters.Names, draws.Names);
        Assert.True(draws.Values.SequenceEqual(again.RequireDraws().Values));
        Assert.False(draws.Values.SequenceEqual(otherSeed.RequireDraws().Values));

        var gaussian = fit.Gaussian!;
        // Drawn around θ recomputed from the natural point estimate (as a model file regenerates them), which can differ
        // from the optimiser's θ̂ in the last bit.
        var regenerated = GaussianDraws.Draw(definition.Parameters.ToUnconstrained(fit.Values.ToArray()), gaussian.Covariance.ToArray(),
            definition.Parameters.Names, 500, 5, definition.Parameters.ToNatural);
        Assert.True(draws.Values.SequenceEqual(regenerated.Values));
        for (int j = 0; j < definition.Parameters.Dimension; j++)
            Assert.Equal(Math.Exp(gaussian.Theta[j]), fit.Values[j]);
    }

    /// <summary>
    /// The objective of an optimised Bayesian fit written out from the likelihood and the priors' densities of φ (not
    /// through <see cref="LogPosterior"/>): ℓ(e^θ) + Σ ln p_j(e^{θ_j}), plus Σ θ_j (the log-Jacobian of φ = e^θ) when
    /// <paramref name="jacobian"/> is set.
    /// </summary>
    private static double Objective(ILogDensity likelihood, IReadOnlyList<ParameterPrior> priors, bool jacobian,
        ReadOnlySpan<double> theta, Span<double> gradient)
    {
        double value = likelihood.Evaluate(theta, gradient);
        for (int j = 0; j < theta.Length; j++)
        {
            double phi = Math.Exp(theta[j]);
            value += priors[j].LogDensity(phi, out double derivative);
            gradient[j] += derivative * phi;
            if (!jacobian) continue;
            value += theta[j];
            gradient[j] += 1;
        }
        return value;
    }

    /// <summary>The maximiser of <see cref="Objective"/> by MathNet's BFGS, from the model's starting values.</summary>
    private static double[] MaximiseDirectly(ILogDensity likelihood, IReadOnlyList<ParameterPrior> priors, bool jacobian, double[] start)
    {
        var function = ObjectiveFunction.Gradient(v =>
        {
            var gradient = new double[v.Count];
            double value = Objective(likelihood, priors, jacobian, v.ToArray(), gradient);
            return (-value, Vector<double>.Build.Dense(gradient).Negate());
        });
        var result = new BfgsMinimizer(1e-9, 1e-14, 1e-15, 2000).FindMinimum(function, Vector<double>.Build.Dense(start));
        return result.MinimizingPoint.ToArray();
    }

    // MAP is the mode of the posterior of φ: it maximises likelihood × prior density of φ, with no Jacobian. Laplace is
    // the mode of the posterior density of θ = ln φ, which carries the Jacobian e^θ. On CDNOW with the default priors
    // the Jacobian's pull of +1 per coordinate moves ln b by about Σ_k Cov(ln b, θ_k) ≈ 0.14; each fit must sit at
    // the maximiser of its own objective found by an independent optimiser, and not at the other's.
    [Fact]
    public void MapIsTheModeOfPhiAndLaplaceTheModeOfThetaWithItsJacobian()
    {
        var summary = Cdnow.Value;
        var definition = BgNbdDefinition.Instance;
        var data = definition.Prepare(summary);
        var priors = definition.DefaultPriors(data);
        var tight = new OptimizerOptions { GradientTolerance = 1e-9 };
        var map = ModelFitter.Fit(definition, summary, new FitOptions { Method = FitMethod.MaximumAPosteriori, Optimizer = tight });
        var laplace = ModelFitter.Fit(definition, summary, new FitOptions { Method = FitMethod.Laplace, Optimizer = tight });
        Assert.Equal(FitStatus.Converged, map.Status);
        Assert.Equal(FitStatus.Converged, laplace.Status);

        var likelihood = definition.LogLikelihood(data);
        var start = definition.Parameters.ToUnconstrained(definition.StartingValues(data));
        var mapTheta = MaximiseDirectly(likelihood, priors, jacobian: false, start);
        var laplaceTheta = MaximiseDirectly(likelihood, priors, jacobian: true, start);
        var mapFit = definition.Parameters.ToUnconstrained(map.Values.ToArray());
        var laplaceFit = definition.Parameters.ToUnconstrained(laplace.Values.ToArray());
        output.WriteLine($"MAP {string.Join(", ", mapFit)}; direct {string.Join(", ", mapTheta)}");
        output.WriteLine($"Laplace {string.Join(", ", laplaceFit)}; direct {string.Join(", ", laplaceTheta)}");
        for (int j = 0; j < 4; j++)
        {
            Assert.Equal(mapTheta[j], mapFit[j], 1e-6);
            Assert.Equal(laplaceTheta[j], laplaceFit[j], 1e-6);
        }
        Assert.True(Math.Abs(mapFit[3] - laplaceFit[3]) > 0.1, $"ln b: MAP {mapFit[3]}, Laplace {laplaceFit[3]}");

        // Each fit reports its own objective at its point, and the plain log-likelihood there.
        var gradient = new double[4];
        Assert.Equal(Objective(likelihood, priors, false, mapFit, gradient), map.Objective!.Value, 1e-9 * Math.Abs(map.Objective.Value));
        Assert.Equal(Objective(likelihood, priors, true, laplaceFit, gradient), laplace.Objective!.Value, 1e-9 * Math.Abs(laplace.Objective.Value));
        Assert.Equal(likelihood.Evaluate(mapFit, gradient), map.LogLikelihood!.Value, 1e-9 * Math.Abs(map.LogLikelihood.Value));
        Assert.Equal(likelihood.Evaluate(laplaceFit, gradient), laplace.LogLikelihood!.Value, 1e-9 * Math.Abs(laplace.LogLikelihood.Value));
    }
}
