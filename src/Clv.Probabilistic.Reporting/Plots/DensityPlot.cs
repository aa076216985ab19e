using Clv.Probabilistic.Inference;
using ScottPlot;

namespace Clv.Probabilistic.Reporting.Plots;

/// <summary>Posterior density of one parameter, a kernel density estimate per chain, for checking that chains agree.</summary>
/// <remarks>Each curve is <see cref="KernelDensity"/> with Silverman's bandwidth for that chain.</remarks>
public static class DensityPlot
{
    internal const int GridPoints = 256;

    /// <summary>Creates the density plot from per-chain arrays of draws.</summary>
    /// <param name="parameter">Parameter name, the paper's symbol (for example "r" or "alpha").</param>
    /// <param name="chains">Draws of each chain (at least two each); chains may differ in length.</param>
    /// <param name="options">Title, labels and size.</param>
    /// <exception cref="ArgumentException">No chain, a chain with fewer than two draws, or every draw equal.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A draw is NaN or infinite.</exception>
    public static Chart Create(string parameter, IReadOnlyList<double[]> chains, ChartOptions? options = null) =>
        Draw(ChainSeries.FromArrays(parameter, chains), options);

    /// <summary>Creates the density plot of <paramref name="parameter"/> from posterior draws.</summary>
    /// <exception cref="KeyNotFoundException">No parameter of that name.</exception>
    public static Chart Create(ParameterDraws draws, string parameter, ChartOptions? options = null) =>
        Draw(ChainSeries.FromDraws(draws, parameter), options);

    private static Chart Draw(ChainSeries series, ChartOptions? options)
    {
        var (grid, densities) = Estimate(series);
        var plot = ChartStyle.NewPlot();
        for (int c = 0; c < densities.Length; c++)
        {
            var line = plot.Add.ScatterLine((double[])grid.Clone(), densities[c], ChartStyle.Series(c));
            line.LineWidth = 2;
            line.LegendText = series.Labels[c];
        }
        plot.Axes.Margins(bottom: 0);
        ChartStyle.LegendBelow(plot);
        return ChartStyle.Finish(plot, options, $"Posterior density of {series.Parameter}", series.Parameter, "Density");
    }

    /// <summary>
    /// One shared grid spanning every chain plus three bandwidths each side, and each chain's density on it. A chain
    /// with no spread (a stuck sampler) borrows the bandwidth of all draws pooled, so it still shows, as a bump at its value.
    /// </summary>
    internal static (double[] Grid, double[][] Densities) Estimate(ChainSeries series)
    {
        var pooled = series.Chains.SelectMany(c => c).ToArray();
        for (int c = 0; c < series.Chains.Length; c++)
            if (series.Chains[c].Length < 2)
                throw new ArgumentException($"chains[{c}] has {series.Chains[c].Length} draw; a density needs at least two.", "chains");
        double pooledBandwidth = KernelDensity.SilvermanBandwidth(pooled);
        if (pooledBandwidth == 0)
            throw new ArgumentException($"Every draw of {series.Parameter} equals {pooled[0]}; there is no density to estimate.", "chains");

        var bandwidths = series.Chains.Select(chain =>
        {
            double h = KernelDensity.SilvermanBandwidth(chain);
            return h > 0 ? h : pooledBandwidth;
        }).ToArray();
        double widest = bandwidths.Max();
        double low = pooled.Min() - 3 * widest, high = pooled.Max() + 3 * widest;
        var grid = new double[GridPoints];
        for (int i = 0; i < GridPoints; i++) grid[i] = low + (high - low) * i / (GridPoints - 1);
        var densities = new double[series.Chains.Length][];
        for (int c = 0; c < densities.Length; c++)
        {
            densities[c] = new double[GridPoints];
            KernelDensity.Evaluate(series.Chains[c], bandwidths[c], grid, densities[c]);
        }
        return (grid, densities);
    }
}
