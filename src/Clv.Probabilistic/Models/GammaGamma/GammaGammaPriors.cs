using Clv.Probabilistic.Inference.Priors;

namespace Clv.Probabilistic.Models.GammaGamma;

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
