using System.Globalization;

namespace Clv.Probabilistic.Models.MbgNbd;

/// <summary>
/// The four MBG/NBD parameters: purchase rates λ ~ Gamma(shape r, rate α) and drop-out probabilities p ~ Beta(a, b).
/// </summary>
/// <remarks>
/// Batislam, Denizel &amp; Filiztekin (2007), "Empirical validation and comparison of models for customer base analysis",
/// International Journal of Research in Marketing 24(3), section 2. The same heterogeneity as BG/NBD; the process differs
/// in that a customer may also drop out right after the first purchase. α is a duration in the model's time unit; r, a
/// and b are dimensionless.
/// </remarks>
public sealed record MbgNbdParameters
{
    /// <summary>Creates the parameters; each must be finite and &gt; 0.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A parameter is not finite or not positive (the message names it).</exception>
    public MbgNbdParameters(double r, double alpha, double a, double b)
    {
        R = Check(r, nameof(r));
        Alpha = Check(alpha, nameof(alpha));
        A = Check(a, nameof(a));
        B = Check(b, nameof(b));
    }

    /// <summary>r: shape of the Gamma distribution of purchase rates.</summary>
    public double R { get; }

    /// <summary>α: rate (inverse scale) of the Gamma distribution of purchase rates, in model time units.</summary>
    public double Alpha { get; }

    /// <summary>a: first shape of the Beta distribution of drop-out probabilities.</summary>
    public double A { get; }

    /// <summary>b: second shape of the Beta distribution of drop-out probabilities.</summary>
    public double B { get; }

    /// <inheritdoc />
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"r = {R:G6}, alpha = {Alpha:G6}, a = {A:G6}, b = {B:G6}");

    private static double Check(double value, string name)
    {
        if (!double.IsFinite(value) || value <= 0)
            throw new ArgumentOutOfRangeException(name, value, $"MBG/NBD parameter {name} must be finite and > 0, got {value}.");
        return value;
    }
}
