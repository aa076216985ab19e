using Clv.Probabilistic.Inference.Diagnostics;
using Clv.Probabilistic.Inference.Laplace;
using Clv.Probabilistic.Inference.Optimization;
using Clv.Probabilistic.Inference.Priors;
using Clv.Probabilistic.Inference.Sampling;

namespace Clv.Probabilistic.Inference;

/// <summary>What the fit engine needs of a model and its data: densities over θ, the parameter space, priors, a start.</summary>
/// <param name="Space">The parameters and their unconstrained maps.</param>
/// <param name="LikelihoodForChain">A log-likelihood over θ; called once per NUTS chain (index), once otherwise (0), so
/// each chain can set its own thread limit. Every call must give the same density.</param>
/// <param name="Priors">Priors on the natural scale, one per parameter.</param>
/// <param name="Start">Starting values on the natural scale.</param>
internal sealed record FitProblem(ParameterSpace Space, Func<int, ILogDensity> LikelihoodForChain,
    IReadOnlyList<ParameterPrior> Priors, double[] Start);

/// <summary>What the fit engine found, before the model wraps it into a <c>ModelFit</c>.</summary>
internal sealed record Estimation(
    FitMethod Method,
    FitStatus Status,
    string? Problem,
    double[] Point,
    double LogLikelihood,
    double Objective,
    IReadOnlyList<ParameterEstimate> Estimates,
    Lazy<ParameterDraws>? Draws,
    int DrawCount,
    GaussianApproximation? Gaussian,
    OptimizationResult? Optimum,
    NutsResult? Nuts,
    PosteriorSummary? Summary,
    IReadOnlyList<string> Warnings)
{
    /// <summary>The parameter at which the Cholesky factorisation of the information failed, when it did.</summary>
    public int? CurvaturePivot { get; init; }
}
