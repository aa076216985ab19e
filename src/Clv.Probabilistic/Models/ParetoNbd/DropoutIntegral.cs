namespace Clv.Probabilistic.Models.ParetoNbd;

/// <summary>
/// The drop-out integral of the Pareto/NBD likelihood, I = ∫_{t_x}^{T} (α+τ)^{−(r+x)} (β+τ)^{−(s+1)} dτ, with the
/// moments its gradient needs: ⟨ln(α+τ)⟩, ⟨ln(β+τ)⟩, ⟨1/(α+τ)⟩, ⟨1/(β+τ)⟩ under the integrand.
/// </summary>
/// <remarks>
/// Fader &amp; Hardie (2005), "A Note on Deriving the Pareto/NBD Model and Related Expressions", eq. (3)–(4): the
/// individual likelihood λ^x e^{−(λ+μ)T} + λ^x μ ∫_{t_x}^{T} e^{−(λ+μ)τ} dτ mixed over λ ~ Gamma(r, α) and μ ~ Gamma(s, β)
/// gives s·I in place of the note's s/(r+s+x)·A₀, whose Gaussian hypergeometric forms for α ≥ β and α ≤ β are this integral
/// after u = (p + t_x)/(p + τ), p = max(α, β). Here it is integrated directly, in σ = ln(q + τ) with q = min(α, β) and
/// d = |α − β|: I = ∫ exp((1−B)σ − A ln(e^σ + d)) dσ, (A, B) = (r+x, s+1) if α ≥ β, else (s+1, r+x). The log-integrand
/// is concave (its second derivative is −A d e^σ/(e^σ + d)²), has its only singularity at ln d ± iπ, and needs no case
/// for α = β (d = 0). Its derivatives in r, α, s, β are integrals of the same integrand times −ln(α+τ), −(r+x)/(α+τ),
/// −ln(β+τ), −(s+1)/(β+τ), summed at the same nodes (<see cref="ConcaveLogQuadrature"/>).
/// </remarks>
internal struct DropoutIntegral : ILogConcaveIntegrand
{
    private readonly double _oneMinusB;
    private readonly double _a;
    private readonly double _d;
    private readonly bool _alphaLarger;
    private double _u, _v, _sigma, _logV;

    private DropoutIntegral(double a, double b, double d, bool alphaLarger)
    {
        _oneMinusB = 1 - b;
        _a = a;
        _d = d;
        _alphaLarger = alphaLarger;
    }

    /// <summary>A and B of the integrand exp((1−B)σ − A ln(e^σ + d)), and d = |α − β|.</summary>
    public readonly double A => _a;

    /// <inheritdoc cref="A"/>
    public readonly double B => 1 - _oneMinusB;

    /// <inheritdoc cref="A"/>
    public readonly double D => _d;

    /// <summary>Σ mass · ln(α+τ), Σ mass · ln(β+τ), Σ mass/(α+τ), Σ mass/(β+τ).</summary>
    public double LogAlpha, LogBeta, InverseAlpha, InverseBeta;

    public double Log(double sigma, out double slope)
    {
        double u = Math.Exp(sigma), v = u + _d;
        double logV = Math.Log(v);
        _u = u;
        _v = v;
        _sigma = sigma;
        _logV = logV;
        slope = _oneMinusB - _a * (u / v);
        return _oneMinusB * sigma - _a * logV;
    }

    public void Accumulate(double mass)
    {
        double logP = _logV, logQ = _sigma, invP = mass / _v, invQ = mass / _u;
        if (_alphaLarger)
        {
            LogAlpha += mass * logP;
            LogBeta += mass * logQ;
            InverseAlpha += invP;
            InverseBeta += invQ;
        }
        else
        {
            LogAlpha += mass * logQ;
            LogBeta += mass * logP;
            InverseAlpha += invQ;
            InverseBeta += invP;
        }
    }

    /// <summary>
    /// ln I for t_x &lt; T, with the moments (divided by the integral, i.e. averages) in <paramref name="moments"/>;
    /// NaN where the quadrature fails (a parameter at the edge of the floating-point range).
    /// </summary>
    public static double Evaluate(double r, double alpha, double s, double beta, double x, double recency, double t, out DropoutIntegral moments)
    {
        moments = For(r, alpha, s, beta, x, out double q, out double mode, out double singularity);
        double lo = Math.Log(q + recency), hi = Math.Log(q + t);
        double sum = ConcaveLogQuadrature.Integrate(ref moments, lo, hi, Math.Max(mode, lo), singularity, double.NaN, out double logScale);
        if (!(sum > 0) || !double.IsFinite(sum)) return double.NaN;
        moments.LogAlpha /= sum;
        moments.LogBeta /= sum;
        moments.InverseAlpha /= sum;
        moments.InverseBeta /= sum;
        return logScale + Math.Log(sum);
    }

    /// <summary>
    /// The integrand of customers with x repeat purchases, in σ = ln(q + τ) with q = min(α, β); its mode (−∞ where it
    /// decreases throughout) and the real part of its singularity (NaN for α = β).
    /// </summary>
    public static DropoutIntegral For(double r, double alpha, double s, double beta, double x, out double q, out double mode, out double singularity)
    {
        bool alphaLarger = alpha >= beta;
        double p = alphaLarger ? alpha : beta;
        q = alphaLarger ? beta : alpha;
        double a = alphaLarger ? r + x : s + 1, b = alphaLarger ? s + 1 : r + x;
        double d = p - q;
        // ln f′ = (1−B) − A e^σ/(e^σ+d) vanishes at e^σ = (1−B) d/(A+B−1) when B < 1; otherwise f decreases throughout.
        mode = b < 1 && d > 0 ? Math.Log((1 - b) * d / (a + b - 1)) : double.NegativeInfinity;
        singularity = d > 0 ? Math.Log(d) : double.NaN;
        return new DropoutIntegral(a, b, d, alphaLarger);
    }

    /// <summary>Sets the moment sums to zero.</summary>
    public void ClearMoments()
    {
        LogAlpha = 0;
        LogBeta = 0;
        InverseAlpha = 0;
        InverseBeta = 0;
    }
}
