using Clv.Probabilistic.Inference.Diagnostics;
using Clv.Probabilistic.Inference.Laplace;
using Clv.Probabilistic.Inference.Sampling;

namespace Clv.Probabilistic.Inference.Optimization;

/// <summary>A two-sided confidence interval at coverage <see cref="Level"/>.</summary>
/// <param name="Lower">Lower bound.</param>
/// <param name="Upper">Upper bound.</param>
/// <param name="Level">Nominal coverage, for example 0.95.</param>
public readonly record struct ConfidenceInterval(double Lower, double Upper, double Level)
{
    /// <summary>
    /// Maps an interval for log θ to one for θ = exp(log θ). Exact for the mapped coverage because exp is monotone.
    /// </summary>
    public ConfidenceInterval Exp() => new(Math.Exp(Lower), Math.Exp(Upper), Level);

    /// <summary>Whether <paramref name="value"/> lies in [Lower, Upper].</summary>
    public bool Contains(double value) => value >= Lower && value <= Upper;
}

/// <summary>A parameter estimated on the log scale, reported on its natural (positive) scale.</summary>
/// <param name="Value">exp(θ̂), the estimate on the natural scale (the MLE is invariant under reparameterisation).</param>
/// <param name="StandardError">Delta-method standard error exp(θ̂) · SE(θ̂).</param>
/// <param name="Interval">exp of the log-scale Wald interval (asymmetric, always positive).</param>
public readonly record struct NaturalScaleEstimate(double Value, double StandardError, ConfidenceInterval Interval);

/// <summary>Maps an unconstrained parameter vector to the scale draws should be reported on (for example exp).</summary>
/// <param name="unconstrained">The vector on the optimiser's scale.</param>
/// <param name="natural">Receives the mapped vector; same length.</param>
public delegate void ParameterTransform(ReadOnlySpan<double> unconstrained, Span<double> natural);
