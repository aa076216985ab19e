using Clv.Probabilistic.Data.Retention;
using Clv.Probabilistic.Numerics;
using MathNet.Numerics.Distributions;
using MathNet.Numerics.Random;

namespace Clv.Probabilistic.Models.BetaDiscreteWeibull;

/// <summary>
/// Simulates a cohort from the BdW model (the sBG at c = 1): θ ~ Beta(α, β), and T &gt; t exactly when
/// U &lt; (1 − θ)^(t^c) for one uniform U, so T = max(1, ⌈(ln U / ln(1 − θ))^(1/c)⌉).
/// </summary>
internal static class BdwSimulator
{
    public static RetentionData Simulate(double alpha, double beta, double c, int customers, int periods, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(customers, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(periods, 1);
        var random = new Xoshiro256StarStar(seed);
        var observed = new int[customers];
        var churned = new bool[customers];
        for (int i = 0; i < customers; i++)
        {
            double theta = Beta.Sample(random, alpha, beta);
            double u = random.NextDouble();
            double ratio = -Math.Log(u) / -LogMath.Log1p(-theta);
            double v = Math.Pow(ratio, 1.0 / c);
            if (double.IsNaN(v) || v > periods)
            {
                observed[i] = periods;
                continue;
            }
            observed[i] = Math.Max(1, (int)Math.Ceiling(v));
            churned[i] = true;
        }
        return new RetentionData(observed, churned);
    }
}
