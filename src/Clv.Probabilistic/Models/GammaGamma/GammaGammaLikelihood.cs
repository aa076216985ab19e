using System.Runtime.Intrinsics;
using Clv.Probabilistic.Numerics;
using MathNet.Numerics;

namespace Clv.Probabilistic.Models.GammaGamma;

/// <summary>The Gamma-Gamma log-likelihood of mean repeat spend, with its analytic gradient.</summary>
/// <remarks>
/// For a customer with x ≥ 1 repeat transactions of mean value z̄ (Fader, Hardie &amp; Lee 2005, "RFM and CLV", JMR 42(4),
/// section "Adding monetary value"; Hardie note 025, the marginal density of z̄ given x):
/// ln f(z̄ | x; p, q, γ) = lnΓ(px + q) − lnΓ(px) − lnΓ(q) + q ln γ + (px − 1) ln z̄ + px ln x − (px + q) ln(γ + x z̄).
/// It is evaluated in the equivalent form, with a = px and u = γ/(x z̄),
/// ln f = [lnΓ(a + q) − lnΓ(a)] − lnΓ(q) − ln z̄ − (a + q) ln(1 + u) + q ln u,
/// where the bracket is computed as one difference (<c>GammaFunctions.LogGammaShift</c>) and ln(1 + u) accurately for
/// small u: the textbook form adds terms of size a ln z̄ that cancel, so along the ridge p → ∞, γ → 0 (where the
/// density tends to an inverse gamma) it loses every digit once p passes about 10¹⁵. Derivatives (ψ the digamma function):
/// ∂/∂p = x [ψ(a + q) − ψ(a) − ln(1 + u)],
/// ∂/∂q = ψ(a + q) − ψ(q) − ln(1 + u) + ln u,
/// ∂/∂γ = q/γ − (a + q)/(γ + x z̄).
/// </remarks>
public static class GammaGammaLikelihood
{
    /// <summary>ln f(z̄ | x) for one customer.</summary>
    /// <param name="parameters">Model parameters.</param>
    /// <param name="x">Number of repeat transactions; ≥ 1.</param>
    /// <param name="meanSpend">Mean repeat transaction value z̄; &gt; 0.</param>
    /// <exception cref="ArgumentOutOfRangeException">x &lt; 1 or z̄ ≤ 0.</exception>
    public static double LogDensity(GammaGammaParameters parameters, double x, double meanSpend)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        if (!(x >= 1) || !double.IsFinite(x)) throw new ArgumentOutOfRangeException(nameof(x), x, "The Gamma-Gamma density needs x ≥ 1 repeat transactions.");
        if (!(meanSpend > 0) || !double.IsFinite(meanSpend)) throw new ArgumentOutOfRangeException(nameof(meanSpend), meanSpend, "The Gamma-Gamma density needs a finite mean spend > 0.");
        double p = parameters.P, q = parameters.Q, gamma = parameters.Gamma, a = p * x, xz = x * meanSpend;
        double u = gamma / xz;
        return GammaFunctions.LogGammaShift(a, q) - SpecialFunctions.GammaLn(q) - Math.Log(meanSpend)
            - (a + q) * LogMath.Log1p(u) + q * (Math.Log(gamma) - Math.Log(xz));
    }

    /// <summary>The weighted log-likelihood Σ w ln f(z̄ | x) over the customers of <paramref name="data"/>.</summary>
    public static double LogLikelihood(GammaGammaParameters parameters, GammaGammaData data)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(data);
        Span<double> unused = stackalloc double[3];
        return Evaluate(parameters.P, parameters.Q, parameters.Gamma, data, unused);
    }

    /// <summary>
    /// Weighted log-likelihood and its gradient with respect to (p, q, γ). Terms that depend on x only are summed once
    /// per distinct x; each row costs one logarithm and two divisions, vectorised.
    /// </summary>
    internal static double Evaluate(double p, double q, double gamma, GammaGammaData data, Span<double> gradient)
    {
        var groups = data.Groups;
        double lnGamma = Math.Log(gamma);
        double lnGammaQ = SpecialFunctions.GammaLn(q), psiQ = SpecialFunctions.DiGamma(q);
        double value = 0, dp = 0, dq = 0;
        for (int g = 0; g < groups.Frequency.Length; g++)
        {
            double x = groups.Frequency[g], w = groups.Weight[g];
            double a = p * x;
            value += w * (GammaFunctions.LogGammaShift(a, q) - lnGammaQ);
            dp += w * x * GammaFunctions.DigammaShift(a, q);
            dq += w * (SpecialFunctions.DiGamma(a + q) - psiQ);
        }
        double total = groups.TotalWeight;
        double logU = total * lnGamma - groups.WeightedLogFrequencySpend;
        value += q * logU - groups.WeightedLogSpend;
        dq += logU;

        var sums = RowSums(gamma, data);
        value -= p * sums.XLog + q * sums.Log;
        gradient[0] = dp - sums.XLog;
        gradient[1] = dq - sums.Log;
        gradient[2] = q * total / gamma - (p * sums.XInverse + q * sums.Inverse);
        return value;
    }

    /// <summary>Σ w ln(1 + u), Σ w x ln(1 + u), Σ w/(γ + x z̄), Σ w x/(γ + x z̄) with u = γ/(x z̄).</summary>
    private readonly record struct Sums(double Log, double XLog, double Inverse, double XInverse);

    private static Sums RowSums(double gamma, GammaGammaData data)
    {
        ReadOnlySpan<double> inverseXz = data.InverseFrequencySpend, ws = data.Weights, wxs = data.WeightedFrequency;
        double sumL = 0, sumXL = 0, sumInv = 0, sumXInv = 0;
        int i = 0, n = inverseXz.Length;
        if (Vector256.IsHardwareAccelerated && n >= 4)
        {
            var g = Vector256.Create(gamma);
            var one = Vector256.Create(1.0);
            Vector256<double> l = Vector256<double>.Zero, xl = l, inv = l, xinv = l;
            for (; i <= n - 4; i += 4)
            {
                var ixz = Vector256.Create(inverseXz.Slice(i, 4));
                var w = Vector256.Create(ws.Slice(i, 4));
                var wx = Vector256.Create(wxs.Slice(i, 4));
                var u = g * ixz;
                var onePlusU = one + u;
                var rounded = onePlusU - one;
                // ln(1 + u) = ln(fl(1 + u)) · u / (fl(1 + u) − 1) corrects the rounding of 1 + u (Goldberg 1991, Theorem 4).
                var log1p = Vector256.ConditionalSelect(Vector256.Equals(rounded, Vector256<double>.Zero), u,
                    Vector256.Log(onePlusU) * (u / rounded));
                var r = ixz / onePlusU;
                l += w * log1p;
                xl += wx * log1p;
                inv += w * r;
                xinv += wx * r;
            }
            sumL = Vector256.Sum(l);
            sumXL = Vector256.Sum(xl);
            sumInv = Vector256.Sum(inv);
            sumXInv = Vector256.Sum(xinv);
        }
        for (; i < n; i++)
        {
            double u = gamma * inverseXz[i], log1p = LogMath.Log1p(u), r = inverseXz[i] / (1 + u);
            sumL += ws[i] * log1p;
            sumXL += wxs[i] * log1p;
            sumInv += ws[i] * r;
            sumXInv += wxs[i] * r;
        }
        return new Sums(sumL, sumXL, sumInv, sumXInv);
    }
}
