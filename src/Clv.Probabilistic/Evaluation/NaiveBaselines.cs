namespace Clv.Probabilistic.Evaluation;

/// <summary>
/// Simple predictions of holdout purchases that a probabilistic model must beat on the same holdout, compared with
/// <see cref="ErrorMetrics"/>. Neither lets customers die, which is exactly what the models add.
/// </summary>
/// <remarks>
/// Rate extrapolation assumes each customer keeps buying at its calibration rate: x / T × t*. "Last period repeats"
/// assumes each customer buys in the holdout at the rate of the most recent stretch of its calibration period:
/// (repeat purchases in the last L time units) × t* / L. Both are the standard naive benchmarks of the customer-base
/// literature; see Wübben &amp; von Wangenheim (2008), "Instant Customer Base Analysis: Managerial Heuristics Often 'Get
/// It Right'", Journal of Marketing 72(3), where such heuristics are compared with the Pareto/NBD and BG/NBD.
/// </remarks>
public static class NaiveBaselines
{
    /// <summary>Writes x_i / T_i × t* (0 when T_i = 0, where no rate has been observed).</summary>
    /// <param name="frequency">x per customer: repeat purchases in the calibration period.</param>
    /// <param name="t">T per customer: time from first purchase to the end of calibration.</param>
    /// <param name="holdoutDuration">t*, length of the holdout period, in the unit of <paramref name="t"/>.</param>
    /// <param name="destination">Receives one prediction per customer.</param>
    /// <exception cref="ArgumentException">Lengths differ.</exception>
    /// <exception cref="InvalidRowException">A frequency or T is negative or not finite.</exception>
    public static void RateExtrapolation(ReadOnlySpan<double> frequency, ReadOnlySpan<double> t, double holdoutDuration, Span<double> destination)
    {
        CheckCustomers(frequency, nameof(frequency), t, holdoutDuration, destination.Length);
        for (int i = 0; i < frequency.Length; i++)
            destination[i] = t[i] > 0 ? frequency[i] / t[i] * holdoutDuration : 0.0;
    }

    /// <summary>
    /// Writes c_i × t* / min(L, T_i), where c_i counts customer i's repeat purchases in the last L time units of the
    /// calibration period (0 when T_i = 0). A customer younger than L is rated over its whole life T_i, not over L.
    /// </summary>
    /// <param name="lastPeriodPurchases">c_i: repeat purchases in the last <paramref name="periodLength"/> units of calibration.</param>
    /// <param name="t">T per customer.</param>
    /// <param name="periodLength">L, length of the last period; commonly equal to t*, giving "the holdout repeats the last period".</param>
    /// <param name="holdoutDuration">t*, length of the holdout period.</param>
    /// <param name="destination">Receives one prediction per customer.</param>
    /// <exception cref="ArgumentException">Lengths differ.</exception>
    /// <exception cref="InvalidRowException">A count or T is negative or not finite.</exception>
    public static void LastPeriodRepeats(ReadOnlySpan<double> lastPeriodPurchases, ReadOnlySpan<double> t, double periodLength,
        double holdoutDuration, Span<double> destination)
    {
        Input.Positive(periodLength, nameof(periodLength));
        CheckCustomers(lastPeriodPurchases, nameof(lastPeriodPurchases), t, holdoutDuration, destination.Length);
        for (int i = 0; i < t.Length; i++)
        {
            double window = Math.Min(periodLength, t[i]);
            destination[i] = window > 0 ? lastPeriodPurchases[i] * holdoutDuration / window : 0.0;
        }
    }

    private static void CheckCustomers(ReadOnlySpan<double> counts, string countsName, ReadOnlySpan<double> t, double holdoutDuration,
        int destinationLength)
    {
        Input.Positive(holdoutDuration, nameof(holdoutDuration));
        Input.SameLength(counts.Length, countsName, t.Length, nameof(t));
        Input.SameLength(counts.Length, countsName, destinationLength, "destination");
        Input.NonNegative(counts, countsName);
        Input.NonNegative(t, nameof(t));
    }
}
