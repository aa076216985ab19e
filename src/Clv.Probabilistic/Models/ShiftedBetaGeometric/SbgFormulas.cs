using Clv.Probabilistic.Numerics;

namespace Clv.Probabilistic.Models.ShiftedBetaGeometric;

/// <summary>
/// The sBG in log space (Fader &amp; Hardie 2007, eq. 4 and 7): r(t) = (β + t − 1)/(α + β + t − 1), so the step
/// Δ_t = ln r(t) = −ln(1 + α/(β + t − 1)) and ln S(t) = Σ_{j≤t} Δ_j, each term without cancellation.
/// </summary>
internal static class SbgFormulas
{
    /// <summary>Δ_t = −log1p(α/(β + t − 1)).</summary>
    public static double LogRetention(double alpha, double beta, int t) => -LogMath.Log1p(alpha / (beta + (t - 1)));

    /// <summary>
    /// Δ_t with its gradient with respect to (ln α, ln β): ∂Δ/∂ln α = −α/(α + β + t − 1),
    /// ∂Δ/∂ln β = αβ/((β + t − 1)(α + β + t − 1)).
    /// </summary>
    public static double LogRetention(double alpha, double beta, int t, Span<double> gradient)
    {
        double b = beta + (t - 1), s = alpha + b;
        gradient[0] = -alpha / s;
        gradient[1] = alpha / s * (beta / b);
        return -LogMath.Log1p(alpha / b);
    }

    /// <summary>ln S(t) = Σ_{j=1..t} Δ_j.</summary>
    public static double LogSurvival(double alpha, double beta, int t)
    {
        double sum = 0;
        for (int j = 1; j <= t; j++) sum += LogRetention(alpha, beta, j);
        return sum;
    }
}
