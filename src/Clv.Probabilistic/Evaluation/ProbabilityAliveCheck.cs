namespace Clv.Probabilistic.Evaluation;

/// <summary>
/// Checks P(alive) against whether the customer made any purchase in the holdout period: Brier score (calibration and
/// sharpness together) and ROC AUC (ranking only).
/// </summary>
/// <remarks>
/// A customer who buys in the holdout was certainly alive; one who does not may be alive but quiet, so "made a holdout
/// purchase" is a proxy outcome and even a perfect P(alive) does not reach a Brier score of 0 or an AUC of 1. The model's
/// P(alive | x, t_x, T) for the BG/NBD model is given in Fader, Hardie &amp; Lee (2008), "Computing P(alive) Using
/// the BG/NBD Model" (note at brucehardie.com); any model's P(alive) can be scored here. Brier score: Brier (1950), "Verification of forecasts expressed in terms of probability",
/// Monthly Weather Review 78(1): Σ w_i (p_i − y_i)² / Σ w_i. AUC: the Mann–Whitney U statistic divided by the number of
/// positive–negative pairs, Hanley &amp; McNeil (1982), "The meaning and use of the area under a receiver operating
/// characteristic (ROC) curve", Radiology 143(1); see <see cref="AreaUnderRoc"/> for ties and weights.
/// </remarks>
/// <param name="BrierScore">Weighted mean of (P(alive) − y)², y = 1 if the customer made a holdout purchase.</param>
/// <param name="RocAuc">Probability that a random buyer ranks above a random non-buyer (ties count ½); <c>null</c> when either group is empty.</param>
/// <param name="Buyers">Total weight of customers with a holdout purchase.</param>
/// <param name="NonBuyers">Total weight of customers without one.</param>
public sealed record ProbabilityAliveCheck(double BrierScore, double? RocAuc, double Buyers, double NonBuyers)
{
    /// <summary>Scores P(alive) against holdout purchases.</summary>
    /// <param name="probabilityAlive">P(alive) per customer at the end of calibration, in [0, 1].</param>
    /// <param name="holdoutPurchases">Holdout purchases per customer (≥ 0); a customer is a buyer when this is &gt; 0.</param>
    /// <param name="weights">How many customers each row stands for; empty means 1 each.</param>
    /// <exception cref="ArgumentException">Lengths differ, or the weights sum to 0.</exception>
    /// <exception cref="InvalidRowException">A probability is outside [0, 1] or NaN, a count is negative or not finite, or a weight is invalid.</exception>
    public static ProbabilityAliveCheck Compute(ReadOnlySpan<double> probabilityAlive, ReadOnlySpan<double> holdoutPurchases,
        ReadOnlySpan<double> weights = default)
    {
        int n = probabilityAlive.Length;
        Input.SameLength(n, nameof(probabilityAlive), holdoutPurchases.Length, nameof(holdoutPurchases));
        Input.Probabilities(probabilityAlive, nameof(probabilityAlive));
        Input.NonNegative(holdoutPurchases, nameof(holdoutPurchases));
        double total = Input.Weights(weights, n, nameof(weights));
        if (!(total > 0)) throw new ArgumentException("No customers: the weights sum to 0.", nameof(weights));

        var buyer = new bool[n];
        double brier = 0, buyers = 0;
        for (int i = 0; i < n; i++)
        {
            buyer[i] = holdoutPurchases[i] > 0;
            double w = Input.Weight(weights, i);
            double miss = probabilityAlive[i] - (buyer[i] ? 1.0 : 0.0);
            brier += w * miss * miss;
            if (buyer[i]) buyers += w;
        }
        return new ProbabilityAliveCheck(brier / total, Auc(probabilityAlive, buyer, weights), buyers, total - buyers);
    }

    /// <summary>
    /// Area under the ROC curve of <paramref name="scores"/> for separating positives from negatives, from the
    /// Mann–Whitney U statistic with midranks for ties; <c>null</c> when either class has zero weight.
    /// </summary>
    /// <remarks>
    /// Rows are ranked by score; a run of tied scores occupying (weighted) ranks c + 1, …, c + g gets the midrank
    /// c + (g + 1)/2. With R₊ the weighted sum of the positives' midranks, U = R₊ − W₊(W₊ + 1)/2 and AUC = U / (W₊ W₋),
    /// which equals the fraction of positive–negative pairs where the positive scores higher, ties counting ½
    /// (Hanley &amp; McNeil 1982). The algebra holds for any non-negative weights, and a weight m is the same as m copies
    /// of the row. O(n log n).
    /// </remarks>
    /// <exception cref="ArgumentException">Lengths differ.</exception>
    /// <exception cref="InvalidRowException">A score is not finite, or a weight is invalid.</exception>
    public static double? AreaUnderRoc(ReadOnlySpan<double> scores, ReadOnlySpan<bool> positive, ReadOnlySpan<double> weights = default)
    {
        Input.SameLength(scores.Length, nameof(scores), positive.Length, nameof(positive));
        Input.Finite(scores, nameof(scores));
        Input.Weights(weights, scores.Length, nameof(weights));
        return Auc(scores, positive, weights);
    }

    private static double? Auc(ReadOnlySpan<double> scores, ReadOnlySpan<bool> positive, ReadOnlySpan<double> weights)
    {
        int n = scores.Length;
        var sorted = scores.ToArray();
        var order = new int[n];
        for (int i = 0; i < n; i++) order[i] = i;
        Array.Sort(sorted, order);

        double below = 0, positiveRankSum = 0, positives = 0, negatives = 0;
        for (int start = 0; start < n;)
        {
            int end = start;
            double group = 0, groupPositives = 0;
            while (end < n && sorted[end] == sorted[start])
            {
                int i = order[end++];
                double w = Input.Weight(weights, i);
                group += w;
                if (positive[i]) groupPositives += w;
            }
            positiveRankSum += groupPositives * (below + (group + 1.0) / 2.0);
            positives += groupPositives;
            negatives += group - groupPositives;
            below += group;
            start = end;
        }
        if (!(positives > 0) || !(negatives > 0)) return null;
        double u = positiveRankSum - positives * (positives + 1.0) / 2.0;
        return u / (positives * negatives);
    }
}
