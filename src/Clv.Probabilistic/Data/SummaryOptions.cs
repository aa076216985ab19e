namespace Clv.Probabilistic.Data;

/// <summary>How to summarise a transaction log into recency-frequency-monetary rows.</summary>
/// <param name="ObservationEnd">Last day of observation, inclusive: purchases on this day count.</param>
/// <param name="TimeUnit">Unit in which recency, T and holdout durations are expressed.</param>
public sealed record SummaryOptions(DateOnly ObservationEnd, TimeUnit TimeUnit)
{
    /// <summary>
    /// Drop transactions dated after <see cref="ObservationEnd"/> (customers left without transactions are left out).
    /// Off by default: such transactions are an error, because they usually mean a wrong observation end.
    /// </summary>
    public bool DropTransactionsAfterEnd { get; init; }

    /// <summary>
    /// Include the first purchase day in the monetary value (the mean over all purchase days rather than over the
    /// repeat purchase days). Frequency still counts repeat purchase days only. Off by default, as the Gamma-Gamma
    /// model expects.
    /// </summary>
    public bool IncludeFirstPurchaseInMonetaryValue { get; init; }
}
