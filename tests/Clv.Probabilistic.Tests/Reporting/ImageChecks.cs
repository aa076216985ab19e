using SkiaSharp;

namespace Clv.Probabilistic.Tests.Reporting;

/// <summary>Decodes images with SkiaSharp and measures how much they vary, to tell a drawing from a blank canvas.</summary>
internal static class ImageChecks
{
    /// <summary>Width, height, and the variance of pixel luminance (0 to 255 scale) of an encoded image.</summary>
    public static (int Width, int Height, double Variance) Measure(byte[] encoded)
    {
        using var bitmap = SKBitmap.Decode(encoded) ?? throw new InvalidDataException("The bytes are not a decodable image.");
        double sum = 0, squares = 0;
        long count = 0;
        foreach (var pixel in bitmap.Pixels)
        {
            double luminance = 0.2126 * pixel.Red + 0.7152 * pixel.Green + 0.0722 * pixel.Blue;
            sum += luminance;
            squares += luminance * luminance;
            count++;
        }
        double mean = sum / count;
        return (bitmap.Width, bitmap.Height, squares / count - mean * mean);
    }

    public static void AssertNotBlank(byte[] encoded, string what)
    {
        var (_, _, variance) = Measure(encoded);
        // A blank canvas has variance 0; a plot with axes, text and data on white measures in the hundreds.
        Assert.True(variance > 50, $"{what} looks blank: luminance variance {variance:F2}.");
    }
}
