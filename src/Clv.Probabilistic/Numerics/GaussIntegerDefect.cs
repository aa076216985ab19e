using MathNet.Numerics;

namespace Clv.Probabilistic.Numerics;

/// <summary>
/// ₂F₁(a, b; a+b+m; z) for an integer m ≥ 0 and z near 1, where the two Gamma-function terms of the 1 − z
/// transformation both have poles and their limit brings in logarithms and digamma functions.
/// </summary>
/// <remarks>
/// DLMF 15.8.10 (Abramowitz &amp; Stegun 15.3.10–15.3.11), with y = 1 − z:
/// F = Γ(c)/(Γ(a+m)Γ(b+m)) Σ_{k&lt;m} (a)ₖ(b)ₖ (m−k−1)!/k! (−y)ᵏ
///   − Γ(c)/(Γ(a)Γ(b)) (−y)ᵐ Σ_{k≥0} (a+m)ₖ(b+m)ₖ/(k!(k+m)!) yᵏ [ln y − ψ(k+1) − ψ(k+m+1) + ψ(a+m+k) + ψ(b+m+k)].
/// Negative integer m is reduced to this case by Euler's transformation.
/// </remarks>
internal static class GaussIntegerDefect
{
    private const double Tolerance = 2.5e-17;

    /// <summary>
    /// Evaluates the formula at z = 1 − <paramref name="y"/> (y small, passed directly to keep its digits); returns false if its log series does not converge within
    /// <paramref name="maxTerms"/> terms. Requires a, b, a+m, b+m not to be non-positive integers.
    /// </summary>
    public static bool TryEvaluate(double a, double b, int m, double y, int maxTerms, out SignedLogValue value, out double cancellation)
    {
        double c = a + b + m;
        double logY = Math.Log(y);
        double logGammaC = GammaFunctions.LogAbsGamma(c, out int signC);

        // Finite part: Σ_{k<m} (a)_k (b)_k (m−k−1)!/k! (−y)^k, summed with the ratio recurrence.
        SignedLogValue finite = new(double.NegativeInfinity, 0);
        double finiteAbs = 0.0;
        if (m > 0)
        {
            double term = 1.0, sum = 1.0; // (m−1)! is folded into the prefactor
            finiteAbs = Math.Abs(term);
            for (int k = 0; k < m - 1; k++)
            {
                term *= (a + k) * (b + k) * -y / ((k + 1.0) * (m - k - 1.0));
                sum += term;
                finiteAbs += Math.Abs(term);
            }

            double prefactor = SpecialFunctions.GammaLn(m) + logGammaC - GammaFunctions.LogAbsGamma(a + m, out int sa) - GammaFunctions.LogAbsGamma(b + m, out int sb);
            finite = sum == 0.0 ? finite : new SignedLogValue(prefactor + Math.Log(Math.Abs(sum)), signC * sa * sb * Math.Sign(sum));
            finiteAbs = prefactor + Math.Log(finiteAbs);
        }

        // Logarithmic part.
        double psiOne = -0.57721566490153286061; // ψ(1) = −γ
        double psiK1 = psiOne, psiKm1 = psiOne + Harmonic(m);
        double psiA = SpecialFunctions.DiGamma(a + m), psiB = SpecialFunctions.DiGamma(b + m);
        double u = 1.0; // 1/m! is folded into the prefactor
        double series = 0.0, compensation = 0.0, seriesAbs = 0.0;
        bool converged = false;
        double lastNegative = Math.Max(-(a + m), -(b + m));
        for (int k = 0; k < maxTerms; k++)
        {
            double contribution = u * (logY - psiK1 - psiKm1 + psiA + psiB);
            double t = series + contribution;
            compensation += Math.Abs(series) >= Math.Abs(contribution) ? (series - t) + contribution : (contribution - t) + series;
            series = t;
            seriesAbs += Math.Abs(contribution);

            double ak = a + m + k, bk = b + m + k;
            double ratio = ak * bk * y / ((k + 1.0) * (k + m + 1.0));
            if (Math.Abs(contribution) <= Tolerance * Math.Abs(series) && k > lastNegative && Math.Abs(ratio) < 0.5)
            {
                converged = true;
                break;
            }

            u *= ratio;
            psiK1 += 1.0 / (k + 1.0);
            psiKm1 += 1.0 / (k + m + 1.0);
            psiA += 1.0 / ak;
            psiB += 1.0 / bk;
        }

        series += compensation;
        value = default;
        cancellation = double.PositiveInfinity;
        if (!converged)
        {
            return false;
        }

        double logPrefactor = logGammaC - GammaFunctions.LogAbsGamma(a, out int sA) - GammaFunctions.LogAbsGamma(b, out int sB) + m * logY
            - SpecialFunctions.GammaLn(m + 1.0);
        int signLog = -signC * sA * sB * (m % 2 == 0 ? 1 : -1) * Math.Sign(series);
        SignedLogValue logarithmic = series == 0.0
            ? new SignedLogValue(double.NegativeInfinity, 0)
            : new SignedLogValue(logPrefactor + Math.Log(Math.Abs(series)), signLog);

        value = LogMath.SignedLogAdd(finite, logarithmic);
        if (value.Sign == 0 || !double.IsFinite(value.LogAbs))
        {
            return false;
        }

        double logAbsTotal = LogMath.LogAddExp(m > 0 ? finiteAbs : double.NegativeInfinity, logPrefactor + Math.Log(seriesAbs));
        cancellation = Math.Exp(logAbsTotal - value.LogAbs);
        return true;
    }

    private static double Harmonic(int m)
    {
        double h = 0.0;
        for (int k = 1; k <= m; k++)
        {
            h += 1.0 / k;
        }

        return h;
    }
}
