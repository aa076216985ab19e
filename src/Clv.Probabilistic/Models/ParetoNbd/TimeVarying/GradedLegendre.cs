using MathNet.Numerics.Integration;

namespace Clv.Probabilistic.Models.ParetoNbd.TimeVarying;

/// <summary>
/// Gauss–Legendre pieces for integrands of the form e^{−δv} (P + a v)^{−m} (Q + c v)^{−n} on one segment of constant
/// covariates: the segment is cut into pieces over which each factor changes its logarithm by at most one, and each
/// piece gets 3 to 6 nodes by how much it changes.
/// </summary>
/// <remarks>
/// On a piece of width w starting at v, the factors' log-changes are bounded by κ = max(m′ a w/(P+a v), n′ c w/(Q+c v),
/// δ w) with m′ = max(m, 1), n′ = max(n, 1); κ ≤ 1 also keeps the poles v = −P/a, −Q/c at least one width away. The
/// n-point rule errs on e^{−κu} over [0, 1] by about (n!)⁴ κ^{2n}/((2n+1) ((2n)!)³) (Davis &amp; Rabinowitz, Methods of
/// Numerical Integration, 2nd ed., eq. 2.7.12), under 10⁻¹⁵ relative for the thresholds used here (κ ≤ 0.03: 3 nodes;
/// ≤ 0.2: 4; ≤ 0.5: 5; ≤ 1: 6). Widths grow geometrically from a pole, so a segment needs O(m′ ln(1 + a h/P)) pieces.
/// </remarks>
internal static class GradedLegendre
{
    /// <summary>Most pieces one segment may be cut into; beyond it the integral is reported as failed.</summary>
    public const int MaxPieces = 100_000;

    private static readonly double[][] Nodes = new double[7][];
    private static readonly double[][] Weights = new double[7][];

    static GradedLegendre()
    {
        for (int n = 3; n <= 6; n++)
        {
            var rule = new GaussLegendreRule(0, 1, n);
            Nodes[n] = rule.Abscissas.ToArray();
            Weights[n] = rule.Weights.ToArray();
        }
    }

    /// <summary>Width of the next piece (at most <paramref name="remaining"/>), and its node count.</summary>
    /// <param name="rateP">m′ a/(P + a v): the log-slope bound of the first factor.</param>
    /// <param name="rateQ">n′ c/(Q + c v).</param>
    /// <param name="discount">δ.</param>
    /// <param name="remaining">Distance to the end of the segment.</param>
    /// <param name="nodes">Gauss–Legendre nodes on [0, 1] for the piece.</param>
    /// <param name="weights">Their weights.</param>
    public static double Piece(double rateP, double rateQ, double discount, double remaining,
        out double[] nodes, out double[] weights)
    {
        double rate = Math.Max(rateP, Math.Max(rateQ, discount));
        double width = rate * remaining <= 1 ? remaining : 1 / rate;
        double kappa = rate * width;
        int n = kappa <= 0.03 ? 3 : kappa <= 0.2 ? 4 : kappa <= 0.5 ? 5 : 6;
        nodes = Nodes[n];
        weights = Weights[n];
        return width;
    }
}
