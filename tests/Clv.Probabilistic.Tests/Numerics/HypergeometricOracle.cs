namespace Clv.Probabilistic.Tests.Numerics;

/// <summary>
/// Independent references for ₂F₁ that share no code with the library: the raw power series in 28-digit decimal
/// arithmetic, and Euler's integral by tanh-sinh quadrature normalised by the same quadrature of the Beta integral.
/// </summary>
internal static class HypergeometricOracle
{
    /// <summary>
    /// Σ (a)ₙ(b)ₙ/((c)ₙ n!) zⁿ in decimal. Use parameters exactly representable in decimal and |z| ≤ 0.9 with
    /// moderate values (partial sums below 1e20), so the 28 significant digits are not exhausted.
    /// </summary>
    public static double DecimalSeries(double a, double b, double c, double z) => DecimalSeries(a, b, c, z, out _);

    /// <summary>As <see cref="DecimalSeries(double, double, double, double)"/>; <paramref name="condition"/> receives
    /// Σ|tₙ| / |Σtₙ|, the factor by which rounding in any double-precision summation is amplified.</summary>
    public static double DecimalSeries(double a, double b, double c, double z, out double condition)
    {
        decimal da = (decimal)a, db = (decimal)b, dc = (decimal)c, dz = (decimal)z;
        decimal sum = 1m, term = 1m, absSum = 1m;
        condition = 1;
        double bound = Math.Max(Math.Max(Math.Abs(a), Math.Abs(b)), Math.Abs(c)) + 10;
        int small = 0;
        for (int n = 0; n < 100_000; n++)
        {
            term = term * (da + n) * (db + n) * dz / ((dc + n) * (n + 1));
            sum += term;
            absSum += Math.Abs(term);
            condition = (double)(absSum / Math.Abs(sum));
            if (term == 0m && (da + n == 0m || db + n == 0m))
            {
                return (double)sum;
            }

            small = Math.Abs(term) <= 1e-26m * Math.Abs(sum) ? small + 1 : 0;
            if (small >= 20 && n > bound)
            {
                return (double)sum;
            }
        }

        throw new InvalidOperationException("decimal oracle did not converge");
    }

    /// <summary>
    /// ₂F₁(a, b; c; z) = ∫₀¹ t^(b−1)(1−t)^(c−b−1)(1−zt)^(−a) dt / ∫₀¹ t^(b−1)(1−t)^(c−b−1) dt for c &gt; b &gt; 0, z &lt; 1
    /// (A&amp;S 15.3.1; the denominator is B(b, c−b)). Both integrals by tanh-sinh quadrature with t and 1 − t
    /// computed separately, so endpoint singularities and z near 1 keep full precision; the step is halved until
    /// the ratio changes by less than 2e-15 relative (the
    /// rule converges double-exponentially, so the error is then far smaller than the change).
    /// </summary>
    public static double EulerIntegral(double a, double b, double c, double z) => Math.Exp(LogEulerIntegral(a, b, c, z));

    /// <summary>ln of <see cref="EulerIntegral"/>, for values beyond the range of double.</summary>
    public static double LogEulerIntegral(double a, double b, double c, double z)
    {
        if (!(c > b && b > 0))
        {
            throw new ArgumentException("Euler's integral needs c > b > 0");
        }

        double noise = Noise(a, b, c, z);
        double previous = double.NaN;
        for (int level = 3; level <= 14; level++)
        {
            double h = Math.Pow(2, -level);
            double current = LogRatio(a, b, c, z, h);
            if (Math.Abs(current - previous) <= noise && level >= 6)
            {
                return current;
            }

            previous = current;
        }

        throw new InvalidOperationException($"quadrature did not converge for ({a}, {b}; {c}; {z})");
    }

    /// <summary>
    /// Relative accuracy of <see cref="LogEulerIntegral"/>: the log-integrand adds terms as large as
    /// |a|·|ln(1−z)|, |b|, |c| (times O(1) logs), each rounded to an ulp of its size, so the noise grows with them.
    /// </summary>
    public static double Noise(double a, double b, double c, double z) =>
        2e-15 + 2e-16 * (Math.Abs(a) * Math.Max(1, Math.Abs(Math.Log(1 - z))) + Math.Abs(b) + Math.Abs(c));

    private static double LogRatio(double a, double b, double c, double z, double h)
    {
        var numerator = new List<double>();
        var denominator = new List<double>();
        AddNode(a, b, c, z, 0.0, numerator, denominator);
        double maxNumerator = numerator[0], maxDenominator = denominator[0];
        foreach (int direction in new[] { -1, 1 })
        {
            // Walk outwards until both integrands have fallen e^-45 below their maxima and are still falling.
            double previousNumerator = double.PositiveInfinity, previousDenominator = double.PositiveInfinity;
            for (int k = 1; k < 1_000_000; k++)
            {
                if (!AddNode(a, b, c, z, direction * k * h, numerator, denominator))
                {
                    break;
                }

                double n = numerator[^1], d = denominator[^1];
                maxNumerator = Math.Max(maxNumerator, n);
                maxDenominator = Math.Max(maxDenominator, d);
                bool negligible = n < maxNumerator - 45 && d < maxDenominator - 45 && n < previousNumerator && d < previousDenominator;
                if (negligible && k * h > 1)
                {
                    break;
                }

                previousNumerator = n;
                previousDenominator = d;
            }
        }

        return LogSum(numerator) - LogSum(denominator);
    }

    /// <summary>Adds the log-integrands at node s; false once t or 1 − t underflows in log space.</summary>
    private static bool AddNode(double a, double b, double c, double z, double s, List<double> numerator, List<double> denominator)
    {
        double u = Math.PI / 2 * Math.Sinh(s);
        // t = 1/(1+e^{-2u}), 1-t = 1/(1+e^{2u}), both kept as logs so neither end loses digits.
        double logT = -Softplus(-2 * u);
        double logOneMinusT = -Softplus(2 * u);
        if (double.IsInfinity(logT) || double.IsInfinity(logOneMinusT) || Math.Abs(s) > 12)
        {
            return false;
        }

        double oneMinusT = Math.Exp(logOneMinusT);
        double logWeight = Math.Log(Math.PI * Math.Cosh(s)) + logT + logOneMinusT;
        double logBeta = (b - 1) * logT + (c - b - 1) * logOneMinusT + logWeight;
        double oneMinusZt = z < 0 ? 1 - z * Math.Exp(logT) : (1 - z) + z * oneMinusT; // exact as z, t -> 1
        denominator.Add(logBeta);
        numerator.Add(logBeta - a * Math.Log(oneMinusZt));
        return true;
    }

    private static double Softplus(double x) => x > 30 ? x + Math.Exp(-x) : Log1p(Math.Exp(x));

    private static double Log1p(double x)
    {
        double u = 1 + x;
        return u == 1 ? x : Math.Log(u) * x / (u - 1);
    }

    private static double LogSum(List<double> logs)
    {
        double max = logs.Max();
        double sum = 0, compensation = 0;
        foreach (double l in logs)
        {
            double term = Math.Exp(l - max);
            double t = sum + term;
            compensation += Math.Abs(sum) >= term ? (sum - t) + term : (term - t) + sum;
            sum = t;
        }

        return max + Math.Log(sum + compensation);
    }
}
