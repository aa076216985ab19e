using Clv.Probabilistic.Inference;
using Clv.Probabilistic.Inference.Diagnostics;
using Clv.Probabilistic.Inference.Laplace;
using Clv.Probabilistic.Inference.Optimization;
using Clv.Probabilistic.Inference.Sampling;

namespace Clv.Probabilistic.Tests.Inference.Optimization;

public class HessianTests
{
    private static readonly double[] A = [4.0, 1.0, 0.5, 1.0, 3.0, -0.4, 0.5, -0.4, 2.0];
    private static readonly double[] M = [0.3, -1.1, 2.5];

    [Fact]
    public void HessianOfAQuadraticIsMinusItsMatrix()
    {
        var hessian = Hessian.Compute(TestDensities.NegatedQuadratic(A, M), [1.0, 2.0, -3.0]);
        for (int i = 0; i < A.Length; i++)
            Assert.True(Math.Abs(hessian[i] + A[i]) <= 1e-6 * Math.Abs(A[i]), $"H[{i}] = {hessian[i]}, expected {-A[i]}");
    }

    [Fact]
    public void HessianOfANonQuadraticMatchesTheAnalyticSecondDerivatives()
    {
        // f = −(e^{θ0} + θ0 θ1² + cos θ1): f_00 = −e^{θ0}, f_01 = −2θ1, f_11 = −2θ0 + cos θ1.
        var f = new DelegateDensity(2, (x, g) =>
        {
            g[0] = -(Math.Exp(x[0]) + x[1] * x[1]);
            g[1] = -(2 * x[0] * x[1] - Math.Sin(x[1]));
            return -(Math.Exp(x[0]) + x[0] * x[1] * x[1] + Math.Cos(x[1]));
        });
        double t0 = 0.7, t1 = -1.3;
        TestDensities.AssertGradientMatchesFiniteDifferences(f, [t0, t1]);
        var hessian = Hessian.Compute(f, [t0, t1]);
        double[] expected = [-Math.Exp(t0), -2 * t1, -2 * t1, -2 * t0 + Math.Cos(t1)];
        for (int i = 0; i < 4; i++)
            Assert.True(Math.Abs(hessian[i] - expected[i]) <= 1e-8 * Math.Max(1, Math.Abs(expected[i])), $"H[{i}] = {hessian[i]} vs {expected[i]}");
    }

    [Fact]
    public void CovarianceIsTheInverseOfTheInformation()
    {
        var covariance = Hessian.Covariance(Hessian.Compute(TestDensities.NegatedQuadratic(A, M), M));
        // A · Σ = I.
        for (int i = 0; i < 3; i++)
            for (int j = 0; j < 3; j++)
            {
                double sum = 0;
                for (int k = 0; k < 3; k++) sum += A[i * 3 + k] * covariance[k * 3 + j];
                Assert.Equal(i == j ? 1.0 : 0.0, sum, 1e-9);
            }
    }

    [Fact]
    public void CovarianceOfAnIndefiniteHessianThrowsNamingTheParameter()
    {
        // −H = [[2, 0], [0, −1]]: not a maximum in the second direction.
        var error = Assert.Throws<NotPositiveDefiniteException>(() => Hessian.Covariance([-2.0, 0.0, 0.0, 1.0]));
        Assert.Equal(1, error.Pivot);
        Assert.Contains("θ[1]", error.Message);
    }

    [Fact]
    public void NonIdentifiableFitThrowsNotPositiveDefinite()
    {
        // Only θ0 + θ1 is identified: the log-likelihood −(θ0 + θ1 − 1)² has a ridge of maxima.
        var f = new DelegateDensity(2, (x, g) =>
        {
            double r = x[0] + x[1] - 1;
            g[0] = g[1] = -2 * r;
            return -r * r;
        });
        var error = Assert.Throws<NotPositiveDefiniteException>(() => MaximumLikelihoodEstimate.Fit(f, [0.0, 0.0], ["r", "alpha"]));
        Assert.Equal("alpha", error.Parameter);
    }

    [Fact]
    public void HessianRejectsAPointAtTheEdgeOfTheSupport()
    {
        var f = new DelegateDensity(1, (x, g) => { g[0] = 1 / x[0]; return x[0] > 0 ? Math.Log(x[0]) : double.NegativeInfinity; });
        Assert.Throws<ArgumentException>(() => Hessian.Compute(f, [1e-7]));
    }
}
