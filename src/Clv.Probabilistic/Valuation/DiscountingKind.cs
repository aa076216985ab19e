namespace Clv.Probabilistic.Valuation;

/// <summary>How expected purchases are discounted over the horizon.</summary>
public enum DiscountingKind
{
    /// <summary>
    /// Per period: the purchases expected in period k, E[Y(t_k)] − E[Y(t_(k−1))], are discounted by (1 + d)^(−k),
    /// as if paid at the end of the period (the convention of the Python libraries lifetimes and PyMC-Marketing).
    /// </summary>
    Discrete,

    /// <summary>Continuously: ∫₀^H e^(−δt) dE[Y(t)], δ = ln(1 + d) per period.</summary>
    Continuous,
}
