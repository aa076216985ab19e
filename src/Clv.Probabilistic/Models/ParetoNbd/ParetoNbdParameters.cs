using System.Globalization;

namespace Clv.Probabilistic.Models.ParetoNbd;

/// <summary>
/// The four Pareto/NBD parameters: purchase rates λ ~ Gamma(shape r, rate α) and drop-out rates μ ~ Gamma(shape s, rate β).
/// </summary>
/// <remarks>
/// Schmittlein, Morrison &amp; Colombo (1987), "Counting Your Customers: Who Are They and What Will They Do Next?",
/// Management Science 33(1), assumptions (i)–(v). α and β are durations in the model's time unit; r and s are
/// dimensionless. Optimisers work on θ = [ln r, ln α, ln s, ln β].
/// </remarks>
public sealed record ParetoNbdParameters
{
    /// <summary>Creates the parameters; each must be finite and &gt; 0.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A parameter is not finite or not positive (the message names it).</exception>
    public ParetoNbdParameters(double r, double alpha, double s, double beta)
    {
        R = Check(r, nameof(r));
        Alpha = Check(alpha, nameof(alpha));
        S = Check(s, nameof(s));
        Beta = Check(beta, nameof(beta));
    }

    /// <summary>r: shape of the Gamma distribution of purchase rates.</summary>
    public double R { get; }

    /// <summary>α: rate of the Gamma distribution of purchase rates, in model time units.</summary>
    public double Alpha { get; }

    /// <summary>s: shape of the Gamma distribution of drop-out rates.</summary>
    public double S { get; }

    /// <summary>β: rate of the Gamma distribution of drop-out rates, in model time units.</summary>
    public double Beta { get; }

    /// <inheritdoc />
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"r = {R:G6}, alpha = {Alpha:G6}, s = {S:G6}, beta = {Beta:G6}");

    private static double Check(double value, string name)
    {
        if (!double.IsFinite(value) || value <= 0)
            throw new ArgumentOutOfRangeException(name, value, $"Pareto/NBD parameter {name} must be finite and > 0, got {value}.");
        return value;
    }
}
