namespace Clv.Probabilistic.Valuation.Intervals;

/// <summary>
/// Per-customer summary of one predicted quantity over draws: its mean, equal-tailed interval and highest-density
/// interval at <see cref="Level"/>.
/// </summary>
public sealed class QuantityIntervals
{
    private readonly double[] _mean, _lower, _upper, _hdiLower, _hdiUpper;

    internal QuantityIntervals(string name, double level, int count, bool counts = false)
    {
        Name = name;
        Level = level;
        IsCount = counts;
        _mean = new double[count];
        _lower = new double[count];
        _upper = new double[count];
        _hdiLower = new double[count];
        _hdiUpper = new double[count];
    }

    /// <summary>Name of the quantity (for example "expected_purchases").</summary>
    public string Name { get; }

    /// <summary>Interval level, for example 0.9.</summary>
    public double Level { get; }

    /// <summary>
    /// Whether the quantity is a count (realised purchases): its bounds are then draws themselves, so whole numbers
    /// (the equal-tailed ends are the (1 ∓ level)/2 quantiles of the inverse empirical distribution, Hyndman &amp; Fan
    /// 1996 definition 1, not interpolated between draws).
    /// </summary>
    public bool IsCount { get; }

    /// <summary>Mean over draws of each customer.</summary>
    public ReadOnlySpan<double> Mean => _mean;

    /// <summary>Lower end of each customer's equal-tailed interval.</summary>
    public ReadOnlySpan<double> Lower => _lower;

    /// <summary>Upper end of each customer's equal-tailed interval.</summary>
    public ReadOnlySpan<double> Upper => _upper;

    /// <summary>Lower end of each customer's highest-density interval.</summary>
    public ReadOnlySpan<double> HdiLower => _hdiLower;

    /// <summary>Upper end of each customer's highest-density interval.</summary>
    public ReadOnlySpan<double> HdiUpper => _hdiUpper;

    /// <summary>Sorts <paramref name="draws"/> in place and records customer <paramref name="row"/>'s summary.</summary>
    internal void Record(int row, Span<double> draws)
    {
        double sum = 0;
        foreach (double v in draws) sum += v;
        _mean[row] = sum / draws.Length;
        draws.Sort();
        (_lower[row], _upper[row]) = IsCount ? IntervalMath.EqualTailedOfDraws(draws, Level) : IntervalMath.EqualTailed(draws, Level);
        (_hdiLower[row], _hdiUpper[row]) = IntervalMath.HighestDensity(draws, Level);
    }
}
