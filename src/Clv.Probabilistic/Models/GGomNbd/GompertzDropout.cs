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

    private GompertzDropout(double excess, double logBetaPlusExcess, double growth, double excessShare)
    {
        Excess = excess;
        LogBetaPlusExcess = logBetaPlusExcess;
        Growth = growth;
        ExcessShare = excessShare;
    }

    /// <summary>E = e^{bτ} − 1 (+∞ beyond the range of double).</summary>
    public double Excess { get; }

    /// <summary>ln(β + E).</summary>
    public double LogBetaPlusExcess { get; }

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
            double e = LogMath.ExpM1(bt), sum = beta + e;
            return new GompertzDropout(e, Math.Log(sum), (1 + e) / sum, e / sum);
        }
        // β + E = e^{bτ} (1 + (β − 1) e^{−bτ}).
        double rest = (beta - 1) * Math.Exp(-bt);
        double excess = Math.Exp(bt) - 1;
        return new GompertzDropout(excess, bt + LogMath.Log1p(rest), 1 / (1 + rest), (1 - Math.Exp(-bt)) / (1 + rest));
    }

    /// <summary>ln(1 + E/β) = −ln S(τ)/s, the cumulative hazard of the mixture per unit of s.</summary>
    public double LogSurvivalPerShape(double beta)
    {
        double ratio = Excess / beta;
        return double.IsFinite(ratio) ? LogMath.Log1p(ratio) : LogBetaPlusExcess - Math.Log(beta);
    }
}
