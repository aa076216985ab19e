using Clv.Probabilistic.Inference;
using Clv.Probabilistic.Inference.Diagnostics;
using Clv.Probabilistic.Inference.Laplace;
using Clv.Probabilistic.Inference.Optimization;
using Clv.Probabilistic.Inference.Sampling;
using Clv.Probabilistic.Tests.Shared;

namespace Clv.Probabilistic.Tests.Inference.Optimization;

internal delegate double DensityFunction(ReadOnlySpan<double> theta, Span<double> gradient);

/// <summary>An <see cref="ILogDensity"/> from a delegate, counting evaluations.</summary>
internal sealed class DelegateDensity(int dimension, DensityFunction evaluate) : ILogDensity
{
    public int Dimension => dimension;

    public int Calls { get; private set; }

    public double Evaluate(ReadOnlySpan<double> theta, Span<double> gradient)
    {
        Calls++;
        return evaluate(theta, gradient);
    }
}

internal static class TestDensities
{
    public static DelegateDensity NegatedRosenbrock(int dimension)
    {
        var rosenbrock = new ReferenceProblems.Rosenbrock(dimension);
        return new DelegateDensity(dimension, rosenbrock.Evaluate);
    }

    /// <summary>−½ (θ − m)ᵀ A (θ − m) for row-major A; Hessian −A, maximum at m.</summary>
    public static DelegateDensity NegatedQuadratic(double[] a, double[] m) => new(m.Length, (x, g) =>
    {
        int n = m.Length;
        double value = 0;
        for (int i = 0; i < n; i++)
        {
            double row = 0;
            for (int j = 0; j < n; j++) row += a[i * n + j] * (x[j] - m[j]);
            g[i] = -row;
            value -= 0.5 * (x[i] - m[i]) * row;
        }
        return value;
    });

    /// <summary>Log-likelihood of a normal sample in (μ, log σ).</summary>
    public static DelegateDensity NormalSample(double[] sample) => new(2, (x, g) =>
    {
        double mu = x[0], logSigma = x[1];
        double precision = Math.Exp(-2 * logSigma);
        double squares = 0, residualSum = 0;
        foreach (double v in sample)
        {
            squares += (v - mu) * (v - mu);
            residualSum += v - mu;
        }
        int n = sample.Length;
        g[0] = residualSum * precision;
        g[1] = -n + squares * precision;
        return -n * logSigma - 0.5 * squares * precision - 0.5 * n * Math.Log(2 * Math.PI);
    });

    /// <summary>Asserts the analytic gradient matches central finite differences at <paramref name="theta"/>.</summary>
    public static void AssertGradientMatchesFiniteDifferences(ILogDensity f, double[] theta, double relativeTolerance = 1e-6)
    {
        int n = f.Dimension;
        var gradient = new double[n];
        var scratch = new double[n];
        f.Evaluate(theta, gradient);
        for (int j = 0; j < n; j++)
        {
            double h = 1e-6 * Math.Max(1, Math.Abs(theta[j]));
            var plus = (double[])theta.Clone();
            var minus = (double[])theta.Clone();
            plus[j] += h;
            minus[j] -= h;
            double numeric = (f.Evaluate(plus, scratch) - f.Evaluate(minus, scratch)) / (plus[j] - minus[j]);
            Assert.True(Math.Abs(numeric - gradient[j]) <= relativeTolerance * Math.Max(1, Math.Abs(numeric)),
                $"∂f/∂θ{j}: analytic {gradient[j]}, finite difference {numeric}");
        }
    }
}
