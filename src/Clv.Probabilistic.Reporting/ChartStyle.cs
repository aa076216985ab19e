using ScottPlot;
using SkiaSharp;

namespace Clv.Probabilistic.Reporting;

/// <summary>The look shared by every chart: font, colours, title and axis labels, fixed size.</summary>
internal static class ChartStyle
{
    /// <summary>Observed data: near-black.</summary>
    public static readonly Color Observed = Color.FromHex("#333333");

    /// <summary>Model predictions: blue.</summary>
    public static readonly Color Model = Color.FromHex("#1F77B4");

    /// <summary>Reference lines (means, cut-offs): red.</summary>
    public static readonly Color Marker = Color.FromHex("#D62728");

    private static readonly string[] PreferredFonts = ["DejaVu Sans", "Liberation Sans", "Arial", "Helvetica"];

    private static readonly Lazy<string?> SansFont = new(() =>
    {
        var installed = SKFontManager.Default.FontFamilies.ToHashSet(StringComparer.OrdinalIgnoreCase);
        return PreferredFonts.FirstOrDefault(installed.Contains);
    });

    /// <summary>Colour of series <paramref name="index"/> (chains), from a fixed ten-colour palette.</summary>
    public static Color Series(int index) => new ScottPlot.Palettes.Category10().GetColor(index);

    /// <summary>Applies titles, labels and font, and fixes the size.</summary>
    public static Chart Finish(Plot plot, ChartOptions? options, string title, string xLabel, string yLabel)
    {
        options ??= ChartOptions.Default;
        plot.Title(options.Title ?? title);
        plot.XLabel(options.XLabel ?? xLabel);
        plot.YLabel(options.YLabel ?? yLabel);
        if (SansFont.Value is { } font) plot.Font.Set(font);
        return new Chart(plot, options.Width, options.Height);
    }

    /// <summary>Starts the vertical axis at zero, with headroom above the largest of <paramref name="series"/>.</summary>
    public static void FromZero(Plot plot, params double[][] series)
    {
        double top = series.Max(values => values.Length == 0 ? 0 : values.Max());
        plot.Axes.SetLimitsY(0, top > 0 ? top * 1.08 : 1);
    }

    /// <summary>Replaces the bottom axis ticks by one labelled tick per category at positions 0, 1, 2, ….</summary>
    public static void CategoryTicks(Plot plot, string[] categories)
    {
        var ticks = new Tick[categories.Length];
        for (int i = 0; i < categories.Length; i++) ticks[i] = Tick.Major(i, categories[i]);
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(ticks);
    }
}
