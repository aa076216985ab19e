using System.Globalization;

namespace Clv.Probabilistic.Data;

/// <summary>
/// A unit of model time, defined by its length in days. Every summary and every fitted model carries one,
/// so no number in the library is a bare duration with a hidden unit.
/// </summary>
/// <remarks>
/// Time is measured in days between calendar dates and divided by <see cref="DaysPerUnit"/>:
/// a week is 7 days and a month is 365.25/12 = 30.4375 days, the conventions of the reference libraries.
/// </remarks>
public readonly record struct TimeUnit
{
    /// <summary>Creates a unit of the given length in days.</summary>
    /// <param name="name">The unit's name, as written in files and on the command line.</param>
    /// <param name="daysPerUnit">Length of one unit in days; finite and &gt; 0.</param>
    public TimeUnit(string name, double daysPerUnit)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (!double.IsFinite(daysPerUnit) || daysPerUnit <= 0)
            throw new ArgumentOutOfRangeException(nameof(daysPerUnit), daysPerUnit, "A time unit must last a finite, positive number of days.");
        Name = name;
        DaysPerUnit = daysPerUnit;
    }

    /// <summary>The unit's name (for example <c>weeks</c>).</summary>
    public string Name { get; }

    /// <summary>Length of one unit in days.</summary>
    public double DaysPerUnit { get; }

    /// <summary>One day.</summary>
    public static TimeUnit Days { get; } = new("days", 1.0);

    /// <summary>One week: 7 days.</summary>
    public static TimeUnit Weeks { get; } = new("weeks", 7.0);

    /// <summary>One month: 365.25/12 = 30.4375 days.</summary>
    public static TimeUnit Months { get; } = new("months", 365.25 / 12.0);

    /// <summary>One quarter: 365.25/4 = 91.3125 days (a quarter of the year unit).</summary>
    public static TimeUnit Quarters { get; } = new("quarters", 365.25 / 4.0);

    /// <summary>One year: 365.25 days.</summary>
    public static TimeUnit Years { get; } = new("years", 365.25);

    /// <summary>Whether <paramref name="other"/> is the same unit: the same name (any case) and the same length.</summary>
    public bool IsSameAs(TimeUnit other) =>
        string.Equals(Name, other.Name, StringComparison.OrdinalIgnoreCase) && DaysPerUnit == other.DaysPerUnit;

    /// <summary>Converts a duration in days into this unit.</summary>
    public double FromDays(double days) => days / DaysPerUnit;

    /// <summary>Converts a duration in this unit into days.</summary>
    public double ToDays(double duration) => duration * DaysPerUnit;

    /// <summary>Converts a duration in this unit into <paramref name="target"/> units.</summary>
    public double ConvertTo(double duration, TimeUnit target) => duration * DaysPerUnit / target.DaysPerUnit;

    /// <summary>Parses <c>days</c>, <c>weeks</c>, <c>months</c>, <c>quarters</c> or <c>years</c> (singular or plural, any case).</summary>
    /// <exception cref="FormatException">The text names no known unit.</exception>
    public static TimeUnit Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.Trim().ToLowerInvariant() switch
        {
            "day" or "days" or "d" => Days,
            "week" or "weeks" or "w" => Weeks,
            "month" or "months" or "m" => Months,
            "quarter" or "quarters" or "q" => Quarters,
            "year" or "years" or "y" => Years,
            _ => throw new FormatException($"Unknown time unit '{text}': use days, weeks, months, quarters or years."),
        };
    }

    /// <inheritdoc />
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Name} ({DaysPerUnit:0.####} days)");
}
