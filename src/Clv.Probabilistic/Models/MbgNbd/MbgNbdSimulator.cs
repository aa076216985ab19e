using System.Globalization;
using Clv.Probabilistic.Data;
using Clv.Probabilistic.Models.BgNbd;
using MathNet.Numerics.Distributions;
using MathNet.Numerics.Random;

namespace Clv.Probabilistic.Models.MbgNbd;

/// <summary>
/// Simulates the MBG/NBD process (Batislam, Denizel &amp; Filiztekin 2007, section 2): each customer draws λ ~ Gamma(r, α)
/// and p ~ Beta(a, b), drops out right after the first purchase at 0 with probability p, and otherwise purchases at the
/// times of a Poisson process of rate λ, dropping out after each repeat purchase with probability p.
/// </summary>
internal static class MbgNbdSimulator
{
    /// <summary>One customer per observation length, with purchases in a holdout; the same seed gives the same customers.</summary>
    public static PurchaseSimulation Simulate(MbgNbdParameters parameters, TimeUnit unit, ReadOnlySpan<double> observationLengths,
        int seed, double holdoutLength, bool wholeUnits)
    {
        BgNbdChecks.Horizon(holdoutLength, nameof(holdoutLength));
        int n = observationLengths.Length;
        var random = new Xoshiro256StarStar(seed);
        var ids = new string[n];
        var x = new double[n];
        var recency = new double[n];
        var t = observationLengths.ToArray();
        var holdout = new double[n];
        var weights = new double[n];
        for (int i = 0; i < n; i++)
        {
            if (!double.IsFinite(t[i]) || t[i] < 0)
                throw new ArgumentOutOfRangeException(nameof(observationLengths), t[i], $"Observation length {i} must be finite and ≥ 0.");
            ids[i] = i.ToString(CultureInfo.InvariantCulture);
            weights[i] = 1;
            double lambda = Gamma.Sample(random, parameters.R, parameters.Alpha);
            double p = Beta.Sample(random, parameters.A, parameters.B);
            if (random.NextDouble() < p) continue;
            BgNbdSimulator.PurchaseUntilDropout(lambda, p, t[i], t[i] + holdoutLength, random, out x[i], out recency[i], out holdout[i]);
            if (wholeUnits) recency[i] = Math.Floor(recency[i]);
        }
        var summary = new RfmSummary(ids, x, recency, t, new double[n], weights, unit, validate: false);
        return new PurchaseSimulation(summary, holdout, holdoutLength);
    }

    /// <summary>
    /// One customer's purchases in (T, T + <paramref name="horizon"/>] from the exact conditional posterior given (x, t_x, T):
    /// alive with probability P(alive | x, t_x, T); if alive, λ ~ Gamma(r+x, rate α+T) and p ~ Beta(a, b+x+1) (the alive
    /// history has likelihood (1−p)^{x+1} λ^x e^{−λT}), purchasing at the times of a Poisson(λ) process and dropping out
    /// after each purchase with probability p; if not, no purchases.
    /// </summary>
    public static int SimulateFuture(MbgNbdParameters parameters, double x, double recency, double t, double horizon, Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        BgNbdChecks.History(x, recency, t);
        BgNbdChecks.Horizon(horizon, nameof(horizon));
        double r = parameters.R, alpha = parameters.Alpha, a = parameters.A, b = parameters.B;
        if (random.NextDouble() >= MbgNbdFormulas.ProbabilityAlive(r, alpha, a, b, x, recency, t)) return 0;
        double lambda = Gamma.Sample(random, r + x, alpha + t);
        double p = Beta.Sample(random, a, b + x + 1);
        int count = 0;
        double time = 0;
        while (true)
        {
            time += -Math.Log(1 - random.NextDouble()) / lambda;
            if (time > horizon) return count;
            count++;
            SimulationLimit.Check(count, lambda);
            if (random.NextDouble() < p) return count;
        }
    }
}
