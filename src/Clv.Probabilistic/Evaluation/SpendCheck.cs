namespace Clv.Probabilistic.Evaluation;

/// <summary>Checks a spend model's expected mean spend per purchase against the mean spend actually seen in the holdout.</summary>
/// <remarks>
/// Only customers who made at least one holdout purchase have an observed holdout mean spend, so the comparison is
/// restricted to them; each counts once (times its row weight), however many holdout purchases it made. The quantity
/// predicted is the conditional expectation of the Gamma-Gamma spend model, Fader, Hardie &amp; Lee (2005), "RFM and
/// CLV: Using Iso-Value Curves for Customer Base Analysis", Journal of Marketing Research 42(4) (see also Fader &amp; Hardie, "The Gamma-Gamma Model of Monetary Value", 2013); the
/// metrics are those of <see cref="ErrorMetrics"/>.
/// </remarks>
public static class SpendCheck
{
    /// <summary>Error metrics of predicted vs actual mean spend among customers with holdout purchases.</summary>
    /// <param name="predictedSpend">E[Z | x, z̄] per customer, from the spend model.</param>
    /// <param name="actualSpend">Mean spend per holdout purchase; read only where <paramref name="holdoutPurchases"/> &gt; 0 (may be NaN elsewhere).</param>
    /// <param name="holdoutPurchases">Number of holdout purchases per customer.</param>
    /// <param name="weights">How many customers each row stands for; empty means 1 each.</param>
    /// <exception cref="ArgumentException">Lengths differ, or no customer made a holdout purchase.</exception>
    /// <exception cref="InvalidRowException">A compared value is not finite, a count is negative, or a weight is invalid.</exception>
    public static ErrorMetrics Compute(ReadOnlySpan<double> predictedSpend, ReadOnlySpan<double> actualSpend,
        ReadOnlySpan<double> holdoutPurchases, ReadOnlySpan<double> weights = default)
    {
        int n = predictedSpend.Length;
        Input.SameLength(n, nameof(predictedSpend), actualSpend.Length, nameof(actualSpend));
        Input.SameLength(n, nameof(predictedSpend), holdoutPurchases.Length, nameof(holdoutPurchases));
        Input.NonNegative(holdoutPurchases, nameof(holdoutPurchases));
        Input.Weights(weights, n, nameof(weights));
        for (int i = 0; i < n; i++)
        {
            if (holdoutPurchases[i] == 0) continue;
            if (!double.IsFinite(predictedSpend[i])) throw new InvalidRowException(nameof(predictedSpend), i, $"{predictedSpend[i]} is not finite.");
            if (!double.IsFinite(actualSpend[i])) throw new InvalidRowException(nameof(actualSpend), i, $"{actualSpend[i]} is not finite for a customer with holdout purchases.");
        }
        return ErrorMetrics.Accumulate(predictedSpend, actualSpend, weights, holdoutPurchases, nameof(holdoutPurchases));
    }
}
