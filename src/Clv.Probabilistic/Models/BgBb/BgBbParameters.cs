using System.Globalization;

namespace Clv.Probabilistic.Models.BgBb;

/// <summary>
/// The four BG/BB parameters: transaction probabilities p ~ Beta(α, β) while alive, and drop-out probabilities
/// θ ~ Beta(γ, δ) at each opportunity.
/// </summary>
/// <remarks>
/// Fader, Hardie &amp; Shang (2010), "Customer-base analysis in a discrete-time noncontractual setting", Marketing Science
/// 29(6), section 2. All four are dimensionless: they describe opportunities, not durations.
/// </remarks>
public sealed record BgBbParameters
{
    /// <summary>Creates the parameters; each must be finite and &gt; 0.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A parameter is not finite or not positive (the message names it).</exception>
    public BgBbParameters(double alpha, double beta, double gamma, double delta)
    {
        Alpha = Check(alpha, nameof(alpha));
        Beta = Check(beta, nameof(beta));
        Gamma = Check(gamma, nameof(gamma));
        Delta = Check(delta, nameof(delta));
    }

    /// <summary>α: first shape of the Beta distribution of transaction probabilities.</summary>
    public double Alpha { get; }

    /// <summary>β: second shape of the Beta distribution of transaction probabilities.</summary>
    public double Beta { get; }

    /// <summary>γ: first shape of the Beta distribution of drop-out probabilities.</summary>
    public double Gamma { get; }

    /// <summary>δ: second shape of the Beta distribution of drop-out probabilities.</summary>
    public double Delta { get; }

    /// <inheritdoc />
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"alpha = {Alpha:G6}, beta = {Beta:G6}, gamma = {Gamma:G6}, delta = {Delta:G6}");

    private static double Check(double value, string name)
    {
        if (!double.IsFinite(value) || value <= 0)
            throw new ArgumentOutOfRangeException(name, value, $"BG/BB parameter {name} must be finite and > 0, got {value}.");
        return value;
    }
}
