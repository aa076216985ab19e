namespace Clv.Probabilistic.Reporting.Html;

/// <summary>How a chart is embedded in a report.</summary>
public enum PlotFormat
{
    /// <summary>Inline SVG: sharp at any zoom and in print, text selectable.</summary>
    Svg,

    /// <summary>A base64 PNG image: smaller for plots with very many points.</summary>
    Png,
}
