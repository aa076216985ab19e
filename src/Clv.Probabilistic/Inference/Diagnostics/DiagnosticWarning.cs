using Clv.Probabilistic.Inference.Laplace;
using Clv.Probabilistic.Inference.Optimization;
using Clv.Probabilistic.Inference.Sampling;

namespace Clv.Probabilistic.Inference.Diagnostics;

/// <summary>What a <see cref="DiagnosticWarning"/> is about.</summary>
public enum DiagnosticKind
{
    /// <summary>Divergent transitions after warm-up: the sampler could not follow the posterior's geometry.</summary>
    Divergences,
    /// <summary>Trajectories cut short by the tree-depth limit.</summary>
    TreeDepthSaturation,
    /// <summary>Energy Bayesian fraction of missing information below the threshold.</summary>
    LowEnergyBfmi,
    /// <summary>R̂ above the threshold: chains disagree, not converged.</summary>
    HighRHat,
    /// <summary>Bulk ESS below the threshold: the mean and median are estimated imprecisely.</summary>
    LowBulkEss,
    /// <summary>Tail ESS below the threshold: the 5% and 95% quantiles are estimated imprecisely.</summary>
    LowTailEss,
}

/// <summary>A problem found by the diagnostics, phrased for an analyst; a CLI should print these prominently.</summary>
/// <param name="Kind">What kind of problem.</param>
/// <param name="Parameter">The parameter concerned, or null for the sampler as a whole.</param>
/// <param name="Message">Explanation with the offending figure.</param>
public sealed record DiagnosticWarning(DiagnosticKind Kind, string? Parameter, string Message)
{
    /// <summary>The message.</summary>
    public override string ToString() => Message;
}

/// <summary>Thresholds above or below which diagnostics raise warnings.</summary>
/// <remarks>Defaults from Vehtari et al. (2021), §4 (R̂ &lt; 1.01, ESS &gt; 100 per chain) and Betancourt (2016) (E-BFMI &gt; 0.3).</remarks>
public sealed record DiagnosticThresholds
{
    /// <summary>The default thresholds.</summary>
    public static DiagnosticThresholds Default { get; } = new();

    /// <summary>Largest acceptable R̂.</summary>
    public double MaxRHat { get; init; } = 1.01;

    /// <summary>Smallest acceptable bulk and tail ESS per chain.</summary>
    public double MinEssPerChain { get; init; } = 100;

    /// <summary>Smallest acceptable E-BFMI.</summary>
    public double MinEnergyBfmi { get; init; } = 0.3;
}
