using System.Globalization;
using System.Numerics;

namespace Clv.Probabilistic.Reporting.Html;

/// <summary>A value formatted for a table cell or key-value list, with the CSS class that aligns or flags it.</summary>
internal readonly record struct ReportCell(string Text, string? CssClass)
{
    public const string DefaultNumberFormat = "G6";

    public static ReportCell Format(object? value, string numberFormat) => value switch
    {
        null => new ReportCell("", null),
        double d => Floating(d, numberFormat),
        float f => Floating(f, numberFormat),
        decimal m => new ReportCell(m.ToString(numberFormat, CultureInfo.InvariantCulture), "num"),
        sbyte or byte or short or ushort or int or uint or long or ulong or BigInteger =>
            new ReportCell(((IFormattable)value).ToString("#,##0", CultureInfo.InvariantCulture), "num"),
        IFormattable formattable => new ReportCell(formattable.ToString(null, CultureInfo.InvariantCulture), null),
        _ => new ReportCell(value.ToString() ?? "", null),
    };

    /// <summary>Fails early, naming the argument, on a format string .NET cannot apply to a double.</summary>
    public static void CheckFormat(string numberFormat)
    {
        ArgumentNullException.ThrowIfNull(numberFormat);
        try
        {
            _ = 1.5.ToString(numberFormat, CultureInfo.InvariantCulture);
        }
        catch (FormatException e)
        {
            throw new ArgumentException($"'{numberFormat}' is not a valid number format: {e.Message}", nameof(numberFormat), e);
        }
    }

    private static ReportCell Floating(double value, string numberFormat) =>
        double.IsNaN(value) ? new ReportCell("NaN", "num nonfinite")
        : double.IsPositiveInfinity(value) ? new ReportCell("∞", "num nonfinite")
        : double.IsNegativeInfinity(value) ? new ReportCell("−∞", "num nonfinite")
        : new ReportCell(value.ToString(numberFormat, CultureInfo.InvariantCulture), "num");
}
