using BenchmarkDotNet.Attributes;
using Clv.Probabilistic.Inference;
using Clv.Probabilistic.Inference.Diagnostics;
using Clv.Probabilistic.Inference.Laplace;
using Clv.Probabilistic.Inference.Optimization;
using Clv.Probabilistic.Inference.Sampling;

namespace Clv.Probabilistic.Benchmarks;

/// <summary>
/// NUTS on cheap 4-D Gaussian targets, 4 chains × (1000 warm-up + 1000 draws): measures the sampler's own overhead
/// per gradient. Draws per second = 4000 / mean time; gradient evaluations are printed by the global setup.
/// </summary>
[MemoryDiagnoser]
public class NutsBenchmarks
{
    private static readonly string[] Names = ["x0", "x1", "x2", "x3"];
    private readonly ILogDensity _independent = new Gaussian4(correlation: 0);
    private readonly ILogDensity _correlated = new Gaussian4(correlation: 0.9);

    [Params(1, 4)]
    public int Parallelism { get; set; }

    [GlobalSetup]
    public void Report()
    {
        foreach (var (name, density, dense) in new[] { ("independent", _independent, false), ("correlated", _correlated, false), ("correlated dense", _correlated, true) })
        {
            var result = Run(density, dense);
            Console.WriteLine($"// {name}: {result.GradientEvaluations} gradient evaluations, " +
                $"step sizes {string.Join(", ", result.Chains.Select(c => c.StepSize.ToString("0.000")))}, " +
                $"mean leapfrog steps per draw {result.Chains.SelectMany(c => c.LeapfrogSteps).Average():0.0}");
        }
    }

    [Benchmark(Baseline = true)]
    public NutsResult Independent() => Run(_independent, dense: false);

    [Benchmark]
    public NutsResult Correlated() => Run(_correlated, dense: false);

    [Benchmark]
    public NutsResult CorrelatedDense() => Run(_correlated, dense: true);

    private NutsResult Run(ILogDensity density, bool dense) =>
        NutsSampler.Sample(density, Names, new NutsOptions { Seed = 1, DenseMassMatrix = dense, MaxDegreeOfParallelism = Parallelism });

    /// <summary>N(0, Σ) with scales 1, 2, 5, 10 and one common correlation, through its precision matrix.</summary>
    private sealed class Gaussian4 : ILogDensity
    {
        private readonly double[] _precision = new double[16];

        public Gaussian4(double correlation)
        {
            double[] scale = [1, 2, 5, 10];
            var covariance = new double[4, 4];
            for (int i = 0; i < 4; i++)
                for (int j = 0; j < 4; j++)
                    covariance[i, j] = (i == j ? 1 : correlation) * scale[i] * scale[j];
            var inverse = MathNet.Numerics.LinearAlgebra.Matrix<double>.Build.DenseOfArray(covariance).Inverse();
            for (int i = 0; i < 4; i++)
                for (int j = 0; j < 4; j++)
                    _precision[i * 4 + j] = inverse[i, j];
        }

        public int Dimension => 4;

        public double Evaluate(ReadOnlySpan<double> theta, Span<double> gradient)
        {
            double quadratic = 0;
            for (int i = 0; i < 4; i++)
            {
                double row = 0;
                for (int j = 0; j < 4; j++) row += _precision[i * 4 + j] * theta[j];
                gradient[i] = -row;
                quadratic += theta[i] * row;
            }
            return -0.5 * quadratic;
        }
    }
}
