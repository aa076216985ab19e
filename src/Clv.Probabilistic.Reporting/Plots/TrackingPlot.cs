using ScottPlot;

namespace Clv.Probabilistic.Reporting.Plots;

/// <summary>Whether a tracking plot shows each period's transactions or their running total.</summary>
public enum TrackingView
{
    /// <summary>Transactions in each period, as given.</summary>
    Incremental,

    /// <summary>Running total of transactions up to each period.</summary>
    Cumulative,
}

/// <summary>
/// Actual against predicted repeat transactions over calendar time (the tracking plot).
/// </summary>
/// <remarks>
/// Fader, Hardie and Lee (2005), "Counting your customers the easy way", Figures 4 and 5 (weekly and cumulative
/// repeat transactions, actual against model, with the end of the calibration period marked).
/// </remarks>
public static class TrackingPlot
{
    /// <summary>Creates the tracking plot.</summary>
    /// <param name="times">Increasing end time of each period (for example the week number).</param>
    /// <param name="actual">Observed transactions in each period (not cumulated).</param>
    /// <param name="predicted">Model-expected transactions in each period (not cumulated).</param>
    /// <param name="view">Per-period values or running totals.</param>
    /// <param name="calibrationEnd">Time at which the calibration period ends, drawn as a dashed line; null draws none.</param>
    /// <param name="options">Title, labels and size.</param>
    /// <exception cref="ArgumentException">Arrays empty or of different lengths, or <paramref name="times"/> not increasing.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A value is NaN, infinite or negative.</exception>
    public static Chart Create(
        double[] times,
        double[] actual,
        double[] predicted,
        TrackingView view,
        double? calibrationEnd = null,
        ChartOptions? options = null)
    {
        InputGuard.NotEmpty(times, nameof(times));
        InputGuard.StrictlyIncreasing(times, nameof(times));
        InputGuard.Counts(actual, nameof(actual), times, nameof(times));
        InputGuard.Counts(predicted, nameof(predicted), times, nameof(times));
        if (calibrationEnd is { } end && !double.IsFinite(end))
            throw new ArgumentOutOfRangeException(nameof(calibrationEnd), end, "calibrationEnd must be finite.");
        if (!Enum.IsDefined(view)) throw new ArgumentOutOfRangeException(nameof(view), view, "Unknown tracking view.");

        bool cumulative = view == TrackingView.Cumulative;
        double[] shownActual = cumulative ? RunningSum(actual) : (double[])actual.Clone();
        double[] shownPredicted = cumulative ? RunningSum(predicted) : (double[])predicted.Clone();

        var plot = ChartStyle.NewPlot();
        var actualLine = plot.Add.ScatterLine((double[])times.Clone(), shownActual, ChartStyle.Observed);
        actualLine.LineWidth = 2;
        actualLine.LegendText = "Actual";
        var modelLine = plot.Add.ScatterLine((double[])times.Clone(), shownPredicted, ChartStyle.Model);
        modelLine.LineWidth = 2;
        modelLine.LinePattern = LinePattern.Dashed;
        modelLine.LegendText = "Model";
        if (calibrationEnd is { } cut)
        {
            var line = plot.Add.VerticalLine(cut, 1, ChartStyle.Marker);
            line.LinePattern = LinePattern.Dotted;
            line.LegendText = "End of calibration";
        }
        ChartStyle.FromZero(plot, shownActual, shownPredicted);
        plot.ShowLegend(Alignment.UpperLeft);
        return ChartStyle.Finish(plot, options,
            cumulative ? "Cumulative repeat transactions" : "Repeat transactions per period",
            "Time", cumulative ? "Cumulative repeat transactions" : "Repeat transactions");
    }

    /// <summary>Running total: element k is the sum of elements 0 to k.</summary>
    internal static double[] RunningSum(ReadOnlySpan<double> values)
    {
        var sums = new double[values.Length];
        double total = 0;
        for (int i = 0; i < values.Length; i++) sums[i] = total += values[i];
        return sums;
    }
}
