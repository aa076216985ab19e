namespace Clv.Probabilistic.Evaluation;

/// <summary>One segment's line in a <see cref="SegmentTable"/>.</summary>
/// <param name="Segment">The segment.</param>
/// <param name="Customers">Total weight of its customers.</param>
/// <param name="Share">Customers / all customers.</param>
/// <param name="TotalExpectedValue">Σ w_i × expected value.</param>
/// <param name="MeanExpectedValue">TotalExpectedValue / Customers.</param>
/// <param name="MeanHoldoutPurchases">Weighted mean of actual holdout purchases, when holdout data were given.</param>
public sealed record SegmentRow<TSegment>(
    TSegment Segment,
    double Customers,
    double Share,
    double TotalExpectedValue,
    double MeanExpectedValue,
    double? MeanHoldoutPurchases);

/// <summary>Per-segment summary: size, share, total and mean expected value and, given a holdout, what the segment really did.</summary>
/// <remarks>
/// The holdout column is the check that the segments mean something: if "Lapsed" customers buy as much in the holdout
/// as "Active" ones, the rules (or the model) do not fit these customers. Rows appear for the segments present, in the
/// segment type's natural order (<see cref="Comparer{T}.Default"/>); segments with zero total weight are left out.
/// </remarks>
public static class SegmentTable
{
    /// <summary>Summarises customers by segment.</summary>
    /// <param name="segments">Segment of each customer (for example a <see cref="Lifecycle"/>, <see cref="ValueTier"/> or <see cref="CustomerSegment"/>); the type must be comparable (an enum or <see cref="IComparable{T}"/>) to order the rows.</param>
    /// <param name="expectedValue">Expected value (CLV) per customer.</param>
    /// <param name="weights">How many customers each row stands for; empty means 1 each.</param>
    /// <param name="holdoutPurchases">Actual holdout purchases per customer; empty when there is no holdout.</param>
    /// <exception cref="ArgumentException">Lengths differ, or the weights sum to 0.</exception>
    /// <exception cref="InvalidRowException">A value is not finite, a purchase count is negative, or a weight is invalid.</exception>
    public static IReadOnlyList<SegmentRow<TSegment>> Build<TSegment>(ReadOnlySpan<TSegment> segments, ReadOnlySpan<double> expectedValue,
        ReadOnlySpan<double> weights = default, ReadOnlySpan<double> holdoutPurchases = default)
        where TSegment : struct
    {
        int n = segments.Length;
        Input.SameLength(n, nameof(segments), expectedValue.Length, nameof(expectedValue));
        Input.Finite(expectedValue, nameof(expectedValue));
        bool holdout = !holdoutPurchases.IsEmpty;
        if (holdout)
        {
            Input.SameLength(n, nameof(segments), holdoutPurchases.Length, nameof(holdoutPurchases));
            Input.NonNegative(holdoutPurchases, nameof(holdoutPurchases));
        }
        double total = Input.Weights(weights, n, nameof(weights));
        if (!(total > 0)) throw new ArgumentException("No customers: the weights sum to 0.", nameof(weights));

        var sums = new Dictionary<TSegment, (double Customers, double Value, double Holdout)>();
        for (int i = 0; i < n; i++)
        {
            double w = Input.Weight(weights, i);
            sums.TryGetValue(segments[i], out var s);
            sums[segments[i]] = (s.Customers + w, s.Value + w * expectedValue[i], s.Holdout + (holdout ? w * holdoutPurchases[i] : 0));
        }

        var rows = new List<SegmentRow<TSegment>>(sums.Count);
        foreach (var (segment, s) in sums.OrderBy(p => p.Key, Comparer<TSegment>.Default))
        {
            if (!(s.Customers > 0)) continue;
            rows.Add(new SegmentRow<TSegment>(segment, s.Customers, s.Customers / total, s.Value, s.Value / s.Customers,
                holdout ? s.Holdout / s.Customers : null));
        }
        return rows;
    }
}
