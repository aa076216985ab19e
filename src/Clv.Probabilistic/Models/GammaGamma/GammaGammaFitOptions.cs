using Clv.Probabilistic.Inference;

namespace Clv.Probabilistic.Models.GammaGamma;

/// <summary>Options of a Gamma-Gamma maximum-likelihood fit.</summary>
public sealed record GammaGammaFitOptions
{
    private readonly double _penalty;
    private readonly double _confidenceLevel = 0.95;
    private readonly double _correlationThreshold = SpendFrequencyCorrelation.DefaultThreshold;

    /// <summary>Default options: no penalty, 95% intervals, correlation threshold 0.3.</summary>
    public static GammaGammaFitOptions Default { get; } = new();

    /// <summary>
    /// L2 penalty weight λ ≥ 0 on θ = (ln p, ln q, ln γ): the fit maximises ℓ(θ) − λ‖θ‖² (0, the default, is plain maximum
    /// likelihood). Standard errors then come from the penalised objective's curvature.
    /// </summary>
    public double Penalty
    {
        get => _penalty;
        init => _penalty = value >= 0 && double.IsFinite(value)
            ? value
            : throw new ArgumentOutOfRangeException(nameof(Penalty), value, "The penalty weight must be finite and ≥ 0.");
    }

    /// <summary>Starting point; null means p = 1, q = 2, γ = the weighted mean of z̄ (population mean equal to it).</summary>
    public GammaGammaParameters? Start { get; init; }

    /// <summary>Options of the quasi-Newton optimiser; null means its defaults.</summary>
    public OptimizerOptions? Optimizer { get; init; }

    /// <summary>Level of the Wald intervals, in (0, 1).</summary>
    public double ConfidenceLevel
    {
        get => _confidenceLevel;
        init => _confidenceLevel = value > 0 && value < 1
            ? value
            : throw new ArgumentOutOfRangeException(nameof(ConfidenceLevel), value, "The confidence level lies in (0, 1).");
    }

    /// <summary>|ρ(x, z̄)| above which the spend-frequency correlation is flagged; see <see cref="SpendFrequencyCorrelation"/>.</summary>
    public double CorrelationThreshold
    {
        get => _correlationThreshold;
        init => _correlationThreshold = value >= 0 && value <= 1
            ? value
            : throw new ArgumentOutOfRangeException(nameof(CorrelationThreshold), value, "A correlation threshold lies in [0, 1].");
    }
}
