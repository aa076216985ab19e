using Clv.Probabilistic.Numerics;
using MathNet.Numerics;

namespace Clv.Probabilistic.Models.ParetoNbd;

/// <summary>Closed-form and one-integral Pareto/NBD quantities for one customer; durations share the model's time unit.</summary>
/// <remarks>
/// A customer alive at T with history (x, t_x, T) continues as a new customer with parameters (r+x, α+T, s, β+T): given
/// alive, the likelihood λ^x e^{−λT} e^{−μT} updates both Gamma distributions, and the remaining lifetime is again
/// exponential (memorylessness). Hence E[Y(t) | x, t_x, T] = P(alive) · E[X(t)] at the updated parameters
/// (Schmittlein, Morrison &amp; Colombo 1987, eq. 22; Fader &amp; Hardie 2005 note, eq. (14)).
/// </remarks>
internal static class ParetoNbdFormulas
{
    /// <summary>
    /// E[X(t)] = r β/(α (s−1)) [1 − (β/(β+t))^{s−1}] (SMC 1987, eq. 17), evaluated as (r β/α) (1 − e^{−(s−1)L})/(s−1) with
    /// L = ln(1 + t/β) through expm1, which is continuous at s = 1 where it is (r β/α) L.
    /// </summary>
    public static double ExpectedCount(double r, double alpha, double s, double beta, double t)
    {
        if (t == 0) return 0;
        double l = LogMath.Log1p(t / beta), c = s - 1;
        double factor = c == 0 ? l : -LogMath.ExpM1(-c * l) / c;
        return r * beta / alpha * factor;
    }

    /// <summary>ln of the odds of having dropped out by T, ln(s I / E) = ln s + ln J (−∞ when t_x = T), with J = I/E
    /// integrated as one quantity (<see cref="AliveOddsIntegral"/>) rather than as the difference of two large logarithms.</summary>
    public static double LogOddsDead(ParetoNbdParameters p, double x, double recency, double t) =>
        t > recency ? Math.Log(p.S) + AliveOddsIntegral.Evaluate(p.R, p.Alpha, p.S, p.Beta, x, recency, t) : double.NegativeInfinity;

    /// <summary>P(alive | x, t_x, T) = E/(E + s I) = 1/(1 + s/(r+s+x) (α+T)^{r+x} (β+T)^s A₀) (Fader &amp; Hardie 2005 note, eq. (11)).</summary>
    public static double ProbabilityAlive(ParetoNbdParameters p, double x, double recency, double t)
    {
        double d = LogOddsDead(p, x, recency, t);
        return Math.Exp(-LogMath.Log1pExp(d));
    }

    /// <summary>E[Y(t) | x, t_x, T] = P(alive) · E[X(t)] at (r+x, α+T, s, β+T).</summary>
    public static double ConditionalExpectedPurchases(ParetoNbdParameters p, double x, double recency, double t, double horizon) =>
        ProbabilityAlive(p, x, recency, t) * ExpectedPurchasesIfAlive(p, x, t, horizon);

    /// <summary>E[X(t)] at (r+x, α+T, s, β+T): E[Y(t)] of a customer alive at T.</summary>
    internal static double ExpectedPurchasesIfAlive(ParetoNbdParameters p, double x, double t, double horizon) =>
        ExpectedCount(p.R + x, p.Alpha + t, p.S, p.Beta + t, horizon);

    /// <summary>P(Y(t) = n | x, t_x, T) = (1 − P(alive)) 1[n = 0] + P(alive) · P(X(t) = n) at (r+x, α+T, s, β+T).</summary>
    public static double ConditionalProbabilityOfPurchases(ParetoNbdParameters p, double x, double recency, double t, double horizon, int n)
    {
        double alive = ProbabilityAlive(p, x, recency, t);
        double future = alive * Math.Exp(LogProbabilityOfPurchases(p.R + x, p.Alpha + t, p.S, p.Beta + t, horizon, n));
        return n == 0 ? (1 - alive) + future : future;
    }

    /// <summary>
    /// DERT(δ | x, t_x, T) = P(alive) · (r+x)/(α+T) · (β+T) · K(s, δ(β+T)), K(a, z) = z^{a−1} U(a, a, z) (Fader, Hardie &amp;
    /// Lee 2005, "RFM and CLV", eq. (A5) over the likelihood): E[λ] E[1/(δ+μ)] at the posterior given alive.
    /// </summary>
    public static double DiscountedExpectedResidualPurchases(ParetoNbdParameters p, double x, double recency, double t, double delta)
    {
        double b = p.Beta + t;
        return ProbabilityAlive(p, x, recency, t) * (p.R + x) / (p.Alpha + t) * b * TricomiU.ScaledDiagonal(p.S, delta * b);
    }

    /// <summary>
    /// ln P(X(t) = n) for a new customer: NB(n; t) (β/(β+t))^s + Γ(r+n)/(Γ(r) n!) α^r s β^s ∫₀ᵗ τⁿ (α+τ)^{−(r+n)}
    /// (β+τ)^{−(s+1)} dτ, NB(n; τ) = Γ(r+n)/(Γ(r) n!) (α/(α+τ))^r (τ/(α+τ))ⁿ — alive throughout (0, t] or dropped out
    /// at τ, each mixed over λ and μ (Fader &amp; Hardie 2005 note, section 4, eq. (16), whose ₂F₁ terms are this integral).
    /// The integral is taken in ln τ by <see cref="ConcaveLogQuadrature"/>.
    /// </summary>
    public static double LogProbabilityOfPurchases(double r, double alpha, double s, double beta, double t, int n)
    {
        if (t == 0) return n == 0 ? 0 : double.NegativeInfinity;
        double logCount = GammaFunctions.LogGammaShift(n + 1.0, r - 1) - SpecialFunctions.GammaLn(r);
        double alive = logCount - r * LogMath.Log1p(t / alpha) - (n == 0 ? 0 : n * LogMath.Log1p(alpha / t)) - s * LogMath.Log1p(t / beta);
        var f = new PurchaseIntegrand(r, alpha, s, beta, n);
        double hi = Math.Log(t);
        double sum = ConcaveLogQuadrature.Integrate(ref f, double.NegativeInfinity, hi, f.Mode(hi), Math.Log(alpha), Math.Log(beta), out double logScale);
        double dead = logCount + Math.Log(s) + logScale + Math.Log(sum);
        return LogMath.LogAddExp(alive, dead);
    }

    /// <summary>
    /// α^r β^s τⁿ⁺¹ (α+τ)^{−(r+n)} (β+τ)^{−(s+1)} in σ = ln τ (the extra τ is dτ/dσ), with α^r (α+τ)^{−r} and
    /// β^s (β+τ)^{−s} taken as −r log1p(τ/α) and −s log1p(τ/β): at r or s near 1e100 the separate terms r ln α and
    /// −(r+n) ln(α+τ) cancelled to nothing (P(X(t) = 3) reached 800).
    /// </summary>
    private readonly struct PurchaseIntegrand(double r, double alpha, double s, double beta, int n) : ILogConcaveIntegrand
    {
        public double Log(double sigma, out double slope)
        {
            double u = Math.Exp(sigma);
            slope = n + 1 - (r + n) * (u / (alpha + u)) - (s + 1) * (u / (beta + u));
            return (n + 1) * sigma - r * LogMath.Log1p(u / alpha) - n * Math.Log(alpha + u) - s * LogMath.Log1p(u / beta) - Math.Log(beta + u);
        }

        public void Accumulate(double mass)
        {
        }

        /// <summary>Where the slope changes sign (bisection; the slope decreases from n + 1 at σ → −∞), or <paramref name="hi"/>.</summary>
        public double Mode(double hi)
        {
            Log(hi, out double slope);
            if (slope >= 0) return hi;
            double upper = hi, lower = hi - 1;
            for (int k = 0; k < 64; k++)
            {
                Log(lower, out slope);
                if (slope > 0) break;
                upper = lower;
                lower = hi - 2 * (hi - lower);
            }
            for (int k = 0; k < 40; k++)
            {
                double mid = 0.5 * (lower + upper);
                Log(mid, out slope);
                if (slope > 0) lower = mid;
                else upper = mid;
            }
            return 0.5 * (lower + upper);
        }
    }
}
