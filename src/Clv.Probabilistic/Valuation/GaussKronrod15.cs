namespace Clv.Probabilistic.Valuation;

/// <summary>
/// The 15-point Gauss–Kronrod rule on [−1, 1] with its embedded 7-point Gauss–Legendre rule.
/// </summary>
/// <remarks>
/// Nodes and weights are the tabulated constants of Kronrod (1965), "Nodes and Weights of Quadrature Formulas", as used
/// in QUADPACK's QK15 (Piessens et al. 1983). The Kronrod rule is exact for polynomials of degree ≤ 22 and the Gauss rule
/// for degree ≤ 13; |K15 − G7| is the customary (pessimistic) error estimate of the Gauss rule and bounds the error of
/// the Kronrod rule for smooth integrands.
/// </remarks>
internal static class GaussKronrod15
{
    /// <summary>Non-negative Kronrod nodes, descending; odd indices (1, 3, 5) and the centre (7) are the Gauss nodes.</summary>
    public static ReadOnlySpan<double> Nodes =>
    [
        0.991455371120812639206854697526329,
        0.949107912342758524526189684047851,
        0.864864423359769072789712788640926,
        0.741531185599394439863864773280788,
        0.586087235467691130294144845693013,
        0.405845151377397166906606412076961,
        0.207784955007898467600689403773245,
        0.0,
    ];

    /// <summary>Kronrod weights of <see cref="Nodes"/>.</summary>
    public static ReadOnlySpan<double> KronrodWeights =>
    [
        0.022935322010529224963732008058970,
        0.063092092629978553290700663189204,
        0.104790010322250183839876322541518,
        0.140653259715525918745189590510238,
        0.169004726639267902826583426598550,
        0.190350578064785409913256402421014,
        0.204432940075298892414161999234649,
        0.209482141084727828012999174891714,
    ];

    /// <summary>Gauss weights of <see cref="Nodes"/> (zero at the nodes that are Kronrod-only).</summary>
    public static ReadOnlySpan<double> GaussWeights =>
    [
        0.0,
        0.129484966168869693270611432679082,
        0.0,
        0.279705391489276667901467771423780,
        0.0,
        0.381830050505118944950369775488975,
        0.0,
        0.417959183673469387755102040816327,
    ];

    /// <summary>The 15 nodes on [a, b] with their Kronrod and Gauss weights scaled to the interval.</summary>
    public static void OnInterval(double a, double b, Span<double> nodes, Span<double> kronrod, Span<double> gauss)
    {
        double centre = 0.5 * (a + b), half = 0.5 * (b - a);
        int m = 0;
        for (int j = 0; j < 8; j++)
        {
            foreach (double sign in j == 7 ? [1.0] : (ReadOnlySpan<double>)[-1.0, 1.0])
            {
                nodes[m] = centre + sign * half * Nodes[j];
                kronrod[m] = half * KronrodWeights[j];
                gauss[m] = half * GaussWeights[j];
                m++;
            }
        }
    }
}
