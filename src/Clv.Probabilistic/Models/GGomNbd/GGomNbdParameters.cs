using System.Globalization;

namespace Clv.Probabilistic.Models.GGomNbd;

/// <summary>
/// The five GGom/NBD parameters: purchase rates λ ~ Gamma(shape r, rate α); lifetimes with the Gompertz hazard η e^{bt},
/// η ~ Gamma(shape s, rate β), so that the population survival is the gamma-Gompertz (β/(β + e^{bt} − 1))^s.
/// </summary>
/// <remarks>
/// Bemmaor &amp; Glady (2012), "Modeling Purchasing Behavior with Sudden 'Death': A Flexible Customer Lifetime Model",
/// Management Science 58(5), section 2. α is a duration and b a rate in the model's time unit; r, s and β are
/// dimensionless. As b → 0 with β/b fixed the model becomes the Pareto/NBD with drop-out rate parameter β/b.
/// Optimisers work on θ = [ln r, ln α, ln b, ln s, ln β].
/// </remarks>
public sealed record GGomNbdParameters
{
    /// <summary>Creates the parameters; each must be finite and &gt; 0.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A parameter is not finite or not positive (the message names it).</exception>
    public GGomNbdParameters(double r, double alpha, double b, double s, double beta)
    {
        R = Check(r, nameof(r));
        Alpha = Check(alpha, nameof(alpha));
        B = Check(b, nameof(b));
        S = Check(s, nameof(s));
        Beta = Check(beta, nameof(beta));
    }

    /// <summary>r: shape of the Gamma distribution of purchase rates.</summary>
    public double R { get; }

    /// <summary>α: rate of the Gamma distribution of purchase rates, in model time units.</summary>
    public double Alpha { get; }

    /// <summary>b: the Gompertz growth rate of the drop-out hazard, per model time unit.</summary>
    public double B { get; }

    /// <summary>s: shape of the Gamma distribution of the hazard scale η.</summary>
    public double S { get; }

    /// <summary>β: rate of the Gamma distribution of the hazard scale η (dimensionless).</summary>
    public double Beta { get; }

    /// <inheritdoc />
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"r = {R:G6}, alpha = {Alpha:G6}, b = {B:G6}, s = {S:G6}, beta = {Beta:G6}");

    private static double Check(double value, string name)
    {
        if (!double.IsFinite(value) || value <= 0)
            throw new ArgumentOutOfRangeException(name, value, $"GGom/NBD parameter {name} must be finite and > 0, got {value}.");
        return value;
    }
}
