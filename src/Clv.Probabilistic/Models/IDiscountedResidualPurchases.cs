using Clv.Probabilistic.Data;

namespace Clv.Probabilistic.Models;

/// <summary>
/// A purchase model with a closed form for DERT, the discounted expected residual transactions of a customer under
/// continuous discounting over an unbounded horizon (Fader, Hardie &amp; Lee 2005, "RFM and CLV: Using Iso-Value Curves
/// for Customer Base Analysis", Journal of Marketing Research 42(4), section "DERT"). Callers ask for it by type test:
/// <c>model is IDiscountedResidualPurchases</c>.
/// </summary>
public interface IDiscountedResidualPurchases : IPurchaseModel
{
    /// <summary>
    /// Writes DERT(δ | x, t_x, T) = E[∫_T^∞ e^{−δ(τ−T)} dY(τ) | x, t_x, T] for every row of <paramref name="summary"/>:
    /// the expected purchases after T, each discounted continuously to T.
    /// </summary>
    /// <param name="summary">Customers, in the model's time unit.</param>
    /// <param name="delta">δ: the force of interest per model time unit (δ = ln(1 + d) for a rate d per unit); finite and &gt; 0.</param>
    /// <param name="destination">Receives one value per row.</param>
    void DiscountedExpectedResidualPurchases(RfmSummary summary, double delta, Span<double> destination);
}
