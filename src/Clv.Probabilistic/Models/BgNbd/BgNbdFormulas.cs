using Clv.Probabilistic.Numerics;
using MathNet.Numerics;

namespace Clv.Probabilistic.Models.BgNbd;

/// <summary>
/// Closed-form BG/NBD quantities for one customer. Durations (α, t, t_x, T) share the model's time unit.
/// </summary>
/// <remarks>
/// Conditional quantities use one fact: a customer alive at T with history (x, t_x, T) continues as a new BG/NBD
/// customer with parameters (r+x, α+T, a, b+x) (the Gamma and Beta posteriors given the history and being alive;
/// Fader, Hardie &amp; Lee 2005, appendix; Hardie's note 029). Hence E[Y(t) | x, t_x, T] = P(alive) · E[X(t)]
/// and P(Y(t) = y | x, t_x, T) = (1 − P(alive)) δ_{y=0} + P(alive) · P(X(t) = y), with the updated parameters.
/// </remarks>
public static class BgNbdFormulas
{
    private const double Epsilon = 1e-16;
    private const int MaxTerms = 5_000_000;

    /// <summary>E[X(t)]: expected repeat purchases of a new customer in (0, t].</summary>
    /// <remarks>
    /// Fader, Hardie &amp; Lee (2005), eq. 7: E[X(t)] = (a+b−1)/(a−1) · [1 − (α/(α+t))^r ₂F₁(r, b; a+b−1; z)],
    /// z = t/(α+t). By Euler's transformation (Abramowitz &amp; Stegun 15.3.3) (α/(α+t))^r ₂F₁(r, b; a+b−1; z) =
    /// (1−z)^{a−1} ₂F₁(a+b−1−r, a−1; a+b−1; z), and since (a−1)_n = (a−1)(a)_{n−1} the factor a−1 cancels:
    /// E[X(t)] = (a+b−1) · (1 − (1−z)^{a−1})/(a−1) − (1−z)^{a−1} Σ_{n≥1} (a+b−1−r)_n (a)_{n−1} z^n / ((a+b)_{n−1} n!).
    /// This form is finite and continuous at a = 1, where (1 − (1−z)^{a−1})/(a−1) → −ln(1−z), and at a + b = 1.
    /// It is summed for z ≤ 0.98 and the library's ₂F₁ is used above; where either would lose more than about
    /// 2.5 · 10² ulps to cancellation (r ≫ a + b; a near 1 with z near 1; c − a − b near an integer), E[X(t)] is
    /// computed instead as ∫₀¹ (1 − (α/(α+pt))^r)/p · Beta(p; a, b) dp (FHL 2005, section 3: the individual-level
    /// (1 − e^{−λpt})/p mixed over λ and p) by quadrature (docs/bgnbd.md). Finite and accurate for every t ≥ 0.
    /// </remarks>
    public static double ExpectedPurchases(BgNbdParameters parameters, double t)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        BgNbdChecks.Horizon(t, nameof(t));
        return ExpectedCount(parameters.R, parameters.Alpha, parameters.A, parameters.B, t);
    }

    /// <summary>P(alive | x, t_x, T): probability that a customer with this history has not dropped out by T.</summary>
    /// <remarks>
    /// Fader, Hardie &amp; Lee (2005), eq. 13, in the form
    /// 1 / (1 + δ_{x&gt;0} · a/(b+x−1) · ((α+T)/(α+t_x))^{r+x}), evaluated as a logistic function of its log-odds.
    /// </remarks>
    public static double ProbabilityAlive(BgNbdParameters parameters, double x, double recency, double t)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        BgNbdChecks.History(x, recency, t);
        return Math.Exp(-LogOddsDead(parameters.R, parameters.Alpha, parameters.A, parameters.B, x, recency, t, out _));
    }

    /// <summary>E[Y(t) | x, t_x, T]: expected purchases in (T, T+t] given the history.</summary>
    /// <remarks>
    /// Fader, Hardie &amp; Lee (2005), eq. 10:
    /// (a+b+x−1)/(a−1) · [1 − ((α+T)/(α+T+t))^{r+x} ₂F₁(r+x, b+x; a+b+x−1; t/(α+T+t))] / (1 + δ_{x&gt;0} a/(b+x−1) ((α+T)/(α+t_x))^{r+x}),
    /// i.e. P(alive) (eq. 13) times eq. 7 with parameters (r+x, α+T, a, b+x); the ₂F₁ is taken in its Euler-transformed
    /// form (1−z)^{a−1} ₂F₁(a+b−1−r, a−1; a+b+x−1; z) as in <see cref="ExpectedPurchases"/>.
    /// </remarks>
    public static double ConditionalExpectedPurchases(BgNbdParameters parameters, double x, double recency, double t, double horizon)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        BgNbdChecks.History(x, recency, t);
        BgNbdChecks.Horizon(horizon, nameof(horizon));
        double r = parameters.R, alpha = parameters.Alpha, a = parameters.A, b = parameters.B;
        double alive = Math.Exp(-LogOddsDead(r, alpha, a, b, x, recency, t, out _));
        return alive * ExpectedCount(r + x, alpha + t, a, b + x, horizon);
    }

    /// <summary>ln P(X(t) = n): log-probability of n repeat purchases by a new customer in (0, t].</summary>
    /// <remarks>
    /// Fader, Hardie &amp; Lee (2005), eq. 8:
    /// P(X(t)=n) = B(a, b+n)/B(a, b) · NB(n) + δ_{n&gt;0} B(a+1, b+n−1)/B(a, b) · [1 − Σ_{j&lt;n} NB(j)],
    /// NB(j) = Γ(r+j)/(Γ(r) j!) (α/(α+t))^r (t/(α+t))^j. Evaluated in logs; the bracket, a negative binomial upper tail,
    /// P(N ≥ n) = I_q(n, r), is taken directly where q &lt; (n+1)/(n+r+2) (above the mean) and as 1 − P(N ≤ n−1) =
    /// 1 − I_p(r, n) elsewhere, so it neither overflows nor cancels badly; each tail is a sum while that is short and
    /// otherwise the incomplete Beta function's continued fraction (A&amp;S 26.5.8), so t/α up to 10¹² and n up to 2·10⁹
    /// cost at most a few thousand steps. The lnΓ differences are taken as shifts (no large lnΓ values cancel).
    /// </remarks>
    public static double LogProbabilityOfPurchases(BgNbdParameters parameters, double t, int n)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        BgNbdChecks.Horizon(t, nameof(t));
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        return LogPmf(parameters.R, parameters.Alpha, parameters.A, parameters.B, t, n);
    }

    /// <summary>ln P(Y(t) = n | x, t_x, T): log-probability of n purchases in (T, T+t] given the history.</summary>
    /// <remarks>
    /// Hardie's note 029 ("Deriving the Conditional PMF of the BG/NBD Model"):
    /// P(Y(t)=n | x, t_x, T) = δ_{n=0}(1 − P(alive)) + P(alive) · P(X(t) = n) with eq. 8 evaluated at (r+x, α+T, a, b+x).
    /// </remarks>
    public static double ConditionalLogProbabilityOfPurchases(BgNbdParameters parameters, double x, double recency, double t, double horizon, int n)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        BgNbdChecks.History(x, recency, t);
        BgNbdChecks.Horizon(horizon, nameof(horizon));
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        double r = parameters.R, alpha = parameters.Alpha, a = parameters.A, b = parameters.B;
        double d = LogOddsDead(r, alpha, a, b, x, recency, t, out double logDead);
        double logAlive = -d;
        double logPmf = LogPmf(r + x, alpha + t, a, b + x, horizon, n);
        // P(Y = 0) = (1 − P(alive)) + P(alive) P(X = 0) ≤ 1: the two terms are disjoint events; only rounding can pass 0.
        return n == 0 ? Math.Min(0, LogMath.LogAddExp(logDead, logAlive + logPmf)) : logAlive + logPmf;
    }

    /// <summary>
    /// −ln P(alive) = softplus(D), D = ln a − ln(b+x−1) + (r+x) ln((α+T)/(α+t_x)) the log-odds of having dropped out;
    /// <paramref name="logDead"/> receives ln(1 − P(alive)) = −softplus(−D).
    /// </summary>
    internal static double LogOddsDead(double r, double alpha, double a, double b, double x, double recency, double t, out double logDead)
    {
        if (x == 0)
        {
            logDead = double.NegativeInfinity;
            return 0;
        }
        double d = Math.Log(a / (b + x - 1)) + (r + x) * LogDurationRatio(alpha, recency, t);
        logDead = -Softplus(-d);
        return Softplus(d);
    }

    internal static double Softplus(double d) => LogMath.Log1pExp(d);

    /// <summary>
    /// ln((α+T)/(α+t_x)) as ln(1 + (T−t_x)/(α+t_x)): the quotient's rounding (up to 1.1e-16 absolute in the logarithm,
    /// times r + x in the log-odds) is gone, which matters where α ≫ T makes the ratio close to 1.
    /// </summary>
    internal static double LogDurationRatio(double alpha, double recency, double t) => LogMath.Log1p((t - recency) / (alpha + recency));

    /// <summary>E[X(t)] for a new customer with parameters (r, α, a, b); see <see cref="ExpectedPurchases"/> and <see cref="BgNbdExpectedCount"/>.</summary>
    internal static double ExpectedCount(double r, double alpha, double a, double b, double t) =>
        BgNbdExpectedCount.Evaluate(r, alpha, a, b, t);

    /// <summary>ln P(X(t) = n) for a new customer with parameters (r, α, a, b); see <see cref="LogProbabilityOfPurchases"/>.</summary>
    internal static double LogPmf(double r, double alpha, double a, double b, double t, int n)
    {
        if (t == 0) return n == 0 ? 0 : double.NegativeInfinity;
        double logP = -LogMath.Log1p(t / alpha);
        double logQ = -LogMath.Log1p(alpha / t);
        // ln B(a, b+n)/B(a, b) and ln B(a+1, b+n−1)/B(a, b) as differences of lnΓ shifted by a, a+1 (no large lnΓ cancels).
        double shift = GammaFunctions.LogGammaShift(b, a);
        double first = shift - GammaFunctions.LogGammaShift(b + n, a) + LogNegativeBinomial(r, logP, logQ, n);
        if (n == 0) return first;
        double second = Math.Log(a) + shift - GammaFunctions.LogGammaShift(b + n - 1, a + 1) + LogUpperTail(r, logP, logQ, n);
        return LogMath.LogAddExp(first, second);
    }

    /// <summary>ln NB(j) = ln Γ(r+j) − ln Γ(j+1) − ln Γ(r) + r ln p + j ln q, the first difference without cancellation.</summary>
    /// <remarks>
    /// At j = 0 it is r ln p exactly: Γ(r)/(Γ(r) 0!) = 1, while lnΓ(r) computed two ways at r → 0 (lnΓ(r) ≈ −ln r) left
    /// a difference of up to 3e-11, which made P(Y = 0) exceed 1 at r ≈ 1e-6.
    /// </remarks>
    private static double LogNegativeBinomial(double r, double logP, double logQ, int j) => j == 0 ? r * logP
        : GammaFunctions.LogGammaShift(j + 1.0, r - 1) - SpecialFunctions.GammaLn(r) + r * logP + j * logQ;

    /// <summary>ln P(N ≥ n), N negative binomial with NB(j) = Γ(r+j)/(Γ(r) j!) p^r q^j, n ≥ 1.</summary>
    private static double LogUpperTail(double r, double logP, double logQ, int n)
    {
        double q = Math.Exp(logQ);
        // P(N ≥ n) = I_q(n, r) and P(N ≤ n−1) = I_p(r, n); the continued fraction of the first converges fast for
        // q < (n+1)/(n+r+2), that of the second exactly in the complement, which contains every n up to the mean r q/p
        // and beyond it lies within about 1/p of it, where the upper tail is not small and 1 − (lower) costs little.
        if (q * (n + r + 2) >= n + 1)
        {
            // Few terms: the lower sum, from j = n−1 down, relative to NB(n−1) so that no term underflows before it
            // matters. Many: P(N ≤ n−1) = I_p(r, n) = NB(n) · (n/r) · K(r, n, p).
            double logLower;
            if (n > LowerSumLimit && IncompleteBetaFraction.TryLog(r, n, Math.Exp(logP), q, MaxTerms, out double logLowerFraction))
            {
                logLower = LogNegativeBinomial(r, logP, logQ, n) + Math.Log(n / r) + logLowerFraction;
            }
            else
            {
                double down = 1, lowerRel = 1;
                for (int j = n - 1; j > 0; j--)
                {
                    double ratio = j / ((r + j - 1) * q);
                    down *= ratio;
                    lowerRel += down;
                    if (r > 1 && ratio < 1 && down * ratio / (1 - ratio) <= Epsilon * lowerRel) break;
                }
                logLower = LogNegativeBinomial(r, logP, logQ, n - 1) + Math.Log(lowerRel);
            }
            return Math.Log(Math.Max(-LogMath.ExpM1(logLower), 0));
        }
        double logFirst = LogNegativeBinomial(r, logP, logQ, n);
        // Summed directly while the terms' geometric decay (ratio → q) ends within a few thousand terms; beyond, by
        // P(N ≥ n) = I_q(n, r) = NB(n) · K(n, r, q).
        if (q <= DirectTailLimit)
        {
            double sum = 1, rel = 1;
            for (int j = n; j < n + MaxTerms; j++)
            {
                double ratio = (r + j) / (j + 1) * q;
                rel *= ratio;
                sum += rel;
                double bound = Math.Max(ratio, q);
                if (rel == 0 || (bound < 1 && rel * bound / (1 - bound) <= Epsilon * sum)) return logFirst + Math.Log(sum);
            }
        }
        if (IncompleteBetaFraction.TryLog(n, r, q, Math.Exp(logP), MaxTerms, out double logFraction)) return logFirst + logFraction;
        throw new ArithmeticException($"Negative binomial tail did not converge in {MaxTerms} terms (r = {r}, q = {q}, n = {n}).");
    }

    private const double DirectTailLimit = 0.99;
    private const int LowerSumLimit = 64;
}
