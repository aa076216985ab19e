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

    /// <summary>Checks that <paramref name="calibrationEnd"/> splits the observation window: it must be before <see cref="ObservationEnd"/>.</summary>
    /// <exception cref="ArgumentException">The calibration end is not before the observation end (the message gives both dates).</exception>
    public void CheckCalibrationEnd(DateOnly calibrationEnd)
    {
        if (calibrationEnd >= ObservationEnd)
            throw new ArgumentException(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"The calibration end {calibrationEnd:yyyy-MM-dd} must be before the observation end {ObservationEnd:yyyy-MM-dd}."),
                nameof(calibrationEnd));
    }
}
