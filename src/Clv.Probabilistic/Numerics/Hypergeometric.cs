using System.Runtime.CompilerServices;

namespace Clv.Probabilistic.Numerics;

/// <summary>
/// The Gauss hypergeometric function ₂F₁(a, b; c; z) for real parameters and real z ≤ 1, in linear and log space.
/// </summary>
/// <remarks>
/// Methods by region (details, accuracy and sources in docs/numerics.md):
/// <list type="bullet">
/// <item>z = 0, a = 0 or b = 0: exactly 1. z = 1 with c − a − b &gt; 0: Gauss's sum (Abramowitz &amp; Stegun 15.1.20).</item>
/// <item>a or b a non-positive integer (also c − a or c − b, after Euler's transformation): the terminating polynomial,
/// summed directly or after Pfaff's transformation (A&amp;S 15.3.4), whichever cancels less.</item>
/// <item>z &lt; 0: Pfaff's transformation ₂F₁(a,b;c;z) = (1−z)^(−a) ₂F₁(a, c−b; c; z/(z−1)) (A&amp;S 15.3.4) maps to (0, 1),
/// with 1 − w = 1/(1 − z) carried exactly.</item>
/// <item>0 &lt; z &lt; 1: the power series (A&amp;S 15.1.1) in its direct form or after Euler's transformation
/// ₂F₁(a,b;c;z) = (1−z)^(c−a−b) ₂F₁(c−a, c−b; c; z) (A&amp;S 15.3.3), the one with smaller early terms first, the other if
/// the first cancels more than three digits. Above z = 0.75 a series gets only 128 terms, and is tried only if its
/// n^(a+b−c−1) zⁿ decay promises to finish within them (c large, as in BG/NBD at large x). If the series fail, and z &gt; 0.2: the linear transformation to 1 − z (A&amp;S 15.3.6, DLMF 15.8.4);
/// when c − a − b is an integer (to within rounding) its limit form with digamma functions (DLMF 15.8.10, A&amp;S 15.3.10–12).
/// The candidate with the smallest estimated condition wins; as a last resort the long series (cap
/// <see cref="MaxSeriesTerms"/>).</item>
/// </list>
/// No result is returned whose estimated condition (relative error ÷ machine epsilon) exceeds 10⁸; a
/// <see cref="HypergeometricConvergenceException"/> is thrown instead.
/// </remarks>
internal static class Hypergeometric
{
    /// <summary>Iteration cap for any single series; exceeding it throws <see cref="HypergeometricConvergenceException"/>.</summary>
    public const int MaxSeriesTerms = 10_000_000;

    private const double SeriesOnlyLimit = 0.75;
    private const double ConnectionLowerLimit = 0.2;
    private const int QuickSeriesBudget = 128;
    private const int ConnectionSeriesBudget = 5000;
    private const double AcceptableCancellation = 1e3;
    private const double RejectedCancellation = 1e8;
    private const double IntegerTolerance = 1e-9;
    private const double MachineEpsilon = 2.220446049250313e-16;
    private static readonly SignedLogValue One = new(0.0, 1);

    /// <summary>₂F₁(a, b; c; z) for real z ≤ 1.</summary>
    /// <param name="a">First numerator parameter.</param>
    /// <param name="b">Second numerator parameter.</param>
    /// <param name="c">Denominator parameter; must not be 0, −1, −2, …</param>
    /// <param name="z">Argument, z &lt; 1; z = 1 is accepted when c − a − b &gt; 0.</param>
    /// <returns>The value of the function.</returns>
    /// <exception cref="ArgumentException">A parameter is NaN, or c is a non-positive integer.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A parameter is infinite, z &gt; 1, or z = 1 with c − a − b ≤ 0.</exception>
    /// <exception cref="OverflowException">The value exceeds the range of double; use <see cref="LogHyp2F1"/>.</exception>
    /// <exception cref="HypergeometricConvergenceException">No method reaches the required accuracy.</exception>
    /// <remarks>Abramowitz &amp; Stegun 15.1.1 (series), 15.3.3 (Euler), 15.3.4 (Pfaff), 15.3.6 (z → 1 − z); DLMF 15.8.</remarks>
    public static double Hyp2F1(double a, double b, double c, double z)
    {
        SignedLogValue value = Hyp2F1Signed(a, b, c, z);
        double result = value.ToDouble();
        if (double.IsInfinity(result))
        {
            throw new OverflowException(
                $"2F1({a}, {b}; {c}; {z}) = {(value.Sign > 0 ? "" : "-")}exp({value.LogAbs}) overflows double; use LogHyp2F1 or Hyp2F1Signed.");
        }

        return result;
    }

    /// <summary>ln ₂F₁(a, b; c; z) for real z ≤ 1 where the function is positive (always so when a, b, c &gt; 0 and 0 ≤ z ≤ 1).</summary>
    /// <param name="a">First numerator parameter.</param>
    /// <param name="b">Second numerator parameter.</param>
    /// <param name="c">Denominator parameter; must not be 0, −1, −2, …</param>
    /// <param name="z">Argument, z &lt; 1; z = 1 is accepted when c − a − b &gt; 0.</param>
    /// <returns>The natural log of the value.</returns>
    /// <exception cref="ArithmeticException">The value is zero or negative; use <see cref="Hyp2F1Signed"/>.</exception>
    /// <remarks>Same methods as <see cref="Hyp2F1"/>; the log is formed without ever building the value, so it does not overflow.</remarks>
    public static double LogHyp2F1(double a, double b, double c, double z)
    {
        SignedLogValue value = Hyp2F1Signed(a, b, c, z);
        if (value.Sign <= 0)
        {
            throw new ArithmeticException(
                $"2F1({a}, {b}; {c}; {z}) is {(value.Sign == 0 ? "zero" : "negative")}, so it has no real log; use Hyp2F1Signed.");
        }

        return value.LogAbs;
    }

    /// <summary>₂F₁(a, b; c; z) as sign and log-magnitude, for values of any size and either sign.</summary>
    /// <param name="a">First numerator parameter.</param>
    /// <param name="b">Second numerator parameter.</param>
    /// <param name="c">Denominator parameter; must not be 0, −1, −2, …</param>
    /// <param name="z">Argument, z &lt; 1; z = 1 is accepted when c − a − b &gt; 0.</param>
    /// <returns>Sign and ln |₂F₁|.</returns>
    /// <remarks>Same methods as <see cref="Hyp2F1"/>.</remarks>
    public static SignedLogValue Hyp2F1Signed(double a, double b, double c, double z)
    {
        Validate(a, nameof(a));
        Validate(b, nameof(b));
        Validate(c, nameof(c));
        Validate(z, nameof(z));
        if (GammaFunctions.IsNonPositiveInteger(c))
        {
            throw new ArgumentException($"c = {c} is a non-positive integer, where 2F1(a, b; c; z) is undefined.", nameof(c));
        }

        if (z > 1.0)
        {
            throw new ArgumentOutOfRangeException(nameof(z), z, "2F1 is only implemented for real z <= 1.");
        }

        if (z == 0.0 || a == 0.0 || b == 0.0)
        {
            return One;
        }

        if (z == 1.0)
        {
            return GaussSum(a, b, c);
        }

        if (z < 0.0 && !IsTerminating(a, b))
        {
            double w = z / (z - 1.0);
            return Scale(Accept(EvaluateOnUnitInterval(a, c - b, c, w, 1.0 / (1.0 - z), quick: false), a, b, c, z), -a * LogMath.Log1p(-z));
        }

        return Accept(IsTerminating(a, b) ? Terminating(a, b, c, z) : EvaluateOnUnitInterval(a, b, c, z, 1.0 - z, quick: false), a, b, c, z);
    }

    /// <summary>
    /// ₂F₁(a, b; c; z) for 0 &lt; z &lt; 1 with its condition estimate (relative error ≈ condition × 2⁻⁵²), for callers
    /// that have a fallback of their own: never sums the long series (up to <see cref="MaxSeriesTerms"/> terms) and never
    /// throws for lack of accuracy. Returns false when no method applies (or an argument is outside its domain).
    /// </summary>
    /// <param name="a">First numerator parameter.</param>
    /// <param name="b">Second numerator parameter.</param>
    /// <param name="c">Denominator parameter.</param>
    /// <param name="z">Argument, 0 &lt; z &lt; 1.</param>
    /// <param name="y">1 − z, computed by the caller without cancellation (it carries the digits of z near 1).</param>
    /// <param name="value">The value as sign and log-magnitude.</param>
    /// <param name="condition">Estimated relative error ÷ machine epsilon.</param>
    internal static bool TryHyp2F1Quick(double a, double b, double c, double z, double y, out SignedLogValue value, out double condition)
    {
        value = default;
        condition = double.PositiveInfinity;
        if (!(z > 0.0 && z < 1.0 && y > 0.0) || !double.IsFinite(a) || !double.IsFinite(b) || !double.IsFinite(c)
            || GammaFunctions.IsNonPositiveInteger(c))
        {
            return false;
        }

        Candidate best = a == 0.0 || b == 0.0 ? new Candidate(One, 1.0)
            : IsTerminating(a, b) ? Terminating(a, b, c, z)
            : EvaluateOnUnitInterval(a, b, c, z, y, quick: true);
        value = best.Value;
        condition = best.Condition;
        return double.IsFinite(condition);
    }

    /// <summary>The public methods' policy: a result at most <see cref="RejectedCancellation"/> conditioned, or an exception.</summary>
    private static SignedLogValue Accept(Candidate best, double a, double b, double c, double z)
    {
        if (double.IsPositiveInfinity(best.Condition))
        {
            throw new HypergeometricConvergenceException(
                $"2F1({a}, {b}; {c}; {z}): the series did not converge within {MaxSeriesTerms} terms and the 1-z transformation is not applicable.");
        }

        if (!(best.Condition <= RejectedCancellation))
        {
            throw new HypergeometricConvergenceException(
                $"2F1({a}, {b}; {c}; {z}): every method loses more than 8 digits to cancellation (best condition estimate {best.Condition:G3}).");
        }

        return best.Value;
    }

    private static void Validate(double value, string name)
    {
        if (double.IsNaN(value))
        {
            throw new ArgumentException($"{name} is NaN.", name);
        }

        if (double.IsInfinity(value))
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be finite.");
        }
    }

    private static bool IsTerminating(double a, double b) =>
        GammaFunctions.IsNonPositiveInteger(a) || GammaFunctions.IsNonPositiveInteger(b);

    /// <summary>ln(1 − z) given z and an accurate y = 1 − z: log1p for small z, ln y near 1.</summary>
    private static double LogOneMinus(double z, double y) => z < 0.5 ? LogMath.Log1p(-z) : Math.Log(y);

    private static SignedLogValue Scale(SignedLogValue value, double logFactor) =>
        value.Sign == 0 ? value : new SignedLogValue(value.LogAbs + logFactor, value.Sign);

    /// <summary>
    /// 0 &lt; z &lt; 1, c not a non-positive integer. <paramref name="y"/> is 1 − z computed without cancellation by the
    /// caller (after Pfaff's transformation it is 1/(1 − z_original), which 1 − w would lose digits of).
    /// </summary>
    private static Candidate EvaluateOnUnitInterval(double a, double b, double c, double z, double y, bool quick)
    {
        if (IsTerminating(a, b))
        {
            return Terminating(a, b, c, z);
        }

        double m = DefectOf(a, b, c);
        double logEuler = m * LogOneMinus(z, y);
        if (IsTerminating(c - a, c - b))
        {
            Candidate polynomial = Terminating(c - a, c - b, c, z);
            return polynomial with { Value = Scale(polynomial.Value, logEuler) };
        }

        bool eulerFirst = Math.Abs((c - a) * (c - b)) < Math.Abs(a * b);
        int budget = z <= SeriesOnlyLimit ? MaxSeriesTerms : QuickSeriesBudget;
        SeriesSum first = budget == QuickSeriesBudget && !QuickSeriesLikely(eulerFirst ? 1.0 - m : 1.0 + m, z)
            ? NotTried
            : eulerFirst ? GaussSeries.Sum(c - a, c - b, c, z, budget) : GaussSeries.Sum(a, b, c, z, budget);
        double logFirst = eulerFirst ? logEuler : 0.0;
        if (first.Converged && first.Cancellation <= AcceptableCancellation)
        {
            return new Candidate(Scale(first.ToSignedLog(), logFirst), first.Cancellation);
        }

        return EvaluateWhenFirstSeriesFails(a, b, c, z, y, logEuler, eulerFirst, budget, first, quick);
    }

    /// <summary>The slow path of <see cref="EvaluateOnUnitInterval"/>, kept apart so the common case stays small.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static Candidate EvaluateWhenFirstSeriesFails(
        double a, double b, double c, double z, double y, double logEuler, bool eulerFirst, int budget, SeriesSum first, bool quick)
    {
        double logFirst = eulerFirst ? logEuler : 0.0;

        // Near z = 1 both forms share the same slow tail, so if the first ran out of budget the second would too.
        SeriesSum second = !first.Converged && z > SeriesOnlyLimit
            ? NotTried
            : eulerFirst ? GaussSeries.Sum(a, b, c, z, budget) : GaussSeries.Sum(c - a, c - b, c, z, budget);
        double logSecond = eulerFirst ? 0.0 : logEuler;
        if (second.Converged && second.Cancellation <= AcceptableCancellation)
        {
            return new Candidate(Scale(second.ToSignedLog(), logSecond), second.Cancellation);
        }

        // Both series are slow or cancel: try the 1 − z side, then keep whichever candidate is best conditioned.
        var best = new Candidate(default, double.PositiveInfinity);
        if (first.Converged)
        {
            best = Candidate.Better(best, new Candidate(Scale(first.ToSignedLog(), logFirst), first.Cancellation));
        }

        if (second.Converged)
        {
            best = Candidate.Better(best, new Candidate(Scale(second.ToSignedLog(), logSecond), second.Cancellation));
        }

        if (z > ConnectionLowerLimit)
        {
            best = Candidate.Better(best, Connection(a, b, c, y));
            if (best.Condition > AcceptableCancellation)
            {
                best = Candidate.Better(best, IntegerDefect(a, b, c, y));
            }
        }

        if (!quick && best.Condition > AcceptableCancellation && !(first.Converged && second.Converged))
        {
            // The long series on the unfinished form that cancelled less so far: slow, but accurate where the
            // 1 − z side is degenerate (c − a − b close to, but not exactly, an integer).
            bool euler = !first.Converged && (second.Converged || first.Cancellation <= second.Cancellation) ? eulerFirst : !eulerFirst;
            SeriesSum longSum = euler ? GaussSeries.Sum(c - a, c - b, c, z, MaxSeriesTerms) : GaussSeries.Sum(a, b, c, z, MaxSeriesTerms);
            if (longSum.Converged)
            {
                best = Candidate.Better(best, new Candidate(Scale(longSum.ToSignedLog(), euler ? logEuler : 0.0), longSum.Cancellation));
            }
        }

        return best;
    }

    private static readonly SeriesSum NotTried = new(0.0, 0.0, double.PositiveInfinity, 0, false);

    /// <summary>
    /// Whether a series with terms decaying like n^(−p) zⁿ can plausibly fall from O(1) to 1e-17 within
    /// <see cref="QuickSeriesBudget"/> terms; p = c − a − b + 1 of the form summed. A heuristic only: a wrong
    /// "no" costs speed (the 1 − z side is used), a wrong "yes" costs the wasted terms.
    /// </summary>
    private static bool QuickSeriesLikely(double p, double z) =>
        p * Math.Log(QuickSeriesBudget) - QuickSeriesBudget * Math.Log(z) > 60.0; // ln(1e17) ≈ 39, plus margin for the Gamma prefactor

    /// <summary>A value with its estimated condition: relative error ≈ condition × machine epsilon.</summary>
    private readonly record struct Candidate(SignedLogValue Value, double Condition)
    {
        public static Candidate Better(Candidate x, Candidate y) => y.Condition < x.Condition ? y : x;
    }

    /// <summary>a or b is a non-positive integer: the series is a polynomial. Sums it directly or after Pfaff's
    /// transformation, which keeps it a polynomial of the same degree, and keeps the better-conditioned sum.</summary>
    private static Candidate Terminating(double a, double b, double c, double z)
    {
        bool aTerminates = GammaFunctions.IsNonPositiveInteger(a);
        bool bTerminates = GammaFunctions.IsNonPositiveInteger(b);
        if (!aTerminates || (bTerminates && b > a))
        {
            (a, b) = (b, a);
        }

        // A polynomial of degree −a; beyond the fixed cap it is summed no further and reported as not converged.
        int terms = (int)Math.Min(-a + 2.0, MaxSeriesTerms);
        SeriesSum direct = GaussSeries.Sum(a, b, c, z, terms);
        if (!direct.Converged)
        {
            return new Candidate(default, double.PositiveInfinity);
        }

        if (direct.Cancellation <= 16.0)
        {
            return new Candidate(direct.ToSignedLog(), direct.Cancellation);
        }

        double w = z / (z - 1.0);
        SeriesSum pfaff = GaussSeries.Sum(a, c - b, c, w, terms);
        if (!pfaff.Converged)
        {
            return new Candidate(direct.ToSignedLog(), direct.Cancellation);
        }

        double logPfaff = -a * LogMath.Log1p(-z);
        return pfaff.Cancellation < direct.Cancellation
            ? new Candidate(Scale(pfaff.ToSignedLog(), logPfaff), pfaff.Cancellation)
            : new Candidate(direct.ToSignedLog(), direct.Cancellation);
    }

    /// <summary>
    /// A&amp;S 15.3.6: ₂F₁(a,b;c;z) = A₁ ₂F₁(a, b; 1−m; 1−z) + A₂ (1−z)^m ₂F₁(c−a, c−b; 1+m; 1−z), m = c − a − b,
    /// A₁ = Γ(c)Γ(m)/(Γ(c−a)Γ(c−b)), A₂ = Γ(c)Γ(−m)/(Γ(a)Γ(b)). Declines when m is within 1e-9 of an integer, or when
    /// cancellation between the two parts (or within them) would cost more than three digits.
    /// </summary>
    private static Candidate Connection(double a, double b, double c, double y)
    {
        var none = new Candidate(default, double.PositiveInfinity);
        double m = DefectOf(a, b, c);
        if (Math.Abs(m - Math.Round(m)) < IntegerTolerance)
        {
            return none;
        }

        SeriesSum s1 = GaussSeries.Sum(a, b, 1.0 - m, y, ConnectionSeriesBudget);
        SeriesSum s2 = GaussSeries.Sum(c - a, c - b, 1.0 + m, y, ConnectionSeriesBudget);
        if (!s1.Converged || !s2.Converged)
        {
            return none;
        }

        double lgc = GammaFunctions.LogAbsGamma(c, out int sc);
        double lgm = GammaFunctions.LogAbsGamma(m, out int sm);
        double lgca = GammaFunctions.LogAbsGamma(c - a, out int sca);
        double lgcb = GammaFunctions.LogAbsGamma(c - b, out int scb);
        double lgmm = GammaFunctions.LogAbsGamma(-m, out int smm);
        double lga = GammaFunctions.LogAbsGamma(a, out int sa);
        double lgb = GammaFunctions.LogAbsGamma(b, out int sb);

        SignedLogValue f1 = s1.ToSignedLog();
        SignedLogValue f2 = s2.ToSignedLog();
        double log1 = lgc + lgm - lgca - lgcb + f1.LogAbs;
        int sign1 = sc * sm * sca * scb * f1.Sign;
        double log2 = lgc + lgmm - lga - lgb + m * Math.Log(y) + f2.LogAbs;
        int sign2 = sc * smm * sa * sb * f2.Sign;

        SignedLogValue sum = LogMath.SignedLogAdd(new SignedLogValue(log1, sign1), new SignedLogValue(log2, sign2));
        if (sum.Sign == 0)
        {
            return none;
        }

        double mix = (Math.Exp(log1 - sum.LogAbs) + Math.Exp(log2 - sum.LogAbs));
        // Each part carries its series' cancellation plus the absolute error of the log-Gamma sums (≈ eps each).
        double gammaError = Math.Abs(lgc) + Math.Abs(lgm) + Math.Abs(lgca) + Math.Abs(lgcb) + Math.Abs(lgmm) + Math.Abs(lga) + Math.Abs(lgb);
        double condition = mix * (Math.Max(s1.Cancellation, s2.Cancellation) + gammaError);
        return double.IsFinite(condition) ? new Candidate(sum, condition) : none;
    }

    /// <summary>
    /// The limit form of the 1 − z transformation when m = c − a − b is exactly an integer (DLMF 15.8.10);
    /// negative m goes through Euler's transformation first, which turns it into −m.
    /// </summary>
    private static Candidate IntegerDefect(double a, double b, double c, double y)
    {
        var none = new Candidate(default, double.PositiveInfinity);
        double m = DefectOf(a, b, c);
        // Within a few ulps of the parameters an integer m is indistinguishable from the rounding the
        // parameters already carry (for example c − b after Pfaff's transformation), so it counts as one.
        double nearest = Math.Round(m);
        double ulps = 8.0 * MachineEpsilon * (Math.Abs(a) + Math.Abs(b) + Math.Abs(c));
        if (Math.Abs(m - nearest) > ulps || Math.Abs(nearest) > 100_000)
        {
            return none;
        }

        m = nearest;

        bool ok = m >= 0
            ? GaussIntegerDefect.TryEvaluate(a, b, (int)m, y, MaxSeriesTerms, out SignedLogValue value, out double condition)
            : GaussIntegerDefect.TryEvaluate(c - a, c - b, (int)-m, y, MaxSeriesTerms, out value, out condition);
        if (!ok)
        {
            return none;
        }

        return new Candidate(m < 0 ? Scale(value, m * Math.Log(y)) : value, condition);
    }

    /// <summary>c − a − b with the rounding of the first subtraction carried into the second (Knuth's TwoSum).</summary>
    internal static double DefectOf(double a, double b, double c)
    {
        double s = c - a;
        double bv = s - c;
        double error = (c - (s - bv)) + (-a - bv);
        return (s - b) + error;
    }

    /// <summary>Gauss's sum ₂F₁(a,b;c;1) = Γ(c)Γ(c−a−b)/(Γ(c−a)Γ(c−b)) for c − a − b &gt; 0 (A&amp;S 15.1.20).</summary>
    private static SignedLogValue GaussSum(double a, double b, double c)
    {
        double m = DefectOf(a, b, c);
        if (!(m > 0.0))
        {
            throw new ArgumentOutOfRangeException(nameof(c), c, $"2F1(a, b; c; 1) diverges unless c - a - b > 0 (here {m}).");
        }

        if (GammaFunctions.IsNonPositiveInteger(c - a) || GammaFunctions.IsNonPositiveInteger(c - b))
        {
            return new SignedLogValue(double.NegativeInfinity, 0);
        }

        double log = GammaFunctions.LogAbsGamma(c, out int sc) + GammaFunctions.LogAbsGamma(m, out int sm)
            - GammaFunctions.LogAbsGamma(c - a, out int sca) - GammaFunctions.LogAbsGamma(c - b, out int scb);
        return new SignedLogValue(log, sc * sm * sca * scb);
    }
}
