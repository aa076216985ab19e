using Clv.Probabilistic.Numerics;

namespace Clv.Probabilistic.Models.GGomNbd;

/// <summary>
/// The drop-out integral of the GGom/NBD likelihood, I = ∫_{t_x}^{T} (α+τ)^{−(r+x)} e^{bτ} (β + e^{bτ} − 1)^{−(s+1)} dτ,
/// with the averages under its integrand that the gradient needs.
/// </summary>
/// <remarks>
/// Bemmaor &amp; Glady (2012), section 2: the individual likelihood λ^x e^{−λT} S(T | η) + ∫_{t_x}^{T} λ^x e^{−λτ} f(τ | η) dτ
/// with the Gompertz lifetime S(τ | η) = exp(−η (e^{bτ} − 1)), mixed over λ ~ Gamma(r, α) and η ~ Gamma(s, β), has the
/// drop-out term s b β^s · I. The integral is taken in σ = ln(c + τ), c = min(α, min(β, 1)/b), the smaller of the scales on
/// which the two factors vary (α for the purchase factor; β/b for the drop-out density when β &lt; 1, 1/b otherwise), so
/// that both power-law-like factors are smooth in σ; at b → 0 with β/b fixed this is the Pareto/NBD's variable
/// ln(min(α, β) + τ). The factors summed at the same nodes are the derivatives of ln of the integrand in r, α, s, β and b,
/// less the constants: −ln(α+τ), −(r+x)/(α+τ), −ln(β+E), −(s+1)/(β+E), τ − (s+1) τ e^{bτ}/(β+E), E = e^{bτ} − 1.
/// </remarks>
internal struct GompertzDropoutIntegral : ILogIntegrand
{
    private readonly double _shape, _power, _alphaMinusC, _c, _b, _beta, _sPlus1;

    private GompertzDropoutIntegral(double shape, double power, double alpha, double c, double b, double s, double beta)
    {
        _shape = shape;
        _power = power;
        _alphaMinusC = alpha - c;
        _c = c;
        _b = b;
        _beta = beta;
        _sPlus1 = s + 1;
    }

    public readonly double Log(double sigma, Span<double> factors)
    {
        double u = Math.Exp(sigma), tau = u - _c, ap = _alphaMinusC + u;
        double logAp = _alphaMinusC == 0 ? sigma : Math.Log(ap);
        var g = GompertzDropout.At(_b, _beta, tau);
        factors[0] = -logAp;
        factors[1] = -_shape / ap;
        factors[2] = -g.LogBetaPlusExcess;
        factors[3] = -_sPlus1 * g.Inverse;
        factors[4] = tau * (1 - _sPlus1 * g.Growth);
        double log = sigma - _shape * logAp + _b * tau - _sPlus1 * g.LogBetaPlusExcess;
        return _power == 0 ? log : log + _power * Math.Log(Math.Max(tau, 0));
    }

    /// <summary>The averages of the factors under the integrand.</summary>
    public readonly record struct Averages(double LogAlpha, double InverseAlpha, double LogBeta, double InverseBeta, double B);

    /// <summary>ln I for t_x &lt; T with the averages of the factors; NaN where the quadrature fails.</summary>
    public static double Evaluate(double r, double alpha, double b, double s, double beta, double x, double recency, double t, out Averages averages) =>
        Integral(r + x, 0, alpha, b, s, beta, recency, t, out averages);

    /// <summary>
    /// ln ∫_{from}^{to} τ^n (α+τ)^{−shape} e^{bτ} (β + e^{bτ} − 1)^{−(s+1)} dτ, the drop-out term of P(X(t) = n) when
    /// <paramref name="power"/> = n, shape = r + n; NaN where the quadrature fails.
    /// </summary>
    public static double Integral(double shape, double power, double alpha, double b, double s, double beta, double from, double to, out Averages averages)
    {
        double c = Math.Min(alpha, Math.Min(beta, 1) / b);
        var f = new GompertzDropoutIntegral(shape, power, alpha, c, b, s, beta);
        double lo = Math.Log(c + from), hi = Math.Log(c + to);
        Span<double> moments = stackalloc double[5];
        int panels = (int)Math.Min(8, Math.Ceiling((hi - lo) / 2));
        double sum = AdaptiveGaussKronrod.Integrate(ref f, lo, hi, panels, moments, out double logScale);
        if (!(sum > 0) || !double.IsFinite(sum))
        {
            averages = default;
            return double.NaN;
        }
        averages = new Averages(moments[0] / sum, moments[1] / sum, moments[2] / sum, moments[3] / sum, moments[4] / sum);
        return logScale + Math.Log(sum);
    }
}
