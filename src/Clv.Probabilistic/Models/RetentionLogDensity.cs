using Clv.Probabilistic.Data.Retention;
using Clv.Probabilistic.Inference;
using Clv.Probabilistic.Numerics;

namespace Clv.Probabilistic.Models;

/// <summary>
/// The log-likelihood of contract durations over θ = ln φ (every parameter positive), given a model's one-period step
/// Δ_t = ln S(t) − ln S(t − 1) with its gradient: ℓ = Σ_t churned_t [ln S(t − 1) + ln(1 − e^{Δ_t})] + active_t ln S(t)
/// (Fader &amp; Hardie 2007, eq. 6, with P(T = t) = S(t − 1) − S(t) taken in log space so that no difference of two
/// survival probabilities is formed). One pass over the periods; no state, so any number of threads may share it.
/// </summary>
internal abstract class RetentionLogDensity(RetentionCounts counts, int dimension) : ILogDensity
{
    public int Dimension => dimension;

    public RetentionCounts Counts { get; } = counts ?? throw new ArgumentNullException(nameof(counts));

    /// <summary>Δ_t at natural values <paramref name="natural"/>, with ∂Δ_t/∂θ written into <paramref name="gradient"/>.</summary>
    protected abstract double LogRetention(ReadOnlySpan<double> natural, int t, Span<double> gradient);

    public double Evaluate(ReadOnlySpan<double> theta, Span<double> gradient)
    {
        if (theta.Length != dimension || gradient.Length != dimension)
            throw new ArgumentException($"The log density has {dimension} parameters; got θ of length {theta.Length} and gradient of length {gradient.Length}.");
        gradient.Clear();
        Span<double> natural = stackalloc double[dimension];
        for (int j = 0; j < dimension; j++)
        {
            natural[j] = Math.Exp(theta[j]);
            if (!(natural[j] > 0) || !double.IsFinite(natural[j])) return double.NegativeInfinity;
        }
        Span<double> step = stackalloc double[dimension];
        Span<double> survival = stackalloc double[dimension];
        survival.Clear();
        ReadOnlySpan<double> churned = Counts.Churned, active = Counts.Active;
        double logSurvival = 0, value = 0;
        for (int t = 1; t <= Counts.MaxPeriod; t++)
        {
            double delta = LogRetention(natural, t, step);
            if (double.IsNaN(delta))
            {
                gradient.Clear();
                return double.NegativeInfinity;
            }
            delta = Math.Min(delta, 0.0);
            if (churned[t] > 0)
            {
                double logChurn = LogMath.Log1mExp(delta);
                double weight = -1.0 / LogMath.ExpM1(-delta);
                value += churned[t] * (logSurvival + logChurn);
                for (int j = 0; j < dimension; j++) gradient[j] += churned[t] * (survival[j] + weight * step[j]);
            }
            logSurvival += delta;
            for (int j = 0; j < dimension; j++) survival[j] += step[j];
            if (active[t] > 0)
            {
                value += active[t] * logSurvival;
                for (int j = 0; j < dimension; j++) gradient[j] += active[t] * survival[j];
            }
        }
        for (int j = 0; j < dimension; j++)
            if (!double.IsFinite(gradient[j])) value = double.NaN;
        if (!double.IsFinite(value))
        {
            gradient.Clear();
            return double.NegativeInfinity;
        }
        return value;
    }
}
