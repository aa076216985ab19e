using Clv.Probabilistic.Data.Discrete;

namespace Clv.Probabilistic.Models.BgBb;

/// <summary>Checks of discrete histories (x, t_x, n) and horizons, shared by the data, the predictions and the simulator.</summary>
internal static class BgBbChecks
{
    /// <summary>Null when (x, t_x, n) is a discrete history, otherwise what is wrong with it.</summary>
    public static string? Problem(double x, double recency, double periods) => DiscreteHistory.Check(x, recency, periods)?.Problem;

    /// <summary>Throws when (x, t_x, n) is not a discrete history.</summary>
    public static void History(double x, double recency, double periods)
    {
        string? problem = Problem(x, recency, periods);
        if (problem is not null) throw new ArgumentException(problem);
    }

    /// <summary>Throws when a horizon of periods is negative.</summary>
    public static void Horizon(int periods, string name)
    {
        if (periods < 0) throw new ArgumentOutOfRangeException(name, periods, "A horizon in periods must be ≥ 0.");
    }
}
