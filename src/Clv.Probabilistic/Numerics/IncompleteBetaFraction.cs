namespace Clv.Probabilistic.Numerics;

/// <summary>
/// The continued fraction of the regularised incomplete Beta function:
/// I_x(a, b) = x^a (1−x)^b / (a B(a, b)) · K(a, b, x), K = 1/(1+ d₁/(1+ d₂/(1+ …))), with
/// d_{2m+1} = −(a+m)(a+b+m) x / ((a+2m)(a+2m+1)) and d_{2m} = m(b−m) x / ((a+2m−1)(a+2m)) (Abramowitz &amp; Stegun 26.5.8).
/// </summary>
/// <remarks>
/// Evaluated by the modified Lentz method. It converges quickly for x &lt; (a+1)/(a+b+2), in O(√max(a, b)) steps at
/// worst, and more slowly beyond. The caller passes y = 1 − x as well, because near x = 1 the first partial
/// denominator 1 − (a+b)x/(a+1) = (1 − b + (a+b)y)/(a+1) needs y's digits (and near x = 0 it is (1 + ay − bx)/(a+1)).
/// </remarks>
internal static class IncompleteBetaFraction
{
    private const double Tiny = 1e-300;
    private const double Tolerance = 1e-16;

    /// <summary>ln K(a, b, x); false if it has not converged within <paramref name="maxSteps"/> steps or is not positive.</summary>
    public static bool TryLog(double a, double b, double x, double y, int maxSteps, out double logK)
    {
        double c = 1.0;
        // 1 − (a+b)x/(a+1) = (1 + a y − b x)/(a+1) = (1 − b + (a+b) y)/(a+1): the first form for small x, the second near 1.
        double d = Guard((x < 0.5 ? 1.0 + a * y - b * x : 1.0 - b + (a + b) * y) / (a + 1.0));
        d = 1.0 / d;
        double h = d;
        for (int m = 1; m <= maxSteps; m++)
        {
            double m2 = 2.0 * m;
            double even = m * (b - m) * x / ((a + m2 - 1.0) * (a + m2));
            d = 1.0 / Guard(1.0 + even * d);
            c = Guard(1.0 + even / c);
            h *= d * c;
            double odd = -(a + m) * (a + b + m) * x / ((a + m2) * (a + m2 + 1.0));
            d = 1.0 / Guard(1.0 + odd * d);
            c = Guard(1.0 + odd / c);
            double delta = d * c;
            h *= delta;
            if (Math.Abs(delta - 1.0) <= Tolerance)
            {
                logK = h > 0 ? Math.Log(h) : double.NaN;
                return h > 0;
            }
        }

        logK = double.NaN;
        return false;
    }

    private static double Guard(double value) => Math.Abs(value) < Tiny ? Tiny : value;
}
