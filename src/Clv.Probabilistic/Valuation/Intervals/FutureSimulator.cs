using Clv.Probabilistic.Models.BgNbd;
using Clv.Probabilistic.Models.GammaGamma;
using MathNet.Numerics.Distributions;

namespace Clv.Probabilistic.Valuation.Intervals;

/// <summary>
/// Simulates one customer's realised purchases (and their value) in (T, T + t] from the exact conditional posterior of
/// the customer's latent state given (x, t_x, T), (z̄) and the parameters.
/// </summary>
/// <remarks>
/// BG/NBD (Fader, Hardie &amp; Lee 2005, section 3; derivation in docs/bayesian.md). Given the history, the customer is
/// alive at T with probability P(alive | x, t_x, T) (eq. 13). The likelihood of the history is
/// λ^x e^{−λT} (1 − p)^x if alive, and λ^x e^{−λ t_x} p (1 − p)^{x−1} if the customer dropped out at the x-th repeat
/// purchase (x ≥ 1), so
/// alive: λ ~ Gamma(r + x, rate α + T), p ~ Beta(a, b + x);
/// dead:  λ ~ Gamma(r + x, rate α + t_x), p ~ Beta(a + 1, b + x − 1);
/// λ | history is the two-component Gamma mixture with weights P(alive) and 1 − P(alive). A dead customer buys nothing;
/// an alive one buys at the times of a Poisson(λ) process and drops out after each purchase with probability p.
/// Value (Gamma-Gamma, FHL 2005 JMR 42(4)): ν | x, z̄ ~ Gamma(p x + q, rate γ + x z̄), and the sum of n transaction
/// values, each Gamma(p, rate ν), is Gamma(p n, rate ν).
/// </remarks>
internal static class FutureSimulator
{
    public static int Purchases(BgNbdParameters parameters, double x, double recency, double t, double horizon, Random random)
    {
        double r = parameters.R, alpha = parameters.Alpha, a = parameters.A, b = parameters.B;
        double alive = Math.Exp(-BgNbdFormulas.LogOddsDead(r, alpha, a, b, x, recency, t, out _));
        if (x > 0 && random.NextDouble() >= alive) return 0;
        double lambda = Gamma.Sample(random, r + x, alpha + t);
        double p = Beta.Sample(random, a, b + x);
        int count = 0;
        double time = 0;
        while (true)
        {
            time += -Math.Log(1 - random.NextDouble()) / lambda;
            if (time > horizon) return count;
            count++;
            if (random.NextDouble() < p) return count;
        }
    }

    public static double Value(GammaGammaParameters parameters, double x, double meanSpend, int purchases, Random random)
    {
        if (purchases == 0) return 0;
        double nu = Gamma.Sample(random, parameters.P * x + parameters.Q, parameters.Gamma + x * meanSpend);
        return Gamma.Sample(random, parameters.P * purchases, nu);
    }
}
