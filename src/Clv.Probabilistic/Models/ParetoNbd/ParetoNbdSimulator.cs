using System.Globalization;
using Clv.Probabilistic.Data;
using MathNet.Numerics.Distributions;
using MathNet.Numerics.Random;

namespace Clv.Probabilistic.Models.ParetoNbd;

/// <summary>
/// Simulates the Pareto/NBD process (Schmittlein, Morrison &amp; Colombo 1987, assumptions (i)–(v)): each customer draws
/// λ ~ Gamma(r, α) and μ ~ Gamma(s, β), lives for an Exp(μ) time after a first purchase at 0 and meanwhile purchases at
/// the times of a Poisson process of rate λ. The same seed gives the same customers on every machine.
/// </summary>
internal static class ParetoNbdSimulator
{
    /// <summary>One customer per element of <paramref name="observationLengths"/>, with purchases in a holdout after T.</summary>
    public static PurchaseSimulation Simulate(ParetoNbdParameters p, TimeUnit unit, ReadOnlySpan<double> observationLengths, int seed,
        double holdoutLength, bool wholeUnits)
    {
        if (!double.IsFinite(holdoutLength) || holdoutLength < 0)
            throw new ArgumentOutOfRangeException(nameof(holdoutLength), holdoutLength, "The holdout length must be finite and ≥ 0.");
        int n = observationLengths.Length;
        var random = new Xoshiro256StarStar(seed);
        var ids = new string[n];
        var x = new double[n];
        var recency = new double[n];
        var t = observationLengths.ToArray();
        var holdout = new double[n];
        for (int i = 0; i < n; i++)
        {
            if (!double.IsFinite(t[i]) || t[i] < 0)
                throw new ArgumentOutOfRangeException(nameof(observationLengths), t[i], $"Observation length {i} must be finite and ≥ 0.");
            ids[i] = i.ToString(CultureInfo.InvariantCulture);
            double lambda = Gamma.Sample(random, p.R, p.Alpha);
            double mu = Gamma.Sample(random, p.S, p.Beta);
            double lifetime = -Math.Log(1 - random.NextDouble()) / mu;
            double end = Math.Min(t[i] + holdoutLength, lifetime), time = 0;
            if (lambda > 0)
            {
                while (true)
                {
                    time += -Math.Log(1 - random.NextDouble()) / lambda;
                    if (time > end) break;
                    if (time <= t[i])
                    {
                        x[i]++;
                        recency[i] = time;
                    }
                    else
                    {
                        holdout[i]++;
                    }
                }
            }
            if (wholeUnits) recency[i] = Math.Floor(recency[i]);
        }
        var weights = new double[n];
        Array.Fill(weights, 1.0);
        var summary = new RfmSummary(ids, x, recency, t, new double[n], weights, unit, validate: false);
        return new PurchaseSimulation(summary, holdout, holdoutLength);
    }

    /// <summary>
    /// One customer's purchases in (T, T + <paramref name="horizon"/>] from the exact posterior given (x, t_x, T): alive at
    /// T with probability P(alive | x, t_x, T); if alive, λ ~ Gamma(r + x, α + T) and μ ~ Gamma(s, β + T) independently
    /// (the alive likelihood λ^x e^{−λT} e^{−μT} times the priors), the remaining lifetime Exp(μ) by memorylessness, and
    /// the count Poisson(λ · min(lifetime, horizon)).
    /// </summary>
    public static int SimulateFuture(ParetoNbdParameters p, double x, double recency, double t, double horizon, Random random)
    {
        double alive = ParetoNbdFormulas.ProbabilityAlive(p, x, recency, t);
        if (random.NextDouble() >= alive) return 0;
        double lambda = Gamma.Sample(random, p.R + x, p.Alpha + t);
        double mu = Gamma.Sample(random, p.S, p.Beta + t);
        double lifetime = -Math.Log(1 - random.NextDouble()) / mu;
        double mean = lambda * Math.Min(lifetime, horizon);
        return mean > 0 ? Poisson.Sample(random, mean) : 0;
    }
}
