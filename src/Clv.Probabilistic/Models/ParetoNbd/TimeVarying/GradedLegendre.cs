using MathNet.Numerics.Integration;

namespace Clv.Probabilistic.Models.ParetoNbd.TimeVarying;

/// <summary>
/// Gauss–Legendre pieces for integrands of the form e^{−δv} (P + a v)^{−m} (Q + c v)^{−n} on one segment of constant
/// covariates: the segment is cut into pieces over which the factors change little, and each piece gets 3 to 12 nodes
/// by how much they change.
/// </summary>
/// <remarks>
/// On a piece of width w starting at v, let κ = m′ a w/(P+a v) + n′ c w/(Q+c v) + δ w with m′ = max(m, 1), n′ = max(n, 1).
/// For m ≥ 1 the 2k-th derivative of (1 + ρu)^{−m} on [0, 1] is at most (2k)! (mρ)^{2k} (the rising factorial
/// m(m+1)…(m+2k−1) ≤ (2k)! m^{2k}), so the k-point rule errs by at most about (k!)⁴/((2k+1)((2k)!)²) κ^{2k} relative
/// (Davis &amp; Rabinowitz, Methods of Numerical Integration, 2nd ed., eq. 2.7.12); the node counts below keep this under
/// 10⁻¹⁶: κ ≤ 0.0085: 3 nodes; ≤ 0.037: 4; ≤ 0.18: 6; ≤ 0.39: 8; ≤ 0.62: 10; ≤ 0.85: 12, and no piece has κ &gt; 0.85,
/// which also keeps the poles v = −P/a, −Q/c more than a width away. Widths grow geometrically from a pole, so a segment
/// needs O(m′ ln(1 + a h/P)) pieces. Measured against mpmath: 10⁻¹⁴ relative (TimeVaryingReferenceTests).
/// </remarks>
internal static class GradedLegendre
{
    /// <summary>Most pieces one segment may be cut into; beyond it the integral is reported as failed.</summary>
    public const int MaxPieces = 100_000;

    private const double MaxKappa = 0.85;

    private static readonly (double Kappa, int Nodes)[] Orders = [(0.0085, 3), (0.037, 4), (0.18, 6), (0.39, 8), (0.62, 10), (MaxKappa, 12)];

    private static readonly double[][] Nodes = new double[13][];
    private static readonly double[][] Weights = new double[13][];

    static GradedLegendre()
    {
        foreach (var (_, n) in Orders)
        {
            var rule = new GaussLegendreRule(0, 1, n);
            Nodes[n] = rule.Abscissas.ToArray();
            Weights[n] = rule.Weights.ToArray();
        }
    }

    /// <summary>Width of the next piece (at most <paramref name="remaining"/>), and its nodes.</summary>
    /// <param name="rateP">m′ a/(P + a v): the log-slope bound of the first factor.</param>
    /// <param name="rateQ">n′ c/(Q + c v).</param>
    /// <param name="discount">δ.</param>
    /// <param name="remaining">Distance to the end of the segment.</param>
    /// <param name="nodes">Gauss–Legendre nodes on [0, 1] for the piece.</param>
    /// <param name="weights">Their weights.</param>
    public static double Piece(double rateP, double rateQ, double discount, double remaining,
        out double[] nodes, out double[] weights)
    {
        double rate = rateP + rateQ + discount;
        double width = rate * remaining <= MaxKappa ? remaining : MaxKappa / rate;
        double kappa = rate * width;
        int n = 12;
        foreach (var (limit, count) in Orders)
        {
            if (kappa <= limit)
            {
                n = count;
                break;
            }
        }
        nodes = Nodes[n];
        weights = Weights[n];
        return width;
    }
}
