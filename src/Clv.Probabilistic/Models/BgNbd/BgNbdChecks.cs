namespace Clv.Probabilistic.Models.BgNbd;

/// <summary>Argument checks shared by the BG/NBD formulas.</summary>
internal static class BgNbdChecks
{
    /// <summary>Checks one customer's history (x, t_x, T).</summary>
    public static void History(double x, double recency, double t)
    {
        if (!double.IsFinite(x) || x < 0 || x != Math.Floor(x))
            throw new ArgumentOutOfRangeException(nameof(x), x, "The frequency x must be a whole number ≥ 0.");
        if (!double.IsFinite(t) || t < 0)
            throw new ArgumentOutOfRangeException(nameof(t), t, "T must be finite and ≥ 0.");
        if (!double.IsFinite(recency) || recency < 0 || recency > t)
            throw new ArgumentOutOfRangeException(nameof(recency), recency, $"The recency t_x must lie in [0, T = {t}].");
        if (x == 0 && recency != 0)
            throw new ArgumentOutOfRangeException(nameof(recency), recency, "The recency t_x must be 0 when x = 0.");
    }

    /// <summary>Checks a horizon t ≥ 0.</summary>
    public static void Horizon(double t, string name)
    {
        if (!double.IsFinite(t) || t < 0)
            throw new ArgumentOutOfRangeException(name, t, $"The horizon {name} must be finite and ≥ 0.");
    }
}
