using System.Globalization;
using Clv.Probabilistic.Data;
using MathNet.Numerics.Distributions;
using MathNet.Numerics.Random;

namespace Clv.Probabilistic.Models;

/// <summary>
/// The simulation shared by the models whose customers purchase as a Poisson process of rate λ ~ Gamma(r, α) while alive
/// and die at a lifetime drawn independently of purchasing (Pareto/NBD: exponential; GGom/NBD: gamma-Gompertz). The
/// model supplies only how to draw a lifetime; draws happen in a fixed order (λ, then the lifetime, then the purchase
/// gaps), so the same seed gives the same customers on every machine.
/// </summary>
internal static class PoissonLifetimeSimulation
{
    /// <summary>One customer per element of <paramref name="observationLengths"/>, with purchases in a holdout after T.</summary>
    /// <param name="r">Shape of the Gamma distribution of λ.</param>
    /// <param name="alpha">Rate of the Gamma distribution of λ.</param>
    /// <param name="lifetime">Draws a new customer's lifetime from the first purchase (called once per customer, after λ).</param>
    /// <param name="unit">Time unit of the summary.</param>
    /// <param name="observationLengths">T per customer.</param>
    /// <param name="seed">Seed of the generator.</param>
    /// <param name="holdoutLength">Length of the holdout after each T.</param>
    /// <param name="wholeUnits">Round recency down to whole units.</param>
    public static PurchaseSimulation Simulate(double r, double alpha, Func<Random, double> lifetime, TimeUnit unit,
        ReadOnlySpan<double> observationLengths, int seed, double holdoutLength, bool wholeUnits)
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
            double lambda = Gamma.Sample(random, r, alpha);
            double end = Math.Min(t[i] + holdoutLength, lifetime(random)), time = 0;
            if (lambda > 0)
            {
                while (true)
                {
                    time += Exponential(random) / lambda;
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
                    SimulationLimit.Check(x[i] + holdout[i], lambda);
                }
            }
            if (wholeUnits) recency[i] = Math.Floor(recency[i]);
        }
        var weights = new double[n];
        Array.Fill(weights, 1.0);
        var summary = new RfmSummary(ids, x, recency, t, new double[n], weights, unit, validate: false);
        return new PurchaseSimulation(summary, holdout, holdoutLength);
    }

    /// <summary>Purchases in a horizon of a customer with rate λ and the given remaining lifetime: Poisson(λ · min(lifetime, horizon)).</summary>
    public static int FutureCount(double lambda, double remainingLifetime, double horizon, Random random)
    {
        double mean = lambda * Math.Min(remainingLifetime, horizon);
        return mean > 0 ? Poisson.Sample(random, mean) : 0;
    }

    /// <summary>E ~ Exp(1) by inversion.</summary>
    public static double Exponential(Random random) => -Math.Log(1 - random.NextDouble());
}
