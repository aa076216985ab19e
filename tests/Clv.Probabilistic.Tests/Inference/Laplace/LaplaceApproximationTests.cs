using Clv.Probabilistic.Inference;
using Clv.Probabilistic.Inference.Diagnostics;
using Clv.Probabilistic.Inference.Laplace;
using Clv.Probabilistic.Inference.Optimization;
using Clv.Probabilistic.Inference.Sampling;
using Clv.Probabilistic.Tests.Inference.Optimization;
using MathNet.Numerics;

namespace Clv.Probabilistic.Tests.Inference.Laplace;

public class LaplaceApproximationTests
{
    private static readonly double[] Data = [1.3, 2.9, 0.4, 2.2, 1.8, 3.5, 1.1];

    /// <summary>ln p(y | μ) + ln p(μ) for y_i ~ N(μ, σ²), μ ~ N(μ0, τ0²), with every normalising constant.</summary>
    private static DelegateDensity NormalMeanPosterior(double sigma, double mu0, double tau0) => new(1, (x, g) =>
    {
        double mu = x[0];
        double value = -0.5 * Math.Log(2 * Math.PI * tau0 * tau0) - 0.5 * (mu - mu0) * (mu - mu0) / (tau0 * tau0);
        g[0] = -(mu - mu0) / (tau0 * tau0);
        foreach (double y in Data)
        {
            value += -0.5 * Math.Log(2 * Math.PI * sigma * sigma) - 0.5 * (y - mu) * (y - mu) / (sigma * sigma);
            g[0] += (y - mu) / (sigma * sigma);
        }
        return value;
    });

    [Fact]
    public void ConjugateNormalPosteriorIsReproducedExactly()
    {
        double sigma = 1.5, mu0 = 0.5, tau0 = 2.0;
        int n = Data.Length;
        var f = NormalMeanPosterior(sigma, mu0, tau0);
        TestDensities.AssertGradientMatchesFiniteDifferences(f, [0.8]);

        var laplace = LaplaceApproximation.Fit(f, [0.0], ["mu"]);

        // Conjugate update (Gelman et al., BDA3, eq. 2.12): 1/τn² = 1/τ0² + n/σ², μn = τn² (μ0/τ0² + Σy/σ²).
        double postVariance = 1 / (1 / (tau0 * tau0) + n / (sigma * sigma));
        double postMean = postVariance * (mu0 / (tau0 * tau0) + Data.Sum() / (sigma * sigma));
        Assert.Equal(postMean, laplace.Theta[0], 1e-7);
        Assert.Equal(postVariance, laplace.CovarianceAt(0, 0), 1e-9);

        // The posterior is exactly Gaussian, so the Laplace marginal likelihood is exact: y ~ N(μ0·1, σ²I + τ0²·11ᵀ),
        // with |C| = σ^{2n}(1 + nτ0²/σ²) and C⁻¹ = (I − τ0²/(σ² + nτ0²)·11ᵀ)/σ² (Sherman–Morrison).
        double s2 = sigma * sigma, t2 = tau0 * tau0;
        double logDet = n * Math.Log(s2) + Math.Log(1 + n * t2 / s2);
        double residualSquares = Data.Sum(y => (y - mu0) * (y - mu0));
        double residualSum = Data.Sum(y => y - mu0);
        double quadratic = (residualSquares - t2 / (s2 + n * t2) * residualSum * residualSum) / s2;
        double exact = -0.5 * n * Math.Log(2 * Math.PI) - 0.5 * logDet - 0.5 * quadratic;
        Assert.Equal(exact, laplace.LogMarginalLikelihood, 1e-8);
    }

    [Fact]
    public void GammaPoissonPosteriorInLogParameterisation()
    {
        // λ ~ Gamma(a, rate b), y_i ~ Poisson(λ): posterior Gamma(A = a + Σy, B = b + n). In u = ln λ the density
        // (with Jacobian λ) is ∝ λ^A e^{−Bλ}: mode u = ln(A/B), curvature −A, so Var(u) ≈ 1/A.
        int[] counts = [3, 0, 2, 5, 1, 4, 2, 2];
        double a = 2.0, b = 0.5;
        int n = counts.Length;
        double bigA = a + counts.Sum(), bigB = b + n;
        double constant = a * Math.Log(b) - SpecialFunctions.GammaLn(a) - counts.Sum(y => SpecialFunctions.GammaLn(y + 1));
        var f = new DelegateDensity(1, (x, g) =>
        {
            double lambda = Math.Exp(x[0]);
            g[0] = bigA - bigB * lambda;
            return constant + bigA * x[0] - bigB * lambda;
        });
        TestDensities.AssertGradientMatchesFiniteDifferences(f, [0.3]);

        var laplace = LaplaceApproximation.Fit(f, [0.0], ["log_lambda"]);

        Assert.Equal(Math.Log(bigA / bigB), laplace.Theta[0], 1e-7);
        // Relative 1e-6: the curvature −Bλ is evaluated at the found mode, itself within ~1e-7 of ln(A/B).
        Assert.Equal(1.0, laplace.CovarianceAt(0, 0) * bigA, 1e-6);
        // Exact ln p(y) = constant + ln Γ(A) − A ln B; Laplace replaces Γ(A) by Stirling's A^A e^{−A} √(2π/A), so
        // the gap is Stirling's series 1/(12A) − 1/(360A³) + … (Abramowitz & Stegun 6.1.41).
        double exact = constant + SpecialFunctions.GammaLn(bigA) - bigA * Math.Log(bigB);
        double gap = exact - laplace.LogMarginalLikelihood;
        Assert.Equal(1 / (12 * bigA) - 1 / (360 * Math.Pow(bigA, 3)), gap, 1e-7);
    }

    [Fact]
    public void DrawsAreSeededAndCentredOnTheMode()
    {
        var laplace = LaplaceApproximation.Fit(NormalMeanPosterior(1.5, 0.5, 2.0), [0.0], ["mu"]);
        var draws = laplace.DrawAsymptoticNormal(10000, seed: 3);
        Assert.True(draws.Values.SequenceEqual(laplace.DrawAsymptoticNormal(10000, seed: 3).Values));
        double mean = draws.Column(0).Average();
        Assert.True(Math.Abs(mean - laplace.Theta[0]) <= 5 * laplace.StandardErrors[0] / 100);
        Assert.Equal(laplace.Optimum.Value, laplace.LogPosteriorAtMode);
    }
}
