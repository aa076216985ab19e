using BenchmarkDotNet.Attributes;
using Clv.Probabilistic.Data;
using Clv.Probabilistic.Models;
using Clv.Probabilistic.Models.BgNbd;

namespace Clv.Probabilistic.Benchmarks;

/// <summary>Synthetic BG/NBD customers in days: CDNOW-like parameters, T uniform on 1..730 days.</summary>
internal static class BgNbdSyntheticData
{
    public static BgNbdParameters DailyParameters { get; } = new(0.243, 4.414 * 7, 0.793, 2.426);

    /// <summary>
    /// Simulates <paramref name="customers"/> customers. With <paramref name="wholeDays"/> t_x is a whole number of days
    /// (as in transaction logs, at least 1 for a repeat buyer), so many rows coincide; otherwise nearly every row is
    /// distinct (worst case for merging).
    /// </summary>
    public static RfmSummary Create(int customers, bool wholeDays, int seed = 42)
    {
        var t = new double[customers];
        var random = new Random(seed);
        for (int i = 0; i < customers; i++) t[i] = 1 + random.Next(730);
        var summary = new BgNbdSimulator(DailyParameters, TimeUnit.Days).Simulate(t, seed, wholeUnits: wholeDays).Summary;
        if (!wholeDays) return summary;
        // Flooring puts a repeat purchase made within a day of the first at t_x = 0, which a daily log never shows (it is
        // a later day) and which BG/NBD and MBG/NBD refuse; such rows take t_x = 1 day.
        var recency = summary.Recency.ToArray();
        for (int i = 0; i < recency.Length; i++)
            if (summary.Frequency[i] > 0 && recency[i] == 0) recency[i] = 1;
        return new RfmSummary(summary.CustomerIds, summary.Frequency, recency, summary.T, summary.MonetaryValue, summary.TimeUnit, summary.Weights);
    }
}

/// <summary>One log-likelihood + gradient evaluation (the optimiser's inner loop), rows already merged.</summary>
[MemoryDiagnoser]
public class BgNbdLogLikelihoodBenchmarks
{
    private BgNbdLogLikelihood _logLikelihood = null!;
    private readonly double[] _theta = BgNbdSyntheticData.DailyParameters.ToLogVector();
    private readonly double[] _gradient = new double[4];

    [Params(10_000, 100_000, 1_000_000)]
    public int Customers { get; set; }

    [Params(true, false)]
    public bool WholeDays { get; set; }

    [GlobalSetup]
    public void Setup() => _logLikelihood = new BgNbdLogLikelihood(BgNbdSyntheticData.Create(Customers, WholeDays));

    [Benchmark]
    public double ValueAndGradient() => _logLikelihood.Evaluate(_theta, _gradient);
}

/// <summary>
/// The whole fit: merging rows, quasi-Newton maximisation, Hessian and standard errors, through the one fit path (which
/// also forms the 1,000 default draws from the normal approximation).
/// </summary>
[MemoryDiagnoser]
public class BgNbdFitBenchmarks
{
    private RfmSummary _summary = null!;

    [Params(10_000, 100_000, 1_000_000)]
    public int Customers { get; set; }

    [Params(true, false)]
    public bool WholeDays { get; set; }

    [GlobalSetup]
    public void Setup() => _summary = BgNbdSyntheticData.Create(Customers, WholeDays);

    [Benchmark]
    public ModelFit<BgNbdParameters, BgNbdModel> Fit() => ModelFitter.Fit(BgNbdDefinition.Instance, _summary);
}

/// <summary>Scoring a customer base: P(alive) and E[Y(365 days) | x, t_x, T] for every row.</summary>
[MemoryDiagnoser]
public class BgNbdScoringBenchmarks
{
    private RfmSummary _summary = null!;
    private BgNbdModel _model = null!;
    private double[] _destination = null!;

    [Params(10_000, 100_000, 1_000_000)]
    public int Customers { get; set; }

    [Params(true, false)]
    public bool WholeDays { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _summary = BgNbdSyntheticData.Create(Customers, WholeDays);
        _model = new BgNbdModel(BgNbdSyntheticData.DailyParameters, TimeUnit.Days);
        _destination = new double[Customers];
    }

    [Benchmark]
    public void ProbabilityAlive() => _model.ProbabilityAlive(_summary, _destination);

    [Benchmark]
    public void ConditionalExpectedPurchases() => _model.ConditionalExpectedPurchases(_summary, 365, _destination);
}
