namespace Clv.Probabilistic.Models;

/// <summary>What a model predicts, which fixes the prediction interface its fitted form implements.</summary>
public enum ModelKind
{
    /// <summary>Purchase counts over time (<see cref="IPurchaseModel"/>).</summary>
    Purchase,

    /// <summary>Spend per purchase (<see cref="ISpendModel"/>).</summary>
    Spend,

    /// <summary>
    /// Transactions at discrete opportunities, at most one per period (<see cref="IDiscretePurchaseModel"/>): the summary's
    /// frequency, recency and T are whole numbers of periods (x, t_x, n).
    /// </summary>
    DiscretePurchase,

    /// <summary>Survival of contracts renewed period by period (<see cref="IRetentionModel"/>), fitted to <c>Data.Retention.RetentionData</c>.</summary>
    Retention,
}
