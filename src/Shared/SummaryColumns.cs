using System.Globalization;
using Clv.Probabilistic.Data;

namespace Clv.Probabilistic.Interop;

/// <summary>
/// Column names shared by the data-frame adapters (the names <see cref="RfmSummaryCsv"/> writes), and the assembly of
/// summaries from named columns. Compiled into each adapter (linked source), so the adapters agree without a shared package.
/// </summary>
internal static class SummaryColumns
{
    public const string CustomerId = "customer_id";
    public const string Frequency = "frequency";
    public const string Recency = "recency";
    public const string T = "T";
    public const string MonetaryValue = "monetary_value";
    public const string Weight = "weight";
    public const string FrequencyHoldout = "frequency_holdout";
    public const string MonetaryValueHoldout = "monetary_value_holdout";
    public const string DurationHoldout = "duration_holdout";

    /// <summary>The summary's columns in write order, weight always included.</summary>
    public static IEnumerable<(string Name, double[] Values)> Of(RfmSummary summary) =>
    [
        (Frequency, summary.Frequency.ToArray()),
        (Recency, summary.Recency.ToArray()),
        (T, summary.T.ToArray()),
        (MonetaryValue, summary.MonetaryValue.ToArray()),
        (Weight, summary.Weights.ToArray()),
    ];

    /// <summary>The holdout columns of a calibration/holdout summary.</summary>
    public static IEnumerable<(string Name, double[] Values)> HoldoutOf(CalibrationHoldoutSummary summary) =>
    [
        (FrequencyHoldout, summary.FrequencyHoldout.ToArray()),
        (MonetaryValueHoldout, summary.MonetaryValueHoldout.ToArray()),
        (DurationHoldout, summary.DurationHoldout.ToArray()),
    ];

    /// <summary>
    /// Builds a summary from named columns. <paramref name="column"/> returns a column's values, or null when the frame
    /// has no such column; monetary value and weight are optional (0 and 1).
    /// </summary>
    public static RfmSummary ToSummary(string[] ids, Func<string, double[]?> column, TimeUnit timeUnit, string source)
    {
        double[] Required(string name) => column(name)
            ?? throw new ClvDataException($"The frame has no column '{name}'.", source, column: name);
        var frequency = Required(Frequency);
        var recency = Required(Recency);
        var t = Required(T);
        var monetary = column(MonetaryValue) ?? new double[ids.Length];
        var weights = column(Weight);
        if (weights is null)
        {
            weights = new double[ids.Length];
            Array.Fill(weights, 1.0);
        }
        return new RfmSummary(ids, frequency, recency, t, monetary, timeUnit, weights);
    }

    /// <summary>Builds a calibration/holdout summary; the three holdout columns are required.</summary>
    public static CalibrationHoldoutSummary ToCalibrationHoldout(string[] ids, Func<string, double[]?> column, TimeUnit timeUnit, string source)
    {
        double[] Required(string name) => column(name)
            ?? throw new ClvDataException($"The frame has no column '{name}'.", source, column: name);
        var calibration = ToSummary(ids, column, timeUnit, source);
        return new CalibrationHoldoutSummary(calibration, Required(FrequencyHoldout), Required(MonetaryValueHoldout), Required(DurationHoldout));
    }

    /// <summary>Checks that every prediction column has one value per customer.</summary>
    public static void CheckPredictionColumns(IReadOnlyList<string> customerIds, IEnumerable<KeyValuePair<string, double[]>> columns)
    {
        ArgumentNullException.ThrowIfNull(customerIds);
        ArgumentNullException.ThrowIfNull(columns);
        foreach (var (name, values) in columns)
        {
            ArgumentNullException.ThrowIfNull(values, name);
            if (values.Length != customerIds.Count)
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                    $"Prediction column '{name}' has {values.Length} values for {customerIds.Count} customers."), nameof(columns));
        }
    }

    /// <summary>A frame cell as a date: <see cref="DateOnly"/>, <see cref="DateTime"/>, <see cref="DateTimeOffset"/> (date part) or ISO text.</summary>
    public static DateOnly ToDate(object cell, string source, string column, long row, string? customerId) => cell switch
    {
        DateOnly d => d,
        DateTime t => DateOnly.FromDateTime(t),
        DateTimeOffset o => DateOnly.FromDateTime(o.DateTime),
        string s when DateOnly.TryParseExact(s, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) => d,
        _ => throw new ClvDataException($"Cannot read '{Convert.ToString(cell, CultureInfo.InvariantCulture)}' ({cell.GetType().Name}) as a date.",
            source, column: column, row: row, customerId: customerId),
    };

    /// <summary>A frame cell as a number: any primitive numeric type, or invariant-culture text.</summary>
    public static double ToDouble(object cell, string source, string column, long row, string? customerId) => cell switch
    {
        double d => d,
        float f => f,
        int n => n,
        long n => n,
        short n => n,
        decimal m => (double)m,
        string s when double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) => d,
        _ => throw new ClvDataException($"Cannot read '{Convert.ToString(cell, CultureInfo.InvariantCulture)}' as a number.",
            source, column: column, row: row, customerId: customerId),
    };

    /// <summary>The exception for a missing (null / NA) cell.</summary>
    public static ClvDataException Missing(string source, string column, long row, string? customerId) =>
        new("The value is missing.", source, column: column, row: row, customerId: customerId);
}
