using MathNet.Numerics.Distributions;
using MathNet.Numerics.Random;

using Clv.Probabilistic.Inference;
using Clv.Probabilistic.Inference.Optimization;

namespace Clv.Probabilistic.Tests.Shared;

/// <summary>Standard optimisation problems shared by the optimiser's tests and benchmarks (compiled into both; not shipped).</summary>
internal static class ReferenceProblems
{
    /// <summary>
    /// −Σ [100 (θ_{i+1} − θ_i²)² + (1 − θ_i)²], the chained Rosenbrock function negated; maximum 0 at (1, …, 1).
    /// </summary>
    public sealed class Rosenbrock(int dimension) : ILogDensity
    {
        public int Dimension => dimension;

        public double Evaluate(ReadOnlySpan<double> x, Span<double> gradient)
        {
            double value = 0;
            gradient.Clear();
            for (int i = 0; i + 1 < x.Length; i++)
            {
                double a = x[i + 1] - x[i] * x[i], b = 1 - x[i];
                value -= 100 * a * a + b * b;
                gradient[i] += 400 * a * x[i] + 2 * b;
                gradient[i + 1] -= 200 * a;
            }
            return value;
        }
    }

    /// <summary>
    /// Log-likelihood Σ y η − ln(1 + e^η) of a logistic regression with an intercept and three standard-normal
    /// covariates, simulated with β = (−0.5, 1, −2, 0.5).
    /// </summary>
    public sealed class Logistic : ILogDensity
    {
        private const int Columns = 4;
        private readonly double[] _x;
        private readonly double[] _y;

        public Logistic(int rows, int seed)
        {
            var random = new Xoshiro256StarStar(seed);
            double[] beta = [-0.5, 1.0, -2.0, 0.5];
            _x = new double[rows * Columns];
            _y = new double[rows];
            for (int i = 0; i < rows; i++)
            {
                _x[i * Columns] = 1;
                double eta = beta[0];
                for (int j = 1; j < Columns; j++)
                {
                    _x[i * Columns + j] = Normal.Sample(random, 0, 1);
                    eta += beta[j] * _x[i * Columns + j];
                }
                _y[i] = random.NextDouble() < 1 / (1 + Math.Exp(-eta)) ? 1 : 0;
            }
        }

        public int Dimension => Columns;

        public double Evaluate(ReadOnlySpan<double> theta, Span<double> gradient)
        {
            gradient.Clear();
            double value = 0;
            for (int i = 0; i < _y.Length; i++)
            {
                var row = _x.AsSpan(i * Columns, Columns);
                double eta = 0;
                for (int j = 0; j < Columns; j++) eta += theta[j] * row[j];
                double softplus = eta > 0 ? eta + double.LogP1(Math.Exp(-eta)) : double.LogP1(Math.Exp(eta));
                value += _y[i] * eta - softplus;
                double residual = _y[i] - 1 / (1 + Math.Exp(-eta));
                for (int j = 0; j < Columns; j++) gradient[j] += residual * row[j];
            }
            return value;
        }
    }
}
