using Clv.Probabilistic.Inference.Priors;
using Clv.Probabilistic.Models;
using Clv.Probabilistic.Models.MbgNbd;

namespace Clv.Probabilistic.Tests.Conformance;

/// <summary>MBG/NBD (r, α, a, b) in the conformance fixture.</summary>
public sealed class MbgNbdCase : ModelCase
{
    /// <inheritdoc />
    public override ModelDefinition Definition => MbgNbdDefinition.Instance;

    /// <inheritdoc />
    /// <remarks>ln r, ln a, ln b in [−2.5, 2.5], ln α in [−3, 6] (α is a duration in weeks), as for BG/NBD.</remarks>
    public override IReadOnlyList<(double Low, double High)> RandomTheta { get; } = [(-2.5, 2.5), (-3, 6), (-2.5, 2.5), (-2.5, 2.5)];

    /// <inheritdoc />
    /// <remarks>The CDNOW estimate (Batislam, Denizel &amp; Filiztekin 2007; BTYDplus): r 0.525, α 6.183, a 0.891, b 1.614.</remarks>
    public override IReadOnlyList<double> Truth { get; } = [0.525, 6.183, 0.891, 1.614];

    /// <inheritdoc />
    public override IReadOnlyList<ParameterPrior> CalibrationPriors { get; } =
        [new LogNormalPrior(0.5, 0.5), new LogNormalPrior(6, 0.5), new LogNormalPrior(0.9, 0.5), new LogNormalPrior(1.6, 0.5)];
}
