using Clv.Probabilistic.Data;

namespace Clv.Probabilistic.MachineLearning;

/// <summary>
/// The features the gradient-boosted baseline sees for one customer, all from its calibration summary:
/// x, t_x, T, the mean repeat spend, the repeat rate x / T and the time since the last purchase T − t_x.
/// </summary>
internal static class RfmFeatures
{
    public const int Count = 6;

    public static IReadOnlyList<string> Names { get; } = ["x", "t_x", "T", "mean spend", "x / T", "T - t_x"];

    /// <summary>Row i's features as single precision, as ML.NET wants them.</summary>
    public static float[] Of(RfmSummary summary, int i)
    {
        double x = summary.Frequency[i], tx = summary.Recency[i], t = summary.T[i];
        return [(float)x, (float)tx, (float)t, (float)summary.MonetaryValue[i], (float)(t > 0 ? x / t : 0), (float)(t - tx)];
    }
}
