using System.Globalization;
using Clv.Probabilistic.Inference.Priors;

namespace Clv.Probabilistic.Models.ParetoNbd.TimeVarying;

/// <summary>Normal(0, σ) prior of a covariate coefficient γ (a log-rate multiplier per unit of the covariate).</summary>
/// <remarks>ln p(γ) = −ln σ − ½ ln 2π − γ²/(2σ²).</remarks>
internal sealed record CoefficientPrior : ParameterPrior
{
    public CoefficientPrior(double sigma) => Sigma = Positive(sigma, nameof(sigma));

    public double Sigma { get; }

    public override double LogDensity(double value, out double derivative)
    {
        if (!double.IsFinite(value))
        {
            derivative = 0;
            return double.NegativeInfinity;
        }
        derivative = -value / (Sigma * Sigma);
        double z = value / Sigma;
        return -Math.Log(Sigma) - 0.5 * Math.Log(2 * Math.PI) - 0.5 * z * z;
    }

    public override double Sample(Random random) => MathNet.Numerics.Distributions.Normal.Sample(random, 0, Sigma);

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"Normal(0, {Sigma:G4})");
}
