using Clv.Probabilistic.Data;

namespace Clv.Probabilistic.Models;

/// <summary>
/// The per-customer predictions of <see cref="IPurchaseModel"/> and <see cref="ISpendModel"/> as new arrays, one value per
/// row of the summary, for callers who do not manage buffers (notebooks, scripts, data-frame code).
/// </summary>
public static class PredictionArrays
{
    /// <summary>P(alive | x, t_x, T) per customer.</summary>
    public static double[] ProbabilityAlive(this IPurchaseModel model, RfmSummary customers)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(customers);
        var values = new double[customers.Count];
        model.ProbabilityAlive(customers, values);
        return values;
    }

    /// <summary>E[Y(t) | x, t_x, T] per customer: expected purchases in (T, T + t], t in the model's time unit.</summary>
    public static double[] ConditionalExpectedPurchases(this IPurchaseModel model, RfmSummary customers, double t)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(customers);
        var values = new double[customers.Count];
        model.ConditionalExpectedPurchases(customers, t, values);
        return values;
    }

    /// <summary>P(Y(t) = n | x, t_x, T) per customer, for models with a conditional PMF.</summary>
    /// <exception cref="NotSupportedException">The model has no conditional PMF.</exception>
    public static double[] ConditionalProbabilityOfPurchases(this IPurchaseModel model, RfmSummary customers, double t, int n)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(customers);
        var values = new double[customers.Count];
        model.ConditionalProbabilityOfPurchases(customers, t, n, values);
        return values;
    }

    /// <summary>E[Z | x, z̄] per customer: expected spend per future purchase.</summary>
    public static double[] ConditionalExpectedSpend(this ISpendModel model, RfmSummary customers)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(customers);
        var values = new double[customers.Count];
        model.ConditionalExpectedSpend(customers, values);
        return values;
    }
}
