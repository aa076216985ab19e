using BenchmarkDotNet.Attributes;
using Clv.Probabilistic.Data;
using Clv.Probabilistic.Data.Discrete;
using Clv.Probabilistic.Inference;
using Clv.Probabilistic.Models;
using Clv.Probabilistic.Models.BgBb;

namespace Clv.Probabilistic.Benchmarks;

/// <summary>BG/BB on the donations matrix (22 rows, 11,104 donors): one likelihood pass with gradient, and a whole MLE fit.</summary>
[MemoryDiagnoser]
public class BgBbBenchmarks
{
    private ModelData _prepared = null!;
    private ILogDensity _density = null!;
    private readonly double[] _theta = [Math.Log(1.204), Math.Log(0.750), Math.Log(0.657), Math.Log(2.783)];
    private readonly double[] _gradient = new double[4];

    [GlobalSetup]
    public void Setup()
    {
        _prepared = BgBbDefinition.Instance.Prepare(Datasets.DonationsSummary());
        _density = BgBbDefinition.Instance.LogLikelihood(_prepared);
    }

    [Benchmark]
    public double LogLikelihoodAndGradient() => _density.Evaluate(_theta, _gradient);

    /// <summary>The whole MLE fit as <c>ModelFitter.Fit</c> runs it: optimiser, verdict and standard errors (the draws of the normal approximation are made when first asked for).</summary>
    [Benchmark]
    public double Fit() => ModelFitter.Fit(BgBbDefinition.Instance, _prepared).LogLikelihood!.Value;
}

/// <summary>
/// Binary histories and the (x, t_x, n) summary of the 10 million transactions of 1 million customers of
/// <see cref="SummarizeBenchmarks"/> (730 days from 2020-01-01), from a log in memory, by week (105 periods) and by day
/// (730 periods).
/// </summary>
[MemoryDiagnoser]
public class DiscreteSummarizeBenchmarks
{
    private TransactionLog _log = null!;
    private PeriodGrid _grid = null!;

    [Params(PeriodLength.Week, PeriodLength.Day)]
    public PeriodLength Length { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var (names, customers, dates, amounts) = SummarizeBenchmarks.Generate(20260101);
        _log = TransactionLog.FromIndexedArrays(names, customers, dates, amounts);
        var start = new DateOnly(2020, 1, 1);
        _grid = Length == PeriodLength.Week ? new PeriodGrid(PeriodLength.Week, start, 78, 26) : new PeriodGrid(PeriodLength.Day, start, 546, 183);
    }

    [Benchmark]
    public CalibrationHoldoutSummary Summarize() => DiscreteSummarizer.SummarizeCalibrationHoldout(_log, _grid);
}
