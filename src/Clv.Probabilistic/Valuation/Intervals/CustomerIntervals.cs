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

    /// <summary>The quantity named <paramref name="name"/>, or null.</summary>
    public QuantityIntervals? this[string name] => Quantities.FirstOrDefault(q => q.Name == name);
}
