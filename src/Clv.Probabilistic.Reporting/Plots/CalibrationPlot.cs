using ScottPlot;

namespace Clv.Probabilistic.Reporting.Plots;

/// <summary>
/// Conditional expectations: mean holdout purchases against the model's prediction, grouped by calibration frequency.
/// </summary>
/// <remarks>
/// Fader, Hardie and Lee (2005), "Counting your customers the easy way", Figure 6 (conditional expectations of
/// holdout transactions by number of calibration-period repeat transactions).
/// </remarks>
public static class CalibrationPlot
{
    /// <summary>Creates the calibration-versus-holdout plot.</summary>
    /// <param name="categories">Frequency groups, left to right (for example "0", "1", …, "7+").</param>
    /// <param name="meanActual">Mean observed holdout purchases in each group.</param>
    /// <param name="meanPredicted">Mean model-expected holdout purchases in each group.</param>
    /// <param name="options">Title, labels and size.</param>
    /// <exception cref="ArgumentException">Arrays empty, of different lengths, or a category is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A mean is NaN, infinite or negative.</exception>
    public static Chart Create(string[] categories, double[] meanActual, double[] meanPredicted, ChartOptions? options = null)
    {
        InputGuard.Labels(categories, nameof(categories));
        InputGuard.Counts(meanActual, nameof(meanActual), categories, nameof(categories));
        InputGuard.Counts(meanPredicted, nameof(meanPredicted), categories, nameof(categories));

        var positions = new double[categories.Length];
        for (int i = 0; i < positions.Length; i++) positions[i] = i;
        var plot = ChartStyle.NewPlot();
        var actual = plot.Add.Scatter(positions, (double[])meanActual.Clone(), ChartStyle.Observed);
        actual.LineWidth = 2;
        actual.MarkerSize = 7;
        actual.LegendText = "Actual";
        var model = plot.Add.Scatter((double[])positions.Clone(), (double[])meanPredicted.Clone(), ChartStyle.Model);
        model.LineWidth = 2;
        model.MarkerSize = 7;
        model.MarkerShape = MarkerShape.OpenSquare;
        model.LinePattern = LinePattern.Dashed;
        model.LegendText = "Model";
        ChartStyle.CategoryTicks(plot, categories);
        ChartStyle.FromZero(plot, meanActual, meanPredicted);
        plot.ShowLegend(Alignment.UpperLeft);
        return ChartStyle.Finish(plot, options, "Holdout purchases by calibration frequency",
            "Repeat purchases in calibration period", "Mean purchases in holdout period");
    }
}
