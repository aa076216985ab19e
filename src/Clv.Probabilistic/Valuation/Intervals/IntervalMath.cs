namespace Clv.Probabilistic.Valuation.Intervals;

/// <summary>Equal-tailed and highest-density intervals of a sorted sample.</summary>
/// <remarks>
/// Equal-tailed: the (1 − level)/2 and (1 + level)/2 sample quantiles with linear interpolation between order statistics
/// (Hyndman &amp; Fan 1996, definition 7). Highest density: the shortest interval holding ⌈level · n⌉ of the n sorted
/// draws (Chen &amp; Shao 1999, "Monte Carlo estimation of Bayesian credible and HPD intervals", JCGS 8(1)); for a
/// unimodal distribution it estimates the HPD interval.
/// </remarks>
internal static class IntervalMath
{
    public static double Quantile(ReadOnlySpan<double> sorted, double probability)
    {
        double h = (sorted.Length - 1) * probability;
        int lo = (int)Math.Floor(h);
        int hi = Math.Min(lo + 1, sorted.Length - 1);
        return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
    }

    public static (double Lower, double Upper) EqualTailed(ReadOnlySpan<double> sorted, double level) =>
        (Quantile(sorted, 0.5 - 0.5 * level), Quantile(sorted, 0.5 + 0.5 * level));

    /// <summary>Equal-tailed ends that are draws: the inverse empirical distribution at (1 ∓ level)/2 (Hyndman &amp; Fan definition 1).</summary>
    public static (double Lower, double Upper) EqualTailedOfDraws(ReadOnlySpan<double> sorted, double level)
    {
        int n = sorted.Length;
        int Index(double p) => Math.Clamp((int)Math.Ceiling(n * p - 1e-9) - 1, 0, n - 1);
        return (sorted[Index(0.5 - 0.5 * level)], sorted[Index(0.5 + 0.5 * level)]);
    }

    /// <summary>The equal-tailed interval of one parameter's draws.</summary>
    public static (double Lower, double Upper) EqualTailed(Inference.ParameterDraws draws, int parameter, double level)
    {
        var column = draws.Column(parameter);
        Array.Sort(column);
        return EqualTailed(column, level);
    }

    public static (double Lower, double Upper) HighestDensity(ReadOnlySpan<double> sorted, double level)
    {
        int n = sorted.Length;
        int m = Math.Clamp((int)Math.Ceiling(level * n - 1e-9), 1, n);
        int best = 0;
        double width = double.PositiveInfinity;
        for (int i = 0; i + m - 1 < n; i++)
        {
            double w = sorted[i + m - 1] - sorted[i];
            if (w < width)
            {
                width = w;
                best = i;
            }
        }
        return (sorted[best], sorted[best + m - 1]);
    }

    public static void CheckLevel(double level)
    {
        if (!(level > 0 && level < 1)) throw new ArgumentOutOfRangeException(nameof(level), level, "The interval level must lie in (0, 1).");
    }
}
