using Clv.Probabilistic.Inference;
using Clv.Probabilistic.Inference.Diagnostics;
using Clv.Probabilistic.Inference.Laplace;
using Clv.Probabilistic.Inference.Optimization;
using Clv.Probabilistic.Inference.Sampling;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Xunit.Abstractions;

namespace Clv.Probabilistic.Tests.Inference.Optimization;

public class QuasiNewtonTests(ITestOutputHelper output)
{
    [Fact]
    public void TestDensityGradientsMatchFiniteDifferences()
    {
        TestDensities.AssertGradientMatchesFiniteDifferences(TestDensities.NegatedRosenbrock(5), [-1.2, 1, 0.3, -0.7, 2]);
        TestDensities.AssertGradientMatchesFiniteDifferences(
            TestDensities.NegatedQuadratic([4, 1, 1, 3], [0.5, -2]), [1.5, 0.25]);
        TestDensities.AssertGradientMatchesFiniteDifferences(TestDensities.NormalSample([1.0, 2.5, -0.3, 4.1]), [0.7, 0.2]);
    }

    [Fact]
    public void Rosenbrock2DFromStandardStart()
    {
        var result = QuasiNewton.Maximize(TestDensities.NegatedRosenbrock(2), [-1.2, 1.0]);
        Assert.True(result.Converged, result.ToString());
        Assert.Equal(OptimizationStatus.GradientConverged, result.Status);
        foreach (double x in result.Theta) Assert.Equal(1.0, x, 1e-5);
        Assert.True(result.GradientNorm <= 1e-6);
        Assert.True(result.Value > -1e-10);
    }

    [Theory]
    [InlineData(-1.2, 1.0, -1.2, 1.0, -1.2)]
    [InlineData(0.0, 0.0, 0.0, 0.0, 0.0)]
    [InlineData(2.0, 2.0, 2.0, 2.0, 2.0)]
    public void Rosenbrock5DFromStandardStarts(double a, double b, double c, double d, double e)
    {
        var result = QuasiNewton.Maximize(TestDensities.NegatedRosenbrock(5), [a, b, c, d, e]);
        Assert.True(result.Converged, result.ToString());
        foreach (double x in result.Theta) Assert.Equal(1.0, x, 1e-5);
    }

    [Fact]
    public void Rosenbrock5DFromTheLocalBasinFindsTheLocalOptimum()
    {
        // For 4 ≤ n ≤ 7 the chained Rosenbrock function has a second local minimum near (−1, 1, …, 1)
        // (Shang & Qiu, Eur. J. Oper. Res. 2006); from (−1.2, 1, 1, 1, 1) a local method must stop there.
        var f = TestDensities.NegatedRosenbrock(5);
        var result = QuasiNewton.Maximize(f, [-1.2, 1.0, 1.0, 1.0, 1.0]);
        Assert.True(result.Converged, result.ToString());
        Assert.InRange(result.Theta[0], -0.97, -0.95);
        Assert.True(result.Value < -3.5, $"f = {result.Value}");
        // A genuine local maximum, not a saddle: every eigenvalue of the Hessian there is negative.
        var hessian = MathNet.Numerics.LinearAlgebra.Matrix<double>.Build.DenseOfRowMajor(5, 5, Hessian.Compute(f, result.ThetaArray()));
        var eigenvalues = hessian.Evd(MathNet.Numerics.LinearAlgebra.Symmetricity.Symmetric).EigenValues;
        Assert.All(eigenvalues, e => Assert.True(e.Real < 0, $"eigenvalue {e}"));
    }

    [Theory]
    [InlineData(1e-7, OptimizationStatus.FunctionConverged)]
    [InlineData(1e-5, OptimizationStatus.LineSearchFailed)]
    public void FlatValueWithResidualGradientStallsByGradientSize(double slope, OptimizationStatus expected)
    {
        // f is constant in floating point but reports a gradient: no step can increase f. With tolerance 1e-9 the
        // stall counts as converged only when ‖∇f‖ ≤ 1000 · 1e-9.
        var f = new DelegateDensity(1, (x, g) => { g[0] = slope; return 0.0; });
        var result = QuasiNewton.Maximize(f, [0.0], new OptimizerOptions { GradientTolerance = 1e-9 });
        Assert.Equal(expected, result.Status);
        Assert.Equal(0.0, result.Theta[0]);
    }

    [Fact]
    public void CountsEveryEvaluation()
    {
        var f = TestDensities.NegatedRosenbrock(2);
        var result = QuasiNewton.Maximize(f, [-1.2, 1.0]);
        Assert.Equal(f.Calls, result.Evaluations);
    }

    [Fact]
    public void MaximumIterationsReportsNonConvergence()
    {
        var result = QuasiNewton.Maximize(TestDensities.NegatedRosenbrock(2), [-1.2, 1.0], new OptimizerOptions { MaxIterations = 3 });
        Assert.False(result.Converged);
        Assert.Equal(OptimizationStatus.MaxIterationsReached, result.Status);
        Assert.Equal(3, result.Iterations);
        var error = Assert.Throws<ConvergenceException>(() => result.EnsureConverged());
        Assert.Contains("MaxIterationsReached", error.Message);
        Assert.Same(result, error.Result);
    }

    [Fact]
    public void MaximumEvaluationsReportsNonConvergence()
    {
        var f = TestDensities.NegatedRosenbrock(2);
        var result = QuasiNewton.Maximize(f, [-1.2, 1.0], new OptimizerOptions { MaxEvaluations = 10 });
        Assert.False(result.Converged);
        Assert.Equal(OptimizationStatus.MaxEvaluationsReached, result.Status);
        Assert.True(f.Calls <= 10);
    }

    [Fact]
    public void LinearObjectiveIsReportedUnbounded()
    {
        var f = new DelegateDensity(2, (x, g) => { g[0] = 1; g[1] = -2; return x[0] - 2 * x[1]; });
        var result = QuasiNewton.Maximize(f, [0.0, 0.0]);
        output.WriteLine($"{result} θ = ({result.Theta[0]}, {result.Theta[1]}), {result.Evaluations} evaluations");
        Assert.False(result.Converged);
        Assert.Equal(OptimizationStatus.Unbounded, result.Status);
        Assert.True(double.IsFinite(result.Value));
        foreach (double x in result.Theta) Assert.True(double.IsFinite(x));
    }

    [Fact]
    public void SupremumOnTheEdgeOfTheSupportIsNotReportedAsConverged()
    {
        // f = θ for θ < 1 and −∞ beyond: the supremum 1 is never attained.
        var f = new DelegateDensity(1, (x, g) =>
        {
            g[0] = 1;
            return x[0] < 1 ? x[0] : double.NegativeInfinity;
        });
        var result = QuasiNewton.Maximize(f, [0.0]);
        output.WriteLine($"{result} θ = {result.Theta[0]}, {result.Evaluations} evaluations");
        Assert.False(result.Converged, result.ToString());
        Assert.True(result.Theta[0] < 1);
        Assert.True(double.IsFinite(result.Value));
        Assert.Throws<ConvergenceException>(() => result.EnsureConverged());
    }

    [Fact]
    public void BacktracksFromInfeasibleTrialPoints()
    {
        // ln θ − θ/10 on θ > 0 (−∞ elsewhere): maximum at θ = 10. From θ = 0.05 the gradient ≈ 20 sends the
        // first trial steps below zero.
        var f = new DelegateDensity(1, (x, g) =>
        {
            g[0] = 1 / x[0] - 0.1;
            return x[0] > 0 ? Math.Log(x[0]) - x[0] / 10 : double.NegativeInfinity;
        });
        var result = QuasiNewton.Maximize(f, [0.05], new OptimizerOptions { InitialStepLength = 100 });
        Assert.True(result.Converged, result.ToString());
        Assert.Equal(10.0, result.Theta[0], 1e-4);
    }

    [Fact]
    public void NaNFromADensityIsTreatedAsOutsideTheSupport()
    {
        // A density breaking the contract with NaN for θ ≤ 0 still gives a finite answer: max of −(θ − 1)² + ln θ.
        var f = new DelegateDensity(1, (x, g) =>
        {
            g[0] = -2 * (x[0] - 1) + 1 / x[0];
            return x[0] > 0 ? -(x[0] - 1) * (x[0] - 1) + Math.Log(x[0]) : double.NaN;
        });
        var result = QuasiNewton.Maximize(f, [3.0], new OptimizerOptions { InitialStepLength = 10 });
        Assert.True(result.Converged, result.ToString());
        // 2θ² − 2θ − 1 = 0.
        Assert.Equal((1 + Math.Sqrt(3)) / 2, result.Theta[0], 1e-6);
    }

    [Fact]
    public void RejectsAnInfeasibleStart()
    {
        var f = new DelegateDensity(1, (x, g) => { g[0] = 0; return double.NegativeInfinity; });
        var error = Assert.Throws<ArgumentException>(() => QuasiNewton.Maximize(f, [1.0]));
        Assert.Equal("start", error.ParamName);
    }

    [Fact]
    public void RejectsInvalidOptions() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => QuasiNewton.Maximize(
            TestDensities.NegatedRosenbrock(2), [0.0, 0.0], new OptimizerOptions { Curvature = 1e-5 }));

    [FsCheck.Xunit.Property(MaxTest = 60)]
    public Property FindsTheOptimumOfRandomPositiveDefiniteQuadratics()
    {
        var quadratics = Gen.Choose(2, 8).SelectMany(n =>
            Gen.ArrayOf(Gen.Choose(-1000, 1000), n * n + n).Select(raw => RandomQuadratic(n, raw)));
        return Prop.ForAll(Arb.From(quadratics), q =>
        {
            var (a, m) = q;
            int n = m.Length;
            var result = QuasiNewton.Maximize(TestDensities.NegatedQuadratic(a, m), new double[n]);
            if (!result.Converged) return false;
            // |θ − m| ≤ ‖A⁻¹‖·‖g‖ ≤ √n · 1e-6 / λ_min, and λ_min ≥ 0.1 by construction.
            for (int i = 0; i < n; i++)
                if (Math.Abs(result.Theta[i] - m[i]) > 1e-5 * Math.Sqrt(n) * 10) return false;
            return true;
        });
    }

    [FsCheck.Xunit.Property(MaxTest = 40)]
    public Property HessianAndCovarianceOfRandomQuadraticsAreExact()
    {
        var quadratics = Gen.Choose(2, 8).SelectMany(n =>
            Gen.ArrayOf(Gen.Choose(-1000, 1000), n * n + n).Select(raw => RandomQuadratic(n, raw)));
        return Prop.ForAll(Arb.From(quadratics), q =>
        {
            var (a, m) = q;
            int n = m.Length;
            var hessian = Hessian.Compute(TestDensities.NegatedQuadratic(a, m), m);
            double largest = a.Max(Math.Abs);
            for (int i = 0; i < a.Length; i++)
                if (Math.Abs(hessian[i] + a[i]) > 1e-6 * largest) return false;
            // A · Σ = I.
            var covariance = Hessian.Covariance(hessian);
            for (int i = 0; i < n; i++)
                for (int j = 0; j < n; j++)
                {
                    double sum = 0;
                    for (int k = 0; k < n; k++) sum += a[i * n + k] * covariance[k * n + j];
                    if (Math.Abs(sum - (i == j ? 1 : 0)) > 1e-6) return false;
                }
            return true;
        });
    }

    /// <summary>A = BᵀB + 0.1 I with B from the raw integers / 500, and an optimum m in [−2, 2]ⁿ.</summary>
    private static (double[] A, double[] M) RandomQuadratic(int n, int[] raw)
    {
        var a = new double[n * n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
            {
                double sum = 0;
                for (int k = 0; k < n; k++) sum += raw[k * n + i] / 500.0 * (raw[k * n + j] / 500.0);
                a[i * n + j] = sum + (i == j ? 0.1 : 0);
            }
        var m = new double[n];
        for (int i = 0; i < n; i++) m[i] = raw[n * n + i] / 500.0;
        return (a, m);
    }
}
