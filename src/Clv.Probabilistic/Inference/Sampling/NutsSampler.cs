using Clv.Probabilistic.Inference.Diagnostics;
using Clv.Probabilistic.Inference.Laplace;
using Clv.Probabilistic.Inference.Optimization;
using MathNet.Numerics.Random;

namespace Clv.Probabilistic.Inference.Sampling;

/// <summary>
/// The No-U-Turn sampler: multinomial NUTS with the generalised no-U-turn criterion and Stan-style warm-up
/// (dual-averaging step size, windowed diagonal or dense mass matrix). Sees a model only through <see cref="ILogDensity"/>.
/// </summary>
/// <remarks>
/// Hoffman &amp; Gelman (2014), "The No-U-Turn Sampler", JMLR 15:1593–1623; Betancourt (2017), "A Conceptual
/// Introduction to Hamiltonian Monte Carlo", arXiv:1701.02434; Stan Reference Manual, "MCMC Sampling".
/// Chains run in parallel, each with its own Xoshiro256** generator seeded from <see cref="NutsOptions.Seed"/> and the
/// chain index, so draws do not depend on the number of cores or the degree of parallelism. Chains run on threads of
/// their own (see <see cref="ChainScheduler"/>), all at once unless <see cref="NutsOptions.MaxDegreeOfParallelism"/> limits them.
/// </remarks>
public static class NutsSampler
{
    /// <summary>Samples from the density. With parallel chains, <see cref="ILogDensity.Evaluate"/> is called
    /// concurrently: it must be thread-safe, or use the overload taking a per-chain factory.</summary>
    /// <param name="density">Log density over the unconstrained parameters (Jacobians included).</param>
    /// <param name="names">One name per dimension, for the draws and the summary.</param>
    /// <param name="options">Sampler settings.</param>
    /// <param name="initial">Initial point shared by all chains; empty for random uniform(−2, 2) points per chain.</param>
    public static NutsResult Sample(ILogDensity density, IReadOnlyList<string> names, NutsOptions options,
        ReadOnlySpan<double> initial = default)
    {
        ArgumentNullException.ThrowIfNull(density);
        return Sample(_ => density, names, options, initial);
    }

    /// <summary>Samples with one density instance per chain (for densities that keep scratch buffers).</summary>
    /// <param name="densityForChain">Returns the density used by chain <c>i</c>; each must describe the same distribution.</param>
    /// <param name="names">One name per dimension.</param>
    /// <param name="options">Sampler settings.</param>
    /// <param name="initial">Initial point shared by all chains; empty for random points.</param>
    public static NutsResult Sample(Func<int, ILogDensity> densityForChain, IReadOnlyList<string> names,
        NutsOptions options, ReadOnlySpan<double> initial = default)
    {
        ArgumentNullException.ThrowIfNull(densityForChain);
        ArgumentNullException.ThrowIfNull(names);
        ArgumentNullException.ThrowIfNull(options);
        var densities = new ILogDensity[options.Chains];
        for (int c = 0; c < densities.Length; c++)
            densities[c] = densityForChain(c) ?? throw new ArgumentException($"The factory returned null for chain {c}.", nameof(densityForChain));
        int d = densities[0].Dimension;
        options.Validate(d);
        foreach (var density in densities)
            if (density.Dimension != d) throw new ArgumentException("The per-chain densities differ in dimension.", nameof(densityForChain));
        if (names.Count != d)
            throw new ArgumentException($"{names.Count} names for a density of dimension {d}.", nameof(names));
        if (!initial.IsEmpty && initial.Length != d)
            throw new ArgumentException($"The initial point has {initial.Length} values; the density has dimension {d}.", nameof(initial));
        double[]? start = initial.IsEmpty ? null : initial.ToArray();

        var values = new double[options.Chains * options.Draws * d];
        var chains = new NutsChainStatistics[options.Chains];
        new ChainScheduler(options, Environment.ProcessorCount).Run(densities, (c, density, cancellation, beforeIteration) =>
        {
            var output = values.AsSpan(c * options.Draws * d, options.Draws * d);
            chains[c] = NutsChain.Run(density, options, c, start, ChainRandom(options.Seed, c), output, cancellation, beforeIteration);
        });

        var chainIndex = new int[options.Chains * options.Draws];
        for (int i = 0; i < chainIndex.Length; i++) chainIndex[i] = i / options.Draws;
        return new NutsResult(new ParameterDraws(names, values, chainIndex), chains, options);
    }

    /// <summary>The generator of chain <paramref name="chain"/>: Xoshiro256** seeded by a SplitMix64 hash of (seed, chain).</summary>
    internal static Random ChainRandom(int seed, int chain)
    {
        ulong z = ((ulong)(uint)seed << 32) | (uint)chain;
        z += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        z ^= z >> 31;
        return new Xoshiro256StarStar(unchecked((int)(z ^ (z >> 32))), threadSafe: false);
    }
}
