using Clv.Probabilistic.Persistence;
using ScottPlot;

namespace Clv.Probabilistic.Reporting;

/// <summary>
/// A finished plot at a fixed size, ready to be written as PNG or SVG or embedded in an HTML page.
/// Rendering is headless (SkiaSharp) and deterministic: the same input gives the same bytes on the same machine.
/// </summary>
public sealed class Chart
{
    internal Chart(Plot plot, int width, int height)
    {
        Plot = plot;
        Width = width;
        Height = height;
    }

    /// <summary>The underlying ScottPlot plot, for callers who want to restyle it before rendering.</summary>
    public Plot Plot { get; }

    /// <summary>Width in pixels of every rendering.</summary>
    public int Width { get; }

    /// <summary>Height in pixels of every rendering.</summary>
    public int Height { get; }

    /// <summary>Renders the chart as PNG bytes.</summary>
    public byte[] ToPng() => Plot.GetImageBytes(Width, Height, ImageFormat.Png);

    /// <summary>Renders the chart as a standalone SVG document (with its XML declaration); ids are numbered from 1.</summary>
    public string ToSvg() => SvgMarkup.CrispImages(SvgMarkup.RenumberIds(Plot.GetSvgXml(Width, Height), "clip"));

    /// <summary>The PNG rendering as a <c>data:image/png;base64,…</c> URI for an <c>img</c> element.</summary>
    public string ToPngDataUri() => "data:image/png;base64," + Convert.ToBase64String(ToPng());

    /// <summary>The SVG rendering as a <c>data:image/svg+xml;base64,…</c> URI for an <c>img</c> element.</summary>
    public string ToSvgDataUri() => "data:image/svg+xml;base64," + Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(ToSvg()));

    /// <summary>Writes the PNG rendering to <paramref name="path"/>, replacing any file there.</summary>
    public void SavePng(string path) => AtomicFile.WriteAllBytes(path, ToPng());

    /// <summary>Writes the SVG rendering to <paramref name="path"/> as UTF-8, replacing any file there.</summary>
    public void SaveSvg(string path) => AtomicFile.WriteAllText(path, ToSvg());
}
