using System.Numerics.Tensors;
using MathNet.Numerics;

namespace Clv.Probabilistic.Models.GammaGamma;

/// <summary>The Gamma-Gamma log-likelihood of mean repeat spend, with its analytic gradient.</summary>
/// <remarks>
/// For a customer with x ≥ 1 repeat transactions of mean value z̄ (Fader, Hardie &amp; Lee 2005, "RFM and CLV", JMR 42(4),
/// section "Adding monetary value"; Hardie note 025, the marginal density of z̄ given x):
/// ln f(z̄ | x; p, q, γ) = lnΓ(px + q) − lnΓ(px) − lnΓ(q) + q ln γ + (px − 1) ln z̄ + px ln x − (px + q) ln(γ + x z̄).
/// Derivatives (ψ the digamma function):
/// ∂/∂p = x [ψ(px + q) − ψ(px) + ln z̄ + ln x − ln(γ + x z̄)],
/// ∂/∂q = ψ(px + q) − ψ(q) + ln γ − ln(γ + x z̄),
/// ∂/∂γ = q/γ − (px + q)/(γ + x z̄).
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
        double p = parameters.P, q = parameters.Q, gamma = parameters.Gamma, a = p * x;
        return SpecialFunctions.GammaLn(a + q) - SpecialFunctions.GammaLn(a) - SpecialFunctions.GammaLn(q)
            + q * Math.Log(gamma) + (a - 1) * Math.Log(meanSpend) + a * Math.Log(x) - (a + q) * Math.Log(gamma + x * meanSpend);
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
    /// per distinct x; each row costs one logarithm and one reciprocal, vectorised in blocks with TensorPrimitives.
    /// </summary>
    internal static double Evaluate(double p, double q, double gamma, GammaGammaData data, Span<double> gradient)
    {
        var groups = data.Groups;
        double lnGamma = Math.Log(gamma);
        double lnGammaQ = SpecialFunctions.GammaLn(q), psiQ = SpecialFunctions.DiGamma(q);
        double value = 0, dp = 0, dq = 0, dg = 0;
        for (int g = 0; g < groups.Frequency.Length; g++)
        {
            double x = groups.Frequency[g], w = groups.Weight[g], s = groups.WeightedLogSpend[g];
            double a = p * x, lnX = Math.Log(x);
            double psiAq = SpecialFunctions.DiGamma(a + q);
            value += w * (SpecialFunctions.GammaLn(a + q) - SpecialFunctions.GammaLn(a) - lnGammaQ + q * lnGamma + a * lnX) + (a - 1) * s;
            dp += x * (w * (psiAq - SpecialFunctions.DiGamma(a) + lnX) + s);
            dq += w * (psiAq - psiQ + lnGamma);
        }
        dg += groups.TotalWeight * q / gamma;

        // Σ w ln(γ + x z̄), Σ w x ln(γ + x z̄), Σ w / (γ + x z̄), Σ w x / (γ + x z̄), in vectorised blocks.
        const int Block = 256;
        Span<double> t = stackalloc double[Block], logT = stackalloc double[Block], share = stackalloc double[Block];
        double sumL = 0, sumXL = 0, sumInv = 0, sumXInv = 0;
        ReadOnlySpan<double> xs = data.Frequency, zs = data.MeanSpend, ws = data.Weights, wxs = data.WeightedFrequency;
        for (int start = 0; start < xs.Length; start += Block)
        {
            int length = Math.Min(Block, xs.Length - start);
            var tb = t[..length];
            var lb = logT[..length];
            var sb = share[..length];
            ReadOnlySpan<double> w = ws.Slice(start, length), wx = wxs.Slice(start, length);
            TensorPrimitives.MultiplyAdd(xs.Slice(start, length), zs.Slice(start, length), gamma, tb);
            TensorPrimitives.Log(tb, lb);
            sumL += TensorPrimitives.Dot(w, lb);
            sumXL += TensorPrimitives.Dot(wx, lb);
            TensorPrimitives.Reciprocal(tb, sb);
            sumInv += TensorPrimitives.Dot(w, sb);
            sumXInv += TensorPrimitives.Dot(wx, sb);
        }
        value -= p * sumXL + q * sumL;
        gradient[0] = dp - sumXL;
        gradient[1] = dq - sumL;
        gradient[2] = dg - (p * sumXInv + q * sumInv);
        return value;
    }
}
