using Clv.Probabilistic.Data;
using MathNet.Numerics.Distributions;

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
        double holdoutLength, bool wholeUnits) =>
        PoissonLifetimeSimulation.Simulate(p.R, p.Alpha, random =>
        {
            double mu = Gamma.Sample(random, p.S, p.Beta);
            return PoissonLifetimeSimulation.Exponential(random) / mu;
        }, unit, observationLengths, seed, holdoutLength, wholeUnits);

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
        return PoissonLifetimeSimulation.FutureCount(lambda, PoissonLifetimeSimulation.Exponential(random) / mu, horizon, random);
    }
}
