using Clv.Probabilistic.Inference.Diagnostics;
using Clv.Probabilistic.Inference.Laplace;
using Clv.Probabilistic.Inference.Optimization;

namespace Clv.Probabilistic.Inference.Sampling;

/// <summary>What one NUTS chain did: its adapted tuning and per-draw sampler diagnostics (after warm-up).</summary>
public sealed class NutsChainStatistics
{
    internal NutsChainStatistics(int chain, int maxTreeDepth, double stepSize, EuclideanMetric metric,
        double[] acceptance, int[] treeDepth, int[] leapfrogSteps, bool[] divergent, double[] energy,
        long gradientEvaluations, int warmupDivergences)
    {
        Chain = chain;
        MaxTreeDepth = maxTreeDepth;
        StepSize = stepSize;
        InverseMetric = metric.InverseMetric;
        IsDenseMetric = metric.IsDense;
        AcceptanceStatistic = acceptance;
        TreeDepth = treeDepth;
        LeapfrogSteps = leapfrogSteps;
        Divergent = divergent;
        Energy = energy;
        GradientEvaluations = gradientEvaluations;
        WarmupDivergences = warmupDivergences;
        Divergences = divergent.Count(x => x);
        TreeDepthHits = treeDepth.Count(x => x >= maxTreeDepth);
        MeanAcceptance = acceptance.Average();
    }

    /// <summary>Chain index.</summary>
    public int Chain { get; }

    /// <summary>The tree-depth limit the chain ran with.</summary>
    public int MaxTreeDepth { get; }

    /// <summary>Step size after warm-up (the dual-averaged ε̄).</summary>
    public double StepSize { get; }

    /// <summary>Adapted inverse metric M⁻¹: the diagonal (length d) or, when <see cref="IsDenseMetric"/>, the row-major d×d matrix.</summary>
    public IReadOnlyList<double> InverseMetric { get; }

    /// <summary>Whether the metric is dense.</summary>
    public bool IsDenseMetric { get; }

    /// <summary>Divergent transitions after warm-up.</summary>
    public int Divergences { get; }

    /// <summary>Divergent transitions during warm-up (expected early on; not a diagnostic of the posterior).</summary>
    public int WarmupDivergences { get; }

    /// <summary>Draws whose tree reached <see cref="MaxTreeDepth"/> (trajectory cut short).</summary>
    public int TreeDepthHits { get; }

    /// <summary>Mean acceptance statistic after warm-up; close to the target when adaptation worked.</summary>
    public double MeanAcceptance { get; }

    /// <summary>Gradient evaluations of the whole chain, warm-up included.</summary>
    public long GradientEvaluations { get; }

    /// <summary>Acceptance statistic of each draw (mean Metropolis probability over the trajectory).</summary>
    public IReadOnlyList<double> AcceptanceStatistic { get; }

    /// <summary>Tree depth of each draw.</summary>
    public IReadOnlyList<int> TreeDepth { get; }

    /// <summary>Leapfrog steps of each draw.</summary>
    public IReadOnlyList<int> LeapfrogSteps { get; }

    /// <summary>Whether each draw's trajectory diverged.</summary>
    public IReadOnlyList<bool> Divergent { get; }

    /// <summary>Hamiltonian H = −log π(q) + ½pᵀM⁻¹p of each draw, for E-BFMI.</summary>
    public IReadOnlyList<double> Energy { get; }

    /// <summary>Energy Bayesian fraction of missing information of this chain; below 0.3 is a warning sign.</summary>
    public double EnergyBfmi => McmcDiagnostics.EnergyBfmi(Energy is double[] a ? a : Energy.ToArray());
}
