using ScottPlot;

namespace Clv.Probabilistic.Reporting.Plots;

/// <summary>
/// Heat map of a per-customer quantity (expected purchases, P(alive)) over a grid of frequency x and recency t_x.
/// </summary>
/// <remarks>
/// The frequency/recency matrix of Fader, Hardie and Lee (2005), "Counting your customers the easy way", Figure 3:
/// recency on the horizontal axis, frequency on the vertical axis increasing upwards.
/// </remarks>
public static class FrequencyRecencyHeatmap
{
    /// <summary>Creates the heat map.</summary>
    /// <param name="frequencies">Evenly spaced, increasing grid of frequency x (repeat purchases), one per row of <paramref name="values"/>.</param>
    /// <param name="recencies">Evenly spaced, increasing grid of recency t_x, one per column of <paramref name="values"/>.</param>
    /// <param name="values"><c>values[i, j]</c> is the quantity at frequency <c>frequencies[i]</c> and recency <c>recencies[j]</c>.</param>
    /// <param name="valueLabel">What the colour shows, for the colour bar and default title, for example "P(alive)".</param>
    /// <param name="colorRange">Fixed colour scale (for example 0 to 1 for P(alive)); null scales to the data.</param>
    /// <param name="options">Title, labels and size.</param>
    /// <exception cref="ArgumentException">Grids empty, not increasing, not evenly spaced, or not matching the shape of <paramref name="values"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A value or grid point is NaN or infinite, or <paramref name="colorRange"/> is empty.</exception>
    public static Chart Create(
        double[] frequencies,
        double[] recencies,
        double[,] values,
        string valueLabel,
        (double Min, double Max)? colorRange = null,
        ChartOptions? options = null)
    {
        InputGuard.NotEmpty(frequencies, nameof(frequencies));
        InputGuard.NotEmpty(recencies, nameof(recencies));
        ArgumentNullException.ThrowIfNull(values);
        ArgumentException.ThrowIfNullOrWhiteSpace(valueLabel);
        double frequencyStep = EvenStep(frequencies, nameof(frequencies));
        double recencyStep = EvenStep(recencies, nameof(recencies));
        int rows = frequencies.Length, columns = recencies.Length;
        if (values.GetLength(0) != rows || values.GetLength(1) != columns)
            throw new ArgumentException(
                $"values is {values.GetLength(0)} by {values.GetLength(1)} but the grids need {rows} (frequencies) by {columns} (recencies).",
                nameof(values));
        if (colorRange is { } range && !(double.IsFinite(range.Min) && double.IsFinite(range.Max) && range.Max > range.Min))
            throw new ArgumentOutOfRangeException(nameof(colorRange), range, "colorRange must be finite with Max above Min.");

        // Image rows run top to bottom, so the highest frequency goes in row 0.
        var intensities = new double[rows, columns];
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < columns; j++)
            {
                double v = values[i, j];
                if (!double.IsFinite(v))
                    throw new ArgumentOutOfRangeException(nameof(values), v,
                        $"values[{i}, {j}] (x = {frequencies[i]}, t_x = {recencies[j]}) is {v}; every value must be finite.");
                intensities[rows - 1 - i, j] = v;
            }

        var plot = ChartStyle.NewPlot();
        var heatmap = plot.Add.Heatmap(intensities);
        heatmap.Colormap = new ScottPlot.Colormaps.Viridis();
        heatmap.Extent = new CoordinateRect(
            recencies[0] - recencyStep / 2, recencies[^1] + recencyStep / 2,
            frequencies[0] - frequencyStep / 2, frequencies[^1] + frequencyStep / 2);
        if (colorRange is { } r) heatmap.ManualRange = new ScottPlot.Range(r.Min, r.Max);
        var colorBar = plot.Add.ColorBar(heatmap);
        colorBar.Label = valueLabel;
        plot.Axes.Margins(0, 0);
        return ChartStyle.Finish(plot, options, $"{valueLabel} by frequency and recency",
            "Recency t_x (time of last repeat purchase)", "Frequency x (repeat purchases)");
    }

    private static double EvenStep(double[] grid, string name)
    {
        InputGuard.StrictlyIncreasing(grid, name);
        if (grid.Length == 1) return 1;
        double step = (grid[^1] - grid[0]) / (grid.Length - 1);
        for (int i = 1; i < grid.Length; i++)
            if (Math.Abs(grid[i] - grid[i - 1] - step) > 1e-6 * step)
                throw new ArgumentException(
                    $"{name} is not evenly spaced: step {i} is {grid[i] - grid[i - 1]} where {step} was expected.", name);
        return step;
    }
}
