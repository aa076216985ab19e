using Clv.Probabilistic.Inference.Diagnostics;
using Clv.Probabilistic.Inference.Laplace;
using Clv.Probabilistic.Inference.Optimization;
using Clv.Probabilistic.Inference.Sampling;

namespace Clv.Probabilistic.Inference;

/// <summary>How the optimiser of a maximum-likelihood, MAP or Laplace fit stopped.</summary>
/// <param name="Converged">Whether it met its convergence criterion.</param>
/// <param name="Iterations">Quasi-Newton iterations.</param>
/// <param name="Evaluations">Evaluations of the objective and its gradient (0 when read from a file that did not record them).</param>
/// <param name="GradientNorm">Max-norm of the objective's gradient on the unconstrained scale at the estimate.</param>
/// <param name="Status">The optimiser's own words on how it stopped.</param>
public sealed record OptimizerReport(bool Converged, int Iterations, int Evaluations, double GradientNorm, string Status)
{
    internal static OptimizerReport From(OptimizationResult optimum) =>
        new(optimum.Converged, optimum.Iterations, optimum.Evaluations, optimum.GradientNorm, optimum.ToString());
}

/// <summary>Convergence diagnostics of a NUTS fit, per parameter.</summary>
/// <param name="RHat">Rank-normalised split R̂.</param>
/// <param name="EssBulk">Bulk effective sample size.</param>
/// <param name="EssTail">Tail effective sample size.</param>
/// <param name="Divergences">Divergent transitions after warm-up.</param>
public sealed record SamplerDiagnostics(
    IReadOnlyDictionary<string, double> RHat,
    IReadOnlyDictionary<string, double> EssBulk,
    IReadOnlyDictionary<string, double> EssTail,
    int Divergences)
{
    internal static SamplerDiagnostics From(PosteriorSummary summary, NutsResult nuts) => new(
        summary.Rows.ToDictionary(r => r.Name, r => r.RHat),
        summary.Rows.ToDictionary(r => r.Name, r => r.EssBulk),
        summary.Rows.ToDictionary(r => r.Name, r => r.EssTail),
        nuts.Divergences);
}
