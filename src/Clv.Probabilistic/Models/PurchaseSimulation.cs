using Clv.Probabilistic.Data;

namespace Clv.Probabilistic.Models;

/// <summary>Simulated customers: their calibration summary and their purchases in a holdout period.</summary>
public sealed class PurchaseSimulation
{
    private readonly double[] _holdout;

    internal PurchaseSimulation(RfmSummary summary, double[] holdout, double holdoutLength)
    {
        Summary = summary;
        _holdout = holdout;
        HoldoutLength = holdoutLength;
    }

    /// <summary>x, t_x, T of each customer over the calibration period (0, T].</summary>
    public RfmSummary Summary { get; }

    /// <summary>Purchases of each customer in (T, T + <see cref="HoldoutLength"/>].</summary>
    public ReadOnlySpan<double> HoldoutPurchases => _holdout;

    /// <summary>Length of the holdout period (0 when none was simulated).</summary>
    public double HoldoutLength { get; }
}
