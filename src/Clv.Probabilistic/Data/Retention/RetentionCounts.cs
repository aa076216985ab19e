namespace Clv.Probabilistic.Data.Retention;

/// <summary>
/// Retention data as the likelihood consumes them: per period t, the customers who churned at t (T = t) and those last
/// seen active at t (T &gt; t). Identical rows merge here, so a likelihood pass costs one step per period.
/// </summary>
/// <remarks>ℓ = Σ_t churned_t ln P(T = t) + active_t ln S(t) (Fader &amp; Hardie 2007, eq. 6, for any number of cohorts).</remarks>
public sealed class RetentionCounts
{
    private readonly double[] _churned;
    private readonly double[] _active;

    /// <summary>Aggregates <paramref name="data"/> by period.</summary>
    public RetentionCounts(RetentionData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        MaxPeriod = data.MaxPeriods;
        _churned = new double[MaxPeriod + 1];
        _active = new double[MaxPeriod + 1];
        for (int i = 0; i < data.Count; i++)
            (data.Churned[i] ? _churned : _active)[data.Periods[i]] += data.Weights[i];
        TotalWeight = data.TotalWeight;
        for (int t = 0; t <= MaxPeriod; t++)
        {
            if (_churned[t] > 0) { Churners += _churned[t]; DistinctRows++; }
            if (_active[t] > 0) DistinctRows++;
        }
    }

    /// <summary>The largest period of any row.</summary>
    public int MaxPeriod { get; }

    /// <summary>Customers with T = t, indexed by t (index 0 is always 0).</summary>
    public ReadOnlySpan<double> Churned => _churned;

    /// <summary>Customers last seen active at the start of period t (T &gt; t), indexed by t.</summary>
    public ReadOnlySpan<double> Active => _active;

    /// <summary>Total customers.</summary>
    public double TotalWeight { get; }

    /// <summary>Customers who churned during observation.</summary>
    public double Churners { get; }

    /// <summary>Number of distinct (period, churned) rows.</summary>
    public int DistinctRows { get; }

    /// <summary>Renewal opportunities observed in total: Σ_t (t · churned_t + t · active_t).</summary>
    internal double Exposure()
    {
        double sum = 0;
        for (int t = 0; t <= MaxPeriod; t++) sum += t * (_churned[t] + _active[t]);
        return sum;
    }
}
