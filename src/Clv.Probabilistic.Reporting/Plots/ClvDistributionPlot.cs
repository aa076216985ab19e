using System.Globalization;
using ScottPlot;

namespace Clv.Probabilistic.Reporting.Plots;

/// <summary>Histogram of customer lifetime values, with the mean and median marked.</summary>
public static class ClvDistributionPlot
{
    /// <summary>Creates the histogram.</summary>
    /// <param name="values">One lifetime value per customer.</param>
    /// <param name="logScale">Bin and draw on a log10 axis (CLV is usually heavily skewed); values of zero or below
    /// cannot be drawn there and are counted in the axis label instead.</param>
    /// <param name="binCount">Number of equal-width bins (on the log scale when <paramref name="logScale"/>), 1 to 1000.</param>
    /// <param name="options">Title, labels and size.</param>
    /// <exception cref="ArgumentException"><paramref name="values"/> empty, or no value positive on a log scale.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A value is NaN or infinite, or <paramref name="binCount"/> out of range.</exception>
    public static Chart Create(double[] values, bool logScale = false, int binCount = 40, ChartOptions? options = null)
    {
        InputGuard.NotEmpty(values, nameof(values));
        InputGuard.Finite(values, nameof(values));
        if (binCount is < 1 or > 1000)
            throw new ArgumentOutOfRangeException(nameof(binCount), binCount, "binCount must be between 1 and 1000.");

        var histogram = Histogram.Compute(values, binCount, logScale);
        var bars = new Bar[binCount];
        for (int k = 0; k < binCount; k++)
        {
            double left = histogram.Edges[k], right = histogram.Edges[k + 1];
            bars[k] = new Bar
            {
                Position = (left + right) / 2, Size = right - left, Value = histogram.Counts[k],
                FillColor = ChartStyle.Model, LineColor = Colors.White, LineWidth = 0.5f,
            };
        }
        var plot = ChartStyle.NewPlot();
        plot.Add.Bars(bars);

        double mean = values.Average();
        double median = Median(values);
        AddMarker(plot, mean, logScale, LinePattern.Dashed, "Mean");
        AddMarker(plot, median, logScale, LinePattern.Dotted, "Median");
        if (logScale) plot.Axes.Bottom.TickGenerator = LogTicks(histogram.Edges[0], histogram.Edges[^1]);
        plot.Axes.Margins(bottom: 0);
        ChartStyle.LegendBelow(plot);

        string xLabel = logScale ? "Customer lifetime value (log scale)" : "Customer lifetime value";
        if (histogram.Excluded > 0)
            xLabel += string.Create(CultureInfo.InvariantCulture, $"; {histogram.Excluded} values ≤ 0 not shown");
        return ChartStyle.Finish(plot, options,
            string.Create(CultureInfo.InvariantCulture, $"Distribution of customer lifetime value (n = {values.Length:N0})"),
            xLabel, "Customers");
    }

    private static void AddMarker(Plot plot, double value, bool logScale, LinePattern pattern, string name)
    {
        if (logScale && value <= 0) return;
        var line = plot.Add.VerticalLine(logScale ? Math.Log10(value) : value, 2, ChartStyle.Marker);
        line.LinePattern = pattern;
        line.LegendText = string.Create(CultureInfo.InvariantCulture, $"{name} = {value:G4}");
    }

    private static double Median(double[] values)
    {
        var sorted = (double[])values.Clone();
        Array.Sort(sorted);
        int n = sorted.Length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    /// <summary>Major ticks at powers of ten labelled with the value, minor ticks at 2 to 9 times each power.</summary>
    private static ScottPlot.TickGenerators.NumericManual LogTicks(double lowLog10, double highLog10)
    {
        var ticks = new List<Tick>();
        int first = (int)Math.Floor(lowLog10), last = (int)Math.Ceiling(highLog10);
        for (int k = first; k <= last; k++)
        {
            ticks.Add(Tick.Major(k, PowerOfTenLabel(k)));
            for (int m = 2; m <= 9 && k < last; m++) ticks.Add(Tick.Minor(k + Math.Log10(m)));
        }
        return new ScottPlot.TickGenerators.NumericManual(ticks.ToArray());
    }

    internal static string PowerOfTenLabel(int exponent) =>
        exponent is >= -3 and <= 9
            ? Math.Pow(10, exponent).ToString("#,##0.###", CultureInfo.InvariantCulture)
            : string.Create(CultureInfo.InvariantCulture, $"1e{exponent}");
}
