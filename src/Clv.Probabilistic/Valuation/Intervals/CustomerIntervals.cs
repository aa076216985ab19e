using Clv.Probabilistic.Data;

namespace Clv.Probabilistic.Valuation.Intervals;

/// <summary>Per-customer intervals of several predicted quantities, in the order of <see cref="Customers"/>.</summary>
public sealed class CustomerIntervals
{
    internal CustomerIntervals(RfmSummary customers, double level, int draws, IReadOnlyList<QuantityIntervals> quantities)
    {
        Customers = customers;
        Level = level;
        Draws = draws;
        Quantities = quantities;
    }

    /// <summary>The customers.</summary>
    public RfmSummary Customers { get; }

    /// <summary>Interval level.</summary>
    public double Level { get; }

    /// <summary>Draws per customer behind each interval.</summary>
    public int Draws { get; }

    /// <summary>Every quantity, in a fixed order.</summary>
    public IReadOnlyList<QuantityIntervals> Quantities { get; }

    /// <summary>E[Y(t) | x, t_x, T] over the horizon (<see cref="PredictionIntervals.Compute"/>); null from <see cref="PredictionIntervals.Predictive"/>.</summary>
    public QuantityIntervals? ExpectedPurchases => this[PredictionIntervals.ExpectedPurchases];

    /// <summary>P(alive | x, t_x, T) (<see cref="PredictionIntervals.Compute"/>); null from <see cref="PredictionIntervals.Predictive"/>.</summary>
    public QuantityIntervals? ProbabilityAlive => this[PredictionIntervals.ProbabilityAlive];

    /// <summary>E[Z | x, z̄], with a spend fit (<see cref="PredictionIntervals.Compute"/>); otherwise null.</summary>
    public QuantityIntervals? ExpectedSpend => this[PredictionIntervals.ExpectedSpend];

    /// <summary>CLV, with a spend fit and valuation settings (<see cref="PredictionIntervals.Compute"/>); otherwise null.</summary>
    public QuantityIntervals? Clv => this[PredictionIntervals.Clv];

    /// <summary>Realised purchases in (T, T + horizon], whole-number bounds (<see cref="PredictionIntervals.Predictive"/>); otherwise null.</summary>
    public QuantityIntervals? FuturePurchases => this[PredictionIntervals.FuturePurchases];

    /// <summary>Realised undiscounted value in (T, T + horizon], with a spend fit (<see cref="PredictionIntervals.Predictive"/>); otherwise null.</summary>
    public QuantityIntervals? FutureValue => this[PredictionIntervals.FutureValue];

    /// <summary>The quantity named <paramref name="name"/>, or null.</summary>
    public QuantityIntervals? this[string name] => Quantities.FirstOrDefault(q => q.Name == name);
}
