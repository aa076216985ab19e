namespace Clv.Probabilistic.Evaluation;

/// <summary>Thresholds of <see cref="CustomerSegmentation"/>; every rule a marketer sees is one of these numbers.</summary>
public sealed record SegmentationOptions
{
    /// <summary>
    /// Customers whose T (time since first purchase, in the model's time unit) is below this are <see cref="Lifecycle.New"/>,
    /// whatever their P(alive): the model has seen too little of them. 0 disables the segment. No default: it depends on
    /// the time unit and the business's purchase cycle.
    /// </summary>
    public required double NewCustomerAge { get; init; }

    /// <summary>P(alive) at or above this is <see cref="Lifecycle.Active"/>. Default 0.7.</summary>
    public double ActiveThreshold { get; init; } = 0.7;

    /// <summary>P(alive) at or above this (and below <see cref="ActiveThreshold"/>) is <see cref="Lifecycle.AtRisk"/>; below it, <see cref="Lifecycle.Lapsed"/>. Default 0.3.</summary>
    public double AtRiskThreshold { get; init; } = 0.3;

    /// <summary>Share of customers (by weight) in <see cref="ValueTier.Top"/>. Default 0.10.</summary>
    public double TopShare { get; init; } = 0.10;

    /// <summary>Share of customers in <see cref="ValueTier.Middle"/>, the next ones by expected value. Default 0.20.</summary>
    public double MiddleShare { get; init; } = 0.20;

    /// <summary>Checks the thresholds are consistent.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A threshold is out of range or out of order.</exception>
    public void Validate()
    {
        if (!double.IsFinite(NewCustomerAge) || NewCustomerAge < 0)
            throw new ArgumentOutOfRangeException(nameof(NewCustomerAge), NewCustomerAge, "Must be finite and ≥ 0.");
        if (!(AtRiskThreshold >= 0 && AtRiskThreshold <= ActiveThreshold && ActiveThreshold <= 1))
            throw new ArgumentOutOfRangeException(nameof(ActiveThreshold), ActiveThreshold,
                $"Need 0 ≤ AtRiskThreshold ({AtRiskThreshold}) ≤ ActiveThreshold ≤ 1.");
        if (!(TopShare >= 0 && MiddleShare >= 0 && TopShare + MiddleShare <= 1))
            throw new ArgumentOutOfRangeException(nameof(TopShare), TopShare,
                $"Need shares ≥ 0 with TopShare + MiddleShare ({MiddleShare}) ≤ 1.");
    }
}
