using Clv.Probabilistic.Inference;

namespace Clv.Probabilistic.Models.BgNbd;

/// <summary>Options of a BG/NBD maximum-likelihood fit.</summary>
public sealed record BgNbdFitOptions
{
    /// <summary>Default options: plain maximum likelihood, automatic start, 95% intervals, throw if not converged.</summary>
    public static BgNbdFitOptions Default { get; } = new();

    /// <summary>Starting point; null chooses one from the data (see <see cref="BgNbdFitter.StartingValues(Data.RfmSummary)"/>).</summary>
    public BgNbdParameters? Start { get; init; }

    /// <summary>
    /// L2 penalty weight λ ≥ 0 on the log-parameters: the objective is ln L − λ Σ (θ_i − c_i)², c = ln of
    /// <see cref="PenaltyCentre"/>. 0 (the default) is plain maximum likelihood.
    /// </summary>
    public double Penalty { get; init; }

    /// <summary>Centre of the penalty; null means r = α = a = b = 1 (θ = 0).</summary>
    public BgNbdParameters? PenaltyCentre { get; init; }

    /// <summary>Quasi-Newton settings; null uses <see cref="OptimizerOptions.Default"/>.</summary>
    public OptimizerOptions? Optimizer { get; init; }

    /// <summary>Level of the Wald intervals; in (0, 1).</summary>
    public double ConfidenceLevel { get; init; } = 0.95;

    /// <summary>
    /// When true (the default) a fit that does not converge throws <see cref="ConvergenceException"/>; when false it
    /// returns the last point with <see cref="BgNbdFitStatistics.Converged"/> false and no standard errors.
    /// </summary>
    public bool ThrowIfNotConverged { get; init; } = true;
}
