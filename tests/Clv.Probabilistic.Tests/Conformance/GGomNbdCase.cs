using Clv.Probabilistic.Inference.Priors;
using Clv.Probabilistic.Models;
using Clv.Probabilistic.Models.GGomNbd;

namespace Clv.Probabilistic.Tests.Conformance;

/// <summary>GGom/NBD (r, α, b, s, β) in the conformance fixture.</summary>
public sealed class GGomNbdCase : ModelCase
{
    /// <inheritdoc />
    public override ModelDefinition Definition => GGomNbdDefinition.Instance;

    /// <inheritdoc />
    /// <remarks>
    /// ln r, ln s in [−2.5, 2.5]; ln α in [−3, 6] (a duration in weeks); ln b in [−7, 0] (a rate per week, so b T from
    /// about 0.03 to 39); ln β in [−5, 4], so β &lt; 1 and β &gt; 1 both occur.
    /// </remarks>
    public override IReadOnlyList<(double Low, double High)> RandomTheta { get; } = [(-2.5, 2.5), (-3, 6), (-7, 0), (-2.5, 2.5), (-5, 4)];

    /// <inheritdoc />
    /// <remarks>
    /// Hazard scales η ~ Gamma(0.5, 5) (mean 0.1 per week) growing e-fold in 10 weeks: over half of the customers
    /// drop out within 30 weeks, so 26 to 39 weeks of observation show the hazard's growth; identified by 2,000 customers.
    /// </remarks>
    public override IReadOnlyList<double> Truth { get; } = [1.0, 5.0, 0.1, 0.5, 5.0];

    /// <inheritdoc />
    public override IReadOnlyList<ParameterPrior> CalibrationPriors { get; } =
    [
        new LogNormalPrior(1.0, 0.5), new LogNormalPrior(5.0, 0.5), new LogNormalPrior(0.1, 0.5), new LogNormalPrior(0.5, 0.5),
        new LogNormalPrior(5.0, 0.5),
    ];

    /// <inheritdoc />
    /// <remarks>Near the Pareto/NBD limit (b = 10⁻⁶, β/b = 11.669), b T near 150 with β ≫ 1, α ≫ β/b, α ≪ 1/b.</remarks>
    public override IReadOnlyList<IReadOnlyList<double>> GradientPoints { get; } =
    [
        [0.55, 10.58, 1e-6, 0.61, 1.1669e-5], [0.2, 2.5, 1.5, 0.3, 40], [0.08, 400, 0.01, 0.09, 0.0005], [12, 0.06, 0.003, 0.1, 2],
    ];
}
