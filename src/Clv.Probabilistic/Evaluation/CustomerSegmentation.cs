namespace Clv.Probabilistic.Evaluation;

/// <summary>Where a customer stands in its relationship, from its age and P(alive).</summary>
public enum Lifecycle
{
    /// <summary>T below <see cref="SegmentationOptions.NewCustomerAge"/>.</summary>
    New,

    /// <summary>P(alive) ≥ <see cref="SegmentationOptions.ActiveThreshold"/>.</summary>
    Active,

    /// <summary><see cref="SegmentationOptions.AtRiskThreshold"/> ≤ P(alive) &lt; <see cref="SegmentationOptions.ActiveThreshold"/>.</summary>
    AtRisk,

    /// <summary>P(alive) &lt; <see cref="SegmentationOptions.AtRiskThreshold"/>.</summary>
    Lapsed,
}

/// <summary>A customer's rank by expected value (CLV).</summary>
public enum ValueTier
{
    /// <summary>The top <see cref="SegmentationOptions.TopShare"/> of customers.</summary>
    Top,

    /// <summary>The next <see cref="SegmentationOptions.MiddleShare"/>.</summary>
    Middle,

    /// <summary>Everyone else.</summary>
    Rest,
}

/// <summary>A customer's lifecycle stage and value tier together.</summary>
/// <param name="Lifecycle">Lifecycle stage.</param>
/// <param name="Tier">Value tier.</param>
public readonly record struct CustomerSegment(Lifecycle Lifecycle, ValueTier Tier) : IComparable<CustomerSegment>
{
    /// <summary>Orders by lifecycle, then tier.</summary>
    public int CompareTo(CustomerSegment other)
    {
        int byLifecycle = Lifecycle.CompareTo(other.Lifecycle);
        return byLifecycle != 0 ? byLifecycle : Tier.CompareTo(other.Tier);
    }

    /// <inheritdoc />
    public override string ToString() => $"{Lifecycle}/{Tier}";
}

/// <summary>
/// Rule-based segments a marketer can act on, from a model's P(alive) and expected value: a lifecycle stage and a value
/// tier per customer. Every customer gets exactly one of each.
/// </summary>
/// <remarks>
/// Lifecycle: New when T &lt; <see cref="SegmentationOptions.NewCustomerAge"/>; otherwise Active when P(alive) ≥ 0.7,
/// At risk when 0.3 ≤ P(alive) &lt; 0.7, Lapsed below 0.3 (defaults; configurable). P(alive) as in Fader, Hardie &amp; Lee
/// (2008), "Computing P(alive) Using the BG/NBD Model". The cut-offs are business conventions, not estimates; the table
/// from <see cref="SegmentTable"/> with holdout purchases shows whether they separate behaviour on the user's data.
/// <para>
/// Value tier: with W the total weight and A_i the weight of customers whose expected value is strictly greater than
/// customer i's, customer i is Top when A_i &lt; TopShare·W, Middle when A_i &lt; (TopShare + MiddleShare)·W, Rest
/// otherwise. So customers with equal value always share a tier (ties go to the higher tier, which may then hold
/// slightly more than its share) and the result does not depend on row order. Comparisons allow a relative rounding
/// slack of 1e-12, so 10 customers with distinct values split exactly 1 / 2 / 7 under the defaults.
/// </para>
/// </remarks>
public static class CustomerSegmentation
{
    private const double Slack = 1e-12;

    /// <summary>Lifecycle stage and value tier of every customer.</summary>
    /// <param name="t">T per customer: time since first purchase, in the unit of <see cref="SegmentationOptions.NewCustomerAge"/>.</param>
    /// <param name="probabilityAlive">P(alive) per customer, in [0, 1].</param>
    /// <param name="expectedValue">Expected value (CLV) per customer.</param>
    /// <param name="options">Thresholds.</param>
    /// <param name="weights">How many customers each row stands for; empty means 1 each.</param>
    /// <exception cref="ArgumentException">Lengths differ.</exception>
    /// <exception cref="InvalidRowException">A value is not finite or a probability is outside [0, 1].</exception>
    public static CustomerSegment[] Assign(ReadOnlySpan<double> t, ReadOnlySpan<double> probabilityAlive, ReadOnlySpan<double> expectedValue,
        SegmentationOptions options, ReadOnlySpan<double> weights = default)
    {
        var lifecycle = new Lifecycle[t.Length];
        AssignLifecycle(t, probabilityAlive, options, lifecycle);
        Input.SameLength(t.Length, nameof(t), expectedValue.Length, nameof(expectedValue));
        var tier = new ValueTier[t.Length];
        AssignValueTier(expectedValue, options, tier, weights);
        var segments = new CustomerSegment[t.Length];
        for (int i = 0; i < segments.Length; i++) segments[i] = new CustomerSegment(lifecycle[i], tier[i]);
        return segments;
    }

    /// <summary>Writes each customer's lifecycle stage.</summary>
    /// <exception cref="ArgumentException">Lengths differ.</exception>
    /// <exception cref="InvalidRowException">T is negative or not finite, or a probability is outside [0, 1].</exception>
    public static void AssignLifecycle(ReadOnlySpan<double> t, ReadOnlySpan<double> probabilityAlive, SegmentationOptions options,
        Span<Lifecycle> destination)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Input.SameLength(t.Length, nameof(t), probabilityAlive.Length, nameof(probabilityAlive));
        Input.SameLength(t.Length, nameof(t), destination.Length, nameof(destination));
        Input.NonNegative(t, nameof(t));
        Input.Probabilities(probabilityAlive, nameof(probabilityAlive));
        for (int i = 0; i < t.Length; i++)
        {
            double p = probabilityAlive[i];
            destination[i] = t[i] < options.NewCustomerAge ? Lifecycle.New
                : p >= options.ActiveThreshold ? Lifecycle.Active
                : p >= options.AtRiskThreshold ? Lifecycle.AtRisk
                : Lifecycle.Lapsed;
        }
    }

    /// <summary>Writes each customer's value tier (rule in the remarks of <see cref="CustomerSegmentation"/>).</summary>
    /// <exception cref="ArgumentException">Lengths differ.</exception>
    /// <exception cref="InvalidRowException">A value is not finite, or a weight is invalid.</exception>
    public static void AssignValueTier(ReadOnlySpan<double> expectedValue, SegmentationOptions options, Span<ValueTier> destination,
        ReadOnlySpan<double> weights = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        int n = expectedValue.Length;
        Input.SameLength(n, nameof(expectedValue), destination.Length, nameof(destination));
        Input.Finite(expectedValue, nameof(expectedValue));
        double total = Input.Weights(weights, n, nameof(weights));
        double topCut = options.TopShare * total * (1 - Slack);
        double middleCut = (options.TopShare + options.MiddleShare) * total * (1 - Slack);

        var sorted = expectedValue.ToArray();
        var order = new int[n];
        for (int i = 0; i < n; i++) order[i] = i;
        Array.Sort(sorted, order);

        double above = 0;
        for (int end = n; end > 0;)
        {
            int start = end - 1;
            while (start > 0 && sorted[start - 1] == sorted[end - 1]) start--;
            var tier = above < topCut ? ValueTier.Top : above < middleCut ? ValueTier.Middle : ValueTier.Rest;
            for (int r = start; r < end; r++)
            {
                destination[order[r]] = tier;
                above += Input.Weight(weights, order[r]);
            }
            end = start;
        }
    }
}
