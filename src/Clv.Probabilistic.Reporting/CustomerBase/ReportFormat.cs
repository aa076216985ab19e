using System.Globalization;

namespace Clv.Probabilistic.Reporting.CustomerBase;

/// <summary>The one number format of the customer-base page: thousands separated, two decimals.</summary>
internal static class ReportFormat
{
    public const string Number = "#,##0.00";

    public static string Value(double value) => value.ToString(Number, CultureInfo.InvariantCulture);
}
