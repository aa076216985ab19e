using MathNet.Numerics;

namespace Clv.Probabilistic.Models.BgNbd;

/// <summary>
/// The likelihood terms that depend on a customer's repeat-purchase count x alone, for every distinct x at once:
/// lnΓ(r+x) − lnΓ(r), ln B(a, b+x) − ln B(a, b) and their derivatives, by the recurrence Γ(z+1) = zΓ(z)
/// (so ψ(r+x) − ψ(r) = Σ_{k&lt;x} 1/(r+k)), jumping with lnΓ and ψ over long gaps between distinct values.
/// </summary>
internal static class BgNbdCountTerms
{
    private const int WalkLimit = 256;

    /// <summary>Fills, for each x in <paramref name="distinctX"/> (ascending, ≥ 0), the x-only terms.</summary>
    /// <param name="distinctX">Distinct counts, ascending.</param>
    /// <param name="r">r.</param>
    /// <param name="a">a.</param>
    /// <param name="b">b.</param>
    /// <param name="logGammaRatio">lnΓ(r+x) − lnΓ(r).</param>
    /// <param name="digammaR">ψ(r+x) − ψ(r).</param>
    /// <param name="logBetaRatio">ln B(a, b+x) − ln B(a, b).</param>
    /// <param name="dLogBetaDa">∂/∂a of ln B(a, b+x) − ln B(a, b) = ψ(a+b) − ψ(a+b+x).</param>
    /// <param name="dLogBetaDb">∂/∂b of ln B(a, b+x) − ln B(a, b) = ψ(b+x) − ψ(b) − ψ(a+b+x) + ψ(a+b).</param>
    public static void Fill(ReadOnlySpan<int> distinctX, double r, double a, double b,
        Span<double> logGammaRatio, Span<double> digammaR, Span<double> logBetaRatio, Span<double> dLogBetaDa, Span<double> dLogBetaDb)
    {
        double g = 0, dg = 0, bt = 0, da = 0, db = 0;
        int k = 0;
        double ab = a + b;
        for (int j = 0; j < distinctX.Length; j++)
        {
            int x = distinctX[j];
            if (x - k > WalkLimit)
            {
                g += SpecialFunctions.GammaLn(r + x) - SpecialFunctions.GammaLn(r + k);
                dg += SpecialFunctions.DiGamma(r + x) - SpecialFunctions.DiGamma(r + k);
                bt += SpecialFunctions.GammaLn(b + x) - SpecialFunctions.GammaLn(b + k)
                      - SpecialFunctions.GammaLn(ab + x) + SpecialFunctions.GammaLn(ab + k);
                double dab = SpecialFunctions.DiGamma(ab + x) - SpecialFunctions.DiGamma(ab + k);
                da -= dab;
                db += SpecialFunctions.DiGamma(b + x) - SpecialFunctions.DiGamma(b + k) - dab;
                k = x;
            }
            for (; k < x; k++)
            {
                double rk = r + k, bk = b + k, abk = ab + k;
                g += Math.Log(rk);
                dg += 1.0 / rk;
                bt += Math.Log(bk / abk);
                da -= 1.0 / abk;
                db += a / (bk * abk);
            }
            logGammaRatio[j] = g;
            digammaR[j] = dg;
            logBetaRatio[j] = bt;
            dLogBetaDa[j] = da;
            dLogBetaDb[j] = db;
        }
    }
}
