using ScottPlot;

namespace Clv.Probabilistic.Reporting.Plots;

/// <summary>
/// Observed cohort curves (points, over each cohort's observed periods) against one model curve (line, over the whole
/// projection), with the end of the longest observation marked: the survival and retention displays of Fader &amp; Hardie
/// (2007), "How to project customer retention", figures 1–3.
/// </summary>
public static class SurvivalPlot
{
    /// <summary>Creates the plot.</summary>
    /// <param name="cohorts">Each cohort's name and observed values at periods <c>firstPeriod</c>, <c>firstPeriod + 1</c>, ….</param>
    /// <param name="model">The model's values at periods <paramref name="firstPeriod"/>, <paramref name="firstPeriod"/> + 1, … (fitted, then projected).</param>
    /// <param name="firstPeriod">Period of the first value (0 for survival, 1 for retention rates).</param>
    /// <param name="valueLabel">What the values are, for example "Survival S(t)".</param>
    /// <param name="observationEnd">Last observed period, drawn dotted; null for none.</param>
    /// <param name="options">Title, labels and size.</param>
    /// <exception cref="ArgumentException">No cohorts, an empty series, or a cohort longer than the model curve.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A value is NaN, infinite or negative, or <paramref name="observationEnd"/> is not finite.</exception>
    public static Chart Create(IReadOnlyList<(string Name, double[] Observed)> cohorts, double[] model, int firstPeriod,
        string valueLabel, double? observationEnd = null, ChartOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(cohorts);
        ArgumentException.ThrowIfNullOrWhiteSpace(valueLabel);
        InputGuard.NotEmpty(model, nameof(model));
        var modelTimes = Times(firstPeriod, model.Length);
        InputGuard.Counts(model, nameof(model), modelTimes, nameof(model));
        if (cohorts.Count == 0) throw new ArgumentException("At least one cohort is needed.", nameof(cohorts));
        if (observationEnd is { } given && !double.IsFinite(given))
            throw new ArgumentOutOfRangeException(nameof(observationEnd), given, "observationEnd must be finite.");
        var plot = ChartStyle.NewPlot();
        for (int c = 0; c < cohorts.Count; c++)
        {
            var observed = cohorts[c].Observed;
            InputGuard.NotEmpty(observed, nameof(cohorts));
            if (observed.Length > model.Length)
                throw new ArgumentException($"Cohort '{cohorts[c].Name}' has {observed.Length} values but the model curve only {model.Length}.", nameof(cohorts));
            var times = Times(firstPeriod, observed.Length);
            InputGuard.Counts(observed, nameof(cohorts), times, nameof(cohorts));
            var points = plot.Add.Scatter(times, (double[])observed.Clone(), cohorts.Count == 1 ? ChartStyle.Observed : ChartStyle.Series(c + 1));
            points.LineWidth = 0;
            points.MarkerSize = 8;
            points.LegendText = $"Actual: {cohorts[c].Name}";
        }
        var line = plot.Add.ScatterLine(modelTimes, (double[])model.Clone(), ChartStyle.Model);
        line.LineWidth = 2;
        line.LegendText = "Model (fitted, then projected)";
        if (observationEnd is { } end)
        {
            var cut = plot.Add.VerticalLine(end, 1, ChartStyle.Marker);
            cut.LinePattern = LinePattern.Dotted;
            cut.LegendText = "End of observation";
        }
        ChartStyle.FromZero(plot, [model, .. cohorts.Select(c => c.Observed)]);
        ChartStyle.LegendBelow(plot);
        return ChartStyle.Finish(plot, options, valueLabel, "Period", valueLabel);
    }

    private static double[] Times(int first, int count)
    {
        var times = new double[count];
        for (int i = 0; i < count; i++) times[i] = first + i;
        return times;
    }
}
