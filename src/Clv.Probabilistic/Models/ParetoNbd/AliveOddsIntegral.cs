using Clv.Probabilistic.Numerics;

namespace Clv.Probabilistic.Models.ParetoNbd;

/// <summary>
/// ln J, J = I/E = ∫_{t_x}^{T} ((α+T)/(α+τ))^{r+x} ((β+T)/(β+τ))^{s} (β+τ)^{−1} dτ: the drop-out integral I of
/// <see cref="DropoutIntegral"/> divided by the alive term E = (α+T)^{−(r+x)} (β+T)^{−s}, so that the odds of having
/// dropped out are s·J (Fader &amp; Hardie 2005 note, eq. (11), with s·I in place of s/(r+s+x)·A₀).
/// </summary>
/// <remarks>
/// Taking ln I − ln E as two numbers of size (r+x) ln(α+T) loses about 10⁻¹⁶ (r+x) ln α absolutely (7.6e-13 relative in
/// P(alive) at large x and α), and where α, β ≫ T the interval [ln(q+t_x), ln(q+T)] of <see cref="DropoutIntegral"/>
/// rounds to a point. Here the variable is σ = ln((q+τ)/(q+t_x)) ∈ [0, log1p((T−t_x)/(q+t_x))], q = min(α, β), and each
/// factor is formed from T − τ = (T − t_x) − (q+t_x) expm1(σ) through log1p, so every term is small where the integrand
/// matters. ln of the integrand differs from that of <see cref="DropoutIntegral"/> by a constant, so it is concave with
/// the same slope, mode and singularity (shifted by ln(q+t_x)).
/// </remarks>
internal readonly struct AliveOddsIntegral : ILogConcaveIntegrand
{
    private readonly double _rx, _s, _gap, _origin, _oneMinusB, _a, _d;
    private readonly bool _alphaLarger;

    private AliveOddsIntegral(double rx, double s, double gap, double origin, double a, double b, double d, bool alphaLarger)
    {
        _rx = rx;
        _s = s;
        _gap = gap;
        _origin = origin;
        _oneMinusB = 1 - b;
        _a = a;
        _d = d;
        _alphaLarger = alphaLarger;
    }

    public double Log(double sigma, out double slope)
    {
        double grown = _origin * LogMath.ExpM1(sigma); // τ − t_x
        double u = _origin + grown, v = u + _d;        // q + τ, p + τ
        double left = Math.Max(_gap - grown, 0);       // T − τ
        double alphaTau = _alphaLarger ? v : u, betaTau = _alphaLarger ? u : v;
        slope = _oneMinusB - _a * (u / v);
        return Math.Log(u) + _rx * LogMath.Log1p(left / alphaTau) + _s * LogMath.Log1p(left / betaTau) - Math.Log(betaTau);
    }

    public void Accumulate(double mass)
    {
    }

    /// <summary>ln J for t_x &lt; T; NaN where the quadrature fails.</summary>
    public static double Evaluate(double r, double alpha, double s, double beta, double x, double recency, double t)
    {
        var shape = DropoutIntegral.For(r, alpha, s, beta, x, out double q, out double mode, out double singularity);
        double origin = Math.Log(q + recency), width = LogMath.Log1p((t - recency) / (q + recency));
        var f = new AliveOddsIntegral(r + x, s, t - recency, q + recency, shape.A, shape.B, shape.D, alpha >= beta);
        double sum = ConcaveLogQuadrature.Integrate(ref f, 0, width, Math.Clamp(mode - origin, 0, width), singularity - origin, double.NaN, out double logScale);
        return sum > 0 && double.IsFinite(sum) ? logScale + Math.Log(sum) : double.NaN;
    }
}
