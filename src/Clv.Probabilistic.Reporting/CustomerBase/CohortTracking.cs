using Clv.Probabilistic.Data;
using Clv.Probabilistic.Evaluation;
using Clv.Probabilistic.Models;

namespace Clv.Probabilistic.Reporting.CustomerBase;

/// <summary>
/// The cohort's repeat transactions over calendar time, read from the transaction log, and a purchase model's tracking
/// curve built from them: weekly (or per time unit) and cumulative, model against actual, over calibration and holdout.
/// </summary>
/// <remarks>
/// The cohort is the customers whose first purchase is on or before the calibration end. The time axis starts at the
/// cohort's earliest first purchase; customer i's first purchase is at s_i on it and each of its later distinct purchase
/// days (counted as the summaries count them: one repeat transaction per day) is a repeat transaction. The model's
/// expected cumulative count at τ is Σ_i E[X(τ − s_i)] (Fader, Hardie &amp; Lee (2005), figures 2–3, with eq. 7 for
/// BG/NBD's E[X(t)]), via <see cref="IPurchaseModel.ExpectedCumulativeRepeatPurchases"/>.
/// </remarks>
public sealed class CohortTracking
{
    private readonly double[] _firstPurchase;
    private readonly double[] _repeatPurchaseTimes;

    private CohortTracking(double[] firstPurchase, double[] repeatPurchaseTimes, double calibrationEnd, double observationEnd,
        DateOnly origin, TimeUnit timeUnit)
    {
        _firstPurchase = firstPurchase;
        _repeatPurchaseTimes = repeatPurchaseTimes;
        CalibrationEnd = calibrationEnd;
        ObservationEnd = observationEnd;
        Origin = origin;
        TimeUnit = timeUnit;
    }

    /// <summary>Day 0 of the time axis: the cohort's earliest first purchase.</summary>
    public DateOnly Origin { get; }

    /// <summary>Unit of the time axis.</summary>
    public TimeUnit TimeUnit { get; }

    /// <summary>End of the calibration period on the time axis.</summary>
    public double CalibrationEnd { get; }

    /// <summary>End of the observation (holdout) period on the time axis.</summary>
    public double ObservationEnd { get; }

    /// <summary>s_i, each cohort customer's first purchase on the time axis.</summary>
    public ReadOnlySpan<double> FirstPurchase => _firstPurchase;

    /// <summary>Every repeat transaction (distinct purchase day after the first) of the cohort up to the observation end.</summary>
    public ReadOnlySpan<double> RepeatPurchaseTimes => _repeatPurchaseTimes;

    /// <summary>Reads the cohort from a transaction log.</summary>
    /// <param name="log">The transactions.</param>
    /// <param name="calibrationEnd">Last day of calibration (inclusive); customers first seen later are not in the cohort.</param>
    /// <param name="observationEnd">Last day of observation (inclusive); later transactions are ignored.</param>
    /// <param name="timeUnit">Unit of the time axis (the model's).</param>
    /// <exception cref="ArgumentException">The dates are out of order or no customer bought by the calibration end.</exception>
    public static CohortTracking FromLog(TransactionLog log, DateOnly calibrationEnd, DateOnly observationEnd, TimeUnit timeUnit)
    {
        ArgumentNullException.ThrowIfNull(log);
        if (calibrationEnd >= observationEnd)
            throw new ArgumentException($"The calibration end {calibrationEnd:yyyy-MM-dd} must be before the observation end {observationEnd:yyyy-MM-dd}.", nameof(calibrationEnd));
        int customers = log.CustomerCount, end = observationEnd.DayNumber;
        var days = new List<int>[customers];
        var customerOf = log.CustomerIndices;
        var dayOf = log.DayNumbers;
        for (int row = 0; row < log.Count; row++)
            if (dayOf[row] <= end) (days[customerOf[row]] ??= []).Add(dayOf[row]);

        var first = new List<int>();
        var repeats = new List<int>();
        foreach (var list in days)
        {
            if (list is null) continue;
            list.Sort();
            if (list[0] > calibrationEnd.DayNumber) continue;
            first.Add(list[0]);
            for (int j = 1; j < list.Count; j++)
                if (list[j] != list[j - 1]) repeats.Add(list[j]);
        }
        if (first.Count == 0)
            throw new ArgumentException($"No customer made a first purchase on or before the calibration end {calibrationEnd:yyyy-MM-dd}.", nameof(log));

        int origin = first.Min();
        double ToAxis(int day) => timeUnit.FromDays(day - origin);
        return new CohortTracking(first.Select(ToAxis).ToArray(), repeats.Select(ToAxis).ToArray(),
            ToAxis(calibrationEnd.DayNumber), ToAxis(end), DateOnly.FromDayNumber(origin), timeUnit);
    }

    /// <summary>
    /// Period ends from the origin to the observation end: one week when the unit is a week or shorter, otherwise one
    /// time unit; the last period ends exactly at the observation end.
    /// </summary>
    public double[] PeriodEnds()
    {
        double step = Math.Max(TimeUnit.FromDays(7), 1.0);
        var ends = new List<double>();
        for (int j = 1; j * step < ObservationEnd - 1e-9 * step; j++) ends.Add(j * step);
        ends.Add(ObservationEnd);
        return [.. ends];
    }

    /// <summary>The tracking curve of <paramref name="model"/> against the cohort's actual repeat transactions.</summary>
    /// <exception cref="ArgumentException">The model's time unit differs from the axis's.</exception>
    public TrackingCurve Curve(IPurchaseModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (model.TimeUnit != TimeUnit)
            throw new ArgumentException($"The model is in {model.TimeUnit.Name} but the cohort axis in {TimeUnit.Name}.", nameof(model));
        var times = PeriodEnds();
        var predicted = new double[times.Length];
        model.ExpectedCumulativeRepeatPurchases(_firstPurchase, times, predicted);
        return TrackingCurve.FromCumulative(times, TrackingCurve.CountCumulative(_repeatPurchaseTimes, times), predicted);
    }
}
