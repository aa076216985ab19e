using Clv.Probabilistic.Models.BgNbd;
using Clv.Probabilistic.Numerics;

namespace Clv.Probabilistic.Models.MbgNbd;

/// <summary>
/// Closed-form MBG/NBD quantities for one customer, written through the BG/NBD ones. Durations share the model's time unit.
/// </summary>
/// <remarks>
/// Two facts carry everything (Batislam, Denizel &amp; Filiztekin 2007, section 2; derivation in docs/mbgnbd.md).
/// (i) Given λ and p, a new MBG/NBD customer drops out at once with probability p and otherwise behaves as a new BG/NBD
/// customer; mixing (1−p) · Beta(p; a, b) = b/(a+b) · Beta(p; a, b+1), a new customer's count is 0 with probability
/// a/(a+b) and otherwise that of a new BG/NBD customer at (r, α, a, b+1).
/// (ii) A customer alive at T with history (x, t_x, T) has the posterior λ ~ Gamma(r+x, α+T), p ~ Beta(a, b+x+1), and
/// from T on purchases as a Poisson process dropping out after each purchase: a new BG/NBD customer at
/// (r+x, α+T, a, b+x+1).
/// </remarks>
internal static class MbgNbdFormulas
{
    /// <summary>E[X(t)] = b/(a+b) · E_BG/NBD[X(t)] at (r, α, a, b+1) = b/(a−1) · [1 − (α/(α+t))^r ₂F₁(r, b+1; a+b; t/(α+t))].</summary>
    public static double ExpectedCount(double r, double alpha, double a, double b, double t) =>
        t == 0 ? 0 : b / (a + b) * BgNbdExpectedCount.Evaluate(r, alpha, a, b + 1, t);

    /// <summary>ln P(X(t) = n) = ln[δ_{n=0} a/(a+b) + b/(a+b) · P_BG/NBD(X(t) = n) at (r, α, a, b+1)].</summary>
    public static double LogPmf(double r, double alpha, double a, double b, double t, int n)
    {
        double logStay = -LogMath.Log1p(a / b);
        double logBg = logStay + BgNbdFormulas.LogPmf(r, alpha, a, b + 1, t, n);
        return n == 0 ? LogMath.LogAddExp(-LogMath.Log1p(b / a), logBg) : logBg;
    }

    /// <summary>
    /// D = ln a − ln(b+x) + (r+x) ln((α+T)/(α+t_x)), the log-odds of having dropped out; returns −ln P(alive) =
    /// softplus(D), and <paramref name="logDead"/> receives ln(1 − P(alive)) = −softplus(−D).
    /// </summary>
    public static double LogOddsDead(double r, double alpha, double a, double b, double x, double recency, double t, out double logDead)
    {
        double d = Math.Log(a) - Math.Log(b + x) + (r + x) * BgNbdFormulas.LogDurationRatio(alpha, recency, t);
        logDead = -LogMath.Log1pExp(-d);
        return LogMath.Log1pExp(d);
    }

    /// <summary>P(alive | x, t_x, T) = 1 / (1 + a/(b+x) · ((α+T)/(α+t_x))^{r+x}).</summary>
    public static double ProbabilityAlive(double r, double alpha, double a, double b, double x, double recency, double t) =>
        Math.Exp(-LogOddsDead(r, alpha, a, b, x, recency, t, out _));

    /// <summary>E[Y(t) | alive at T, x, T] = E_BG/NBD[X(t)] at (r+x, α+T, a, b+x+1).</summary>
    public static double ExpectedCountIfAlive(double r, double alpha, double a, double b, double x, double t, double horizon) =>
        horizon == 0 ? 0 : BgNbdExpectedCount.Evaluate(r + x, alpha + t, a, b + x + 1, horizon);

    /// <summary>ln P(Y(t) = n | x, t_x, T) = ln[δ_{n=0}(1 − P(alive)) + P(alive) · P_BG/NBD(X(t) = n) at (r+x, α+T, a, b+x+1)].</summary>
    public static double ConditionalLogPmf(double r, double alpha, double a, double b, double x, double recency, double t, double horizon, int n)
    {
        double logAlive = -LogOddsDead(r, alpha, a, b, x, recency, t, out double logDead);
        double logPmf = logAlive + BgNbdFormulas.LogPmf(r + x, alpha + t, a, b + x + 1, horizon, n);
        return n == 0 ? Math.Min(0, LogMath.LogAddExp(logDead, logPmf)) : logPmf;
    }
}
