using Clv.Probabilistic.Inference.Diagnostics;
using Clv.Probabilistic.Inference.Laplace;
using Clv.Probabilistic.Inference.Optimization;

namespace Clv.Probabilistic.Inference.Sampling;

/// <summary>Draws of all chains (after warm-up) and each chain's sampler statistics.</summary>
public sealed class NutsResult
{
    internal NutsResult(ParameterDraws draws, NutsChainStatistics[] chains, NutsOptions options)
    {
        Draws = draws;
        Chains = chains;
        Options = options;
    }

    /// <summary>Retained draws, chain by chain (chain 0's draws first), on the unconstrained scale of the density.</summary>
    public ParameterDraws Draws { get; }

    /// <summary>Per-chain statistics.</summary>
    public IReadOnlyList<NutsChainStatistics> Chains { get; }

    /// <summary>The options the sampler ran with.</summary>
    public NutsOptions Options { get; }

    /// <summary>Divergent transitions after warm-up, all chains.</summary>
    public int Divergences => Chains.Sum(c => c.Divergences);

    /// <summary>Draws that hit the tree-depth limit, all chains.</summary>
    public int TreeDepthHits => Chains.Sum(c => c.TreeDepthHits);

    /// <summary>Gradient evaluations, all chains, warm-up included.</summary>
    public long GradientEvaluations => Chains.Sum(c => c.GradientEvaluations);

    /// <summary>Warnings about the sampler itself: divergences, tree-depth saturation, low E-BFMI.</summary>
    public IReadOnlyList<DiagnosticWarning> SamplerWarnings(DiagnosticThresholds? thresholds = null)
    {
        thresholds ??= DiagnosticThresholds.Default;
        var warnings = new List<DiagnosticWarning>();
        int total = Draws.Count;
        if (Divergences > 0)
            warnings.Add(new DiagnosticWarning(DiagnosticKind.Divergences, null,
                $"{Divergences} of {total} transitions after warm-up diverged; the posterior has regions the sampler " +
                "cannot explore and estimates may be biased. Reparameterise or raise TargetAcceptance."));
        if (TreeDepthHits > 0)
            warnings.Add(new DiagnosticWarning(DiagnosticKind.TreeDepthSaturation, null,
                $"{TreeDepthHits} of {total} transitions hit the maximum tree depth {Options.MaxTreeDepth}; " +
                "trajectories were cut short (efficiency, not validity). Consider a dense metric or a larger MaxTreeDepth."));
        foreach (var chain in Chains)
        {
            double bfmi = chain.EnergyBfmi;
            if (bfmi < thresholds.MinEnergyBfmi)
                warnings.Add(new DiagnosticWarning(DiagnosticKind.LowEnergyBfmi, null,
                    $"Chain {chain.Chain} has E-BFMI {bfmi:0.###} < {thresholds.MinEnergyBfmi}; momentum resampling " +
                    "explores the energy poorly (heavy tails or a poorly adapted metric)."));
        }
        return warnings;
    }

    /// <summary>Posterior summary of the draws with both posterior and sampler warnings.</summary>
    /// <param name="quantiles">Quantile levels in (0, 1); default 0.05, 0.5, 0.95.</param>
    /// <param name="thresholds">Warning thresholds; default <see cref="DiagnosticThresholds.Default"/>.</param>
    public PosteriorSummary Summarize(IReadOnlyList<double>? quantiles = null, DiagnosticThresholds? thresholds = null) =>
        PosteriorSummary.Create(Draws, quantiles, thresholds, SamplerWarnings(thresholds));

    /// <summary>
    /// Posterior summary of draws derived from this run (for example <see cref="Draws"/> mapped to the constrained
    /// scale with <see cref="DrawMapping.Map"/>), with this run's sampler warnings.
    /// </summary>
    /// <param name="derived">Draws with the same chain structure as <see cref="Draws"/>.</param>
    /// <param name="quantiles">Quantile levels in (0, 1); default 0.05, 0.5, 0.95.</param>
    /// <param name="thresholds">Warning thresholds.</param>
    /// <exception cref="ArgumentException">The derived draws do not come from this run's chains.</exception>
    public PosteriorSummary Summarize(ParameterDraws derived, IReadOnlyList<double>? quantiles = null, DiagnosticThresholds? thresholds = null)
    {
        ArgumentNullException.ThrowIfNull(derived);
        if (!derived.Chains.SequenceEqual(Draws.Chains))
            throw new ArgumentException("The derived draws do not have this run's chains and draw count.", nameof(derived));
        return PosteriorSummary.Create(derived, quantiles, thresholds, SamplerWarnings(thresholds));
    }
}
