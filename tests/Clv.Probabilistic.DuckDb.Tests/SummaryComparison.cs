using Clv.Probabilistic.Data;

namespace Clv.Probabilistic.DuckDb.Tests;

/// <summary>Asserts two summaries hold the same customers with equal frequency and recency/T/monetary within 1e-12.</summary>
internal static class SummaryComparison
{
    public const double Tolerance = 1e-12;

    public static void AssertEqual(RfmSummary expected, RfmSummary actual)
    {
        Assert.Equal(expected.TimeUnit, actual.TimeUnit);
        Assert.Equal(expected.Count, actual.Count);
        var row = RowsById(actual);
        for (int i = 0; i < expected.Count; i++)
        {
            string id = expected.CustomerIds[i];
            Assert.True(row.TryGetValue(id, out int j), $"customer {id} missing");
            Assert.Equal(expected.Frequency[i], actual.Frequency[j]);
            Near(expected.Recency[i], actual.Recency[j], id, "recency");
            Near(expected.T[i], actual.T[j], id, "T");
            Near(expected.MonetaryValue[i], actual.MonetaryValue[j], id, "monetary value");
            Assert.Equal(expected.Weights[i], actual.Weights[j]);
        }
    }

    public static void AssertEqual(CalibrationHoldoutSummary expected, CalibrationHoldoutSummary actual)
    {
        AssertEqual(expected.Calibration, actual.Calibration);
        var row = RowsById(actual.Calibration);
        for (int i = 0; i < expected.Count; i++)
        {
            string id = expected.Calibration.CustomerIds[i];
            int j = row[id];
            Assert.Equal(expected.FrequencyHoldout[i], actual.FrequencyHoldout[j]);
            Near(expected.MonetaryValueHoldout[i], actual.MonetaryValueHoldout[j], id, "holdout monetary value");
            Assert.Equal(expected.DurationHoldout[i], actual.DurationHoldout[j]);
        }
    }

    private static Dictionary<string, int> RowsById(RfmSummary summary)
    {
        var row = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int j = 0; j < summary.Count; j++) row.Add(summary.CustomerIds[j], j);
        return row;
    }

    private static void Near(double expected, double actual, string id, string what) =>
        Assert.True(Math.Abs(expected - actual) <= Tolerance,
            $"customer {id}, {what}: expected {expected:R}, got {actual:R} (difference {Math.Abs(expected - actual):E2})");
}
