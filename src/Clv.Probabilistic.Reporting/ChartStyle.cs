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
        string? font = PreferredFonts.FirstOrDefault(installed.Contains);
        WarmUp(font);
        return font;
    });

    /// <summary>Colour of series <paramref name="index"/> (chains), from a fixed ten-colour palette.</summary>
    public static Color Series(int index) => new ScottPlot.Palettes.Category10().GetColor(index);

    /// <summary>A new plot, created after the one-time font warm-up (see <see cref="WarmUp"/>).</summary>
    public static Plot NewPlot()
    {
        _ = SansFont.Value;
        return new Plot();
    }

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

    /// <summary>
    /// Renders a throwaway plot in the chosen font. A plot created before the first text layout in a typeface
    /// measures labels a few thousandths of a pixel differently from every later one, which would make the first chart
    /// of a process differ from the same chart drawn again; so every chart's plot is created after this.
    /// </summary>
    private static void WarmUp(string? font)
    {
        var plot = new Plot();
        var line = plot.Add.ScatterLine(new double[] { 0, 1 }, new double[] { 0, 1000.5 });
        line.LegendText = "warm-up";
        plot.ShowLegend();
        plot.Title("Title");
        plot.XLabel("x");
        plot.YLabel("y");
        if (font is not null) plot.Font.Set(font);
        _ = plot.GetSvgXml(320, 240);
        _ = plot.GetImageBytes(320, 240, ImageFormat.Png);
    }

    /// <summary>Shows the legend in a row under the plot, where it can never hide data.</summary>
    public static void LegendBelow(Plot plot) => plot.ShowLegend(Edge.Bottom);

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
