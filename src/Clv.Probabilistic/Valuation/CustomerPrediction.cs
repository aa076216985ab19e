using Clv.Probabilistic.Inference.Optimization;

namespace Clv.Probabilistic.Valuation;

/// <summary>Everything predicted for one customer: one row of <see cref="CustomerPredictions"/>.</summary>
/// <param name="CustomerId">The customer's id.</param>
/// <param name="ExpectedPurchases">E[Y(t) | x, t_x, T] over the horizon (DERT over an unbounded horizon).</param>
/// <param name="ProbabilityAlive">P(alive | x, t_x, T).</param>
/// <param name="ExpectedSpend">E[Z | x, z̄], with a spend model; otherwise null.</param>
/// <param name="Clv">The customer lifetime value, with a spend model; otherwise null.</param>
/// <param name="ExpectedPurchasesInterval">Credible interval of <paramref name="ExpectedPurchases"/>, if computed.</param>
/// <param name="ProbabilityAliveInterval">Credible interval of <paramref name="ProbabilityAlive"/>, if computed.</param>
/// <param name="ExpectedSpendInterval">Credible interval of <paramref name="ExpectedSpend"/>, if computed.</param>
/// <param name="ClvInterval">Credible interval of <paramref name="Clv"/>, if computed.</param>
/// <param name="FuturePurchasesInterval">Predictive interval of the realised purchases in the horizon (whole numbers), if computed.</param>
/// <param name="FutureValueInterval">Predictive interval of the realised undiscounted value in the horizon, if computed.</param>
public readonly record struct CustomerPrediction(
    string CustomerId,
    double ExpectedPurchases,
    double ProbabilityAlive,
    double? ExpectedSpend,
    double? Clv,
    ConfidenceInterval? ExpectedPurchasesInterval,
    ConfidenceInterval? ProbabilityAliveInterval,
    ConfidenceInterval? ExpectedSpendInterval,
    ConfidenceInterval? ClvInterval,
    ConfidenceInterval? FuturePurchasesInterval,
    ConfidenceInterval? FutureValueInterval);
