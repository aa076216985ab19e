using System.Globalization;
using Clv.Probabilistic.Data;

namespace Clv.Probabilistic.Valuation;

/// <summary>
/// What to value: the horizon as a number of calendar periods, the discount rate, the discounting convention and the
/// profit margin. Nothing is in a hidden unit: the horizon is in <see cref="Period"/>s and the rate states its own period;
/// both are converted into the purchase model's time unit when the value is computed.
/// </summary>
public sealed record ClvOptions
{
    private readonly double _horizon;
    private readonly TimeUnit _period;
    private readonly DiscountRate _discountRate;
    private readonly DiscountingKind _discounting;
    private readonly double _margin = 1.0;
    private readonly double _quadratureTolerance = 1e-8;

    /// <summary>Creates options.</summary>
    /// <param name="horizon">Horizon in <paramref name="period"/>s; &gt; 0, and whole for discrete discounting.</param>
    /// <param name="period">The calendar period (for discrete discounting, the period per discounting step).</param>
    /// <param name="discountRate">The discount rate, stated per any period.</param>
    /// <param name="discounting">Discrete (per period) or continuous discounting.</param>
    /// <param name="margin">Profit margin applied to expected revenue; finite and ≥ 0.</param>
    /// <exception cref="ArgumentOutOfRangeException">A value is out of range (the message says which).</exception>
    public ClvOptions(double horizon, TimeUnit period, DiscountRate discountRate,
        DiscountingKind discounting = DiscountingKind.Discrete, double margin = 1.0)
    {
        Period = period;
        DiscountRate = discountRate;
        Discounting = discounting;
        Horizon = horizon;
        Margin = margin;
    }

    /// <summary><paramref name="months"/> months at the given rate, discounted per month (discrete).</summary>
    public static ClvOptions Monthly(int months, DiscountRate discountRate, double margin = 1.0) =>
        new(months, TimeUnit.Months, discountRate, DiscountingKind.Discrete, margin);

    /// <summary>Horizon in <see cref="Period"/>s.</summary>
    public double Horizon
    {
        get => _horizon;
        init
        {
            if (!double.IsFinite(value) || value <= 0)
                throw new ArgumentOutOfRangeException(nameof(Horizon), value, "The horizon must be finite and > 0 periods.");
            if (FractionalPeriodsProblem(value) is { } problem)
                throw new ArgumentOutOfRangeException(nameof(Horizon), value, problem);
            _horizon = value;
        }
    }

    /// <summary>The calendar period of <see cref="Horizon"/> and of each discrete discounting step.</summary>
    public TimeUnit Period
    {
        get => _period;
        init => _period = value.DaysPerUnit > 0
            ? value
            : throw new ArgumentOutOfRangeException(nameof(Period), value, "The period must be a valid time unit.");
    }

    /// <summary>The discount rate.</summary>
    public DiscountRate DiscountRate
    {
        get => _discountRate;
        init => _discountRate = value.Period.DaysPerUnit > 0
            ? value
            : throw new ArgumentOutOfRangeException(nameof(DiscountRate), value, "The discount rate needs a period; create it with a period.");
    }

    /// <summary>
    /// Discrete or continuous discounting. Discrete discounting needs a whole number of periods, checked when the
    /// options are created and again when values are computed.
    /// </summary>
    public DiscountingKind Discounting
    {
        get => _discounting;
        init => _discounting = Enum.IsDefined(value)
            ? value
            : throw new ArgumentOutOfRangeException(nameof(Discounting), value, "Unknown discounting kind.");
    }

    /// <summary>Profit margin applied to expected revenue (1 values revenue).</summary>
    public double Margin
    {
        get => _margin;
        init => _margin = double.IsFinite(value) && value >= 0
            ? value
            : throw new ArgumentOutOfRangeException(nameof(Margin), value, "The margin must be finite and ≥ 0.");
    }

    /// <summary>
    /// Continuous discounting only: the relative error per customer at which adaptive Gauss–Kronrod quadrature stops
    /// subdividing the horizon (default 1e-8). The test is on the 7-point Gauss error |K15 − G7|, so the 15-point
    /// Kronrod value that is returned is typically several orders of magnitude more accurate than this.
    /// </summary>
    public double QuadratureTolerance
    {
        get => _quadratureTolerance;
        init => _quadratureTolerance = value > 0 && value < 1
            ? value
            : throw new ArgumentOutOfRangeException(nameof(QuadratureTolerance), value, "The quadrature tolerance lies in (0, 1).");
    }

    /// <summary>The message explaining why <paramref name="horizon"/> does not suit discrete discounting, or null.</summary>
    internal string? FractionalPeriodsProblem(double horizon) =>
        Discounting == DiscountingKind.Discrete && Math.Abs(horizon - Math.Round(horizon)) > 1e-9 * horizon
            ? string.Create(CultureInfo.InvariantCulture, $"Discrete discounting needs a whole number of periods; the horizon is {horizon} {Period.Name}.")
            : null;

    /// <summary>The number of whole discounting periods (discrete discounting).</summary>
    public int PeriodCount => (int)Math.Round(Horizon);
}
