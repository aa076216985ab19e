using System.Globalization;
using Clv.Probabilistic.Data;

namespace Clv.Probabilistic.Valuation;

/// <summary>
/// A discount rate d per period of a stated length, for example 1% a month or 10% a year. A cash flow one period
/// away is worth 1/(1 + d) today; the rate converts to any other period length by compounding.
/// </summary>
/// <remarks>
/// Over a duration τ measured in periods of this rate the discount factor is (1 + d)^(−τ) = e^(−δτ) with δ = ln(1 + d),
/// the equivalent continuously compounded rate. A rate per period P is therefore (1 + d)^(P/L) − 1 per period of
/// length P when stated per period of length L (standard compound interest; see e.g. Kellison, "The Theory of
/// Interest", section 1.9).
/// </remarks>
public readonly record struct DiscountRate
{
    /// <summary>Creates a rate of <paramref name="rate"/> per <paramref name="period"/>.</summary>
    /// <param name="rate">d per period; finite and ≥ 0 (0 means no discounting).</param>
    /// <param name="period">The period the rate is stated for.</param>
    /// <exception cref="ArgumentOutOfRangeException">The rate is negative or not finite, or the period is not a valid unit.</exception>
    public DiscountRate(double rate, TimeUnit period)
    {
        if (!double.IsFinite(rate) || rate < 0)
            throw new ArgumentOutOfRangeException(nameof(rate), rate, "A discount rate must be finite and ≥ 0.");
        if (!(period.DaysPerUnit > 0))
            throw new ArgumentOutOfRangeException(nameof(period), period, "A discount rate needs a period of positive length.");
        Rate = rate;
        Period = period;
    }

    /// <summary>d: the rate per <see cref="Period"/>.</summary>
    public double Rate { get; }

    /// <summary>The period the rate is stated for.</summary>
    public TimeUnit Period { get; }

    /// <summary>A rate per month (of 365.25/12 days).</summary>
    public static DiscountRate PerMonth(double rate) => new(rate, TimeUnit.Months);

    /// <summary>A rate per year (of 365.25 days).</summary>
    public static DiscountRate PerYear(double rate) => new(rate, TimeUnit.Years);

    /// <summary>A rate per week.</summary>
    public static DiscountRate PerWeek(double rate) => new(rate, TimeUnit.Weeks);

    /// <summary>The equivalent rate per period of <paramref name="unit"/>: (1 + d)^(unit/period) − 1.</summary>
    public double ForPeriod(TimeUnit unit) => double.ExpM1(ContinuousRate(unit));

    /// <summary>δ = ln(1 + d) expressed per <paramref name="unit"/>: the force of interest, e^(−δt) discounts t units.</summary>
    public double ContinuousRate(TimeUnit unit)
    {
        if (!(Period.DaysPerUnit > 0))
            throw new InvalidOperationException("This discount rate was default-constructed and has no period; create it with a period.");
        return Math.Log(1.0 + Rate) * unit.DaysPerUnit / Period.DaysPerUnit;
    }

    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Rate:0.######} per {Period.Name}");
}
