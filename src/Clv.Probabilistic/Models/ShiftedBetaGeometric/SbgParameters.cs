using System.Globalization;

namespace Clv.Probabilistic.Models.ShiftedBetaGeometric;

/// <summary>
/// Parameters of the shifted-beta-geometric (sBG) contract-duration model: a customer with churn probability θ renews
/// at each opportunity with probability 1 − θ, and θ varies across customers as Beta(α, β).
/// </summary>
/// <remarks>Fader &amp; Hardie (2007), "How to project customer retention", J. Interactive Marketing 21(1), section 3.</remarks>
public sealed record SbgParameters
{
    /// <summary>Parameter names in the papers' order.</summary>
    public static IReadOnlyList<string> Names { get; } = ["alpha", "beta"];

    /// <summary>Creates the parameters; each must be finite and &gt; 0.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A parameter is not finite or not positive (the message names it).</exception>
    public SbgParameters(double alpha, double beta)
    {
        Alpha = Check(alpha, nameof(alpha));
        Beta = Check(beta, nameof(beta));
    }

    /// <summary>α: first shape of the Beta distribution of churn probabilities.</summary>
    public double Alpha { get; }

    /// <summary>β: second shape of the Beta distribution of churn probabilities.</summary>
    public double Beta { get; }

    /// <summary>The parameters in the order α, β.</summary>
    public double[] ToArray() => [Alpha, Beta];

    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"alpha = {Alpha:G6}, beta = {Beta:G6}");

    private static double Check(double value, string name) => double.IsFinite(value) && value > 0
        ? value
        : throw new ArgumentOutOfRangeException(name, value, $"sBG parameter {name} must be finite and > 0.");
}
