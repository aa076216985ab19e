using MathNet.Numerics;

namespace Clv.Probabilistic.Numerics;

/// <summary>ln |Γ(x)| with the sign of Γ(x) for any real x that is not a pole.</summary>
internal static class GammaFunctions
{
    /// <summary>ln |Γ(x)|; <paramref name="sign"/> receives the sign of Γ(x). x must not be a non-positive integer.</summary>
    /// <remarks>For x ≤ 0 uses the reflection formula Γ(x) = π / (sin(πx) Γ(1−x)) (Abramowitz &amp; Stegun 6.1.17).</remarks>
    public static double LogAbsGamma(double x, out int sign)
    {
        if (x > 0.0)
        {
            sign = 1;
            return SpecialFunctions.GammaLn(x);
        }

        double s = SinPi(x);
        sign = s > 0.0 ? 1 : -1;
        return Math.Log(Math.PI / Math.Abs(s)) - SpecialFunctions.GammaLn(1.0 - x);
    }

    /// <summary>sin(πx) with the argument reduced exactly first, so it is accurate for large |x|.</summary>
    public static double SinPi(double x)
    {
        double r = Math.IEEERemainder(x, 2.0); // exact, in [-1, 1]
        if (r > 0.5)
        {
            r = 1.0 - r;
        }
        else if (r < -0.5)
        {
            r = -1.0 - r;
        }

        return Math.Sin(Math.PI * r);
    }

    /// <summary>True when x is 0, −1, −2, …</summary>
    public static bool IsNonPositiveInteger(double x) => x <= 0.0 && x == Math.Floor(x);

    /// <summary>
    /// ln Γ(y + d) − ln Γ(y) for y &gt; 0, y + d &gt; 0, with the shift d passed separately so that neither the rounding of
    /// y + d nor the cancellation of two large lnΓ values (absolute error ≈ 10⁻¹⁶ · y ln y) enters.
    /// </summary>
    /// <remarks>
    /// For y ≥ 10 and y + d ≥ 10, Stirling's series (Abramowitz &amp; Stegun 6.1.41) subtracted term by term:
    /// (y + d − ½) ln(1 + d/y) + d (ln y − 1) + S(y + d) − S(y), S(x) = Σ_k B₂ₖ/(2k(2k−1) x^{2k−1}) to k = 7
    /// (truncation below 10⁻¹⁸ at x = 10). Below, Γ(x+1) = xΓ(x) first moves both arguments up by k:
    /// ln Γ(y+d) − ln Γ(y) = [the same at y + k] − Σ_{j&lt;k} ln(1 + d/(y+j)).
    /// </remarks>
    public static double LogGammaShift(double y, double d)
    {
        // The recurrence below adds 1 to y at most ten times, unless y is so large that y + 1 rounds to y (y ≥ 2^53)
        // while y + d is small (d ≈ −y): then it would never end. There the two lnΓ values differ by far more than
        // their rounding, so the plain difference is exact enough.
        if (!(y > 0)) throw new ArgumentOutOfRangeException(nameof(y), y, "ln Γ(y + d) − ln Γ(y) is evaluated for y > 0.");
        if (y >= 9007199254740992.0 && y + d < 10.0)
            return SpecialFunctions.GammaLn(y + d) - SpecialFunctions.GammaLn(y);
        double recurrence = 0.0;
        while (y < 10.0 || y + d < 10.0)
        {
            recurrence += LogMath.Log1p(d / y);
            y += 1.0;
        }

        return (y + d - 0.5) * LogMath.Log1p(d / y) + d * (Math.Log(y) - 1.0) + (StirlingCorrection(y + d) - StirlingCorrection(y))
            - recurrence;
    }

    /// <summary>
    /// ψ(y + d) − ψ(y) for y &gt; 0, d ≥ 0, without the cancellation of two digamma values (absolute error ≈ 10⁻¹⁶ ln y,
    /// which swamps the result ≈ d/y when y is large).
    /// </summary>
    /// <remarks>
    /// For y ≥ 10, the asymptotic series ψ(x) = ln x − 1/(2x) − Σ_k B₂ₖ/(2k x^{2k}) (Abramowitz &amp; Stegun 6.3.18)
    /// subtracted term by term: ln(1 + d/y) + d/(2y(y + d)) − [D(y + d) − D(y)], D the Bernoulli sum to k = 7.
    /// Below, ψ(x + 1) = ψ(x) + 1/x moves y up by k: ψ(y+d) − ψ(y) = [the same at y + k] + Σ_{j&lt;k} d/((y+j)(y+d+j)).
    /// </remarks>
    public static double DigammaShift(double y, double d)
    {
        if (!(y > 0)) throw new ArgumentOutOfRangeException(nameof(y), y, "ψ(y + d) − ψ(y) is evaluated for y > 0.");
        double recurrence = 0.0;
        while (y < 10.0)
        {
            recurrence += d / (y * (y + d));
            y += 1.0;
        }

        return LogMath.Log1p(d / y) + d / (2.0 * y * (y + d)) - (DigammaCorrection(y + d) - DigammaCorrection(y)) + recurrence;
    }

    private static double DigammaCorrection(double x)
    {
        double u = 1.0 / (x * x);
        return u * (1.0 / 12.0 + u * (-1.0 / 120.0 + u * (1.0 / 252.0 + u * (-1.0 / 240.0 + u * (1.0 / 132.0
            + u * (-691.0 / 32760.0 + u * (1.0 / 12.0)))))));
    }

    private static double StirlingCorrection(double x)
    {
        double u = 1.0 / (x * x);
        return (1.0 / 12.0 + u * (-1.0 / 360.0 + u * (1.0 / 1260.0 + u * (-1.0 / 1680.0 + u * (1.0 / 1188.0
            + u * (-691.0 / 360360.0 + u * (1.0 / 156.0))))))) / x;
    }
}
