using Clv.Probabilistic.Numerics;

namespace Clv.Probabilistic.Models.BetaDiscreteWeibull;

/// <summary>
/// The BdW survival function in log space. With x_t = t^c, S(t) = B(α, β + x_t)/B(α, β) (Fader et al. 2018, eq. 3), so
/// ln S(t) = [lnΓ(β + x_t) − lnΓ(β)] − [lnΓ(α + β + x_t) − lnΓ(α + β)], and the one-period step
/// Δ_t = ln S(t) − ln S(t − 1) = G(β + x_{t−1}, h_t) − G(α + β + x_{t−1}, h_t) with G(y, h) = lnΓ(y + h) − lnΓ(y) and
/// h_t = x_t − x_{t−1}; each G is evaluated as a shift (<see cref="GammaFunctions.LogGammaShift"/>), never as the
/// difference of two large lnΓ values. P(T = t) = S(t − 1)(1 − e^{Δ_t}) in log space.
/// </summary>
internal static class BdwFormulas
{
    /// <summary>h_t = t^c − (t − 1)^c without cancellation: 1 at t = 1, (t − 1)^c · expm1(c · ln(1 + 1/(t − 1))) after.</summary>
    public static double Step(int t, double c) =>
        t == 1 ? 1.0 : Math.Pow(t - 1, c) * LogMath.ExpM1(c * LogMath.Log1p(1.0 / (t - 1)));

    /// <summary>ln S(t) = G(β, t^c) − G(α + β, t^c).</summary>
    public static double LogSurvival(double alpha, double beta, double c, int t) =>
        t == 0 ? 0.0 : LogSurvivalBetween(alpha, beta, 0.0, Math.Pow(t, c));

    /// <summary>
    /// ln S(t)/S(s) = G(β + x_s, h) − G(α + β + x_s, h) for x_s = s^c, h = x_t − x_s; where h &gt; α, the same lnΓ values
    /// regrouped as G(β + x_s, α) − G(β + x_s + h, α), two shifts by α (the shifts by h are each about h ln h and
    /// cancelled to nothing: S(1000) at α = β = c = 10 came out as +∞).
    /// </summary>
    public static double LogSurvivalBetween(double alpha, double beta, double xs, double h) => h > alpha
        ? GammaFunctions.LogGammaShift(beta + xs, alpha) - GammaFunctions.LogGammaShift(beta + xs + h, alpha)
        : GammaFunctions.LogGammaShift(beta + xs, h) - GammaFunctions.LogGammaShift(alpha + beta + xs, h);

    /// <summary>Δ_t = ln S(t) − ln S(t − 1), t ≥ 1.</summary>
    public static double LogRetention(double alpha, double beta, double c, int t) =>
        LogSurvivalBetween(alpha, beta, t == 1 ? 0.0 : Math.Pow(t - 1, c), Step(t, c));

    /// <summary>
    /// Δ_t and its gradient with respect to (ln α, ln β, ln c):
    /// ∂Δ/∂α = −[ψ(α + β + x_t) − ψ(α + β + x_{t−1})]; ∂Δ/∂β = [ψ(β + x_t) − ψ(β + x_{t−1})] + ∂Δ/∂α;
    /// ∂Δ/∂c = −[ψ(β + x_t + α) − ψ(β + x_t)] x_t ln t + [ψ(β + x_{t−1} + α) − ψ(β + x_{t−1})] x_{t−1} ln(t − 1),
    /// every digamma difference as a shift (<see cref="GammaFunctions.DigammaShift"/>).
    /// </summary>
    public static double LogRetention(double alpha, double beta, double c, int t, Span<double> gradient)
    {
        double u = t == 1 ? 0.0 : Math.Pow(t - 1, c), h = Step(t, c), x = Math.Pow(t, c);
        double ab = alpha + beta;
        double dAlpha = -GammaFunctions.DigammaShift(ab + u, h);
        double dBeta = GammaFunctions.DigammaShift(beta + u, h) + dAlpha;
        double dC = -GammaFunctions.DigammaShift(beta + x, alpha) * x * Math.Log(t);
        if (t > 1) dC += GammaFunctions.DigammaShift(beta + u, alpha) * u * Math.Log(t - 1);
        gradient[0] = alpha * dAlpha;
        gradient[1] = beta * dBeta;
        gradient[2] = c * dC;
        return GammaFunctions.LogGammaShift(beta + u, h) - GammaFunctions.LogGammaShift(ab + u, h);
    }
}
