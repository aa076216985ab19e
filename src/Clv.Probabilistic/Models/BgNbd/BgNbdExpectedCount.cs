using Clv.Probabilistic.Numerics;
using MathNet.Numerics.Integration;

namespace Clv.Probabilistic.Models.BgNbd;

/// <summary>
/// E[X(t)] of a new BG/NBD customer with parameters (r, α, a, b) (Fader, Hardie &amp; Lee 2005, eq. 7), by three
/// methods: a series, the library's ₂F₁, and numerical integration of a positive integral. The first two are fast
/// but cancel in parts of the parameter space; each reports its own cancellation, and the integral, which cannot
/// cancel, is used wherever they would lose more than about <see cref="AcceptedCancellation"/> × 2⁻⁵².
/// </summary>
internal static class BgNbdExpectedCount
{
    /// <summary>Largest accepted ratio of the magnitude of what is added to the result (relative error ≈ this × ε).</summary>
    internal const double AcceptedCancellation = 256;

    private const double SeriesLimit = 0.98;
    private const int MaxSeriesTerms = 100_000;
    private const double Epsilon = 1e-16;
    private const double MaxHorizonRatio = 1e300;

    /// <summary>E[X(t)]; finite and accurate for every t ≥ 0 with t/α ≤ 10³⁰⁰ and every positive r, α, a, b (a = 1 included).</summary>
    /// <exception cref="ArgumentOutOfRangeException">t/α &gt; 10³⁰⁰, where the integral's end points would underflow.</exception>
    public static double Evaluate(double r, double alpha, double a, double b, double t)
    {
        if (t == 0) return 0;
        if (!(t / alpha <= MaxHorizonRatio))
            throw new ArgumentOutOfRangeException(nameof(t), t, $"The horizon is {t / alpha:G3} times alpha = {alpha}; at most 1e300 is supported.");
        double z = t / (alpha + t);
        bool done = z <= SeriesLimit
            ? TrySeries(r, alpha, a, b, t, out double value, out _)
            : TryHypergeometric(r, alpha, a, b, t, out value, out _);
        return done ? value : ByIntegral(r, alpha, a, b, t);
    }

    /// <summary>
    /// The Euler-transformed series with the factor a − 1 cancelled (see <see cref="BgNbdFormulas.ExpectedPurchases"/>):
    /// E[X(t)] = (a+b−1) · (1 − (1−z)^{a−1})/(a−1) − (1−z)^{a−1} Σ_{n≥1} (a+b−1−r)_n (a)_{n−1} zⁿ / ((a+b)_{n−1} n!).
    /// Declines (returns false) when the series needs more than 10⁵ terms or the sum cancels by more than
    /// <see cref="AcceptedCancellation"/> (for example r ≫ a + b, where the terms alternate and grow like binomial
    /// coefficients); <paramref name="cancellation"/> receives Σ|parts| / |result|.
    /// </summary>
    internal static bool TrySeries(double r, double alpha, double a, double b, double t, out double value, out double cancellation)
    {
        double logOneMinusZ = -LogMath.Log1p(t / alpha);
        double z = t / (alpha + t);
        double am1 = a - 1;
        double y = am1 * logOneMinusZ;
        double head = (a + b - 1) * (Math.Abs(y) < 1e-8 ? -logOneMinusZ * (1 + y / 2) : -LogMath.ExpM1(y) / am1);
        double scale = Math.Exp(y);
        value = double.NaN;
        cancellation = double.PositiveInfinity;
        if (!DriftSeries(a + b - 1 - r, a, a + b, z, out double sum, out double sumAbs)) return false;
        value = head - scale * sum;
        cancellation = (Math.Abs(head) + scale * sumAbs) / Math.Abs(value);
        return cancellation <= AcceptedCancellation;
    }

    /// <summary>Σ_{n≥1} (p)_n (a)_{n−1} zⁿ / ((c)_{n−1} n!) and Σ|terms|, 0 ≤ z &lt; 1; false beyond 10⁵ terms.</summary>
    private static bool DriftSeries(double p, double a, double c, double z, out double sum, out double sumAbs)
    {
        double term = p * z;
        sum = term;
        sumAbs = Math.Abs(term);
        for (int n = 1; n < MaxSeriesTerms; n++)
        {
            double ratio = (p + n) * (a + n - 1) / ((c + n - 1) * (n + 1)) * z;
            term *= ratio;
            sum += term;
            sumAbs += Math.Abs(term);
            double bound = Math.Max(Math.Abs(ratio), z);
            if (term == 0 || (bound < 1 && Math.Abs(term) * bound / (1 - bound) <= Epsilon * Math.Abs(sum))) return true;
        }
        return false;
    }

    /// <summary>
    /// FHL 2005 eq. 7 in the Euler-transformed form (a+b−1)/(a−1) · [1 − (1−z)^{a−1} ₂F₁(a+b−1−r, a−1; a+b−1; z)] with
    /// the library's ₂F₁ (which goes to 1 − z near z = 1). Declines when a = 1, a + b ≤ 1, the ₂F₁ has no
    /// well-conditioned method, or the subtraction 1 − (…) (which vanishes as a → 1) amplifies the ₂F₁'s estimated
    /// error beyond <see cref="AcceptedCancellation"/> × ε.
    /// </summary>
    internal static bool TryHypergeometric(double r, double alpha, double a, double b, double t, out double value, out double cancellation)
    {
        value = double.NaN;
        cancellation = double.PositiveInfinity;
        if (a == 1 || !(a + b - 1 > 0)) return false;
        double z = t / (alpha + t), y = alpha / (alpha + t);
        double logY = -LogMath.Log1p(t / alpha);
        if (!Hypergeometric.TryHyp2F1Quick(a + b - 1 - r, a - 1, a + b - 1, z, y, out SignedLogValue f, out double condition)) return false;
        double logU = f.LogAbs + (a - 1) * logY;
        double u = f.Sign * Math.Exp(logU);
        double difference = 1 - u;
        value = (a + b - 1) / (a - 1) * difference;
        // Relative error of u: the ₂F₁'s condition plus the rounding of its log and of (a−1)·ln y, each absolute in the exponent.
        double uError = Math.Abs(u) * (condition + Math.Abs(f.LogAbs) + Math.Abs((a - 1) * logY) + 2);
        cancellation = (1 + uError) / Math.Abs(difference);
        return double.IsFinite(value) && cancellation <= AcceptedCancellation;
    }

    // 12-point Gauss–Legendre rule on [−1, 1] for the middle of the integral (MathNet computes the nodes; its
    // properties return copies, so they are taken once).
    private static readonly GaussLegendreRule Rule = new(-1, 1, 12);
    private static readonly double[] Nodes = Rule.Abscissas, Weights = Rule.Weights;
    private const int TailTerms = 24;

    /// <summary>
    /// E[X(t)] = ∫₀¹ (1 − (1 + p t/α)^{−r}) / p · Beta(p; a, b) dp, the individual-level E[X(t) | λ, p] = (1 − e^{−λpt})/p
    /// (FHL 2005, section 3) mixed over the Gamma(r, α) purchase rate (in closed form) and the Beta(a, b) dropout
    /// probability (numerically). The integrand is positive, so nothing cancels; see docs/bgnbd.md for the scheme.
    /// </summary>
    /// <remarks>
    /// Numerator and Beta normaliser are integrated by the same rule and divided, so no Beta function (whose lnΓ
    /// differences lose digits at large b) is needed. With the logit variable w = ln((1−p)/p) the integrand
    /// p^a (1−p)^b h(ps)/p (s = t/α, h(v) = 1 − (1+v)^{−r}) is analytic in the strip |Im w| &lt; π/2 and bounded by its
    /// values on the real line there; it is integrated by 12-point Gauss–Legendre panels of width
    /// min(1, 2/√(ab/(a+b))) (the Beta peak has standard deviation 1/√(ab/(a+b)) in w). Near p = 0 (p ≤ P) and
    /// p = 1 (1 − p ≤ Q) the integrand is expanded in powers of p (resp. 1 − p) times p^{a−1} (resp. (1−p)^{b−1})
    /// and integrated term by term; P and Q are chosen so that every expansion's ratio is at most 1/8.
    /// </remarks>
    internal static double ByIntegral(double r, double alpha, double a, double b, double t)
    {
        if (t == 0) return 0;
        double s = t / alpha;
        double logOnePlusS = LogMath.Log1p(s);
        // The kernel p^a (1−p)^b is scaled by its maximum (at p = a/(a+b)) so that nothing under- or overflows:
        // a ln(a/(a+b)) + b ln(b/(a+b)) as −a log1p(b/a) − b log1p(a/b), which keeps a·(b/a) = b where a ≫ b (the
        // difference ln a − ln(a+b) rounds to 0 at a = 1e100, b = 1000, the offset lost b and every kernel value underflowed).
        double offset = -a * LogMath.Log1p(b / a) - b * LogMath.Log1p(a / b);

        Span<double> first = stackalloc double[TailTerms];
        Span<double> second = stackalloc double[TailTerms];
        Span<double> third = stackalloc double[TailTerms];

        // p ∈ [0, P]: p^{a−1} (1−p)^{b−1} [h(ps)/p] with h(ps)/p = s Σ_k (−1)^k (r)_{k+1}/(k+1)! (ps)^k and
        // (1−p)^{b−1} = Σ_j (1−b)_j/j! p^j; powers of P are folded into the coefficients.
        double upper = 1 / (16 * Math.Max(Math.Max(s * (r + 1), b), 1));
        first[0] = r;
        second[0] = 1;
        for (int k = 1; k < TailTerms; k++)
        {
            first[k] = first[k - 1] * (-(r + k) * s * upper / (k + 1));
            second[k] = second[k - 1] * (k - b) / k * upper;
        }
        double scaleRight = Math.Exp(a * Math.Log(upper) - offset);
        double numerator = s * scaleRight * PowerIntegral(first, second, a);
        double denominator = scaleRight * PowerIntegral(second, [1.0], a);

        // 1 − p = q ∈ [0, Q]: q^{b−1} (1−q)^{a−2} h((1−q)s), h((1−q)s) = h(s) − (1+s)^{−r} Σ_{k≥1} (r)_k/k! (zq)^k,
        // (1−q)^{a−2} = Σ_j (2−a)_j/j! q^j; the normaliser has (1−q)^{a−1}.
        double lower = 1 / (16 * Math.Max(r + 1, Math.Abs(a - 2) + 1));
        double z = s / (1 + s);
        double power = Math.Exp(-r * logOnePlusS);
        first[0] = -LogMath.ExpM1(-r * logOnePlusS);
        double g = -power;
        second[0] = 1;
        third[0] = 1;
        for (int k = 1; k < TailTerms; k++)
        {
            g *= (r + k - 1) / k * z * lower;
            first[k] = g;
            second[k] = second[k - 1] * (k + 1 - a) / k * lower;
            third[k] = third[k - 1] * (k - a) / k * lower;
        }
        double scaleLeft = Math.Exp(b * Math.Log(lower) - offset);
        numerator += scaleLeft * PowerIntegral(first, second, b);
        denominator += scaleLeft * PowerIntegral(third, [1.0], b);

        // The middle, P < p < 1 − Q, in w = ln((1−p)/p).
        double wLow = Math.Log(lower / (1 - lower)), wHigh = Math.Log((1 - upper) / upper);
        double width = Math.Min(1, 2 / Math.Sqrt(a * b / (a + b)));
        double panelCount = Math.Ceiling((wHigh - wLow) / width);
        // The panel count grows without bound as the end points underflow (r, a or b near double.MaxValue) or the Beta
        // peak narrows (a and b both huge); beyond a fixed cap the parameters are at a limit (or outside the supported range).
        if (!(panelCount <= MaxPanels)) return BeyondQuadrature(r, alpha, a, b, t, panelCount);
        int panels = (int)panelCount;
        double half = (wHigh - wLow) / panels / 2;
        double[] nodes = Nodes, weights = Weights;
        double middleNumerator = 0, middleDenominator = 0;
        for (int i = 0; i < panels; i++)
        {
            double centre = wLow + (2 * i + 1) * half;
            for (int k = 0; k < nodes.Length; k++)
            {
                double w = centre + half * nodes[k];
                // ln p = −ln(1 + e^w), ln(1−p) = −ln(1 + e^{−w}), each from the side where the exponential is ≤ 1.
                double e = Math.Exp(-Math.Abs(w));
                double log1pE = LogMath.Log1p(e);
                double logP = w > 0 ? -w - log1pE : -log1pE;
                double logQ = w > 0 ? -log1pE : w - log1pE;
                double p = Math.Exp(logP);
                double kernel = weights[k] * Math.Exp(a * logP + b * logQ - offset);
                double h = -LogMath.ExpM1(-r * LogMath.Log1p(p * s));
                middleNumerator += kernel * (h / p);
                middleDenominator += kernel;
            }
        }
        numerator += half * middleNumerator;
        denominator += half * middleDenominator;
        return numerator / denominator;
    }

    /// <summary>Largest number of 12-point panels <see cref="ByIntegral"/> uses (1.2 · 10⁶ integrand evaluations).</summary>
    internal const int MaxPanels = 100_000;

    /// <summary>
    /// E[X(t)] where the quadrature would need more than <see cref="MaxPanels"/> panels: the closed-form limit where one
    /// applies to double precision, otherwise an <see cref="ArithmeticException"/> naming the parameters.
    /// </summary>
    /// <remarks>
    /// E[X(t)] = E_p[g(p)], g(p) = (1 − (1 + ps)^{−r})/p, s = t/α, p ~ Beta(a, b). As b → ∞ the dropout probability
    /// vanishes (E[p] = a/(a+b)) and g(p) = rs (1 − O((r+1)ps)), so E[X(t)] → rs = rt/α, the Gamma–Poisson mean without
    /// dropout, with relative error below (r+1)s·a/(a+b) ≤ 10⁻¹⁷ under the condition used. As a → ∞, p → 1 (E[1 − p] =
    /// b/(a+b)) and |d ln g/dp| ≤ 2/p, so E[X(t)] → g(1) = 1 − (1 + s)^{−r}, the chance of a first repeat purchase before
    /// the certain dropout after it, with relative error below about 2b/a ≤ 10⁻¹⁷.
    /// </remarks>
    private static double BeyondQuadrature(double r, double alpha, double a, double b, double t, double panelCount)
    {
        double s = t / alpha;
        double noDropout = r * s;
        if (double.IsFinite(noDropout) && (r + 1) * s * (a + 1) <= 1e-17 * b) return noDropout;
        if (b + 1 <= 1e-17 * a) return -LogMath.ExpM1(-r * LogMath.Log1p(s));
        throw new ArithmeticException(
            $"BG/NBD E[X(t)] did not converge: the quadrature needs {panelCount:G3} panels (at most {MaxPanels}) at r = {r:R}, "
            + $"alpha = {alpha:R}, a = {a:R}, b = {b:R}, t = {t:R}; these parameters are outside the supported range.");
    }

    /// <summary>
    /// Σ_m (Σ_{k+j=m} u_k v_j) / (e + m): the integral over [0, X] of x^{e−1} (Σ u_k x^k)(Σ v_j x^j), divided by X^e,
    /// when the coefficients already carry their powers of X. A one-element <paramref name="v"/> means v = 1.
    /// </summary>
    private static double PowerIntegral(ReadOnlySpan<double> u, ReadOnlySpan<double> v, double e)
    {
        double total = 0;
        for (int m = 0; m < u.Length; m++)
        {
            double coefficient = 0;
            for (int j = Math.Max(0, m - u.Length + 1); j <= Math.Min(m, v.Length - 1); j++) coefficient += u[m - j] * v[j];
            total += coefficient / (e + m);
        }
        return total;
    }
}
