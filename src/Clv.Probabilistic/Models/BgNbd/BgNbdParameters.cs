namespace Clv.Probabilistic.Models.BgNbd;

/// <summary>
/// The four BG/NBD parameters: transaction rates λ ~ Gamma(shape r, rate α) and drop-out probabilities p ~ Beta(a, b).
/// </summary>
/// <remarks>
/// Fader, Hardie &amp; Lee (2005), "Counting Your Customers the Easy Way: An Alternative to the Pareto/NBD Model",
/// Marketing Science 24(2), section 3, assumptions (ii) and (iv). α is a duration in the model's time unit; r, a and b
/// are dimensionless. Optimisers work on the unconstrained vector θ = [ln r, ln α, ln a, ln b].
/// </remarks>
public sealed record BgNbdParameters
{
    /// <summary>Parameter names in the order of <see cref="ToLogVector"/>.</summary>
    public static IReadOnlyList<string> Names { get; } = ["r", "alpha", "a", "b"];

    /// <summary>Creates the parameters; each must be finite and &gt; 0.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A parameter is not finite or not positive (the message names it).</exception>
    public BgNbdParameters(double r, double alpha, double a, double b)
    {
        R = Check(r, nameof(r));
        Alpha = Check(alpha, nameof(alpha));
        A = Check(a, nameof(a));
        B = Check(b, nameof(b));
    }

    /// <summary>r: shape of the Gamma distribution of transaction rates.</summary>
    public double R { get; }

    /// <summary>α: rate (inverse scale) of the Gamma distribution of transaction rates, in model time units.</summary>
    public double Alpha { get; }

    /// <summary>a: first shape of the Beta distribution of drop-out probabilities.</summary>
    public double A { get; }

    /// <summary>b: second shape of the Beta distribution of drop-out probabilities.</summary>
    public double B { get; }

    /// <summary>Returns [ln r, ln α, ln a, ln b].</summary>
    public double[] ToLogVector() => [Math.Log(R), Math.Log(Alpha), Math.Log(A), Math.Log(B)];

    /// <summary>Writes [ln r, ln α, ln a, ln b] into <paramref name="destination"/> (length ≥ 4).</summary>
    public void WriteLogVector(Span<double> destination)
    {
        if (destination.Length < 4) throw new ArgumentException("The destination needs 4 elements.", nameof(destination));
        destination[0] = Math.Log(R);
        destination[1] = Math.Log(Alpha);
        destination[2] = Math.Log(A);
        destination[3] = Math.Log(B);
    }

    /// <summary>Builds parameters from [ln r, ln α, ln a, ln b].</summary>
    /// <exception cref="ArgumentException">The vector does not have 4 elements.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An exponentiated element is not finite or not positive.</exception>
    public static BgNbdParameters FromLogVector(ReadOnlySpan<double> theta)
    {
        if (theta.Length != 4) throw new ArgumentException($"Expected 4 log-parameters [ln r, ln alpha, ln a, ln b], got {theta.Length}.", nameof(theta));
        return new BgNbdParameters(Math.Exp(theta[0]), Math.Exp(theta[1]), Math.Exp(theta[2]), Math.Exp(theta[3]));
    }

    /// <summary>
    /// The same process measured in a time unit <paramref name="factor"/> times shorter: durations are multiplied by
    /// <paramref name="factor"/>, so α is too; r, a and b are unchanged.
    /// </summary>
    public BgNbdParameters RescaleTime(double factor)
    {
        if (!double.IsFinite(factor) || factor <= 0)
            throw new ArgumentOutOfRangeException(nameof(factor), factor, "The time scale factor must be finite and positive.");
        return new BgNbdParameters(R, Alpha * factor, A, B);
    }

    /// <inheritdoc />
    public override string ToString() =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"r = {R:G6}, alpha = {Alpha:G6}, a = {A:G6}, b = {B:G6}");

    private static double Check(double value, string name)
    {
        if (!double.IsFinite(value) || value <= 0)
            throw new ArgumentOutOfRangeException(name, value, $"BG/NBD parameter {name} must be finite and > 0, got {value}.");
        return value;
    }
}
