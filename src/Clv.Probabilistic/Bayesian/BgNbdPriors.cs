using Clv.Probabilistic.Data;

namespace Clv.Probabilistic.Bayesian;

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

/// <summary>Priors of the three Gamma-Gamma parameters p, q, γ. See docs/bayesian.md for the default scales.</summary>
/// <param name="P">Prior of p (shape of a transaction's value).</param>
/// <param name="Q">Prior of q (shape of the mixing Gamma of ν).</param>
/// <param name="Gamma">Prior of γ (rate of the mixing Gamma; in units of money).</param>
public sealed record GammaGammaPriors(ParameterPrior P, ParameterPrior Q, ParameterPrior Gamma)
{
    /// <summary>
    /// Weakly informative defaults: p ~ LogNormal(2, 1.5); q ~ LogNormal(3, 1.5); γ ~ LogNormal(<paramref name="typicalSpend"/>, 2).
    /// γ is in units of money (the population mean spend is p γ / (q − 1)); at the prior medians that mean equals
    /// <paramref name="typicalSpend"/>, so the prior is stated in the data's currency.
    /// </summary>
    /// <param name="typicalSpend">A typical transaction value, for example the mean of the customers' mean spend.</param>
    public static GammaGammaPriors Default(double typicalSpend)
    {
        if (!(typicalSpend > 0) || !double.IsFinite(typicalSpend))
            throw new ArgumentOutOfRangeException(nameof(typicalSpend), typicalSpend, "The typical spend must be finite and > 0.");
        return new GammaGammaPriors(new LogNormalPrior(2.0, 1.5), new LogNormalPrior(3.0, 1.5), new LogNormalPrior(typicalSpend, 2.0));
    }

    /// <summary>The priors in the order p, q, γ.</summary>
    public IReadOnlyList<ParameterPrior> ToList() =>
    [
        P ?? throw new ArgumentNullException(nameof(P)), Q ?? throw new ArgumentNullException(nameof(Q)),
        Gamma ?? throw new ArgumentNullException(nameof(Gamma)),
    ];
}
