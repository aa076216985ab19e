using Clv.Probabilistic.Evaluation;
using Clv.Probabilistic.Reporting.Plots;

namespace Clv.Probabilistic.Tests.Reporting;

/// <summary>The overloads taking evaluation results draw exactly what the plain-array calls draw.</summary>
public sealed class EvaluationInputTests
{
    [Theory]
    [InlineData(TrackingView.Cumulative)]
    [InlineData(TrackingView.Incremental)]
    public void Tracking_curve_plots_like_its_arrays(TrackingView view)
    {
        double[] times = [1, 2, 3, 4, 5, 6];
        double[] actual = [10, 12, 9, 14, 11, 13];
        double[] predicted = [10.5, 11, 11.5, 12, 12, 12.5];
        var curve = TrackingCurve.FromIncremental(times, actual, predicted);

        Assert.Equal(
            TrackingPlot.Create(times, actual, predicted, view, calibrationEnd: 3).ToSvg(),
            TrackingPlot.Create(curve, view, calibrationEnd: 3).ToSvg());
    }

    [Fact]
    public void Conditional_expectation_table_plots_its_non_empty_groups()
    {
        // Customers with x = 0, 0, 1, 3, 5: group 2 is empty and must be left out; k = 4 puts x = 5 in "4+".
        double[] frequency = [0, 0, 1, 3, 5];
        double[] predicted = [0.2, 0.4, 0.9, 2.1, 3.5];
        double[] actual = [0, 1, 1, 2, 4];
        var table = ConditionalExpectationTable.Compute(frequency, predicted, actual, k: 4);

        Assert.Equal(
            CalibrationPlot.Create(["0", "1", "3", "4+"], [0.5, 1, 2, 4], [(0.2 + 0.4) / 2, 0.9, 2.1, 3.5]).ToSvg(),
            CalibrationPlot.Create(table).ToSvg());
    }

    [Fact]
    public void Period_transactions_histogram_plots_its_bins()
    {
        // Two customers, k = 2: P(X = 0), P(X = 1) per customer; the "2+" bin gets the remainder.
        double[] frequency = [0, 3];
        double[] probabilities = [0.5, 0.3, 0.1, 0.2];
        var histogram = PeriodTransactionsHistogram.Compute(frequency, probabilities, k: 2);

        Assert.Equal(
            PeriodTransactionsPlot.Create(["0", "1", "2+"], histogram.Observed.ToArray(), histogram.Expected.ToArray()).ToSvg(),
            PeriodTransactionsPlot.Create(histogram).ToSvg());
        Assert.Equal([1.0, 0.0, 1.0], histogram.Observed.ToArray());
    }
}
