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
using MathNet.Numerics.Random;

namespace Clv.Probabilistic.Tests.Inference;

/// <summary>One verdict (<see cref="FitVerdict"/>) for every model, every method and either error policy.</summary>
public class FitVerdictTests
{
    /// <summary>
    /// Six customers whose drop-outs look alike: the BG/NBD likelihood rises for ever along a, b → ∞ with
    /// a/(a + b) ≈ 0.10 (a Beta that tends to a point mass). The removed BgNbdFitter returned this fit as converged,
    /// with a = 5681, SE(a) = 9.5·10⁵ and a 95% interval for a of [2·10⁻¹³⁹, 1.4·10¹⁴⁶].
    /// </summary>
    private static readonly RfmSummary HomogeneousDropOut = new(
        ["1", "2", "3", "4", "5", "6"], [0, 2, 0, 2, 4, 5], [0, 35, 0, 16, 11, 19], [18, 36, 22, 23, 32, 25], default, TimeUnit.Weeks);

    private static readonly Lazy<RfmSummary> Cdnow = new(Clv.Probabilistic.Datasets.CdnowSummaryWithMonetaryValue);

    /// <summary>Spend proportional to frequency with the same small scatter for everyone: no heterogeneity in ν, so the
    /// Gamma-Gamma likelihood rises for ever along q, γ → ∞ with γ/q fixed.</summary>
    private static ModelData WithoutSpendHeterogeneity()
    {
        var random = new Xoshiro256StarStar(7);
        var x = new double[300];
        var z = new double[300];
        for (int i = 0; i < x.Length; i++)
        {
            x[i] = 1 + i % 10;
            z[i] = 5 * x[i] * Math.Exp(0.3 * (random.NextDouble() - 0.5));
        }
        return GammaGammaDefinition.Instance.Prepare(new GammaGammaData(x, z), TimeUnit.Weeks);
    }

    /// <summary>Every customer spends exactly 20: the likelihood is unbounded (p, q, γ → ∞ put a point mass on 20).</summary>
    private static ModelData IdenticalSpend()
    {
        var x = Enumerable.Range(0, 300).Select(i => 1.0 + i % 10).ToArray();
        return GammaGammaDefinition.Instance.Prepare(new GammaGammaData(x, Enumerable.Repeat(20.0, 300).ToArray()), TimeUnit.Weeks);
    }

    private static (ModelDefinition Model, ModelData Data, FitOptions Options) Case(string name) => name switch
    {
        "bgnbd cdnow" => (BgNbdDefinition.Instance, BgNbdDefinition.Instance.Prepare(Cdnow.Value), FitOptions.Default),
        "bgnbd two iterations" => (BgNbdDefinition.Instance, BgNbdDefinition.Instance.Prepare(Cdnow.Value),
            new FitOptions { Optimizer = new OptimizerOptions { MaxIterations = 2 } }),
        "bgnbd a, b → ∞" => (BgNbdDefinition.Instance, BgNbdDefinition.Instance.Prepare(HomogeneousDropOut), FitOptions.Default),
        "gamma-gamma cdnow" => (GammaGammaDefinition.Instance, GammaGammaDefinition.Instance.Prepare(Cdnow.Value), FitOptions.Default),
        "gamma-gamma q, γ → ∞" => (GammaGammaDefinition.Instance, WithoutSpendHeterogeneity(), FitOptions.Default),
        "gamma-gamma nuts, chains too short" => (GammaGammaDefinition.Instance, GammaGammaDefinition.Instance.Prepare(Cdnow.Value),
            new FitOptions { Method = FitMethod.Nuts, Seed = 11, Sampler = new NutsOptions { Chains = 4, Warmup = 20, Draws = 20 } }),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "Unknown case."),
    };

    public static TheoryData<string, FitStatus> Cases => new()
    {
        { "bgnbd cdnow", FitStatus.Converged },
        { "bgnbd two iterations", FitStatus.NotConverged },
        { "bgnbd a, b → ∞", FitStatus.NotIdentified },
        { "gamma-gamma cdnow", FitStatus.Converged },
        { "gamma-gamma q, γ → ∞", FitStatus.NotIdentified },
        { "gamma-gamma nuts, chains too short", FitStatus.NotConverged },
    };

    // The same data give the same status whether unreliable fits throw or are returned; what is thrown says what the
    // returned fit says.
    [Theory]
    [MemberData(nameof(Cases))]
    public void ThrowingOrReturningGivesTheSameVerdict(string name, FitStatus expected)
    {
        var (model, data, options) = Case(name);
        var reported = ModelFitter.Fit(model, data, options with { ThrowIfUnreliable = false });
        Assert.Equal(expected, reported.Status);
        Assert.Equal(expected == FitStatus.Converged, reported.IsReliable);
        switch (expected)
        {
            case FitStatus.Converged:
                Assert.Null(reported.Problem);
                Assert.Equal(reported.Values, ModelFitter.Fit(model, data, options).Values);
                break;
            case FitStatus.NotConverged:
            {
                var e = Assert.Throws<ConvergenceException>(() => ModelFitter.Fit(model, data, options));
                Assert.NotNull(reported.Problem);
                Assert.Contains(reported.Warnings, w => w.Contains(reported.Problem!, StringComparison.Ordinal));
                Assert.Equal(options.Method == FitMethod.Nuts, e.Result is null);
                if (options.Method == FitMethod.Nuts) Assert.Contains(reported.Problem!, e.Message, StringComparison.Ordinal);
                break;
            }
            case FitStatus.NotIdentified:
            {
                var e = Assert.Throws<NotIdentifiedException>(() => ModelFitter.Fit(model, data, options));
                Assert.Contains(reported.Problem!, e.Message, StringComparison.Ordinal);
                Assert.Contains($"'{e.Parameter}'", reported.Problem!, StringComparison.Ordinal);
                Assert.Equal(reported.Values[model.Parameters.IndexOf(e.Parameter)], e.Estimate);
                Assert.True(e.LogStandardError > FitVerdict.MaxUnconstrainedStandardError, e.Message);
                Assert.Contains(reported.Warnings, w => w.Contains(reported.Problem!, StringComparison.Ordinal));
                break;
            }
        }
    }

    [Fact]
    public void BgNbdWhoseDropOutShapesRunToInfinityIsNotIdentifiedNamingAAndB()
    {
        var e = Assert.Throws<NotIdentifiedException>(() => ModelFitter.Fit(BgNbdDefinition.Instance, HomogeneousDropOut));
        Assert.Contains(e.Parameter, new[] { "a", "b" });
        Assert.True(e.Estimate > 100, e.Message);
        Assert.Contains("a, b → ∞", e.Message, StringComparison.Ordinal);

        // The optimiser itself converged: the verdict is about what the data identify, not about the optimiser.
        var fit = ModelFitter.Fit(BgNbdDefinition.Instance, HomogeneousDropOut, new FitOptions { ThrowIfUnreliable = false });
        Assert.True(fit.Optimizer!.Converged, fit.Optimizer.Status);
        Assert.True(fit.PointEstimate.A > 100 && fit.PointEstimate.B > 100, fit.ToString());
        Assert.All(fit.Gaussian!.StandardErrors[2..].ToArray(), se => Assert.True(se > FitVerdict.MaxUnconstrainedStandardError));
        Assert.All(fit.Gaussian.StandardErrors[..2].ToArray(), se => Assert.True(se < FitVerdict.MaxUnconstrainedStandardError));
    }

    [Theory]
    [InlineData(FitMethod.MaximumAPosteriori)]
    [InlineData(FitMethod.Laplace)]
    public void TheDefaultPriorsIdentifyWhatTheBgNbdDataDoNot(FitMethod method)
    {
        // LogNormal(1, 1.5) and LogNormal(1, 2) on a and b fall off along a, b → ∞, so the posterior has a mode.
        var fit = ModelFitter.Fit(BgNbdDefinition.Instance, HomogeneousDropOut, new FitOptions { Method = method });
        Assert.Equal(FitStatus.Converged, fit.Status);
        Assert.True(fit.PointEstimate.A < 10 && fit.PointEstimate.B < 10, fit.ToString());
    }

    public static TheoryData<FitMethod, string> RidgeFits => new()
    {
        { FitMethod.MaximumLikelihood, "none" },
        { FitMethod.MaximumAPosteriori, "flat in φ" },
        { FitMethod.Laplace, "flat in θ" },
    };

    // Every method that optimises reports the Gamma-Gamma ridge as not identified when its objective is flat along the
    // ridge: the likelihood alone (MLE); likelihood × a prior density of φ that is nearly constant, Gamma(1, 10⁻⁹) (MAP);
    // likelihood × a prior density of θ = ln φ that is nearly constant, LogNormal(1, 100) (Laplace).
    [Theory]
    [MemberData(nameof(RidgeFits))]
    public void TheGammaGammaRidgeIsNotIdentifiedByEveryMethodThatOptimises(FitMethod method, string priors)
    {
        var options = new FitOptions
        {
            Method = method,
            Priors = priors switch
            {
                "flat in φ" => [new GammaPrior(1, 1e-9), new GammaPrior(1, 1e-9), new GammaPrior(1, 1e-9)],
                "flat in θ" => [new LogNormalPrior(1, 100), new LogNormalPrior(1, 100), new LogNormalPrior(1, 100)],
                _ => null,
            },
        };
        var data = WithoutSpendHeterogeneity();
        var fit = ModelFitter.Fit(GammaGammaDefinition.Instance, data, options with { ThrowIfUnreliable = false });
        Assert.Equal(FitStatus.NotIdentified, fit.Status);
        Assert.Contains("q, γ → ∞", fit.Problem!, StringComparison.Ordinal);
        var e = Assert.Throws<NotIdentifiedException>(() => ModelFitter.Fit(GammaGammaDefinition.Instance, data, options));
        Assert.Contains(e.Parameter, new[] { "q", "gamma" });
        Assert.Contains("q, γ → ∞", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(FitMethod.MaximumAPosteriori)]
    [InlineData(FitMethod.Laplace)]
    public void TheDefaultPriorsBoundTheGammaGammaRidge(FitMethod method)
    {
        // q ~ LogNormal(3, 1.5): the prior falls off faster than the likelihood rises along the ridge.
        var fit = ModelFitter.Fit(GammaGammaDefinition.Instance, WithoutSpendHeterogeneity(), new FitOptions { Method = method });
        Assert.Equal(FitStatus.Converged, fit.Status);
        Assert.True(fit.Values[1] < 1000, fit.ToString());
    }

    // Identical spend makes the likelihood unbounded in p as well; the optimiser stops on its line search far out on the
    // ridge. Every method that optimises gives the same verdict, and the thrown exception matches it.
    [Fact]
    public void IdenticalSpendGetsOneVerdictFromEveryMethodThatOptimises()
    {
        var data = IdenticalSpend();
        var flat = new LogNormalPrior(1, 100);
        var statuses = new List<FitStatus>();
        foreach (var method in new[] { FitMethod.MaximumLikelihood, FitMethod.MaximumAPosteriori, FitMethod.Laplace })
        {
            var options = new FitOptions { Method = method, Priors = method == FitMethod.MaximumLikelihood ? null : [flat, flat, flat] };
            var fit = ModelFitter.Fit(GammaGammaDefinition.Instance, data, options with { ThrowIfUnreliable = false });
            Assert.False(fit.IsReliable, fit.ToString());
            Assert.True(fit.Objective is { } f && double.IsFinite(f) && f < 1e5, $"objective {fit.Objective}");
            statuses.Add(fit.Status);
            var e = Assert.ThrowsAny<Exception>(() => ModelFitter.Fit(GammaGammaDefinition.Instance, data, options));
            Assert.IsType(fit.Status == FitStatus.NotConverged ? typeof(ConvergenceException) : typeof(NotIdentifiedException), e);
        }
        Assert.All(statuses, s => Assert.Equal(statuses[0], s));
    }

    // x = [1, 0, 0]: r, α → ∞ and the normal approximation's draws overflow exp; the verdict must still be the one
    // returned or thrown.
    [Fact]
    public void DrawsThatOverflowDoNotPreemptTheVerdict()
    {
        var summary = new RfmSummary(["1", "2", "3"], [1, 0, 0], [17, 0, 0], [32, 11, 17], default, TimeUnit.Weeks);
        var fit = ModelFitter.Fit(BgNbdDefinition.Instance, summary, new FitOptions { ThrowIfUnreliable = false });
        Assert.Equal(FitStatus.NotIdentified, fit.Status);
        Assert.Throws<NotIdentifiedException>(() => ModelFitter.Fit(BgNbdDefinition.Instance, summary));
    }

    /// <summary>ln L = −(θ₀ − 1)²: flat in θ₁, so the information matrix is singular at the second parameter.</summary>
    private sealed class FlatInSecondParameter : ILogDensity
    {
        public int Dimension => 2;

        public double Evaluate(ReadOnlySpan<double> theta, Span<double> gradient)
        {
            gradient[0] = -2 * (theta[0] - 1);
            gradient[1] = 0;
            return -(theta[0] - 1) * (theta[0] - 1);
        }
    }

    // A singular information matrix is "not identified", and the exception names the parameter where the Cholesky
    // factorisation failed (the second), not the first parameter.
    [Fact]
    public void ASingularInformationNamesTheParameterItFailsAt()
    {
        var space = ParameterSpace.Positive(("first", "identified"), ("second", "not identified"));
        var problem = new FitProblem(space, _ => new FlatInSecondParameter(), [new LogNormalPrior(1, 1), new LogNormalPrior(1, 1)], [2.0, 3.0]);
        var estimation = FitEngine.Run(problem, new FitOptions(), null);
        Assert.Equal((FitStatus.NotIdentified, 1), (estimation.Status, estimation.CurvaturePivot));
        Assert.Null(estimation.Draws);
        var e = Assert.Throws<NotIdentifiedException>(() => FitVerdict.ThrowIfUnreliable(estimation, space, "test"));
        Assert.Equal("second", e.Parameter);
        Assert.Equal(3.0, e.Estimate, 12);
    }
}
