using Clv.Probabilistic.Evaluation;
using ScottPlot;

namespace Clv.Probabilistic.Reporting.Plots;

/// <summary>
/// Histogram of customers by number of repeat transactions in the calibration period, observed against expected.
/// </summary>
/// <remarks>
/// Fader, Hardie and Lee (2005), "Counting your customers the easy way", Figure 2 (predicted against actual
/// frequency of repeat transactions, grouped bars).
/// </remarks>
public static class PeriodTransactionsPlot
{
    /// <summary>Creates the grouped bar chart.</summary>
    /// <param name="bins">Transaction-count groups, left to right (for example "0", "1", …, "7+").</param>
    /// <param name="observed">Number of customers observed in each group.</param>
    /// <param name="expected">Number of customers the model expects in each group.</param>
    /// <param name="options">Title, labels and size.</param>
    /// <exception cref="ArgumentException">Arrays empty, of different lengths, or a bin label is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A count is NaN, infinite or negative.</exception>
    public static Chart Create(string[] bins, double[] observed, double[] expected, ChartOptions? options = null)
    {
        InputGuard.Labels(bins, nameof(bins));
        InputGuard.Counts(observed, nameof(observed), bins, nameof(bins));
        InputGuard.Counts(expected, nameof(expected), bins, nameof(bins));

        const double barWidth = 0.38;
        var plot = ChartStyle.NewPlot();
        AddSeries(plot, observed, -barWidth / 2, barWidth, ChartStyle.Observed, "Observed");
        AddSeries(plot, expected, barWidth / 2, barWidth, ChartStyle.Model, "Model");
        ChartStyle.CategoryTicks(plot, bins);
        plot.Axes.Margins(bottom: 0);
        ChartStyle.LegendBelow(plot);
        return ChartStyle.Finish(plot, options, "Customers by number of repeat transactions",
            "Repeat transactions in calibration period", "Customers");
    }

    /// <summary>Creates the chart from an evaluated histogram (bins 0, 1, …, k − 1 and k+).</summary>
    /// <param name="histogram">Observed and expected customers per number of repeat transactions.</param>
    /// <param name="options">Title, labels and size.</param>
    public static Chart Create(PeriodTransactionsHistogram histogram, ChartOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(histogram);
        var bins = Enumerable.Range(0, histogram.Observed.Length).Select(histogram.Label).ToArray();
        return Create(bins, histogram.Observed.ToArray(), histogram.Expected.ToArray(), options);
    }

    private static void AddSeries(Plot plot, double[] counts, double offset, double width, Color color, string legend)
    {
        var bars = new Bar[counts.Length];
        for (int i = 0; i < counts.Length; i++)
            bars[i] = new Bar { Position = i + offset, Value = counts[i], Size = width, FillColor = color, LineWidth = 0 };
        var plottable = plot.Add.Bars(bars);
        plottable.LegendText = legend;
        plottable.Color = color;
    }
}
