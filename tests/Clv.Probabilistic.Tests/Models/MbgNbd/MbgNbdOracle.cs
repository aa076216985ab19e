using MathNet.Numerics.Integration;

namespace Clv.Probabilistic.Tests.Models.MbgNbd;

/// <summary>
/// MBG/NBD quantities by numerical integration over λ and p of the individual-level model (Batislam, Denizel &amp;
/// Filiztekin 2007, section 2), independent of the library's closed forms: no lnΓ, no Beta function, no ₂F₁. The
/// algebraic end-point singularities of the Gamma and Beta densities are removed by substitution (λ = u^{1/s} near 0;
/// p = u^{1/a} near 0 and 1 − p = v^{1/b} near 1), so the double-exponential rule sees smooth integrands.
/// </summary>
internal static class MbgNbdOracle
{
    private const double Tolerance = 1e-14;

    /// <summary>
    /// The two parts of the likelihood of (x, t_x, T): alive at T, ∫∫ (1−p)^{x+1} λ^x e^{−λT} dG dF, and dropped out
    /// right after the x-th repeat purchase (after the first purchase when x = 0), ∫∫ p (1−p)^x λ^x e^{−λ t_x} dG dF.
    /// Each is a product of one integral over λ ~ Gamma(r, α) and one over p ~ Beta(a, b).
    /// </summary>
    public static (double Alive, double Dead) Likelihood(double r, double alpha, double a, double b, double x, double recency, double t)
    {
        double normaliser = BetaIntegral(a, b, (_, _) => 1);
        double alive = RateMoment(r, alpha, x, t) * BetaIntegral(a, b, (_, q) => Math.Pow(q, x + 1)) / normaliser;
        double dead = RateMoment(r, alpha, x, recency) * BetaIntegral(a, b, (p, q) => p * Math.Pow(q, x)) / normaliser;
        return (alive, dead);
    }

    /// <summary>
    /// E[X(t)] = ∫ (1−p) (1 − (α/(α+pt))^r) / p dF(p): E[(1 − e^{−λpt})/p | λ, p] for a customer who survives the first
    /// purchase, mixed over λ in closed form (the Gamma's Laplace transform) and over p numerically.
    /// </summary>
    public static double ExpectedCount(double r, double alpha, double a, double b, double t) =>
        BetaIntegral(a, b, (p, q) => q * -ExpM1(-r * Log1p(p * t / alpha)) / p) / BetaIntegral(a, b, (_, _) => 1);

    /// <summary>∫₀¹ p^{a−1} (1−p)^{b−1} h(p, 1−p) dp, split at ½, with p = u^{1/a} on the left and 1 − p = v^{1/b} on the right.</summary>
    private static double BetaIntegral(double a, double b, Func<double, double, double> h)
    {
        double left = DoubleExponentialTransformation.Integrate(u =>
        {
            if (u <= 0) return 0;
            double p = Math.Pow(u, 1 / a), q = 1 - p;
            return Math.Pow(q, b - 1) * h(p, q) / a;
        }, 0, Math.Pow(0.5, a), Tolerance);
        double right = DoubleExponentialTransformation.Integrate(v =>
        {
            if (v <= 0) return 0;
            double q = Math.Pow(v, 1 / b), p = 1 - q;
            return Math.Pow(p, a - 1) * h(p, q) / b;
        }, 0, Math.Pow(0.5, b), Tolerance);
        return left + right;
    }

    /// <summary>E[λ^x e^{−λs}] for λ ~ Gamma(r, α): ∫ λ^{r+x−1} e^{−(α+s)λ} dλ / ∫ λ^{r−1} e^{−αλ} dλ, both numerically.</summary>
    private static double RateMoment(double r, double alpha, double x, double s) =>
        Math.Exp(LogGammaIntegral(r + x, alpha + s) - LogGammaIntegral(r, alpha));

    /// <summary>
    /// ln ∫₀^∞ λ^{k−1} e^{−cλ} dλ: on [0, m] (m the mode, or 1/c) with λ = u^{1/k}, beyond with λ = m + y/(1−y); the
    /// integrand is scaled by its value at m.
    /// </summary>
    private static double LogGammaIntegral(double k, double c)
    {
        double m = Math.Max(k - 1, 1) / c;
        double offset = (k - 1) * Math.Log(m) - c * m;
        double head = DoubleExponentialTransformation.Integrate(u =>
        {
            if (u <= 0) return 0;
            double lambda = Math.Pow(u, 1 / k);
            return Math.Exp(-c * lambda - offset) / k;
        }, 0, Math.Pow(m, k), Tolerance);
        double tail = DoubleExponentialTransformation.Integrate(y =>
        {
            if (y >= 1) return 0;
            double lambda = m + y / (1 - y);
            return Math.Exp((k - 1) * Math.Log(lambda) - c * lambda - offset) / ((1 - y) * (1 - y));
        }, 0, 1, Tolerance);
        return offset + Math.Log(head + tail);
    }

    // ln(1 + x) and eʸ − 1 without cancellation (the rounded 1 + x and eʸ corrected, as in Goldberg 1991, theorem 4).
    private static double Log1p(double x)
    {
        double u = 1 + x;
        return u == 1 ? x : Math.Log(u) * x / (u - 1);
    }

    private static double ExpM1(double y)
    {
        double u = Math.Exp(y);
        if (u == 1) return y;
        double um1 = u - 1;
        return um1 == -1 ? -1 : um1 * y / Math.Log(u);
    }
}
