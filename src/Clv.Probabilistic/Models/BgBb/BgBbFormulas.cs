using Clv.Probabilistic.Numerics;
using MathNet.Numerics;

namespace Clv.Probabilistic.Models.BgBb;

/// <summary>
/// BG/BB predictions for one history (x, t_x, n) (Fader, Hardie &amp; Shang 2010, section 3), in log space where a
/// quantity is a product of Beta-function ratios. A new customer is the history (0, 0, 0).
/// </summary>
internal static class BgBbFormulas
{
    /// <summary>Largest number of series terms of the discounted expectation before it gives up.</summary>
    private const int MaxSeriesTerms = 100_000_000;

    /// <summary>ln (a)_k = ln Γ(a+k) − ln Γ(a).</summary>
    private static double LnRising(double a, double k) => k == 0 ? 0 : GammaFunctions.LogGammaShift(a, k);

    /// <summary>ln B(α+x, β+m)/B(α, β).</summary>
    private static double LnBetaRatio(double alpha, double beta, double x, double m) =>
        LnRising(alpha, x) + LnRising(beta, m) - LnRising(alpha + beta, x + m);

    /// <summary>
    /// The two parts of the likelihood (eq. 5) in logs: <paramref name="alive"/>, the history and survival of all n
    /// opportunities, and <paramref name="droppedOut"/>, the history and drop-out at one of opportunities t_x+1..n
    /// (−∞ when t_x = n); returns ln L.
    /// </summary>
    public static double LogLikelihood(BgBbParameters p, int x, int recency, int n, out double alive, out double droppedOut)
    {
        double a = p.Alpha, b = p.Beta, g = p.Gamma, d = p.Delta;
        alive = LnBetaRatio(a, b, x, n - x) + LnRising(d, n) - LnRising(g + d, n);
        droppedOut = double.NegativeInfinity;
        if (recency == n) return alive;
        // Terms t = t_x..n−1 relative to the first: the ratio of consecutive terms is below 1.
        double first = LnBetaRatio(a, b, x, recency - x) + Math.Log(g) + LnRising(d, recency) - LnRising(g + d, recency + 1);
        double term = 1, sum = 1;
        for (int t = recency; t < n - 1; t++)
        {
            term *= (b + t - x) / (a + b + t) * ((d + t) / (g + d + t + 1));
            sum += term;
        }
        droppedOut = first + Math.Log(sum);
        return LogMath.LogAddExp(alive, droppedOut);
    }

    /// <summary>P(alive at opportunity n+1 | x, t_x, n) (eq. 11).</summary>
    public static double ProbabilityAlive(BgBbParameters p, int x, int recency, int n)
    {
        double lnL = LogLikelihood(p, x, recency, n, out double alive, out _);
        return Math.Exp(alive - lnL) * ((p.Delta + n) / (p.Gamma + p.Delta + n));
    }

    /// <summary>
    /// E[X(n, n+n*) | x, t_x, n] (eq. 13 as a finite sum): P(alive at n | history) · E[p | alive] ·
    /// Σ_{s=1}^{n*} P(alive at n+s | alive at n), with E[p | alive] = (α+x)/(α+β+n) and the survival ratios
    /// Π_{j&lt;s} (δ+n+j)/(γ+δ+n+j).
    /// </summary>
    public static double ConditionalExpectation(BgBbParameters p, int x, int recency, int n, int horizon)
    {
        if (horizon == 0) return 0;
        double lnL = LogLikelihood(p, x, recency, n, out double alive, out _);
        double survival = 1, sum = 0;
        for (int j = 0; j < horizon; j++)
        {
            survival *= (p.Delta + n + j) / (p.Gamma + p.Delta + n + j);
            sum += survival;
        }
        return Math.Exp(alive - lnL) * (p.Alpha + x) / (p.Alpha + p.Beta + n) * sum;
    }

    /// <summary>
    /// DERT(d | x, t_x, n) (eq. 14 as its series): P(alive at n | history) · E[p | alive] ·
    /// Σ_{s≥1} P(alive at n+s | alive at n) / (1+d)^s, summed until the remaining terms, each below the last times
    /// 1/(1+d), cannot change the sum.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The series needs more than 10^8 terms (d too small).</exception>
    public static double DiscountedExpectation(BgBbParameters p, int x, int recency, int n, double discountRate)
    {
        double lnL = LogLikelihood(p, x, recency, n, out double alive, out _);
        return Math.Exp(alive - lnL) * (p.Alpha + x) / (p.Alpha + p.Beta + n) * DiscountedSurvival(p, n, discountRate);
    }

    /// <summary>Σ_{s≥1} Π_{j&lt;s} (δ+n+j)/(γ+δ+n+j) / (1+d)^s.</summary>
    public static double DiscountedSurvival(BgBbParameters p, int n, double discountRate)
    {
        double q = 1 / (1 + discountRate), tailFactor = q / (1 - q);
        double term = 1, sum = 0;
        for (int j = 0; j < MaxSeriesTerms; j++)
        {
            term *= (p.Delta + n + j) / (p.Gamma + p.Delta + n + j) * q;
            sum += term;
            if (term * tailFactor <= 1e-17 * sum || term == 0) return sum;
        }
        throw new ArgumentOutOfRangeException(nameof(discountRate), discountRate,
            $"The discounted expectation at a discount rate of {discountRate} per period needs more than {MaxSeriesTerms} periods; use a larger rate.");
    }

    /// <summary>
    /// P(X(n, n+n*) = x* | x, t_x, n): a customer who dropped out before n+1 makes none; one alive at n survives k of the
    /// n* opportunities (drops out at n+k+1, or survives all) and makes Binomial(k, p) transactions, so
    /// P = [1{x*=0} L₁ + Σ_{k=x*}^{n*} C(k, x*) B(α+x+x*, β+n−x+k−x*)/B(α,β) · S_k] / L with S_k = B(γ+1, δ+n+k)/B(γ,δ)
    /// for k &lt; n* and B(γ, δ+n+n*)/B(γ,δ) for k = n* (Fader, Hardie &amp; Shang 2010, eq. 12; eq. 7 for a new customer).
    /// </summary>
    public static double ConditionalProbability(BgBbParameters p, int x, int recency, int n, int horizon, int count)
    {
        if (count < 0 || count > horizon) return 0;
        double a = p.Alpha, b = p.Beta, g = p.Gamma, d = p.Delta;
        double lnL = LogLikelihood(p, x, recency, n, out _, out double droppedOut);
        double lnG = Math.Log(g);
        double total = count == 0 ? droppedOut : double.NegativeInfinity;
        for (int k = count; k <= horizon; k++)
        {
            double survival = k < horizon
                ? lnG + LnRising(d, n + k) - LnRising(g + d, n + k + 1)
                : LnRising(d, n + horizon) - LnRising(g + d, n + horizon);
            double term = SpecialFunctions.BinomialLn(k, count) + LnBetaRatio(a, b, x + count, n - x + k - count) + survival;
            total = LogMath.LogAddExp(total, term);
        }
        return Math.Exp(total - lnL);
    }
}
