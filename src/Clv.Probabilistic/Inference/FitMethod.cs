namespace Clv.Probabilistic.Inference;

/// <summary>How a model's parameters are estimated.</summary>
public enum FitMethod
{
    /// <summary>Maximum likelihood; uncertainty from the asymptotic normal of θ̂ (the unconstrained parameters).</summary>
    MaximumLikelihood,

    /// <summary>
    /// Maximum a posteriori: the mode of the posterior of the natural parameters φ (likelihood × prior, no Jacobian),
    /// with draws from the normal approximation at that mode on the unconstrained scale.
    /// </summary>
    MaximumAPosteriori,

    /// <summary>The Laplace approximation: the mode of the posterior density of θ (Jacobian included) and N(θ̂, (−H)⁻¹).</summary>
    Laplace,

    /// <summary>Posterior draws from the No-U-Turn sampler.</summary>
    Nuts,
}

/// <summary>The names of fit methods in model files and on the command line.</summary>
public static class FitMethodNames
{
    /// <summary>The file and command-line name: mle, map, laplace or nuts.</summary>
    public static string ToName(this FitMethod method) => method switch
    {
        FitMethod.MaximumLikelihood => "mle",
        FitMethod.MaximumAPosteriori => "map",
        FitMethod.Laplace => "laplace",
        FitMethod.Nuts => "nuts",
        _ => throw new ArgumentOutOfRangeException(nameof(method), method, "Unknown fit method."),
    };

    /// <summary>A plain description: "maximum likelihood", "maximum a posteriori", "Laplace approximation", "NUTS".</summary>
    public static string Describe(this FitMethod method) => method switch
    {
        FitMethod.MaximumLikelihood => "maximum likelihood",
        FitMethod.MaximumAPosteriori => "maximum a posteriori",
        FitMethod.Laplace => "Laplace approximation",
        FitMethod.Nuts => "NUTS posterior draws",
        _ => throw new ArgumentOutOfRangeException(nameof(method), method, "Unknown fit method."),
    };

    /// <summary>Parses mle, map, laplace or nuts (case-insensitive).</summary>
    /// <exception cref="ArgumentException">Another word.</exception>
    public static FitMethod Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.Trim().ToLowerInvariant() switch
        {
            "mle" => FitMethod.MaximumLikelihood,
            "map" => FitMethod.MaximumAPosteriori,
            "laplace" => FitMethod.Laplace,
            "nuts" => FitMethod.Nuts,
            _ => throw new ArgumentException($"Unknown fit method '{text}': use mle, map, laplace or nuts."),
        };
    }
}
