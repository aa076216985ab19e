using Clv.Probabilistic.Inference.Priors;
using Clv.Probabilistic.Models;
using Clv.Probabilistic.Models.GammaGamma;

namespace Clv.Probabilistic.Tests.Conformance;

/// <summary>Gamma-Gamma (p, q, γ) in the conformance fixture.</summary>
public sealed class GammaGammaCase : ModelCase
{
    /// <inheritdoc />
    public override ModelDefinition Definition => GammaGammaDefinition.Instance;

    /// <inheritdoc />
    /// <remarks>ln p, ln q, ln γ in [−2, 3.5].</remarks>
    public override IReadOnlyList<(double Low, double High)> RandomTheta { get; } = [(-2, 3.5), (-2, 3.5), (-2, 3.5)];

    /// <inheritdoc />
    /// <remarks>The CDNOW estimate (FHL 2005, JMR 42(4)).</remarks>
    public override IReadOnlyList<double> Truth { get; } = [6.25, 3.74, 15.44];

    /// <inheritdoc />
    public override IReadOnlyList<ParameterPrior> CalibrationPriors { get; } =
        [new LogNormalPrior(4, 0.5), new LogNormalPrior(4, 0.5), new LogNormalPrior(15, 0.5)];

    /// <inheritdoc />
    /// <remarks>
    /// Far along both ridges, where the likelihood is computed without cancellation: p → ∞ with pγ = 60 fixed (every
    /// transaction of a customer has the same value), and q, γ → ∞ with γ/q = 5 fixed (no spend heterogeneity).
    /// </remarks>
    public override IReadOnlyList<IReadOnlyList<double>> GradientPoints { get; } =
    [
        [1e8, 3.74, 60 / 1e8], [1e14, 3.74, 60 / 1e14], [1e30, 3.74, 60 / 1e30],
        [2.5, 1e8, 5e8], [2.5, 1e14, 5e14], [2.5, 1e30, 5e30],
    ];

    /// <inheritdoc />
    public override int CalibrationCustomers => 400;
}
