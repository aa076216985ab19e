using Clv.Probabilistic.Inference.Priors;
using Clv.Probabilistic.Models;
using Clv.Probabilistic.Models.BgNbd;

namespace Clv.Probabilistic.Tests.Conformance;

/// <summary>BG/NBD (r, α, a, b) in the conformance fixture.</summary>
public sealed class BgNbdCase : ModelCase
{
    /// <inheritdoc />
    public override ModelDefinition Definition => BgNbdDefinition.Instance;

    /// <inheritdoc />
    /// <remarks>ln r, ln a, ln b in [−2.5, 2.5], ln α in [−3, 6] (α is a duration in weeks).</remarks>
    public override IReadOnlyList<(double Low, double High)> RandomTheta { get; } = [(-2.5, 2.5), (-3, 6), (-2.5, 2.5), (-2.5, 2.5)];

    /// <inheritdoc />
    /// <remarks>The CDNOW estimate (FHL 2005).</remarks>
    public override IReadOnlyList<double> Truth => RandomData.CdnowPurchases;

    /// <inheritdoc />
    public override IReadOnlyList<ParameterPrior> CalibrationPriors { get; } =
        [new LogNormalPrior(0.5, 0.5), new LogNormalPrior(5, 0.5), new LogNormalPrior(0.8, 0.5), new LogNormalPrior(2.5, 0.5)];
}
