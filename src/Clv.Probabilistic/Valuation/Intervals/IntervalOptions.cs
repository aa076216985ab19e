namespace Clv.Probabilistic.Valuation.Intervals;

/// <summary>Settings of <see cref="PredictionIntervals"/>.</summary>
public sealed record IntervalOptions
{
    /// <summary>Interval level in (0, 1); default 0.9.</summary>
    public double Level { get; init; } = 0.9;

    /// <summary>Horizon t of the expected (and simulated) purchases, in the purchase model's time unit; &gt; 0.</summary>
    public double Horizon { get; init; } = 52;

    /// <summary>How to value customers; null to skip CLV.</summary>
    public ClvOptions? Clv { get; init; }

    /// <summary>Largest number of parameter draws used (evenly spaced over the fit's draws); default 200.</summary>
    public int MaxDraws { get; init; } = 200;

    /// <summary>Customers processed together; memory is O(RowsPerBlock × draws) per thread. Default 4096.</summary>
    public int RowsPerBlock { get; init; } = 4096;

    /// <summary>Seed of the predictive simulation; the same seed gives the same intervals at any parallelism.</summary>
    public int Seed { get; init; } = 1;

    internal void Validate()
    {
        IntervalMath.CheckLevel(Level);
        if (!(Horizon > 0) || !double.IsFinite(Horizon))
            throw new ArgumentOutOfRangeException(nameof(Horizon), Horizon, "The horizon must be finite and > 0.");
        if (MaxDraws < 2) throw new ArgumentOutOfRangeException(nameof(MaxDraws), MaxDraws, "At least 2 draws are needed.");
        if (RowsPerBlock < 1) throw new ArgumentOutOfRangeException(nameof(RowsPerBlock), RowsPerBlock, "RowsPerBlock must be positive.");
    }
}
