using Clv.Probabilistic.Inference;
using ScottPlot;

namespace Clv.Probabilistic.Reporting.Plots;

/// <summary>Trace plot of one parameter: its draws in order, one line per chain, for checking mixing.</summary>
/// <remarks>Gelman et al. (2013), <i>Bayesian Data Analysis</i>, 3rd ed., section 11.4 (monitoring convergence).</remarks>
public static class TracePlot
{
    /// <summary>Creates the trace plot from per-chain arrays of draws.</summary>
    /// <param name="parameter">Parameter name, the paper's symbol (for example "r" or "alpha").</param>
    /// <param name="chains">Draws of each chain in sampling order; chains may differ in length.</param>
    /// <param name="options">Title, labels and size.</param>
    /// <exception cref="ArgumentException">No chain, or a chain null or empty.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A draw is NaN or infinite.</exception>
    public static Chart Create(string parameter, IReadOnlyList<double[]> chains, ChartOptions? options = null) =>
        Draw(ChainSeries.FromArrays(parameter, chains), options);

    /// <summary>Creates the trace plot of <paramref name="parameter"/> from posterior draws.</summary>
    /// <exception cref="KeyNotFoundException">No parameter of that name.</exception>
    public static Chart Create(ParameterDraws draws, string parameter, ChartOptions? options = null) =>
        Draw(ChainSeries.FromDraws(draws, parameter), options);

    private static Chart Draw(ChainSeries series, ChartOptions? options)
    {
        var plot = ChartStyle.NewPlot();
        for (int c = 0; c < series.Chains.Length; c++)
        {
            double[] ys = series.Chains[c];
            var xs = new double[ys.Length];
            for (int i = 0; i < xs.Length; i++) xs[i] = i + 1;
            var line = plot.Add.ScatterLine(xs, ys, ChartStyle.Series(c));
            line.LineWidth = 1;
            line.LegendText = series.Labels[c];
        }
        ChartStyle.LegendBelow(plot);
        return ChartStyle.Finish(plot, options, $"Trace of {series.Parameter}", "Draw (within chain)", series.Parameter);
    }
}
