namespace Clv.Probabilistic.Numerics;

/// <summary>A positive integrand given by its logarithm, with factors whose averages under it are wanted.</summary>
internal interface ILogIntegrand
{
    /// <summary>ln f(σ); writes the factors m_k(σ) whose integrals ∫ f m_k are summed alongside ∫ f.</summary>
    double Log(double sigma, Span<double> factors);
}

/// <summary>
/// ∫ f(σ) dσ over a finite interval for a positive f given by ln f, to about 10⁻¹⁴ relative, by globally adaptive
/// 21-point Gauss–Kronrod panels, with the integrals of f times up to <see cref="MaxFactors"/> factors at the same nodes.
/// </summary>
/// <remarks>
/// Piessens, de Doncker-Kapenga, Überhuber &amp; Kahaner (1983), QUADPACK, routines QK21 and QAG: each panel is integrated
/// by the 21-point Kronrod rule and by the 10-point Gauss rule it extends; |K − G| bounds the error of the Kronrod value
/// generously (K21 is exact for polynomials of degree 31, G10 of degree 19). The panel with the largest bound is halved
/// until the bounds add up to at most <see cref="Tolerance"/> of the integral or <see cref="MaxPanels"/> panels exist.
/// Values are kept relative to a running maximum of ln f so that nothing overflows; the masses of the factors are on the
/// same scale. Unlike <c>ConcaveLogQuadrature</c> it needs no concavity of ln f, at the price of the error estimates.
/// </remarks>
internal static class AdaptiveGaussKronrod
{
    /// <summary>Most factors an integrand may have.</summary>
    public const int MaxFactors = 5;

    /// <summary>Target of Σ|K − G| relative to the integral.</summary>
    public const double Tolerance = 1e-11;

    /// <summary>Most panels.</summary>
    public const int MaxPanels = 96;

    private static readonly double[] KronrodNodes =
    [
        0.995657163025808080735527280689003, 0.973906528517171720077964012084452, 0.930157491355708226001207180059508,
        0.865063366688984510732096688423493, 0.780817726586416897063717578345042, 0.679409568299024406234327365114874,
        0.562757134668604683339000099272694, 0.433395394129247190799265943165784, 0.294392862701460198131126603103866,
        0.148874338981631210884826001129720, 0.0,
    ];

    private static readonly double[] KronrodWeights =
    [
        0.011694638867371874278064396062192, 0.032558162307964727478818972459390, 0.054755896574351996031381300244580,
        0.075039674810919952767043140916190, 0.093125454583697605535065465083366, 0.109387158802297641899210590325805,
        0.123491976262065851077208745815573, 0.134709217311473325928054001771707, 0.142775938577060080797094273138717,
        0.147739104901338491374841515972068, 0.149445554002916905664936468389821,
    ];

    // Gauss weights at the Kronrod nodes 1, 3, 5, 7, 9 (the 10-point Gauss nodes; the centre is not one of them).
    private static readonly double[] GaussWeights =
    [
        0.066671344308688137593568809893332, 0.149451349150580593145776339657697, 0.219086362515982043995534934228163,
        0.269266719309996355091226921569469, 0.295524224714752870173892994651328,
    ];

    /// <summary>
    /// Integrates f over [<paramref name="lo"/>, <paramref name="hi"/>] (finite, lo ≤ hi), first cut into
    /// <paramref name="initialPanels"/> equal panels. Returns the integral as e^{<paramref name="logScale"/>} · result,
    /// and in <paramref name="moments"/> the integrals of f·m_k on the same scale; NaN if ln f is NaN somewhere or the
    /// integral is not positive and finite.
    /// </summary>
    public static double Integrate<T>(ref T f, double lo, double hi, int initialPanels, Span<double> moments, out double logScale)
        where T : struct, ILogIntegrand
    {
        int m = moments.Length;
        if (m > MaxFactors) throw new ArgumentOutOfRangeException(nameof(moments), m, $"At most {MaxFactors} factors.");
        moments.Clear();
        logScale = double.NegativeInfinity;
        if (!(hi > lo) || !double.IsFinite(lo) || !double.IsFinite(hi)) return hi == lo ? 0 : double.NaN;
        initialPanels = Math.Clamp(initialPanels, 1, MaxPanels / 2);
        Span<double> start = stackalloc double[MaxPanels];
        Span<double> end = stackalloc double[MaxPanels];
        Span<double> value = stackalloc double[MaxPanels];
        Span<double> error = stackalloc double[MaxPanels];
        Span<double> panelMoments = stackalloc double[MaxPanels * MaxFactors];
        double scale = double.NegativeInfinity;
        int count = 0;
        double width = (hi - lo) / initialPanels;
        for (int k = 0; k < initialPanels; k++)
        {
            start[k] = lo + k * width;
            end[k] = k == initialPanels - 1 ? hi : lo + (k + 1) * width;
            if (!Panel(ref f, start[k], end[k], ref scale, value, error, panelMoments, m, count, k)) return double.NaN;
            count++;
        }
        while (true)
        {
            double total = 0, totalError = 0;
            int worst = 0;
            for (int k = 0; k < count; k++)
            {
                total += value[k];
                totalError += error[k];
                if (error[k] > error[worst]) worst = k;
            }
            if (totalError <= Tolerance * total || count == MaxPanels)
            {
                if (!(total > 0) || !double.IsFinite(total)) return double.NaN;
                for (int k = 0; k < count; k++)
                    for (int j = 0; j < m; j++) moments[j] += panelMoments[k * MaxFactors + j];
                logScale = scale;
                return total;
            }
            double a = start[worst], b = end[worst], mid = 0.5 * (a + b);
            if (!(mid > a && mid < b))
            {
                error[worst] = 0;
                continue;
            }
            start[count] = mid;
            end[count] = b;
            end[worst] = mid;
            if (!Panel(ref f, a, mid, ref scale, value, error, panelMoments, m, count, worst)) return double.NaN;
            if (!Panel(ref f, mid, b, ref scale, value, error, panelMoments, m, count, count)) return double.NaN;
            count++;
        }
    }

    /// <summary>Integrates panel <paramref name="index"/>; rescales the <paramref name="count"/> other panels when ln f exceeds the scale.</summary>
    private static bool Panel<T>(ref T f, double a, double b, ref double scale, Span<double> value, Span<double> error, Span<double> panelMoments, int m, int count, int index)
        where T : struct, ILogIntegrand
    {
        const int nodes = 21;
        Span<double> logs = stackalloc double[nodes];
        Span<double> factors = stackalloc double[nodes * MaxFactors];
        double half = 0.5 * (b - a), centre = 0.5 * (a + b), largest = double.NegativeInfinity;
        for (int i = 0; i < nodes; i++)
        {
            int k = i < 10 ? i : i == 10 ? 10 : 20 - i;
            double offset = i < 10 ? -KronrodNodes[k] : i == 10 ? 0 : KronrodNodes[k];
            double l = f.Log(centre + half * offset, factors.Slice(i * MaxFactors, MaxFactors));
            if (double.IsNaN(l) || l == double.PositiveInfinity) return false;
            logs[i] = l;
            if (l > largest) largest = l;
        }
        if (largest > scale)
        {
            if (double.IsFinite(scale))
            {
                double shrink = Math.Exp(scale - largest);
                for (int k = 0; k < count; k++)
                {
                    if (k == index) continue;
                    value[k] *= shrink;
                    error[k] *= shrink;
                    for (int j = 0; j < m; j++) panelMoments[k * MaxFactors + j] *= shrink;
                }
            }
            scale = largest;
        }
        double kronrod = 0, gauss = 0;
        Span<double> sums = panelMoments.Slice(index * MaxFactors, MaxFactors);
        sums.Clear();
        for (int i = 0; i < nodes; i++)
        {
            int k = i < 10 ? i : i == 10 ? 10 : 20 - i;
            double e = double.IsFinite(scale) ? Math.Exp(logs[i] - scale) : 0;
            double mass = KronrodWeights[k] * e;
            kronrod += mass;
            if ((k & 1) == 1) gauss += GaussWeights[k >> 1] * e;
            for (int j = 0; j < m; j++) sums[j] += mass * factors[i * MaxFactors + j];
        }
        value[index] = half * kronrod;
        error[index] = half * Math.Abs(kronrod - gauss);
        for (int j = 0; j < m; j++) sums[j] *= half;
        return true;
    }
}
