using Clv.Probabilistic.Inference.Priors;
using Clv.Probabilistic.Models;
using Clv.Probabilistic.Models.ParetoNbd;

namespace Clv.Probabilistic.Tests.Conformance;

/// <summary>Pareto/NBD (r, α, s, β) in the conformance fixture.</summary>
public sealed class ParetoNbdCase : ModelCase
{
    /// <inheritdoc />
    public override ModelDefinition Definition => ParetoNbdDefinition.Instance;

    /// <inheritdoc />
    /// <remarks>ln r, ln s in [−2.5, 2.5], ln α, ln β in [−3, 6] (durations in weeks), so α &lt; β, α ≈ β and α &gt; β all occur.</remarks>
    public override IReadOnlyList<(double Low, double High)> RandomTheta { get; } = [(-2.5, 2.5), (-3, 6), (-2.5, 2.5), (-3, 6)];

    /// <inheritdoc />
    /// <remarks>The CDNOW estimate in weeks (Fader, Hardie &amp; Lee 2005: 0.553, 10.578, 0.606, 11.669).</remarks>
    public override IReadOnlyList<double> Truth { get; } = [0.553, 10.578, 0.606, 11.669];

    /// <inheritdoc />
    public override IReadOnlyList<ParameterPrior> CalibrationPriors { get; } =
        [new LogNormalPrior(0.55, 0.5), new LogNormalPrior(10.6, 0.5), new LogNormalPrior(0.6, 0.5), new LogNormalPrior(11.7, 0.5)];

    /// <inheritdoc />
    /// <remarks>α = β exactly and to within 10⁻⁷ (the hypergeometric form's third case), and α ≫ β, α ≪ β.</remarks>
    public override IReadOnlyList<IReadOnlyList<double>> GradientPoints { get; } =
    [
        [1.3, 7.25, 2.1, 7.25], [1.3, 7.25, 2.1, 7.2500007], [0.08, 400, 0.09, 0.05], [12, 0.06, 0.1, 300],
    ];
}
