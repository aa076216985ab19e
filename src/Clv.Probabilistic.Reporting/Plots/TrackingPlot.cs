using Clv.Probabilistic.Evaluation;
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
        CheckView(view, calibrationEnd);
        bool cumulative = view == TrackingView.Cumulative;
        return Draw((double[])times.Clone(),
            cumulative ? RunningSum(actual) : (double[])actual.Clone(),
            [("Model", cumulative ? RunningSum(predicted) : (double[])predicted.Clone())],
            cumulative, calibrationEnd, options);
    }

    /// <summary>Creates the tracking plot of an evaluated <see cref="TrackingCurve"/>.</summary>
    /// <param name="curve">Actual and expected repeat transactions over time.</param>
    /// <param name="view">Per-period values or running totals, both taken from the curve as it computed them.</param>
    /// <param name="calibrationEnd">Time at which the calibration period ends, drawn as a dashed line; null draws none.</param>
    /// <param name="options">Title, labels and size.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="calibrationEnd"/> not finite.</exception>
    public static Chart Create(TrackingCurve curve, TrackingView view, double? calibrationEnd = null, ChartOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(curve);
        CheckView(view, calibrationEnd);
        bool cumulative = view == TrackingView.Cumulative;
        return Draw(curve.Times.ToArray(),
            (cumulative ? curve.ActualCumulative : curve.ActualIncremental).ToArray(),
            [("Model", (cumulative ? curve.PredictedCumulative : curve.PredictedIncremental).ToArray())],
            cumulative, calibrationEnd, options);
    }

    /// <summary>
    /// The tracking plots of several models of the same cohort in one chart: the actual series once, each model's
    /// expectation as its own dashed line (the comparison of <c>clv compare --report</c>).
    /// </summary>
    /// <param name="curves">Each model's label and curve; all must share the times and the actual series.</param>
    /// <param name="view">Per-period values or running totals.</param>
    /// <param name="calibrationEnd">Time at which the calibration period ends, drawn as a dotted line; null draws none.</param>
    /// <param name="options">Title, labels and size.</param>
    /// <exception cref="ArgumentException">No curves, or curves with different times or actual series.</exception>
    public static Chart Compare(IReadOnlyList<(string Label, TrackingCurve Curve)> curves, TrackingView view, double? calibrationEnd = null, ChartOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(curves);
        if (curves.Count == 0) throw new ArgumentException("At least one curve is needed.", nameof(curves));
        CheckView(view, calibrationEnd);
        var first = curves[0].Curve;
        foreach (var (label, curve) in curves)
        {
            ArgumentNullException.ThrowIfNull(curve, nameof(curves));
            if (!curve.Times.SequenceEqual(first.Times) || !curve.ActualCumulative.SequenceEqual(first.ActualCumulative))
                throw new ArgumentException($"The curve of '{label}' has other times or another actual series than the first curve's.", nameof(curves));
        }
        bool cumulative = view == TrackingView.Cumulative;
        return Draw(first.Times.ToArray(), (cumulative ? first.ActualCumulative : first.ActualIncremental).ToArray(),
            [.. curves.Select(c => (c.Label, (cumulative ? c.Curve.PredictedCumulative : c.Curve.PredictedIncremental).ToArray()))],
            cumulative, calibrationEnd, options);
    }

    private static void CheckView(TrackingView view, double? calibrationEnd)
    {
        if (calibrationEnd is { } end && !double.IsFinite(end))
            throw new ArgumentOutOfRangeException(nameof(calibrationEnd), end, "calibrationEnd must be finite.");
        if (!Enum.IsDefined(view)) throw new ArgumentOutOfRangeException(nameof(view), view, "Unknown tracking view.");
    }

    /// <summary>
    /// Draws the actual and each model's series as given (already cumulated or not); takes ownership of the arrays. One
    /// model is drawn in the model colour, several in the series palette.
    /// </summary>
    private static Chart Draw(double[] times, double[] actual, IReadOnlyList<(string Label, double[] Values)> predicted, bool cumulative,
        double? calibrationEnd, ChartOptions? options)
    {
        var plot = ChartStyle.NewPlot();
        var actualLine = plot.Add.ScatterLine(times, actual, ChartStyle.Observed);
        actualLine.LineWidth = 2;
        actualLine.LegendText = "Actual";
        for (int k = 0; k < predicted.Count; k++)
        {
            var modelLine = plot.Add.ScatterLine(times, predicted[k].Values, predicted.Count == 1 ? ChartStyle.Model : ChartStyle.Series(k));
            modelLine.LineWidth = 2;
            modelLine.LinePattern = LinePattern.Dashed;
            modelLine.LegendText = predicted[k].Label;
        }
        if (calibrationEnd is { } cut)
        {
            var line = plot.Add.VerticalLine(cut, 1, ChartStyle.Marker);
            line.LinePattern = LinePattern.Dotted;
            line.LegendText = "End of calibration";
        }
        ChartStyle.FromZero(plot, [actual, .. predicted.Select(p => p.Values)]);
        ChartStyle.LegendBelow(plot);
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
