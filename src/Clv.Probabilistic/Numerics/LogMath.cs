using System.Runtime.Intrinsics;

namespace Clv.Probabilistic.Numerics;

/// <summary>Small, exact log-space helpers: sums and differences of exponentials without overflow or needless rounding.</summary>
internal static class LogMath
{
    private static readonly double MinusLn2 = -Math.Log(2.0);

    /// <summary>ln(1 − eˣ) for x ≤ 0; −∞ at x = 0.</summary>
    /// <param name="x">A non-positive number (the log of a probability).</param>
    /// <returns>ln(1 − eˣ).</returns>
    /// <exception cref="ArgumentException">x is NaN.</exception>
    /// <exception cref="ArgumentOutOfRangeException">x &gt; 0, where the result is not real.</exception>
    /// <remarks>
    /// Mächler (2012), "Accurately computing log(1 − exp(−|a|))", eq. (7): ln(−expm1(x)) for −ln 2 ≤ x ≤ 0 and
    /// log1p(−eˣ) for x &lt; −ln 2; each branch is used where its inner operation is exact to rounding.
    /// </remarks>
    public static double Log1mExp(double x)
    {
        if (double.IsNaN(x))
        {
            throw new ArgumentException("x is NaN.", nameof(x));
        }

        if (x > 0.0)
        {
            throw new ArgumentOutOfRangeException(nameof(x), x, "log(1 - exp(x)) needs x <= 0.");
        }

        return x > MinusLn2 ? Math.Log(-ExpM1(x)) : Log1p(-Math.Exp(x));
    }

    /// <summary>ln(1 + eˣ) (the softplus), accurate for all x.</summary>
    /// <param name="x">Any real number.</param>
    /// <returns>ln(1 + eˣ).</returns>
    /// <remarks>Mächler (2012), eq. (10): log1p(eˣ) for x ≤ 18, x + e⁻ˣ for 18 &lt; x ≤ 33.3, x beyond.</remarks>
    public static double Log1pExp(double x)
    {
        if (x <= 18.0)
        {
            return Log1p(Math.Exp(x));
        }

        return x <= 33.3 ? x + Math.Exp(-x) : x;
    }

    /// <summary>ln(eᵃ + eᵇ) without overflow.</summary>
    /// <param name="a">First log-term.</param>
    /// <param name="b">Second log-term.</param>
    /// <returns>ln(eᵃ + eᵇ); −∞ when both are −∞; NaN propagates.</returns>
    /// <remarks>max(a, b) + log1p(e^(−|a−b|)).</remarks>
    public static double LogAddExp(double a, double b)
    {
        double max = Math.Max(a, b);
        if (double.IsInfinity(max))
        {
            return max;
        }

        return max + Log1p(Math.Exp(-Math.Abs(a - b)));
    }

    /// <summary>ln(eᵃ − eᵇ) for a ≥ b.</summary>
    /// <param name="a">Log of the larger term.</param>
    /// <param name="b">Log of the smaller term.</param>
    /// <returns>ln(eᵃ − eᵇ); −∞ when a = b.</returns>
    /// <exception cref="ArgumentOutOfRangeException">b &gt; a.</exception>
    /// <remarks>a + Log1mExp(b − a).</remarks>
    public static double LogSubExp(double a, double b)
    {
        if (b > a)
        {
            throw new ArgumentOutOfRangeException(nameof(b), b, $"log(exp(a) - exp(b)) needs b <= a (a = {a}).");
        }

        if (double.IsNegativeInfinity(b))
        {
            return a;
        }

        return a + Log1mExp(b - a);
    }

    /// <summary>ln Σ exp(xᵢ) without overflow; −∞ for an empty span.</summary>
    /// <param name="values">The log-terms.</param>
    /// <returns>ln Σ exp(xᵢ).</returns>
    /// <remarks>Shifts by the maximum so the largest exponential is exactly 1, then sums with log1p of the rest.</remarks>
    public static double LogSumExp(ReadOnlySpan<double> values)
    {
        if (values.IsEmpty)
        {
            return double.NegativeInfinity;
        }

        int argMax = 0;
        for (int i = 1; i < values.Length; i++)
        {
            if (values[i] > values[argMax] || double.IsNaN(values[i]))
            {
                argMax = i;
            }
        }

        double max = values[argMax];
        if (double.IsInfinity(max) || double.IsNaN(max))
        {
            return max;
        }

        double rest = 0.0;
        for (int i = 0; i < values.Length; i++)
        {
            if (i != argMax)
            {
                rest += Math.Exp(values[i] - max);
            }
        }

        return max + Log1p(rest);
    }

    /// <summary>Sum of two signed log-magnitude values.</summary>
    /// <param name="x">First value.</param>
    /// <param name="y">Second value.</param>
    /// <returns>x + y as sign and log-magnitude; sign 0 for an exact zero.</returns>
    public static SignedLogValue SignedLogAdd(SignedLogValue x, SignedLogValue y)
    {
        if (x.Sign == 0)
        {
            return y;
        }

        if (y.Sign == 0)
        {
            return x;
        }

        if (x.Sign == y.Sign)
        {
            return new SignedLogValue(LogAddExp(x.LogAbs, y.LogAbs), x.Sign);
        }

        if (x.LogAbs == y.LogAbs)
        {
            return new SignedLogValue(double.NegativeInfinity, 0);
        }

        return x.LogAbs > y.LogAbs
            ? new SignedLogValue(LogSubExp(x.LogAbs, y.LogAbs), x.Sign)
            : new SignedLogValue(LogSubExp(y.LogAbs, x.LogAbs), y.Sign);
    }

    /// <summary>ln(1 + x), accurate to a few ulps also for tiny |x| (.NET's <c>double.LogP1</c> is not).</summary>
    /// <param name="x">x ≥ −1.</param>
    /// <returns>ln(1 + x).</returns>
    /// <remarks>
    /// Kahan's trick: with u = fl(1 + x), ln(1 + x) = ln(u)·x/(u − 1) cancels the rounding of u to first order
    /// (Goldberg 1991, "What every computer scientist should know about floating-point arithmetic", Theorem 4).
    /// </remarks>
    public static double Log1p(double x)
    {
        double u = 1.0 + x;
        if (u == 1.0)
        {
            return x;
        }

        if (double.IsPositiveInfinity(u))
        {
            return Math.Log(x);
        }

        return Math.Log(u) * x / (u - 1.0);
    }

    /// <summary>ln(1 + x) lane by lane, by the same correction as <see cref="Log1p(double)"/>.</summary>
    /// <param name="x">Finite values &gt; −1.</param>
    internal static Vector256<double> Log1p(Vector256<double> x)
    {
        var u = Vector256.Create(1.0) + x;
        var rounded = u - Vector256.Create(1.0);
        return Vector256.ConditionalSelect(Vector256.Equals(rounded, Vector256<double>.Zero), x, Vector256.Log(u) * (x / rounded));
    }

    /// <summary>eˣ − 1, accurate to a few ulps also for tiny |x|.</summary>
    /// <param name="x">Any real number.</param>
    /// <returns>eˣ − 1.</returns>
    /// <remarks>Kahan's trick: with u = fl(eˣ), eˣ − 1 = (u − 1)·x/ln(u), the dual of <see cref="Log1p(double)"/>.</remarks>
    public static double ExpM1(double x)
    {
        double u = Math.Exp(x);
        if (u == 1.0)
        {
            return x;
        }

        double um1 = u - 1.0;
        if (um1 == -1.0 || double.IsInfinity(u))
        {
            return um1;
        }

        return um1 * x / Math.Log(u);
    }
}
