using Clv.Probabilistic.Numerics;
using MathNet.Numerics;

namespace Clv.Probabilistic.Models.GGomNbd;

/// <summary>GGom/NBD quantities for one customer by one integral each; durations share the model's time unit.</summary>
/// <remarks>
/// A customer alive at T with history (x, t_x, T) continues as a new customer with parameters (r+x, α+T, b, s, β_T),
/// β_T = e^{−bT} (β + e^{bT} − 1): given alive, λ ~ Gamma(r+x, α+T) and η ~ Gamma(s, β + e^{bT} − 1), and the remaining
/// lifetime u has S(u | η) = exp(−η e^{bT} (e^{bu} − 1)), whose mixture over η is (β_T/(β_T + e^{bu} − 1))^s, the
/// gamma-Gompertz survival with β_T in place of β (Bemmaor &amp; Glady 2012, section 2; the same argument as for the
/// Pareto/NBD, whose exponential lifetime is the case b → 0 with β/b fixed). Hence
/// E[Y(t) | x, t_x, T] = P(alive) · E[X(t)] at the updated parameters.
/// </remarks>
internal static class GGomNbdFormulas
{
    /// <summary>
    /// E[X(t)] = (r/α) ∫₀ᵗ S(u) du, S(u) = (β/(β + e^{bu} − 1))^s: purchases at the mean rate r/α while alive, λ and the
    /// lifetime independent (Bemmaor &amp; Glady 2012, section 2). The integral is taken in ln(min(β, 1)/b + u).
    /// </summary>
    public static double ExpectedCount(double r, double alpha, double b, double s, double beta, double t)
    {
        if (t == 0) return 0;
        var f = new Survival(b, s, beta);
        double c = Math.Min(beta, 1) / b, lo = Math.Log(c), hi = Math.Log(c + t);
        int panels = (int)Math.Min(8, Math.Ceiling((hi - lo) / 2));
        double sum = AdaptiveGaussKronrod.Integrate(ref f, lo, hi, panels, [], out double logScale);
        return r / alpha * Math.Exp(logScale) * sum;
    }

    /// <summary>β_T = e^{−bT} (β + e^{bT} − 1) = β e^{−bT} − expm1(−bT): the β of a customer alive at T.</summary>
    public static double BetaAt(double b, double beta, double t) => beta * Math.Exp(-b * t) - LogMath.ExpM1(-b * t);

    /// <summary>ln of the odds of having dropped out by T, ln(D/A) (−∞ when t_x = T).</summary>
    public static double LogOddsDead(GGomNbdParameters p, double x, double recency, double t) =>
        GGomNbdLogLikelihood.Row.Evaluate(p.R, p.Alpha, p.B, p.S, p.Beta, x, recency, t).LogDeadOdds;

    /// <summary>P(alive | x, t_x, T) = A/(A + D), the alive term of the likelihood over the whole.</summary>
    public static double ProbabilityAlive(GGomNbdParameters p, double x, double recency, double t) =>
        Math.Exp(-LogMath.Log1pExp(LogOddsDead(p, x, recency, t)));

    /// <summary>E[Y(t) | x, t_x, T] = P(alive) · E[X(t)] at (r+x, α+T, b, s, β_T).</summary>
    public static double ConditionalExpectedPurchases(GGomNbdParameters p, double x, double recency, double t, double horizon) =>
        ProbabilityAlive(p, x, recency, t) * ExpectedPurchasesIfAlive(p, x, t, horizon);

    /// <summary>E[X(t)] at (r+x, α+T, b, s, β_T): E[Y(t)] of a customer alive at T.</summary>
    internal static double ExpectedPurchasesIfAlive(GGomNbdParameters p, double x, double t, double horizon) =>
        ExpectedCount(p.R + x, p.Alpha + t, p.B, p.S, BetaAt(p.B, p.Beta, t), horizon);

    /// <summary>
    /// ln P(X(t) = n) for a new customer: NB(n; t) S(t) + ∫₀ᵗ NB(n; τ) f(τ) dτ, NB(n; τ) = Γ(r+n)/(Γ(r) n!) (α/(α+τ))^r
    /// (τ/(α+τ))ⁿ the count of a customer alive throughout (0, τ], f = s b e^{bτ} β^s (β + e^{bτ} − 1)^{−(s+1)} the
    /// gamma-Gompertz density of the lifetime (Bemmaor &amp; Glady 2012, section 2).
    /// </summary>
    public static double LogProbabilityOfPurchases(double r, double alpha, double b, double s, double beta, double t, int n)
    {
        if (t == 0) return n == 0 ? 0 : double.NegativeInfinity;
        double logCount = GammaFunctions.LogGammaShift(n + 1.0, r - 1) - SpecialFunctions.GammaLn(r);
        var g = GompertzDropout.At(b, beta, t);
        double alive = logCount - r * LogMath.Log1p(t / alpha) - (n == 0 ? 0 : n * LogMath.Log1p(alpha / t)) - s * g.LogSurvivalPerShape(beta);
        double logI = GompertzDropoutIntegral.Integral(r + n, n, alpha, b, s, beta, 0, t, out _);
        double dead = logCount + r * Math.Log(alpha) + Math.Log(s) + Math.Log(b) + s * Math.Log(beta) + logI;
        return LogMath.LogAddExp(alive, dead);
    }

    /// <summary>S(u) = (β/(β + e^{bu} − 1))^s in σ = ln(c + u), with the Jacobian e^σ.</summary>
    private readonly struct Survival(double b, double s, double beta) : ILogIntegrand
    {
        public double Log(double sigma, Span<double> factors)
        {
            double u = Math.Exp(sigma), c = Math.Min(beta, 1) / b;
            return sigma - s * GompertzDropout.At(b, beta, u - c).LogSurvivalPerShape(beta);
        }
    }
}
