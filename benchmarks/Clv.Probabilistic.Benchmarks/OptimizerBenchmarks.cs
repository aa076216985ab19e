using BenchmarkDotNet.Attributes;
using Clv.Probabilistic.Inference;
using MathNet.Numerics.Distributions;
using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.Optimization;
using MathNet.Numerics.Random;

namespace Clv.Probabilistic.Benchmarks;

/// <summary>
/// Our BFGS (<see cref="QuasiNewton.Maximize"/>) against MathNet's BfgsMinimizer on the 2-D Rosenbrock function from
/// (−1.2, 1) and a 4-parameter logistic-regression log-likelihood (1000 rows), plus the Hessian and full MLE cost.
/// Evaluation counts are printed in the global setup.
/// </summary>
[MemoryDiagnoser]
public class OptimizerBenchmarks
{
    private readonly Rosenbrock _rosenbrock = new();
    private readonly Logistic _logistic = new(1000, seed: 2);
    private readonly double[] _rosenbrockStart = [-1.2, 1.0];
    private readonly double[] _logisticStart = new double[4];

    [GlobalSetup]
    public void Setup()
    {
        foreach (var (name, f, start) in new (string, ILogDensity, double[])[]
                 { ("rosenbrock2", _rosenbrock, _rosenbrockStart), ("logistic4", _logistic, _logisticStart) })
        {
            var ours = QuasiNewton.Maximize(f, start);
            int theirs = 0;
            MathNetMinimize(f, start, () => theirs++);
            Console.WriteLine($"// {name}: ours {ours.Evaluations} evaluations ({ours.Status}), MathNet {theirs} evaluations");
        }
    }

    [Benchmark(Baseline = true)]
    public double RosenbrockOurs() => QuasiNewton.Maximize(_rosenbrock, _rosenbrockStart).Value;

    [Benchmark]
    public double RosenbrockMathNet() => MathNetMinimize(_rosenbrock, _rosenbrockStart, null);

    [Benchmark]
    public double LogisticOurs() => QuasiNewton.Maximize(_logistic, _logisticStart).Value;

    [Benchmark]
    public double LogisticMathNet() => MathNetMinimize(_logistic, _logisticStart, null);

    [Benchmark]
    public double LogisticMleWithCovariance() => MaximumLikelihoodEstimate.Fit(_logistic, _logisticStart).StandardErrors[0];

    private static double MathNetMinimize(ILogDensity f, double[] start, Action? count)
    {
        var gradient = new double[f.Dimension];
        var objective = ObjectiveFunction.Gradient(v =>
        {
            count?.Invoke();
            double value = f.Evaluate(v.AsArray() ?? v.ToArray(), gradient);
            return (-value, Vector<double>.Build.Dense(gradient).Negate());
        });
        return new BfgsMinimizer(1e-6, 1e-12, 1e-12, 1000)
            .FindMinimum(objective, Vector<double>.Build.Dense(start)).FunctionInfoAtMinimum.Value;
    }

    private sealed class Rosenbrock : ILogDensity
    {
        public int Dimension => 2;

        public double Evaluate(ReadOnlySpan<double> x, Span<double> g)
        {
            double a = x[1] - x[0] * x[0], b = 1 - x[0];
            g[0] = 400 * a * x[0] + 2 * b;
            g[1] = -200 * a;
            return -(100 * a * a + b * b);
        }
    }

    /// <summary>Logistic regression with intercept and three standard-normal covariates, β = (−0.5, 1, −2, 0.5).</summary>
    private sealed class Logistic : ILogDensity
    {
        private readonly double[] _x;
        private readonly double[] _y;

        public Logistic(int n, int seed)
        {
            var random = new Xoshiro256StarStar(seed);
            double[] beta = [-0.5, 1.0, -2.0, 0.5];
            _x = new double[n * 4];
            _y = new double[n];
            for (int i = 0; i < n; i++)
            {
                _x[i * 4] = 1;
                double eta = beta[0];
                for (int j = 1; j < 4; j++)
                {
                    _x[i * 4 + j] = Normal.Sample(random, 0, 1);
                    eta += beta[j] * _x[i * 4 + j];
                }
                _y[i] = random.NextDouble() < 1 / (1 + Math.Exp(-eta)) ? 1 : 0;
            }
        }

        public int Dimension => 4;

        public double Evaluate(ReadOnlySpan<double> theta, Span<double> g)
        {
            g.Clear();
            double value = 0;
            for (int i = 0; i < _y.Length; i++)
            {
                var row = _x.AsSpan(i * 4, 4);
                double eta = theta[0] * row[0] + theta[1] * row[1] + theta[2] * row[2] + theta[3] * row[3];
                double softplus = eta > 0 ? eta + double.LogP1(Math.Exp(-eta)) : double.LogP1(Math.Exp(eta));
                value += _y[i] * eta - softplus;
                double residual = _y[i] - 1 / (1 + Math.Exp(-eta));
                for (int j = 0; j < 4; j++) g[j] += residual * row[j];
            }
            return value;
        }
    }
}
