using Clv.Probabilistic.Inference;
using Clv.Probabilistic.Inference.Sampling;

namespace Clv.Probabilistic.Models.GammaGamma;

/// <summary>
/// The Gamma-Gamma log-likelihood as an <see cref="ILogDensity"/> over the unconstrained vector θ = (ln p, ln q, ln γ),
/// with the analytic gradient.
/// </summary>
/// <remarks>
/// Likelihood: Fader, Hardie &amp; Lee (2005), JMR 42(4), "Adding monetary value" (see <see cref="GammaGammaLikelihood"/>).
/// Chain rule for the log parameterisation: ∂ℓ/∂ln p = p ∂ℓ/∂p, and likewise for q and γ.
/// </remarks>
public sealed class GammaGammaLogDensity : ILogDensity, IParallelLogDensity
{
    /// <summary>Creates the log density of <paramref name="data"/>.</summary>
    public GammaGammaLogDensity(GammaGammaData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (data.Count == 0) throw new ArgumentException("The Gamma-Gamma likelihood needs at least one customer with x ≥ 1.", nameof(data));
        Data = data;
    }

    /// <summary>The customers of the likelihood.</summary>
    public GammaGammaData Data { get; }

    /// <inheritdoc />
    public int Dimension => 3;

    /// <summary>Thread limit of the row sums (−1: no limit); the result is the same for every value.</summary>
    internal int MaxDegreeOfParallelism { get; set; } = -1;

    int IParallelLogDensity.MaxDegreeOfParallelism
    {
        get => MaxDegreeOfParallelism;
        set => MaxDegreeOfParallelism = value;
    }

    /// <inheritdoc />
    public double Evaluate(ReadOnlySpan<double> theta, Span<double> gradient)
    {
        if (theta.Length != 3 || gradient.Length != 3)
            throw new ArgumentException($"The Gamma-Gamma log density has 3 parameters; got θ of length {theta.Length} and gradient of length {gradient.Length}.");
        double p = Math.Exp(theta[0]), q = Math.Exp(theta[1]), gamma = Math.Exp(theta[2]);
        if (!IsUsable(p) || !IsUsable(q) || !IsUsable(gamma))
        {
            gradient.Clear();
            return double.NegativeInfinity;
        }
        double value = GammaGammaLikelihood.Evaluate(p, q, gamma, Data, gradient, MaxDegreeOfParallelism);
        gradient[0] *= p;
        gradient[1] *= q;
        gradient[2] *= gamma;
        if (double.IsNaN(value) || !double.IsFinite(gradient[0]) || !double.IsFinite(gradient[1]) || !double.IsFinite(gradient[2]))
        {
            gradient.Clear();
            return double.NegativeInfinity;
        }
        return value;
    }

    /// <summary>Maps θ = (ln p, ln q, ln γ) to parameters.</summary>
    public static GammaGammaParameters ToParameters(ReadOnlySpan<double> theta) =>
        new(Math.Exp(theta[0]), Math.Exp(theta[1]), Math.Exp(theta[2]));

    /// <summary>Maps parameters to θ = (ln p, ln q, ln γ).</summary>
    public static double[] ToUnconstrained(GammaGammaParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        return [Math.Log(parameters.P), Math.Log(parameters.Q), Math.Log(parameters.Gamma)];
    }

    private static bool IsUsable(double v) => v > 0 && double.IsFinite(v);
}
