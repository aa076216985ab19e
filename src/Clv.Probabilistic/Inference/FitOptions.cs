using Clv.Probabilistic.Inference.Diagnostics;
using Clv.Probabilistic.Inference.Laplace;
using Clv.Probabilistic.Inference.Optimization;
using Clv.Probabilistic.Inference.Priors;
using Clv.Probabilistic.Inference.Sampling;

namespace Clv.Probabilistic.Inference;

/// <summary>Settings of a fit by any <see cref="FitMethod"/>; every field has a default.</summary>
public sealed record FitOptions
{
    private readonly double _penalty;
    private readonly IReadOnlyList<double>? _parameterPenalties;
    private readonly double _confidenceLevel = 0.95;
    private readonly int _draws = 1000;

    /// <summary>The default options.</summary>
    public static FitOptions Default { get; } = new();

    /// <summary>The method: maximum likelihood (the default), MAP, Laplace or NUTS.</summary>
    public FitMethod Method { get; init; } = FitMethod.MaximumLikelihood;

    /// <summary>
    /// Draws kept for maximum likelihood, MAP and Laplace (from their normal approximation on the unconstrained scale);
    /// NUTS keeps chains × draws per chain of <see cref="Sampler"/>.
    /// </summary>
    public int Draws
    {
        get => _draws;
        init => _draws = value > 0 ? value : throw new ArgumentOutOfRangeException(nameof(Draws), value, "The number of draws must be positive.");
    }

    /// <summary>Seed of the draws (and of NUTS, overriding <see cref="NutsOptions.Seed"/>).</summary>
    public int Seed { get; init; } = 1;

    /// <summary>
    /// NUTS settings (chains, warm-up, draws per chain, progress). The default adapts a dense mass matrix: the
    /// parameters of the models are strongly correlated on the log scale (ln p with ln γ, ln r with ln α). Unless the
    /// settings give an <see cref="NutsOptions.InitialInverseMetric"/>, a fit first finds the posterior mode and starts
    /// the warm-up there, with the Laplace covariance as the metric; each chain then starts from its own point within
    /// ±2 Laplace standard deviations (whitened) of the mode, so R-hat compares chains from dispersed starts. A fit whose
    /// Laplace approximation fails starts each chain within ±2 of the starting values on the unconstrained scale (Stan's
    /// box width) with the identity metric. The dual-averaging scale γ is 0.1 rather than Stan's 0.05: the smaller
    /// spread of the step-size iterates saves about a tenth of the warm-up's gradients (docs/performance.md, "NUTS on
    /// 10^6 customers"). Callers that change chains or draws should start from this value (<c>with</c>) so that these
    /// defaults stay.
    /// </summary>
    public NutsOptions Sampler { get; init; } = DefaultSampler;

    /// <summary>The library's NUTS defaults for model fits (see <see cref="Sampler"/>).</summary>
    public static NutsOptions DefaultSampler { get; } = new() { DenseMassMatrix = true, InitialJitter = 2, Gamma = 0.1 };

    /// <summary>Optimiser settings for maximum likelihood, MAP and Laplace (and the Laplace start of NUTS).</summary>
    public OptimizerOptions? Optimizer { get; init; }

    /// <summary>Level of the reported intervals (Wald for MLE/MAP/Laplace, equal-tailed posterior for NUTS); in (0, 1).</summary>
    public double ConfidenceLevel
    {
        get => _confidenceLevel;
        init => _confidenceLevel = value > 0 && value < 1
            ? value
            : throw new ArgumentOutOfRangeException(nameof(ConfidenceLevel), value, "The confidence level must lie in (0, 1).");
    }

    /// <summary>
    /// L2 penalty weight λ ≥ 0 on the unconstrained parameters (maximum likelihood only): the fit maximises
    /// ℓ(θ) − λ Σ (θ_j − c_j)², c from <see cref="PenaltyCentre"/>. 0 (the default) is plain maximum likelihood. The fit
    /// reports the true log-likelihood and the penalised objective separately.
    /// </summary>
    public double Penalty
    {
        get => _penalty;
        init => _penalty = value >= 0 && double.IsFinite(value)
            ? value
            : throw new ArgumentOutOfRangeException(nameof(Penalty), value, "The penalty weight must be finite and ≥ 0.");
    }

    /// <summary>
    /// Per-parameter L2 penalty weights λ_j ≥ 0 (maximum likelihood only), added to <see cref="Penalty"/>: the fit maximises
    /// ℓ(θ) − Σ (λ + λ_j)(θ_j − c_j)². For example covariate coefficients penalised per process
    /// (<see cref="Models.Covariates.CovariateDefinition.Penalties"/>) and the model's own parameters left free; null for none.
    /// </summary>
    public IReadOnlyList<double>? ParameterPenalties
    {
        get => _parameterPenalties;
        init => _parameterPenalties = value is null || value.All(v => v >= 0 && double.IsFinite(v))
            ? value?.ToArray()
            : throw new ArgumentOutOfRangeException(nameof(ParameterPenalties), "Every penalty weight must be finite and ≥ 0.");
    }

    /// <summary>Whether the fit is penalised (<see cref="Penalty"/> or any of <see cref="ParameterPenalties"/> &gt; 0).</summary>
    public bool IsPenalized => Penalty > 0 || _parameterPenalties?.Any(v => v > 0) == true;

    /// <summary>Centre of the penalty as natural parameter values; null means θ = 0 (every positive parameter 1).</summary>
    public IReadOnlyList<double>? PenaltyCentre { get; init; }

    /// <summary>Starting values on the natural scale, in the model's parameter order; null lets the model choose.</summary>
    public IReadOnlyList<double>? Start { get; init; }

    /// <summary>Priors (MAP, Laplace, NUTS), one per parameter in the model's order; null for the model's defaults.</summary>
    public IReadOnlyList<ParameterPrior>? Priors { get; init; }

    /// <summary>
    /// When true (the default) a fit that did not converge, or whose parameters the data do not identify, throws
    /// (<see cref="ConvergenceException"/>, <see cref="NotIdentifiedException"/>); when false it returns the result with
    /// its <see cref="FitStatus"/> and the problem in words, for the caller to report.
    /// </summary>
    public bool ThrowIfUnreliable { get; init; } = true;
}
