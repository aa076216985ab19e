using Clv.Probabilistic.Inference.Diagnostics;
using Clv.Probabilistic.Inference.Laplace;
using Clv.Probabilistic.Inference.Sampling;

namespace Clv.Probabilistic.Inference.Optimization;

/// <summary>
/// φ = −f for a log density f, counting evaluations. A point where f is −∞, NaN, or has a non-finite gradient is
/// reported as φ = +∞ (outside the feasible region); f = +∞ is reported as φ = −∞ (unbounded).
/// </summary>
internal sealed class NegatedObjective(ILogDensity density, int maxEvaluations)
{
    public int Evaluations { get; private set; }

    public bool Exhausted => Evaluations >= maxEvaluations;

    public double Evaluate(ReadOnlySpan<double> x, Span<double> gradient)
    {
        Evaluations++;
        double f = density.Evaluate(x, gradient);
        if (double.IsPositiveInfinity(f)) return double.NegativeInfinity;
        if (!double.IsFinite(f)) return double.PositiveInfinity;
        for (int i = 0; i < gradient.Length; i++)
        {
            if (!double.IsFinite(gradient[i])) return double.PositiveInfinity;
            gradient[i] = -gradient[i];
        }
        return -f;
    }
}
