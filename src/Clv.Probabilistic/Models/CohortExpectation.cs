namespace Clv.Probabilistic.Models;

/// <summary>The tracking curve of a cohort from any model's E[X(t)].</summary>
public static class CohortExpectation
{
    /// <summary>
    /// Σ_i E[X(τ − s_i)] over customers with first purchase s_i &lt; τ, at each time τ of <paramref name="times"/>;
    /// customers with the same s_i share one evaluation.
    /// </summary>
    /// <param name="expectedPurchases">E[X(t)] of a new customer.</param>
    /// <param name="firstPurchaseOffsets">s_i: each customer's first purchase, in model time units from a common origin.</param>
    /// <param name="times">τ: calendar times on the same axis.</param>
    /// <param name="destination">Receives one total per time.</param>
    /// <exception cref="ArgumentException">Lengths differ, or an offset or time is not finite.</exception>
    public static void CumulativeRepeatPurchases(Func<double, double> expectedPurchases, ReadOnlySpan<double> firstPurchaseOffsets,
        ReadOnlySpan<double> times, Span<double> destination)
    {
        ArgumentNullException.ThrowIfNull(expectedPurchases);
        if (times.Length != destination.Length)
            throw new ArgumentException($"The destination has {destination.Length} elements for {times.Length} times.", nameof(destination));
        var counts = new SortedDictionary<double, int>();
        for (int i = 0; i < firstPurchaseOffsets.Length; i++)
        {
            double s = firstPurchaseOffsets[i];
            if (!double.IsFinite(s)) throw new ArgumentException($"First-purchase offset {i} is not finite.", nameof(firstPurchaseOffsets));
            counts[s] = counts.GetValueOrDefault(s) + 1;
        }
        for (int k = 0; k < times.Length; k++)
        {
            if (!double.IsFinite(times[k])) throw new ArgumentException($"Time {k} is not finite.", nameof(times));
            double total = 0;
            foreach (var (s, count) in counts)
            {
                if (s >= times[k]) break;
                total += count * expectedPurchases(times[k] - s);
            }
            destination[k] = total;
        }
    }
}
