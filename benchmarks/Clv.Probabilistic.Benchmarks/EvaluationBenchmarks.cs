using BenchmarkDotNet.Attributes;
using Clv.Probabilistic.Evaluation;
using MathNet.Numerics.Distributions;
using MathNet.Numerics.Random;

namespace Clv.Probabilistic.Benchmarks;

/// <summary>
/// The evaluation layer on a synthetic base of customers (Poisson counts with gamma-distributed rates):
/// holdout metrics, AUC (a sort), the histogram from precomputed probabilities, and segmentation (a sort).
/// </summary>
[MemoryDiagnoser]
public class EvaluationBenchmarks
{
    private const int K = 7;
    private double[] _predicted = [], _actual = [], _frequency = [], _pAlive = [], _probabilities = [], _t = [];
    private static readonly SegmentationOptions Options = new() { NewCustomerAge = 4 };

    /// <summary>Number of customers.</summary>
    [Params(100_000, 1_000_000)]
    public int Customers { get; set; }

    /// <summary>Draws the synthetic customers with a fixed seed.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var rng = new Xoshiro256StarStar(42);
        _predicted = new double[Customers];
        _actual = new double[Customers];
        _frequency = new double[Customers];
        _pAlive = new double[Customers];
        _t = new double[Customers];
        _probabilities = new double[Customers * K];
        for (int i = 0; i < Customers; i++)
        {
            double rate = Gamma.Sample(rng, 0.25, 4.0);
            _t[i] = 1 + 38 * rng.NextDouble();
            _frequency[i] = Poisson.Sample(rng, rate * _t[i]);
            _actual[i] = Poisson.Sample(rng, rate * 39);
            _predicted[i] = rate * 39;
            _pAlive[i] = rng.NextDouble();
            for (int n = 0; n < K; n++) _probabilities[i * K + n] = Poisson.PMF(rate * _t[i], n);
        }
    }

    /// <summary>MAE, RMSE, R², bias.</summary>
    [Benchmark]
    public ErrorMetrics HoldoutMetrics() => ErrorMetrics.Compute(_predicted, _actual);

    /// <summary>Conditional expectations by calibration frequency.</summary>
    [Benchmark]
    public ConditionalExpectationTable ConditionalExpectations() => ConditionalExpectationTable.Compute(_frequency, _predicted, _actual);

    /// <summary>Brier score and AUC of P(alive).</summary>
    [Benchmark]
    public ProbabilityAliveCheck AliveCheck() => ProbabilityAliveCheck.Compute(_pAlive, _actual);

    /// <summary>Histogram with chi-square test.</summary>
    [Benchmark]
    public ChiSquareTest Histogram() => PeriodTransactionsHistogram.Compute(_frequency, _probabilities, default, K).Test(4);

    /// <summary>Lifecycle and value tier for every customer.</summary>
    [Benchmark]
    public CustomerSegment[] Segments() => CustomerSegmentation.Assign(_t, _pAlive, _predicted, Options);
}
