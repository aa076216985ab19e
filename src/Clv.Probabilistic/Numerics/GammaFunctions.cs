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
}
