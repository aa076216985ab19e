namespace Clv.Probabilistic.Valuation.Intervals;

/// <summary>
/// A total over the whole customer base (Σ_i w_i q_i of one quantity q) at the point estimate, with an equal-tailed
/// interval over the parameter draws: the uncertainty of the total that comes from not knowing the parameters.
/// </summary>
/// <param name="Quantity">"clv" (with a spend model and valuation settings) or "expected_purchases".</param>
/// <param name="Estimate">The total at the fit's point estimate.</param>
/// <param name="Mean">Mean of the per-draw totals.</param>
/// <param name="Lower">Lower end of the equal-tailed interval of the per-draw totals.</param>
/// <param name="Upper">Upper end.</param>
/// <param name="Level">Interval level, e.g. 0.9.</param>
/// <param name="Draws">Number of paired parameter draws evaluated.</param>
public sealed record TotalInterval(string Quantity, double Estimate, double Mean, double Lower, double Upper, double Level, int Draws);
