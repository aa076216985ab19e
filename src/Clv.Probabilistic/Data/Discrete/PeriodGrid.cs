using System.Globalization;

namespace Clv.Probabilistic.Data.Discrete;

/// <summary>
/// The calendar of a discrete summary: periods of one <see cref="PeriodLength"/> from <see cref="Start"/>. Period 0 is
/// the period of acquisition of the earliest customers; periods 1..<see cref="CalibrationPeriods"/> are the calibration
/// opportunities after it, and the next <see cref="HoldoutPeriods"/> periods the holdout. A customer whose first
/// transaction falls in period f has n = <see cref="CalibrationPeriods"/> − f calibration opportunities (Fader, Hardie
/// &amp; Shang 2010, section 4: donors acquired in 1995, six calibration years 1996–2001, five holdout years).
/// </summary>
public sealed record PeriodGrid
{
    /// <summary>Creates the grid.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A count is negative, or the grid runs past year 9999.</exception>
    public PeriodGrid(PeriodLength length, DateOnly start, int calibrationPeriods, int holdoutPeriods = 0)
    {
        if (!Enum.IsDefined(length)) throw new ArgumentOutOfRangeException(nameof(length), length, "Unknown period length.");
        if (calibrationPeriods < 0) throw new ArgumentOutOfRangeException(nameof(calibrationPeriods), calibrationPeriods, "The number of calibration periods must be ≥ 0.");
        if (holdoutPeriods < 0) throw new ArgumentOutOfRangeException(nameof(holdoutPeriods), holdoutPeriods, "The number of holdout periods must be ≥ 0.");
        Length = length;
        Start = start;
        CalibrationPeriods = calibrationPeriods;
        HoldoutPeriods = holdoutPeriods;
        try
        {
            End = StartOf(Count);
        }
        catch (ArgumentOutOfRangeException)
        {
            throw new ArgumentOutOfRangeException(nameof(calibrationPeriods), calibrationPeriods,
                string.Create(CultureInfo.InvariantCulture, $"A grid of {Count} {Length.ToString().ToLowerInvariant()}s from {Start:yyyy-MM-dd} runs past the last date."));
        }
    }

    /// <summary>Length of one period.</summary>
    public PeriodLength Length { get; }

    /// <summary>First day of period 0.</summary>
    public DateOnly Start { get; }

    /// <summary>Calibration opportunities after period 0.</summary>
    public int CalibrationPeriods { get; }

    /// <summary>Holdout opportunities after the calibration.</summary>
    public int HoldoutPeriods { get; }

    /// <summary>Periods of the grid: 1 + calibration + holdout.</summary>
    public int Count => 1 + CalibrationPeriods + HoldoutPeriods;

    /// <summary>The first day after the grid.</summary>
    public DateOnly End { get; }

    /// <summary>The unit of one period (a quarter is 365.25/4 days).</summary>
    public TimeUnit TimeUnit => Length switch
    {
        PeriodLength.Year => TimeUnit.Years,
        PeriodLength.Quarter => new TimeUnit("quarters", 365.25 / 4),
        PeriodLength.Month => TimeUnit.Months,
        PeriodLength.Week => TimeUnit.Weeks,
        _ => TimeUnit.Days,
    };

    /// <summary>First day of period <paramref name="period"/> (which may lie outside the grid).</summary>
    public DateOnly StartOf(int period) => Length switch
    {
        PeriodLength.Year => Start.AddYears(period),
        PeriodLength.Quarter => Start.AddMonths(3 * period),
        PeriodLength.Month => Start.AddMonths(period),
        PeriodLength.Week => Start.AddDays(7 * period),
        _ => Start.AddDays(period),
    };

    /// <summary>The period of each day of the grid, from <see cref="Start"/> to the day before <see cref="End"/>.</summary>
    internal int[] PeriodOfDay()
    {
        var table = new int[End.DayNumber - Start.DayNumber];
        for (int k = 0; k < Count; k++)
        {
            int from = StartOf(k).DayNumber - Start.DayNumber, to = StartOf(k + 1).DayNumber - Start.DayNumber;
            Array.Fill(table, k, from, to - from);
        }
        return table;
    }

    /// <summary>Parses <c>year</c>, <c>quarter</c>, <c>month</c>, <c>week</c> or <c>day</c> (singular or plural, any case).</summary>
    /// <exception cref="FormatException">The text names no period length.</exception>
    public static PeriodLength ParseLength(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.Trim().ToLowerInvariant() switch
        {
            "year" or "years" => PeriodLength.Year,
            "quarter" or "quarters" => PeriodLength.Quarter,
            "month" or "months" => PeriodLength.Month,
            "week" or "weeks" => PeriodLength.Week,
            "day" or "days" => PeriodLength.Day,
            _ => throw new FormatException($"Unknown period length '{text}': use year, quarter, month, week or day."),
        };
    }
}
