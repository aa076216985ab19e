using BenchmarkDotNet.Attributes;
using Clv.Probabilistic.Inference;
using Clv.Probabilistic.Inference.Diagnostics;
using Clv.Probabilistic.Inference.Laplace;
using Clv.Probabilistic.Inference.Optimization;
using Clv.Probabilistic.Inference.Sampling;
using Clv.Probabilistic.Tests.Shared;
using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.Optimization;

namespace Clv.Probabilistic.Benchmarks;

/// <summary>
/// Our BFGS (<see cref="QuasiNewton.Maximize"/>) against MathNet's BfgsMinimizer on the 2-D Rosenbrock function from
/// (−1.2, 1) and a 4-parameter logistic-regression log-likelihood (1000 rows), plus the Hessian and full MLE cost.
/// Evaluation counts are printed in the global setup.
/// </summary>
[MemoryDiagnoser]
public class OptimizerBenchmarks
{
    private readonly ReferenceProblems.Rosenbrock _rosenbrock = new(2);
    private readonly ReferenceProblems.Logistic _logistic = new(1000, seed: 2);
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
}
