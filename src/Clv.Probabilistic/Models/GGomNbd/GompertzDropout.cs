using Clv.Probabilistic.Numerics;

namespace Clv.Probabilistic.Models.GGomNbd;

/// <summary>
/// The gamma-Gompertz drop-out of Bemmaor &amp; Glady (2012) at one time τ: E = e^{bτ} − 1, ln(β + E), the survival
/// S(τ) = (β/(β + E))^s and the growth factor e^{bτ}/(β + E) that the derivatives in b need, in forms that stay accurate
/// for b τ from 10⁻¹⁶ (E by expm1) to beyond the range of e^{bτ}.
/// </summary>
internal readonly struct GompertzDropout
{
    private const double LargeExponent = 40;

    private GompertzDropout(double excess, double logBetaPlusExcess, double inverse, double growth, double excessShare)
    {
        Excess = excess;
        Inverse = inverse;
        LogBetaPlusExcess = logBetaPlusExcess;
        Growth = growth;
        ExcessShare = excessShare;
    }

    /// <summary>E = e^{bτ} − 1 (+∞ beyond the range of double).</summary>
    public double Excess { get; }

    /// <summary>ln(β + E).</summary>
    public double LogBetaPlusExcess { get; }

    /// <summary>1/(β + E).</summary>
    public double Inverse { get; }

    /// <summary>e^{bτ}/(β + E), the derivative of ln(β + E) in b divided by τ.</summary>
    public double Growth { get; }

    /// <summary>E/(β + E), in [0, 1].</summary>
    public double ExcessShare { get; }

    /// <summary>The drop-out terms at τ ≥ 0.</summary>
    public static GompertzDropout At(double b, double beta, double tau)
    {
        double bt = b * tau;
        if (bt <= LargeExponent)
        {
            double e = ExpM1(bt), sum = beta + e, inverse = 1 / sum;
            return new GompertzDropout(e, Math.Log(sum), inverse, (1 + e) * inverse, e * inverse);
        }
        // β + E = e^{bτ} (1 + (β − 1) e^{−bτ}).
        double rest = (beta - 1) * Math.Exp(-bt);
        double excess = Math.Exp(bt) - 1;
        double log = bt + LogMath.Log1p(rest);
        return new GompertzDropout(excess, log, Math.Exp(-log), 1 / (1 + rest), (1 - Math.Exp(-bt)) / (1 + rest));
    }

    /// <summary>
    /// eˣ − 1 for x ≤ 40: the Taylor series to x³/6 for |x| below 10⁻⁵ (the rest under 5·10⁻¹⁷ relative), eˣ − 1 above 1 (where
    /// the subtraction loses under one ulp), Kahan's form in between.
    /// </summary>
    private static double ExpM1(double x)
    {
        if (Math.Abs(x) < 1e-5) return x * (1 + x * (0.5 + x * (1.0 / 6)));
        if (x > 1) return Math.Exp(x) - 1;
        return LogMath.ExpM1(x);
    }

    /// <summary>ln(1 + E/β) = −ln S(τ)/s, the cumulative hazard of the mixture per unit of s.</summary>
    public double LogSurvivalPerShape(double beta)
    {
        double ratio = Excess / beta;
        return double.IsFinite(ratio) ? LogMath.Log1p(ratio) : LogBetaPlusExcess - Math.Log(beta);
    }
}
