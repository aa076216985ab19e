namespace Clv.Probabilistic.Models;

/// <summary>Argument checks of the retention models' periods.</summary>
internal static class PeriodArguments
{
    /// <summary>Checks t ≥ 0.</summary>
    public static int NonNegative(int period) => period >= 0
        ? period
        : throw new ArgumentOutOfRangeException(nameof(period), period, "A period must be ≥ 0.");

    /// <summary>Checks t ≥ 1 (the period of a churn: a customer pays for at least one period).</summary>
    public static int Churn(int period) => period >= 1
        ? period
        : throw new ArgumentOutOfRangeException(nameof(period), period, "A churn period must be ≥ 1 (a customer pays for at least one period).");
}
