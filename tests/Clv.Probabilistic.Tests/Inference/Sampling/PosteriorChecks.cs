using Clv.Probabilistic.Inference;
using Clv.Probabilistic.Inference.Diagnostics;
using Clv.Probabilistic.Inference.Laplace;
using Clv.Probabilistic.Inference.Optimization;
using Clv.Probabilistic.Inference.Sampling;

namespace Clv.Probabilistic.Tests.Inference.Sampling;

/// <summary>Checks of sampled moments against exact values, in units of the Monte Carlo standard error.</summary>
internal static class PosteriorChecks
{
    /// <summary>|mean − μ| ≤ z · MCSE for the draws transformed by <paramref name="transform"/>.</summary>
    public static void MeanWithin(ParameterDraws draws, int parameter, double expected, double z, Func<double, double>? transform = null)
    {
        var chains = Transform(draws, parameter, transform ?? (x => x));
        double mean = chains.SelectMany(c => c).Average();
        double mcse = McmcDiagnostics.McseMean(chains);
        Assert.True(Math.Abs(mean - expected) <= z * mcse,
            $"{draws.Names[parameter]}: mean {mean} vs exact {expected}, MCSE {mcse}, bound {z} MCSE.");
    }

    /// <summary>E[(g(x) − μ)²] within z MCSE of the exact variance σ².</summary>
    public static void VarianceWithin(ParameterDraws draws, int parameter, double mean, double variance, double z, Func<double, double>? transform = null)
    {
        var g = transform ?? (x => x);
        MeanWithin(draws, parameter, variance, z, x => (g(x) - mean) * (g(x) - mean));
    }

    /// <summary>The fraction of draws with g(x) ≤ q (q the exact p-quantile) within z MCSE of p.</summary>
    public static void QuantileWithin(ParameterDraws draws, int parameter, double exactQuantile, double probability, double z, Func<double, double>? transform = null)
    {
        var g = transform ?? (x => x);
        MeanWithin(draws, parameter, probability, z, x => g(x) <= exactQuantile ? 1 : 0);
    }

    public static double[][] Transform(ParameterDraws draws, int parameter, Func<double, double> transform) =>
        McmcDiagnostics.ChainColumns(draws, parameter).Select(c => c.Select(transform).ToArray()).ToArray();
}
