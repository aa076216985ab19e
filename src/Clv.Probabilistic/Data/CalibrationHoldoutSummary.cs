using System.Globalization;

namespace Clv.Probabilistic.Data;

/// <summary>
/// A calibration summary plus, for each of its customers, what happened in the holdout period that follows it:
/// the columns are aligned with <see cref="Calibration"/> row by row.
/// </summary>
/// <remarks>
/// For customer i: <c>FrequencyHoldout[i]</c> is the number of distinct purchase days after the calibration end up to
/// the observation end (inclusive) — all are repeat purchases, the first purchase lying in calibration;
/// <c>MonetaryValueHoldout[i]</c> is the mean amount of those days (0 when there are none);
/// <c>DurationHoldout[i]</c> is the holdout length (observation end − calibration end) in the calibration's time unit.
/// This is the data used to validate a purchase model's conditional expectation, Fader, Hardie &amp; Lee (2005), eq. 10.
/// </remarks>
public sealed class CalibrationHoldoutSummary
{
    private readonly double[] _frequencyHoldout;
    private readonly double[] _monetaryValueHoldout;
    private readonly double[] _durationHoldout;

    /// <summary>Creates the summary, copying and validating the holdout columns.</summary>
    /// <exception cref="ArgumentException">A column's length differs from the calibration's, or a value is invalid (the message names the customer).</exception>
    public CalibrationHoldoutSummary(RfmSummary calibration, ReadOnlySpan<double> frequencyHoldout,
        ReadOnlySpan<double> monetaryValueHoldout, ReadOnlySpan<double> durationHoldout)
        : this(calibration, frequencyHoldout.ToArray(), monetaryValueHoldout.ToArray(), durationHoldout.ToArray())
    {
        for (int i = 0; i < Count; i++)
        {
            string? problem = CheckRow(_frequencyHoldout[i], _monetaryValueHoldout[i], _durationHoldout[i]);
            if (problem is not null)
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"Customer '{calibration.CustomerIds[i]}' (row {i}): {problem}"));
        }
    }

    internal CalibrationHoldoutSummary(RfmSummary calibration, double[] frequencyHoldout, double[] monetaryValueHoldout, double[] durationHoldout)
    {
        ArgumentNullException.ThrowIfNull(calibration);
        int n = calibration.Count;
        if (frequencyHoldout.Length != n || monetaryValueHoldout.Length != n || durationHoldout.Length != n)
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"Holdout columns differ in length from the calibration summary ({n} rows): frequency {frequencyHoldout.Length}, monetary value {monetaryValueHoldout.Length}, duration {durationHoldout.Length}."));
        Calibration = calibration;
        _frequencyHoldout = frequencyHoldout;
        _monetaryValueHoldout = monetaryValueHoldout;
        _durationHoldout = durationHoldout;
    }

    /// <summary>The calibration-period summary.</summary>
    public RfmSummary Calibration { get; }

    /// <summary>Number of customers (rows).</summary>
    public int Count => Calibration.Count;

    /// <summary>Unit of the durations.</summary>
    public TimeUnit TimeUnit => Calibration.TimeUnit;

    /// <summary>Number of distinct purchase days in the holdout period.</summary>
    public ReadOnlySpan<double> FrequencyHoldout => _frequencyHoldout;

    /// <summary>Mean amount of the holdout purchase days (0 when there are none).</summary>
    public ReadOnlySpan<double> MonetaryValueHoldout => _monetaryValueHoldout;

    /// <summary>Length of the holdout period, in <see cref="TimeUnit"/>.</summary>
    public ReadOnlySpan<double> DurationHoldout => _durationHoldout;

    /// <summary>The holdout length every customer shares, for evaluations that predict one period for all.</summary>
    /// <exception cref="ArgumentException">There are no customers, or two customers' holdout lengths differ (the message names the first that differs).</exception>
    public double CommonHoldoutDuration()
    {
        if (Count == 0) throw new ArgumentException("The summary has no customers.");
        double duration = _durationHoldout[0];
        for (int i = 1; i < Count; i++)
            if (_durationHoldout[i] != duration)
                throw new ArgumentException(
                    $"Customer '{Calibration.CustomerIds[i]}' (row {i}) has holdout length {_durationHoldout[i]} but row 0 has {duration}; one common holdout period is needed.");
        return duration;
    }

    /// <summary>Null when the holdout values are valid, otherwise what is wrong.</summary>
    internal static string? CheckRow(double frequency, double monetaryValue, double duration)
    {
        if (!double.IsFinite(frequency) || frequency < 0 || frequency != Math.Floor(frequency))
            return string.Create(CultureInfo.InvariantCulture, $"holdout frequency {frequency} is not a non-negative whole number.");
        if (frequency > RfmSummary.MaxFrequency)
            return string.Create(CultureInfo.InvariantCulture, $"holdout frequency {frequency} is larger than {RfmSummary.MaxFrequency}, the largest supported.");
        if (!double.IsFinite(monetaryValue))
            return string.Create(CultureInfo.InvariantCulture, $"holdout monetary value {monetaryValue} is not finite.");
        if (Math.Abs(monetaryValue) > RfmSummary.MaxMonetaryValue)
            return string.Create(CultureInfo.InvariantCulture, $"holdout monetary value {monetaryValue} is larger in magnitude than {RfmSummary.MaxMonetaryValue:0e0}, the largest supported.");
        if (!double.IsFinite(duration) || duration <= 0)
            return string.Create(CultureInfo.InvariantCulture, $"holdout duration {duration} is not a finite positive number.");
        if (duration > RfmSummary.MaxDuration)
            return string.Create(CultureInfo.InvariantCulture, $"holdout duration {duration} is larger than {RfmSummary.MaxDuration:0e0}, the largest duration supported.");
        return null;
    }
}
