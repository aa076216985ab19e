using Clv.Probabilistic.Data;
using MathNet.Numerics.Distributions;

namespace Clv.Probabilistic.Models.GGomNbd;

/// <summary>
/// Simulates the GGom/NBD process (Bemmaor &amp; Glady 2012, section 2): each customer draws λ ~ Gamma(r, α) and
/// η ~ Gamma(s, β), lives for a Gompertz time with survival exp(−η (e^{bt} − 1)) after a first purchase at 0 (drawn by
/// inversion, t = ln(1 + E/η)/b with E ~ Exp(1)) and meanwhile purchases at the times of a Poisson process of rate λ. The
/// same seed gives the same customers on every machine.
/// </summary>
internal static class GGomNbdSimulator
{
    /// <summary>One customer per element of <paramref name="observationLengths"/>, with purchases in a holdout after T.</summary>
    public static PurchaseSimulation Simulate(GGomNbdParameters p, TimeUnit unit, ReadOnlySpan<double> observationLengths, int seed,
        double holdoutLength, bool wholeUnits) =>
        PoissonLifetimeSimulation.Simulate(p.R, p.Alpha, random =>
        {
            double eta = Gamma.Sample(random, p.S, p.Beta);
            return RemainingLifetime(p.B, eta, 0, random);
        }, unit, observationLengths, seed, holdoutLength, wholeUnits);

    /// <summary>
    /// One customer's purchases in (T, T + <paramref name="horizon"/>] from the exact posterior given (x, t_x, T): alive at
    /// T with probability P(alive | x, t_x, T); if alive, λ ~ Gamma(r + x, α + T) and η ~ Gamma(s, β + e^{bT} − 1) (the
    /// alive likelihood λ^x e^{−λT} exp(−η (e^{bT} − 1)) times the priors), the remaining lifetime with survival
    /// exp(−η e^{bT} (e^{bu} − 1)), and the count Poisson(λ · min(lifetime, horizon)).
    /// </summary>
    public static int SimulateFuture(GGomNbdParameters p, double x, double recency, double t, double horizon, Random random)
    {
        double alive = GGomNbdFormulas.ProbabilityAlive(p, x, recency, t);
        if (random.NextDouble() >= alive) return 0;
        double lambda = Gamma.Sample(random, p.R + x, p.Alpha + t);
        double eta = Gamma.Sample(random, p.S, p.Beta + GompertzDropout.At(p.B, p.Beta, t).Excess);
        return PoissonLifetimeSimulation.FutureCount(lambda, RemainingLifetime(p.B, eta, t, random), horizon, random);
    }

    /// <summary>u with P(U &gt; u) = exp(−η e^{bT} (e^{bu} − 1)): u = ln(1 + E e^{−bT}/η)/b, E ~ Exp(1).</summary>
    private static double RemainingLifetime(double b, double eta, double t, Random random)
    {
        double ratio = PoissonLifetimeSimulation.Exponential(random) * Math.Exp(-b * t) / eta;
        return Numerics.LogMath.Log1p(ratio) / b;
    }
}
