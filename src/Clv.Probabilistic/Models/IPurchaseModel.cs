using Clv.Probabilistic.Data;

namespace Clv.Probabilistic.Models;

/// <summary>
/// A fitted purchase-count model (for example BG/NBD) as the valuation layer sees it: conditional expected purchases.
/// </summary>
public interface IPurchaseModel
{
    /// <summary>Unit of the durations the model was fitted in.</summary>
    TimeUnit TimeUnit { get; }

    /// <summary>
    /// Writes E[Y(t) | x, t_x, T] for every row of <paramref name="summary"/>: the expected number of purchases in
    /// (T, T + t] given the customer's history.
    /// </summary>
    /// <param name="summary">Customers, in the model's time unit.</param>
    /// <param name="t">Horizon in the model's time unit; ≥ 0.</param>
    /// <param name="destination">Receives one value per row.</param>
    void ConditionalExpectedPurchases(RfmSummary summary, double t, Span<double> destination);
}

/// <summary>A fitted spend model (for example Gamma-Gamma) as the valuation layer sees it.</summary>
public interface ISpendModel
{
    /// <summary>
    /// Writes E[Z | x, z̄] for every row of <paramref name="summary"/>: the expected mean spend per future purchase given
    /// the customer's repeat-purchase count and mean repeat spend (the population mean where x = 0).
    /// </summary>
    void ConditionalExpectedSpend(RfmSummary summary, Span<double> destination);
}
