using Clv.Probabilistic.Data;
using Clv.Probabilistic.Inference.Priors;

namespace Clv.Probabilistic.Models.BgNbd;

/// <summary>Priors of the four BG/NBD parameters r, α, a, b. See docs/bayesian.md for the default scales.</summary>
/// <param name="R">Prior of r (shape of the purchase-rate Gamma; dimensionless).</param>
/// <param name="Alpha">Prior of α (rate of the purchase-rate Gamma; a duration in the model's time unit).</param>
/// <param name="A">Prior of a (Beta shape of drop-out).</param>
/// <param name="B">Prior of b (Beta shape of drop-out).</param>
public sealed record BgNbdPriors(ParameterPrior R, ParameterPrior Alpha, ParameterPrior A, ParameterPrior B)
{
    /// <summary>
    /// Weakly informative defaults: r ~ LogNormal(1, 1.5); α ~ LogNormal(30 days in <paramref name="unit"/>, 2);
    /// a ~ LogNormal(1, 1.5); b ~ LogNormal(1, 2). α is a duration (with r = 1 it is the mean time between purchases),
    /// so its median is stated in days and converted, and the prior means the same in every time unit.
    /// </summary>
    public static BgNbdPriors Default(TimeUnit unit)
    {
        if (!(unit.DaysPerUnit > 0)) throw new ArgumentException("The time unit is uninitialised.", nameof(unit));
        return new BgNbdPriors(
            new LogNormalPrior(1.0, 1.5),
            new LogNormalPrior(30.0 / unit.DaysPerUnit, 2.0),
            new LogNormalPrior(1.0, 1.5),
            new LogNormalPrior(1.0, 2.0));
    }

    /// <summary>The priors in the order r, α, a, b.</summary>
    public IReadOnlyList<ParameterPrior> ToList() =>
    [
        R ?? throw new ArgumentNullException(nameof(R)), Alpha ?? throw new ArgumentNullException(nameof(Alpha)),
        A ?? throw new ArgumentNullException(nameof(A)), B ?? throw new ArgumentNullException(nameof(B)),
    ];
}
