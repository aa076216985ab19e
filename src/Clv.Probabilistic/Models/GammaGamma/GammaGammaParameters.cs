using System.Globalization;

namespace Clv.Probabilistic.Models.GammaGamma;

/// <summary>
/// Parameters of the Gamma-Gamma spend model: each transaction value of a customer is Gamma(p, ν) with mean p/ν, and
/// ν varies across customers as Gamma(q, γ) (shape q, rate γ).
/// </summary>
/// <remarks>
/// Fader, Hardie &amp; Lee (2005), "RFM and CLV: Using Iso-Value Curves for Customer Base Analysis", JMR 42(4),
/// section "Adding monetary value"; Hardie (2013), note 025 "The Gamma-Gamma Model of Monetary Value" (brucehardie.com).
/// </remarks>
public sealed record GammaGammaParameters
{
    /// <summary>Creates validated parameters.</summary>
    /// <param name="p">Shape of the per-transaction Gamma; finite and &gt; 0.</param>
    /// <param name="q">Shape of the Gamma mixing distribution of ν; finite and &gt; 0.</param>
    /// <param name="gamma">Rate (scale parameter in the paper's words) of the mixing distribution of ν; finite and &gt; 0.</param>
    /// <exception cref="ArgumentOutOfRangeException">A parameter is not finite and positive.</exception>
    public GammaGammaParameters(double p, double q, double gamma)
    {
        Check(p, nameof(p));
        Check(q, nameof(q));
        Check(gamma, nameof(gamma));
        P = p;
        Q = q;
        Gamma = gamma;
    }

    /// <summary>p: shape of the Gamma distribution of a single transaction value.</summary>
    public double P { get; }

    /// <summary>q: shape of the Gamma mixing distribution of ν.</summary>
    public double Q { get; }

    /// <summary>γ: rate of the Gamma mixing distribution of ν.</summary>
    public double Gamma { get; }

    /// <summary>Whether the population mean spend p γ / (q − 1) exists, which needs q &gt; 1.</summary>
    public bool HasFinitePopulationMean => Q > 1.0;

    /// <summary>The population mean spend per transaction, E[Z] = p γ / (q − 1).</summary>
    /// <remarks>Hardie note 025: E[p/ν] with ν ~ Gamma(q, γ), finite for q &gt; 1.</remarks>
    /// <exception cref="InvalidOperationException">q ≤ 1, where the mean is infinite.</exception>
    public double PopulationMeanSpend => HasFinitePopulationMean
        ? P * Gamma / (Q - 1.0)
        : throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture,
            $"The Gamma-Gamma population mean spend p·γ/(q − 1) is infinite because q = {Q:G6} ≤ 1; the fitted spend distribution has no mean."));

    /// <summary>The parameters in the papers' order (p, q, γ).</summary>
    public double[] ToArray() => [P, Q, Gamma];

    /// <summary>Parameter names in the order of <see cref="ToArray"/>.</summary>
    public static IReadOnlyList<string> Names { get; } = ["p", "q", "gamma"];

    /// <inheritdoc />
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"p = {P:G6}, q = {Q:G6}, gamma = {Gamma:G6}");

    private static void Check(double value, string name)
    {
        if (!double.IsFinite(value) || value <= 0)
            throw new ArgumentOutOfRangeException(name, value, $"Gamma-Gamma parameter {name} must be finite and > 0.");
    }
}
