using System.Globalization;

namespace Clv.Probabilistic.Models.BetaDiscreteWeibull;

/// <summary>
/// Parameters of the beta-discrete-Weibull (BdW) contract-duration model: a customer with churn parameter θ survives
/// t renewal opportunities with probability (1 − θ)^(t^c); θ varies across customers as Beta(α, β).
/// </summary>
/// <remarks>
/// Fader, Hardie, Liu, Davin &amp; Steenburgh (2018), "How to project customer retention revisited: the role of duration
/// dependence", J. Interactive Marketing 43. c &lt; 1: an individual's churn probability falls with tenure; c &gt; 1: it
/// rises; c = 1 is the shifted-beta-geometric (sBG) model of Fader &amp; Hardie (2007).
/// </remarks>
public sealed record BdwParameters
{
    /// <summary>Parameter names in the papers' order.</summary>
    public static IReadOnlyList<string> Names { get; } = ["alpha", "beta", "c"];

    /// <summary>Creates the parameters; each must be finite and &gt; 0.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A parameter is not finite or not positive (the message names it).</exception>
    public BdwParameters(double alpha, double beta, double c)
    {
        Alpha = Check(alpha, nameof(alpha));
        Beta = Check(beta, nameof(beta));
        C = Check(c, nameof(c));
    }

    /// <summary>α: first shape of the Beta distribution of churn parameters.</summary>
    public double Alpha { get; }

    /// <summary>β: second shape of the Beta distribution of churn parameters.</summary>
    public double Beta { get; }

    /// <summary>c: the discrete-Weibull shape (duration dependence of an individual's churn; 1 = none).</summary>
    public double C { get; }

    /// <summary>The parameters in the order α, β, c.</summary>
    public double[] ToArray() => [Alpha, Beta, C];

    /// <inheritdoc />
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"alpha = {Alpha:G6}, beta = {Beta:G6}, c = {C:G6}");

    private static double Check(double value, string name) => double.IsFinite(value) && value > 0
        ? value
        : throw new ArgumentOutOfRangeException(name, value, $"BdW parameter {name} must be finite and > 0.");
}
