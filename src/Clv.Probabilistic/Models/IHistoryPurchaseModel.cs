namespace Clv.Probabilistic.Models;

/// <summary>
/// A purchase model whose per-row predictions are functions of the row's history (x, t_x, T) alone, not of its customer
/// id nor of the other rows: a caller may evaluate them once per distinct history and copy the values to every customer
/// who shares it (<see cref="Valuation.CustomerLifetimeValue"/> does).
/// </summary>
internal interface IHistoryPurchaseModel : IPurchaseModel;

/// <summary>
/// A history model whose conditional expectation is computed as the product P(alive | x, t_x, T) · g(x, T, t), where
/// g, the expected purchases in (T, T + t] of a customer known to be alive at T, depends on (x, T) only (BG/NBD: FHL
/// 2005 eq. 10 = eq. 13 × eq. 7 at updated parameters; MBG/NBD, Pareto/NBD and GGom/NBD likewise). <see cref="IPurchaseModel.ConditionalExpectedPurchases"/>
/// must return exactly the rounded product of <see cref="IPurchaseModel.ProbabilityAlive"/> and
/// <see cref="ExpectedPurchasesIfAlive"/>, so a caller that needs E[Y] at many horizons evaluates g once per distinct
/// (x, T) and horizon and gets the same bits.
/// </summary>
internal interface IAliveFactoredPurchaseModel : IHistoryPurchaseModel
{
    /// <summary>g(x, T, t): expected purchases in (T, T + t] of a customer with x repeat purchases alive at T.</summary>
    double ExpectedPurchasesIfAlive(double x, double t, double horizon);
}
