using System.Globalization;
using Clv.Probabilistic.Data;
using Clv.Probabilistic.Data.Discrete;
using MathNet.Numerics.Distributions;
using MathNet.Numerics.Random;

namespace Clv.Probabilistic.Models.BgBb;

/// <summary>
/// Simulates the BG/BB process (Fader, Hardie &amp; Shang 2010, section 2): each customer draws p ~ Beta(α, β) and
/// θ ~ Beta(γ, δ); at each opportunity a customer still alive first drops out with probability θ and, if still alive,
/// transacts with probability p.
/// </summary>
internal static class BgBbSimulator
{
    /// <summary>One customer per n, with transactions at <paramref name="holdoutPeriods"/> further opportunities.</summary>
    public static CalibrationHoldoutSummary Simulate(BgBbParameters parameters, TimeUnit unit, ReadOnlySpan<int> periods, int seed, int holdoutPeriods)
    {
        BgBbChecks.Horizon(holdoutPeriods, nameof(holdoutPeriods));
        int count = periods.Length;
        var random = new Xoshiro256StarStar(seed);
        var ids = new string[count];
        var x = new double[count];
        var recency = new double[count];
        var n = new double[count];
        var holdout = new double[count];
        var weights = new double[count];
        for (int i = 0; i < count; i++)
        {
            if (periods[i] < 0 || periods[i] > DiscreteHistory.MaxPeriods)
                throw new ArgumentOutOfRangeException(nameof(periods), periods[i], $"Periods of customer {i} must lie in [0, {DiscreteHistory.MaxPeriods}].");
            ids[i] = i.ToString(CultureInfo.InvariantCulture);
            weights[i] = 1;
            n[i] = periods[i];
            double p = Beta.Sample(random, parameters.Alpha, parameters.Beta);
            double theta = Beta.Sample(random, parameters.Gamma, parameters.Delta);
            for (int t = 1; t <= periods[i] + holdoutPeriods; t++)
            {
                if (random.NextDouble() < theta) break;
                if (random.NextDouble() >= p) continue;
                if (t > periods[i])
                {
                    holdout[i]++;
                    continue;
                }
                x[i]++;
                recency[i] = t;
            }
        }
        var summary = new RfmSummary(ids, x, recency, n, new double[count], weights, unit, validate: false);
        var duration = new double[count];
        Array.Fill(duration, holdoutPeriods);
        return new CalibrationHoldoutSummary(summary, holdout, new double[count], duration);
    }

    /// <summary>
    /// One customer's transactions at the next <paramref name="horizon"/> opportunities from the exact posterior given
    /// (x, t_x, n): alive at n with probability P(alive at n | history), and then p ~ Beta(α+x, β+n−x) and
    /// θ ~ Beta(γ, δ+n) (the alive history has likelihood p^x (1−p)^{n−x} (1−θ)^n); otherwise no transactions.
    /// </summary>
    public static int SimulateFuture(BgBbParameters parameters, int x, int recency, int n, int horizon, Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        BgBbChecks.History(x, recency, n);
        BgBbChecks.Horizon(horizon, nameof(horizon));
        double lnL = BgBbFormulas.LogLikelihood(parameters, x, recency, n, out double alive, out _);
        if (random.NextDouble() >= Math.Exp(alive - lnL)) return 0;
        double p = Beta.Sample(random, parameters.Alpha + x, parameters.Beta + n - x);
        double theta = Beta.Sample(random, parameters.Gamma, parameters.Delta + n);
        int count = 0;
        for (int s = 0; s < horizon; s++)
        {
            if (random.NextDouble() < theta) break;
            if (random.NextDouble() < p) count++;
        }
        return count;
    }
}
