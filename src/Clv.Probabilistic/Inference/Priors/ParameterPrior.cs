using System.Globalization;
using MathNet.Numerics;
using MathNet.Numerics.Distributions;

namespace Clv.Probabilistic.Inference.Priors;

/// <summary>
/// The prior of one positive model parameter φ. Samplers work on θ = ln φ, so besides the density of φ the prior
/// gives the density of θ, which adds the log-Jacobian ln |dφ/dθ| = θ.
/// </summary>
/// <remarks>
/// Change of variables: p_θ(θ) = p_φ(e^θ) · e^θ (Gelman et al., Bayesian Data Analysis, 3rd ed., §1.8 and Stan
/// Reference Manual, "Variable transforms: lower bounded scalar").
/// </remarks>
public abstract record ParameterPrior
{
    private protected ParameterPrior()
    {
    }

    /// <summary>ln p_φ(φ) and its derivative with respect to φ; −∞ (derivative 0) outside the support.</summary>
    public abstract double LogDensity(double value, out double derivative);

    /// <summary>Draws φ from the prior.</summary>
    public abstract double Sample(Random random);

    /// <summary>
    /// ln p_θ(θ) for θ = ln φ, with its derivative; with <paramref name="includeJacobian"/> false the Jacobian term θ
    /// is left out (wrong as a density of θ; kept only so tests can show that calibration then fails).
    /// </summary>
    public double LogDensityOfLog(double theta, out double derivative, bool includeJacobian = true)
    {
        double value = Math.Exp(theta);
        double log = LogDensity(value, out double dValue);
        if (double.IsNegativeInfinity(log) || !double.IsFinite(value))
        {
            derivative = 0;
            return double.NegativeInfinity;
        }
        derivative = dValue * value + (includeJacobian ? 1.0 : 0.0);
        return log + (includeJacobian ? theta : 0.0);
    }

    /// <summary>True (derivative 0) when φ is not finite and positive.</summary>
    private protected static bool OutsideSupport(double value, out double derivative)
    {
        derivative = 0;
        return !(value > 0) || !double.IsFinite(value);
    }

    private protected static double Positive(double value, string name) =>
        double.IsFinite(value) && value > 0
            ? value
            : throw new ArgumentOutOfRangeException(name, value, $"The prior's {name} must be finite and > 0.");
}

/// <summary>Log-normal prior: ln φ ~ Normal(ln <see cref="Median"/>, <see cref="Sigma"/>).</summary>
/// <remarks>
/// Density ln p(φ) = −ln φ − ln σ − ½ ln 2π − (ln φ − μ)²/(2σ²), μ = ln median. On θ = ln φ it is exactly Normal(μ, σ).
/// A central 95% prior interval is median × e^{±1.96σ}.
/// </remarks>
public sealed record LogNormalPrior : ParameterPrior
{
    /// <summary>Creates the prior.</summary>
    /// <param name="median">Prior median of φ; finite and &gt; 0.</param>
    /// <param name="sigma">Standard deviation of ln φ; finite and &gt; 0.</param>
    public LogNormalPrior(double median, double sigma)
    {
        Median = Positive(median, nameof(median));
        Sigma = Positive(sigma, nameof(sigma));
    }

    /// <summary>Prior median of φ.</summary>
    public double Median { get; }

    /// <summary>Standard deviation of ln φ.</summary>
    public double Sigma { get; }

    /// <inheritdoc />
    public override double LogDensity(double value, out double derivative)
    {
        if (OutsideSupport(value, out derivative)) return double.NegativeInfinity;
        double z = (Math.Log(value) - Math.Log(Median)) / Sigma;
        derivative = -(1.0 + z / Sigma) / value;
        return -Math.Log(value) - Math.Log(Sigma) - 0.5 * Math.Log(2 * Math.PI) - 0.5 * z * z;
    }

    /// <inheritdoc />
    public override double Sample(Random random) => Math.Exp(Normal.Sample(random, Math.Log(Median), Sigma));

    /// <inheritdoc />
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"LogNormal(median {Median:G4}, sigma {Sigma:G4})");
}

/// <summary>Gamma prior with shape k and rate β: mean k/β.</summary>
/// <remarks>ln p(φ) = k ln β − lnΓ(k) + (k − 1) ln φ − βφ.</remarks>
public sealed record GammaPrior : ParameterPrior
{
    /// <summary>Creates the prior.</summary>
    /// <param name="shape">Shape k; finite and &gt; 0.</param>
    /// <param name="rate">Rate β; finite and &gt; 0.</param>
    public GammaPrior(double shape, double rate)
    {
        Shape = Positive(shape, nameof(shape));
        Rate = Positive(rate, nameof(rate));
    }

    /// <summary>Shape k.</summary>
    public double Shape { get; }

    /// <summary>Rate β.</summary>
    public double Rate { get; }

    /// <inheritdoc />
    public override double LogDensity(double value, out double derivative)
    {
        if (OutsideSupport(value, out derivative)) return double.NegativeInfinity;
        derivative = (Shape - 1) / value - Rate;
        return Shape * Math.Log(Rate) - SpecialFunctions.GammaLn(Shape) + (Shape - 1) * Math.Log(value) - Rate * value;
    }

    /// <inheritdoc />
    public override double Sample(Random random) => Gamma.Sample(random, Shape, Rate);

    /// <inheritdoc />
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"Gamma(shape {Shape:G4}, rate {Rate:G4})");
}

/// <summary>Half-normal prior: φ = |Z|, Z ~ Normal(0, <see cref="Scale"/>).</summary>
/// <remarks>ln p(φ) = ln 2 − ½ ln 2π − ln s − φ²/(2s²) for φ &gt; 0.</remarks>
public sealed record HalfNormalPrior : ParameterPrior
{
    /// <summary>Creates the prior.</summary>
    /// <param name="scale">Scale s; finite and &gt; 0.</param>
    public HalfNormalPrior(double scale) => Scale = Positive(scale, nameof(scale));

    /// <summary>Scale s.</summary>
    public double Scale { get; }

    /// <inheritdoc />
    public override double LogDensity(double value, out double derivative)
    {
        if (OutsideSupport(value, out derivative)) return double.NegativeInfinity;
        double z = value / Scale;
        derivative = -z / Scale;
        return Math.Log(2) - 0.5 * Math.Log(2 * Math.PI) - Math.Log(Scale) - 0.5 * z * z;
    }

    /// <inheritdoc />
    public override double Sample(Random random) => Math.Abs(Normal.Sample(random, 0, Scale));

    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"HalfNormal(scale {Scale:G4})");
}

/// <summary>Normal prior on a real parameter (for example a covariate coefficient): φ ~ Normal(<see cref="Mean"/>, <see cref="StandardDeviation"/>).</summary>
/// <remarks>ln p(φ) = −½ ln 2π − ln σ − (φ − μ)²/(2σ²) for every real φ.</remarks>
public sealed record NormalPrior : ParameterPrior
{
    /// <summary>Creates the prior.</summary>
    /// <param name="mean">Mean μ; finite.</param>
    /// <param name="standardDeviation">Standard deviation σ; finite and &gt; 0.</param>
    public NormalPrior(double mean, double standardDeviation)
    {
        Mean = double.IsFinite(mean) ? mean : throw new ArgumentOutOfRangeException(nameof(mean), mean, "The prior's mean must be finite.");
        StandardDeviation = Positive(standardDeviation, nameof(standardDeviation));
    }

    /// <summary>Mean μ.</summary>
    public double Mean { get; }

    /// <summary>Standard deviation σ.</summary>
    public double StandardDeviation { get; }

    /// <inheritdoc />
    public override double LogDensity(double value, out double derivative)
    {
        if (!double.IsFinite(value))
        {
            derivative = 0;
            return double.NegativeInfinity;
        }
        double z = (value - Mean) / StandardDeviation;
        derivative = -z / StandardDeviation;
        return -0.5 * Math.Log(2 * Math.PI) - Math.Log(StandardDeviation) - 0.5 * z * z;
    }

    /// <inheritdoc />
    public override double Sample(Random random) => Normal.Sample(random, Mean, StandardDeviation);

    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"Normal(mean {Mean:G4}, sd {StandardDeviation:G4})");
}
