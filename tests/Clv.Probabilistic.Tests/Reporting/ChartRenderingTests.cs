using System.Text;
using Clv.Probabilistic.Reporting;
using Clv.Probabilistic.Reporting.Plots;
using SkiaSharp;

namespace Clv.Probabilistic.Tests.Reporting;

public sealed class ChartRenderingTests : IDisposable
{
    // Set CLV_CHART_DIR to keep the rendered charts there for a look.
    private static readonly string? KeepDirectory = Environment.GetEnvironmentVariable("CLV_CHART_DIR");
    private readonly string _directory = KeepDirectory is { Length: > 0 } keep
        ? Directory.CreateDirectory(keep).FullName
        : Directory.CreateTempSubdirectory("clv-charts-").FullName;

    public static TheoryData<string> Charts() => new(ReportingSamples.ChartNames);

    [Theory]
    [MemberData(nameof(Charts))]
    public void Chart_saves_png_and_svg_files_of_plausible_size_and_the_png_is_not_blank(string name)
    {
        var chart = ReportingSamples.Create(name);
        string png = Path.Combine(_directory, name + ".png"), svg = Path.Combine(_directory, name + ".svg");
        chart.SavePng(png);
        chart.SaveSvg(svg);

        long pngBytes = new FileInfo(png).Length, svgBytes = new FileInfo(svg).Length;
        Assert.InRange(pngBytes, 8_000, 2_000_000);
        Assert.InRange(svgBytes, 4_000, 5_000_000);
        var (width, height, _) = ImageChecks.Measure(File.ReadAllBytes(png));
        Assert.Equal((800, 500), (width, height));
        ImageChecks.AssertNotBlank(File.ReadAllBytes(png), name);
        string svgText = File.ReadAllText(svg);
        Assert.StartsWith("<?xml", svgText);
        Assert.Contains("<svg", svgText);
        Assert.Contains("</svg>", svgText);
    }

    [Theory]
    [MemberData(nameof(Charts))]
    public void Chart_renders_identically_twice(string name)
    {
        var first = ReportingSamples.Create(name);
        var second = ReportingSamples.Create(name);
        Assert.Equal(first.ToSvg(), second.ToSvg());
        Assert.Equal(first.ToPng(), second.ToPng());
    }

    [Fact]
    public void Chart_text_appears_in_the_svg()
    {
        var chart = TracePlot.Create("alpha", ReportingSamples.Chains(), new ChartOptions { Title = "Trace <of> alpha & co" });
        string svg = chart.ToSvg();
        Assert.Contains("Trace &lt;of&gt; alpha &amp; co", svg);
        Assert.Contains("Chain 4", svg);
        Assert.Contains("Draw (within chain)", svg);
    }

    [Fact]
    public void Options_fix_the_size_of_every_rendering()
    {
        var chart = CalibrationPlot.Create(["0", "1"], [0.2, 0.8], [0.25, 0.7], new ChartOptions { Width = 640, Height = 360 });
        var (width, height, _) = ImageChecks.Measure(chart.ToPng());
        Assert.Equal((640, 360), (width, height));
        Assert.Contains("width=\"640\" height=\"360\"", chart.ToSvg());
        Assert.Throws<ArgumentOutOfRangeException>("Width", () => new ChartOptions { Width = 20 });
    }

    [Fact]
    public void Data_uris_decode_back_to_the_renderings()
    {
        var chart = ReportingSamples.Create("calibration");
        const string pngPrefix = "data:image/png;base64,", svgPrefix = "data:image/svg+xml;base64,";
        string pngUri = chart.ToPngDataUri(), svgUri = chart.ToSvgDataUri();
        Assert.StartsWith(pngPrefix, pngUri);
        Assert.StartsWith(svgPrefix, svgUri);
        Assert.Equal(chart.ToPng(), Convert.FromBase64String(pngUri[pngPrefix.Length..]));
        Assert.Equal(chart.ToSvg(), Encoding.UTF8.GetString(Convert.FromBase64String(svgUri[svgPrefix.Length..])));
    }

    [Fact]
    public void Blank_check_rejects_a_blank_image()
    {
        using var bitmap = new SKBitmap(200, 100);
        bitmap.Erase(SKColors.White);
        using var data = bitmap.Encode(SKEncodedImageFormat.Png, 100);
        Assert.Equal(0, ImageChecks.Measure(data.ToArray()).Variance, 9);
        Assert.ThrowsAny<Xunit.Sdk.XunitException>(() => ImageChecks.AssertNotBlank(data.ToArray(), "white"));
    }

    public void Dispose()
    {
        if (KeepDirectory is not { Length: > 0 }) Directory.Delete(_directory, recursive: true);
    }
}
