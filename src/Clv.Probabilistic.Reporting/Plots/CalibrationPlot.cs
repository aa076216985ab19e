using Clv.Probabilistic.Evaluation;
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

        return Draw(categories, (double[])meanActual.Clone(), [("Model", (double[])meanPredicted.Clone())], options);
    }

    /// <summary>Creates the plot from an evaluated table; groups with no customer (null means) are left out.</summary>
    /// <param name="table">The conditional expectations by calibration frequency.</param>
    /// <param name="options">Title, labels and size.</param>
    /// <exception cref="ArgumentException">Every group is empty.</exception>
    public static Chart Create(ConditionalExpectationTable table, ChartOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(table);
        var rows = table.Rows.Where(row => row.MeanActual.HasValue && row.MeanPredicted.HasValue).ToArray();
        if (rows.Length == 0) throw new ArgumentException("Every group of the table is empty.", nameof(table));
        return Create(rows.Select(row => row.Label).ToArray(), rows.Select(row => row.MeanActual!.Value).ToArray(),
            rows.Select(row => row.MeanPredicted!.Value).ToArray(), options);
    }

    /// <summary>
    /// The conditional expectations of several models of the same customers in one chart: the actual means once, each
    /// model's as its own dashed line; groups with no customer are left out.
    /// </summary>
    /// <param name="tables">Each model's label and table; all must have the same groups and actual means.</param>
    /// <param name="options">Title, labels and size.</param>
    /// <exception cref="ArgumentException">No tables, tables with other groups or actual means, or every group empty.</exception>
    public static Chart Compare(IReadOnlyList<(string Label, ConditionalExpectationTable Table)> tables, ChartOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(tables);
        if (tables.Count == 0) throw new ArgumentException("At least one table is needed.", nameof(tables));
        var first = tables[0].Table;
        ArgumentNullException.ThrowIfNull(first, nameof(tables));
        foreach (var (label, table) in tables)
        {
            ArgumentNullException.ThrowIfNull(table, nameof(tables));
            if (!table.Rows.Select(r => (r.Label, r.MeanActual)).SequenceEqual(first.Rows.Select(r => (r.Label, r.MeanActual))))
                throw new ArgumentException($"The table of '{label}' has other groups or actual means than the first table's.", nameof(tables));
        }
        var keep = Enumerable.Range(0, first.Rows.Count)
            .Where(j => first.Rows[j].MeanActual.HasValue && tables.All(t => t.Table.Rows[j].MeanPredicted.HasValue)).ToArray();
        if (keep.Length == 0) throw new ArgumentException("Every group of the tables is empty.", nameof(tables));
        return Draw(keep.Select(j => first.Rows[j].Label).ToArray(), keep.Select(j => first.Rows[j].MeanActual!.Value).ToArray(),
            [.. tables.Select(t => (t.Label, keep.Select(j => t.Table.Rows[j].MeanPredicted!.Value).ToArray()))], options);
    }

    private static Chart Draw(string[] categories, double[] meanActual, IReadOnlyList<(string Label, double[] Values)> meanPredicted, ChartOptions? options)
    {
        var positions = new double[categories.Length];
        for (int i = 0; i < positions.Length; i++) positions[i] = i;
        var plot = ChartStyle.NewPlot();
        var actual = plot.Add.Scatter(positions, meanActual, ChartStyle.Observed);
        actual.LineWidth = 2;
        actual.MarkerSize = 7;
        actual.LegendText = "Actual";
        for (int k = 0; k < meanPredicted.Count; k++)
        {
            var model = plot.Add.Scatter(positions, meanPredicted[k].Values, meanPredicted.Count == 1 ? ChartStyle.Model : ChartStyle.Series(k));
            model.LineWidth = 2;
            model.MarkerSize = 7;
            model.MarkerShape = MarkerShape.OpenSquare;
            model.LinePattern = LinePattern.Dashed;
            model.LegendText = meanPredicted[k].Label;
        }
        ChartStyle.CategoryTicks(plot, categories);
        ChartStyle.FromZero(plot, [meanActual, .. meanPredicted.Select(p => p.Values)]);
        ChartStyle.LegendBelow(plot);
        return ChartStyle.Finish(plot, options, "Holdout purchases by calibration frequency",
            "Repeat purchases in calibration period", "Mean purchases in holdout period");
    }
}
