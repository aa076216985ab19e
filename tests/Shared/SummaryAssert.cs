using Clv.Probabilistic.Data;
using FsCheck;
using FsCheck.Fluent;

namespace Clv.Probabilistic.Interop.Tests;

/// <summary>Exact summary equality and random summaries, shared by the frame adapters' tests (linked source).</summary>
internal static class SummaryAssert
{
    public static void Same(RfmSummary expected, RfmSummary actual)
    {
        Assert.Equal(expected.TimeUnit, actual.TimeUnit);
        Assert.Equal(expected.CustomerIds, actual.CustomerIds);
        Assert.Equal(expected.Frequency.ToArray(), actual.Frequency.ToArray());
        Assert.Equal(expected.Recency.ToArray(), actual.Recency.ToArray());
        Assert.Equal(expected.T.ToArray(), actual.T.ToArray());
        Assert.Equal(expected.MonetaryValue.ToArray(), actual.MonetaryValue.ToArray());
        Assert.Equal(expected.Weights.ToArray(), actual.Weights.ToArray());
    }

    public static void Same(CalibrationHoldoutSummary expected, CalibrationHoldoutSummary actual)
    {
        Same(expected.Calibration, actual.Calibration);
        Assert.Equal(expected.FrequencyHoldout.ToArray(), actual.FrequencyHoldout.ToArray());
        Assert.Equal(expected.MonetaryValueHoldout.ToArray(), actual.MonetaryValueHoldout.ToArray());
        Assert.Equal(expected.DurationHoldout.ToArray(), actual.DurationHoldout.ToArray());
    }

    /// <summary>Random valid weighted summaries in days (whole-day recency and T, cents for amounts).</summary>
    public static Arbitrary<RfmSummary> Summaries() =>
        (from x in Gen.Choose(0, 30)
         from t in Gen.Choose(0, 1000)
         from txFraction in Gen.Choose(0, 1000)
         from m in Gen.Choose(0, 100000)
         from w in Gen.Choose(1, 5)
         select ((double)x, x == 0 ? 0.0 : Math.Floor(t * (txFraction / 1000.0)), (double)t, x == 0 ? 0.0 : m / 100.0, (double)w))
        .ArrayOf().Where(a => a.Length > 0)
        .Select(rows => new RfmSummary(rows.Select((_, i) => "id-" + i).ToArray(), rows.Select(r => r.Item1).ToArray(),
            rows.Select(r => r.Item2).ToArray(), rows.Select(r => r.Item3).ToArray(), rows.Select(r => r.Item4).ToArray(),
            TimeUnit.Days, rows.Select(r => r.Item5).ToArray()))
        .ToArbitrary();
}
