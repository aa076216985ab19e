using System.Globalization;

namespace Clv.Probabilistic.Data.Discrete;

/// <summary>The rules of a discrete history (x, t_x, n): whole numbers with x ≤ t_x ≤ n, and t_x = 0 when x = 0.</summary>
internal static class DiscreteHistory
{
    /// <summary>Largest n accepted.</summary>
    public const int MaxPeriods = 1 << 20;

    /// <summary>Null when (x, t_x, n) is a discrete history; otherwise what is wrong and in which column.</summary>
    public static (string Problem, string Column)? Check(double x, double recency, double periods)
    {
        var c = CultureInfo.InvariantCulture;
        if (!Whole(periods) || periods > MaxPeriods)
            return (string.Create(c, $"periods {periods} is not a whole number from 0 to {MaxPeriods}."), "periods");
        if (!Whole(x))
            return (string.Create(c, $"frequency {x} is not a non-negative whole number."), "frequency");
        if (!Whole(recency))
            return (string.Create(c, $"recency {recency} is not a non-negative whole number of periods."), "recency");
        if (recency > periods)
            return (string.Create(c, $"recency {recency} exceeds the number of periods {periods}."), "recency");
        if (x > recency)
            return (string.Create(c, $"frequency {x} exceeds recency {recency}: there is at most one transaction per period."), "frequency");
        if (x == 0 && recency != 0)
            return (string.Create(c, $"recency {recency} must be 0 when frequency is 0."), "recency");
        return null;
    }

    private static bool Whole(double v) => double.IsFinite(v) && v >= 0 && v == Math.Floor(v);
}
