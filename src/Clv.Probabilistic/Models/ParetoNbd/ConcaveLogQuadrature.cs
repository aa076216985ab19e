namespace Clv.Probabilistic.Models.ParetoNbd;

/// <summary>A positive integrand given by its logarithm, log-concave in the variable of integration.</summary>
internal interface ILogConcaveIntegrand
{
    /// <summary>ln f(σ) and its derivative; the integrand may keep what it computed for <see cref="Accumulate"/>.</summary>
    double Log(double sigma, out double slope);

    /// <summary>Called once per quadrature node, right after <see cref="Log"/> at that node, with the node's share
    /// w · f(σ) / f(σ_ref) of the integral (moments of the integrand are summed here).</summary>
    void Accumulate(double mass);
}

/// <summary>
/// ∫ f(σ) dσ over [lo, hi] (either end may be infinite) for a log-concave f, to about 10⁻¹⁵ relative, by Gauss–Legendre
/// panels laid out from the mode outwards.
/// </summary>
/// <remarks>
/// Each panel spans at most <see cref="Drop"/> units of ln f: since ln f is concave its slope is monotone, so the larger
/// of the slopes at the two ends bounds the change over the panel, and on such a panel 12 Gauss–Legendre nodes integrate
/// e^{ln f} to about 10⁻¹⁶ (the error of e^{−Dt} on [0, 1] is below D^{2n} (n!)⁴ / ((2n+1) ((2n)!)³)). Panels also stay
/// within half their distance of the integrand's complex singularities (given by their real parts; their imaginary parts
/// are ±π in the variables used here), so that the polynomial approximation converges geometrically on each. A walk stops
/// at its end of the interval or once the remaining tail, at most f(σ)/|ln f′(σ)| by concavity, is below 10⁻¹⁸ of the sum.
/// The layout depends on the parameters continuously except where a panel count changes, which moves the result by
/// rounding only.
/// </remarks>
internal static class ConcaveLogQuadrature
{
    /// <summary>Largest change of ln f across one panel.</summary>
    public const double Drop = 8.0;

    private const double MinimumCap = 2.0;
    private const int MaxPanels = 400;
    private const double TailTolerance = 1e-18;

    private static readonly double[] Nodes;
    private static readonly double[] Weights;

    static ConcaveLogQuadrature()
    {
        (Nodes, Weights) = GaussLegendre(12);
        for (int n = 1; n <= MaxNodes; n++) (RuleNodes[n], RuleWeights[n]) = GaussLegendre(n);
    }

    /// <summary>
    /// Integrates; returns ln of the integral as <paramref name="logScale"/> + ln(result), where the masses passed to
    /// <see cref="ILogConcaveIntegrand.Accumulate"/> are on the same scale (they add up to the result).
    /// </summary>
    /// <param name="f">The integrand.</param>
    /// <param name="lo">Lower end (may be −∞).</param>
    /// <param name="hi">Upper end (may be +∞), ≥ <paramref name="lo"/>.</param>
    /// <param name="mode">Where ln f is largest, or near it; clamped to [lo, hi].</param>
    /// <param name="singularity1">Real part of a complex singularity of ln f (NaN if none).</param>
    /// <param name="singularity2">Real part of another (NaN if none).</param>
    /// <param name="logScale">ln f at the clamped mode.</param>
    public static double Integrate<T>(ref T f, double lo, double hi, double mode, double singularity1, double singularity2, out double logScale)
        where T : struct, ILogConcaveIntegrand
    {
        double start = Math.Clamp(mode, lo, hi);
        logScale = f.Log(start, out double slope);
        if (!double.IsFinite(logScale) || !double.IsFinite(start)) return double.NaN;
        double sum = Walk(ref f, start, hi, +1, logScale, logScale, slope, singularity1, singularity2, 0);
        sum = Walk(ref f, start, lo, -1, logScale, logScale, slope, singularity1, singularity2, sum);
        return sum;
    }

    private static double Walk<T>(ref T f, double position, double limit, int direction, double logScale,
        double logAtPosition, double slopeAtPosition, double singularity1, double singularity2, double sum)
        where T : struct, ILogConcaveIntegrand
    {
        double logHere = logAtPosition, slopeHere = slopeAtPosition;
        for (int panel = 0; panel < MaxPanels; panel++)
        {
            double remaining = direction > 0 ? limit - position : position - limit;
            if (!(remaining > 0)) break;
            double cap = Math.Max(MinimumCap, 0.5 * Math.Min(Distance(position, singularity1), Distance(position, singularity2)));
            double h1 = Math.Min(Math.Min(remaining, cap), Drop / Math.Abs(slopeHere));
            double end1 = position + direction * h1;
            double logEnd = f.Log(end1, out double slopeEnd);
            double h = Math.Min(h1, Drop / Math.Abs(slopeEnd));
            if (!(h > 0) || !double.IsFinite(h)) return double.NaN;
            double end = h == remaining ? limit : position + direction * h;
            if (h < h1) logEnd = f.Log(end, out slopeEnd);
            double half = 0.5 * h, centre = position + direction * half;
            for (int i = 0; i < Nodes.Length; i++)
            {
                double sigma = centre + half * Nodes[i];
                double mass = half * Weights[i] * Math.Exp(f.Log(sigma, out _) - logScale);
                sum += mass;
                f.Accumulate(mass);
            }
            position = end;
            logHere = logEnd;
            slopeHere = slopeEnd;
            if (direction * slopeHere < 0 && Math.Exp(logHere - logScale) / Math.Abs(slopeHere) <= TailTolerance * sum) break;
        }
        return sum;
    }

    /// <summary>
    /// ∫ f over [lo, hi] (both finite) in panels laid out as by <see cref="Integrate{T}"/>, each with as few Gauss–Legendre
    /// nodes as its drop D (the larger end slope times its width, at most <see cref="Drop"/>) allows for an error bound no
    /// larger than that of 12 nodes at D = <see cref="Drop"/>; the masses are on the fixed scale <paramref name="logScale"/>.
    /// </summary>
    /// <remarks>
    /// ln f and its slope at <paramref name="lo"/> are given, and those at <paramref name="hi"/> (evaluated exactly there)
    /// returned, so that consecutive segments share their ends. The walk stops early once the rest, at most
    /// f(σ)/|ln f′(σ)| by concavity, is below <paramref name="negligible"/> on the scale. Returns NaN where a panel
    /// cannot be laid out or more than the panel limit would be needed.
    /// </remarks>
    public static double Segment<T>(ref T f, double lo, double hi, double logLo, double slopeLo, double logScale,
        double singularity, double negligible, out double logHi, out double slopeHi)
        where T : struct, ILogConcaveIntegrand
    {
        double position = lo, logHere = logLo, slopeHere = slopeLo, sum = 0;
        logHi = double.NaN;
        slopeHi = double.NaN;
        for (int panel = 0; panel < MaxPanels; panel++)
        {
            double remaining = hi - position;
            if (!(remaining > 0)) return sum;
            if (slopeHere < 0 && Math.Exp(logHere - logScale) <= negligible * -slopeHere)
            {
                logHi = f.Log(hi, out slopeHi);
                return sum;
            }
            double cap = Math.Max(MinimumCap, 0.5 * Distance(position, singularity));
            double h1 = Math.Min(Math.Min(remaining, cap), Drop / Math.Abs(slopeHere));
            bool last1 = h1 == remaining;
            double logEnd = f.Log(last1 ? hi : position + h1, out double slopeEnd);
            double h = Math.Min(h1, Drop / Math.Abs(slopeEnd));
            if (!(h > 0) || !double.IsFinite(h)) return double.NaN;
            bool last = last1 && h == h1;
            if (h < h1) logEnd = f.Log(position + h, out slopeEnd);
            double drop = h * Math.Max(Math.Abs(slopeHere), Math.Abs(slopeEnd));
            double half = 0.5 * h, centre = position + half;
            int n = 1;
            while (n < MaxNodes && !(drop <= DropForNodes[n])) n++;
            // ρ > 2π/half whatever the singularity's real part, so the exact ρ is needed only below that.
            if (n < MaxNodes && !(2 * Math.PI / half >= RhoForNodes[n])) n = Math.Max(n, NodesForSingularity(centre, half, singularity));
            double[] nodes = RuleNodes[n], weights = RuleWeights[n];
            for (int i = 0; i < nodes.Length; i++)
            {
                double mass = half * weights[i] * Math.Exp(f.Log(centre + half * nodes[i], out _) - logScale);
                sum += mass;
                f.Accumulate(mass);
            }
            position = last ? hi : position + h;
            logHere = logEnd;
            slopeHere = slopeEnd;
            if (last)
            {
                logHi = logEnd;
                slopeHi = slopeEnd;
                return sum;
            }
        }
        return double.NaN;
    }

    private const int MaxNodes = 12;

    /// <summary>
    /// 12 ln ρ₀, ρ₀ = 6.44 the smallest Bernstein-ellipse parameter of the singularities (ln d ± iπ) that a panel laid out
    /// by <see cref="Integrate{T}"/> can have (width <see cref="MinimumCap"/> with the singularity's real part inside).
    /// </summary>
    private static readonly double SingularityOrder = 12 * Math.Log(BernsteinRho(0, Math.PI / (0.5 * MinimumCap)));

    /// <summary>Smallest ρ for which n nodes meet the singularity bound, e^{<see cref="SingularityOrder"/>/n}.</summary>
    private static readonly double[] RhoForNodes = Enumerable.Range(0, MaxNodes + 1).Select(n => n == 0 ? double.PositiveInfinity : Math.Exp(SingularityOrder / n)).ToArray();

    /// <summary>
    /// Fewest nodes n with ρ^{−2n} no larger than the 12-node rule's ρ₀^{−24} on its worst panel, ρ the parameter of the
    /// Bernstein ellipse (about the panel) through the nearest singularity: Gauss–Legendre's error on a function
    /// analytic inside that ellipse falls as ρ^{−2n}.
    /// </summary>
    private static int NodesForSingularity(double centre, double half, double singularity)
    {
        if (double.IsNaN(singularity)) return 1;
        double rho = BernsteinRho(Math.Abs(singularity - centre) / half, Math.PI / half);
        return rho > 1 ? (int)Math.Min(MaxNodes, Math.Ceiling(SingularityOrder / Math.Log(rho))) : MaxNodes;
    }

    /// <summary>ρ of the Bernstein ellipse with foci ±1 through re + i·im: a + √(a² − 1), a the half sum of the distances to the foci.</summary>
    private static double BernsteinRho(double re, double im)
    {
        double a = 0.5 * (Math.Sqrt((re - 1) * (re - 1) + im * im) + Math.Sqrt((re + 1) * (re + 1) + im * im));
        return a + Math.Sqrt(a * a - 1);
    }

    /// <summary>
    /// Largest drop D for which n nodes keep the bound D^{2n} (n!)⁴ / ((2n+1) ((2n)!)³) at or below its value for 12 nodes
    /// at D = 8 (4.16·10⁻¹⁷), rounded down.
    /// </summary>
    private static readonly double[] DropForNodes =
        [0, 3.16e-8, 6.51e-4, 2.09e-2, 0.128, 0.400, 0.881, 1.586, 2.508, 3.629, 4.932, 6.395, Drop];

    private static readonly double[][] RuleNodes = new double[MaxNodes + 1][];
    private static readonly double[][] RuleWeights = new double[MaxNodes + 1][];

    private static double Distance(double position, double singularity) =>
        double.IsNaN(singularity) ? double.PositiveInfinity : Math.Abs(position - singularity);

    /// <summary>Nodes and weights of the n-point Gauss–Legendre rule on [−1, 1] (Newton's method on Pₙ).</summary>
    internal static (double[] Nodes, double[] Weights) GaussLegendre(int n)
    {
        var nodes = new double[n];
        var weights = new double[n];
        for (int i = 0; i < n; i++)
        {
            double x = Math.Cos(Math.PI * (i + 0.75) / (n + 0.5)), derivative = 0;
            for (int iteration = 0; iteration < 100; iteration++)
            {
                double p0 = 1, p1 = x;
                for (int k = 2; k <= n; k++)
                {
                    double p2 = ((2 * k - 1) * x * p1 - (k - 1) * p0) / k;
                    p0 = p1;
                    p1 = p2;
                }
                derivative = n * (x * p1 - p0) / (x * x - 1);
                double step = p1 / derivative;
                x -= step;
                if (Math.Abs(step) < 1e-16) break;
            }
            nodes[i] = x;
            weights[i] = 2 / ((1 - x * x) * derivative * derivative);
        }
        return (nodes, weights);
    }
}
