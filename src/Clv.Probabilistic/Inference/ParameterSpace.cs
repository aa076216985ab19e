namespace Clv.Probabilistic.Inference;

/// <summary>Where a model parameter lives, which fixes its map to the unconstrained real line.</summary>
public enum ParameterDomain
{
    /// <summary>φ &gt; 0, mapped by θ = ln φ.</summary>
    Positive,

    /// <summary>0 &lt; φ &lt; 1, mapped by θ = logit φ.</summary>
    UnitInterval,

    /// <summary>Any real φ (for example a covariate coefficient), θ = φ.</summary>
    Real,
}

/// <summary>One parameter of a model: its name in files and on the command line, its domain and what it means.</summary>
/// <param name="Name">The papers' symbol spelled in ASCII (r, alpha, a, b, p, q, gamma).</param>
/// <param name="Domain">Where the parameter lives.</param>
/// <param name="Description">One line on what the parameter is.</param>
public sealed record ParameterInfo(string Name, ParameterDomain Domain, string Description)
{
    /// <summary>
    /// Largest value the library supports for this parameter where a model is built (positive parameters only):
    /// <see cref="ParameterSpace.SupportedMaximum"/> unless the model's numerics are verified only over a narrower
    /// range (docs/reliability.md, "Parameter ranges").
    /// </summary>
    public double SupportedMaximum { get; init; } = ParameterSpace.SupportedMaximum;
}

/// <summary>
/// The parameters of a model and the bijection between their natural values φ and the unconstrained vector θ that the
/// optimiser and the sampler see, with the log-Jacobian ln |dφ/dθ| that a density on θ needs.
/// </summary>
/// <remarks>
/// Stan Reference Manual, "Constraint transforms": lower-bounded φ = e^θ (log-Jacobian θ); interval (0, 1)
/// φ = logistic(θ) (log-Jacobian ln φ + ln(1 − φ)); unconstrained φ = θ (0).
/// </remarks>
public sealed class ParameterSpace
{
    private readonly ParameterInfo[] _parameters;
    private readonly string[] _names;

    /// <summary>Creates the space of <paramref name="parameters"/>, in the model's order.</summary>
    /// <exception cref="ArgumentException">No parameter, or a name repeats.</exception>
    public ParameterSpace(IReadOnlyList<ParameterInfo> parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        if (parameters.Count == 0) throw new ArgumentException("A model has at least one parameter.", nameof(parameters));
        _parameters = parameters.ToArray();
        _names = _parameters.Select(p => p.Name).ToArray();
        if (_names.Distinct(StringComparer.Ordinal).Count() != _names.Length)
            throw new ArgumentException($"Parameter names repeat: {string.Join(", ", _names)}.", nameof(parameters));
    }

    /// <summary>A space of positive parameters with these names and descriptions.</summary>
    public static ParameterSpace Positive(params (string Name, string Description)[] parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        // A loop, not Select: LINQ over tuples is generic framework code that ReadyToRun cannot precompile, compiled
        // in every process that touches the model registry.
        var infos = new ParameterInfo[parameters.Length];
        for (int j = 0; j < infos.Length; j++) infos[j] = new ParameterInfo(parameters[j].Name, ParameterDomain.Positive, parameters[j].Description);
        return new(infos);
    }

    /// <summary>The parameters, in order.</summary>
    public IReadOnlyList<ParameterInfo> Parameters => _parameters;

    /// <summary>The parameter names, in order.</summary>
    public IReadOnlyList<string> Names => _names;

    /// <summary>Number of parameters.</summary>
    public int Dimension => _parameters.Length;

    /// <summary>Index of the parameter called <paramref name="name"/>, or −1.</summary>
    public int IndexOf(string name) => Array.IndexOf(_names, name);

    /// <summary>Whether every value lies inside its parameter's domain (and is finite).</summary>
    public bool Contains(ReadOnlySpan<double> natural) => FirstOutside(natural) < 0;

    /// <summary>Index of the first value outside its domain, or −1 when all lie inside.</summary>
    public int FirstOutside(ReadOnlySpan<double> natural)
    {
        CheckLength(natural.Length);
        for (int j = 0; j < natural.Length; j++)
            if (!InDomain(j, natural[j])) return j;
        return -1;
    }

    /// <summary>
    /// Smallest positive parameter value the library supports where a model is built (see <see cref="SupportedMaximum"/>).
    /// </summary>
    public const double SupportedMinimum = 1e-100;

    /// <summary>
    /// Largest positive parameter value the library supports where a model is built: the predictions form sums such as
    /// a + b + x − 1 and ratios such as (a + b + x − 1)/(a − 1), which lose their meaning near the ends of double
    /// (b = 1e308 once gave expected purchases of 1.8e307); within 1e-100..1e100 they keep a wide margin. A parameter in
    /// (0, 1) must be at least 1e-100; a real coefficient only needs to be finite (the positive parameters it produces
    /// per customer are checked when that customer's model is built). See docs/reliability.md, "Parameter ranges".
    /// </summary>
    public const double SupportedMaximum = 1e100;

    /// <summary>
    /// This space with the supported maximum of positive parameter <paramref name="name"/> lowered to
    /// <paramref name="maximum"/>, for a model whose numerics are verified only up to there.
    /// </summary>
    /// <exception cref="ArgumentException">No positive parameter is called <paramref name="name"/>, or the maximum is not in [1, <see cref="SupportedMaximum"/>].</exception>
    public ParameterSpace WithSupportedMaximum(string name, double maximum)
    {
        int j = IndexOf(name);
        if (j < 0 || _parameters[j].Domain != ParameterDomain.Positive)
            throw new ArgumentException($"No positive parameter is called '{name}'.", nameof(name));
        if (!(maximum >= 1 && maximum <= SupportedMaximum))
            throw new ArgumentException(FormattableString.Invariant($"A supported maximum lies in [1, {SupportedMaximum:G}], got {maximum:R}."), nameof(maximum));
        var parameters = _parameters.ToArray();
        parameters[j] = parameters[j] with { SupportedMaximum = maximum };
        return new ParameterSpace(parameters);
    }

    /// <summary>Index of the first value outside the range the library supports (which lies inside the domain), or −1.</summary>
    public int FirstUnsupported(ReadOnlySpan<double> natural)
    {
        CheckLength(natural.Length);
        for (int j = 0; j < natural.Length; j++)
        {
            double v = natural[j];
            bool supported = _parameters[j].Domain switch
            {
                ParameterDomain.Positive => v >= SupportedMinimum && v <= _parameters[j].SupportedMaximum,
                ParameterDomain.UnitInterval => v >= SupportedMinimum && v < 1,
                _ => double.IsFinite(v),
            };
            if (!supported) return j;
        }
        return -1;
    }

    /// <summary>The supported range of parameter <paramref name="parameter"/> in words, for example "1e-100 to 1e100".</summary>
    public string SupportedRange(int parameter) => _parameters[parameter].Domain switch
    {
        ParameterDomain.Positive => FormattableString.Invariant($"1e-100 to {Power(_parameters[parameter].SupportedMaximum)}"),
        ParameterDomain.UnitInterval => "1e-100 to below 1",
        _ => "any finite value",
    };

    /// <summary>Checks that every value lies in the range the library supports (docs/reliability.md, "Parameter ranges").</summary>
    /// <param name="natural">The natural values, in the order of <see cref="Parameters"/>.</param>
    /// <param name="model">The model's display name, which starts the message (for example BG/NBD).</param>
    /// <exception cref="ArgumentOutOfRangeException">A value lies outside its domain or the supported range; the message names
    /// the model, the parameter, the value and the range, and <see cref="ArgumentException.ParamName"/> is the parameter.</exception>
    public void ThrowIfUnsupported(ReadOnlySpan<double> natural, string model)
    {
        int j = FirstUnsupported(natural);
        if (j < 0) return;
        if (!InDomain(j, natural[j])) throw OutsideDomain(j, natural[j]);
        throw new ArgumentOutOfRangeException(_parameters[j].Name, natural[j], $"{model} {UnsupportedMessage(j, natural[j])}");
    }

    /// <summary>"parameter 'b' is 1E+308, outside the range the library supports … (1e-100 to 1e100): …", without the model.</summary>
    internal string UnsupportedMessage(int parameter, double value)
    {
        var info = _parameters[parameter];
        string kind = info.Domain == ParameterDomain.Positive ? "a positive parameter" : "a parameter in (0, 1)";
        return FormattableString.Invariant(
            $"parameter '{info.Name}' is {value:G6}, outside the range the library supports for {kind} ({SupportedRange(parameter)}): its predictions would not be reliable there");
    }

    /// <summary>Writes θ for natural values φ.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A value lies outside its domain (the message names it).</exception>
    public void ToUnconstrained(ReadOnlySpan<double> natural, Span<double> theta)
    {
        int outside = FirstOutside(natural);
        if (outside >= 0) throw OutsideDomain(outside, natural[outside]);
        for (int j = 0; j < natural.Length; j++) theta[j] = ToUnconstrained(j, natural[j]);
    }

    /// <summary>θ_j for the natural value φ_j of parameter <paramref name="parameter"/> (not checked against its domain).</summary>
    public double ToUnconstrained(int parameter, double value) => _parameters[parameter].Domain switch
    {
        ParameterDomain.Positive => Math.Log(value),
        ParameterDomain.UnitInterval => Math.Log(value) - Math.Log(1 - value),
        _ => value,
    };

    /// <summary>φ_j for θ_j of parameter <paramref name="parameter"/>.</summary>
    public double ToNatural(int parameter, double theta) => _parameters[parameter].Domain switch
    {
        ParameterDomain.Positive => Math.Exp(theta),
        ParameterDomain.UnitInterval => 1 / (1 + Math.Exp(-theta)),
        _ => theta,
    };

    /// <summary>θ for natural values φ, as a new array.</summary>
    public double[] ToUnconstrained(ReadOnlySpan<double> natural)
    {
        var theta = new double[Dimension];
        ToUnconstrained(natural, theta);
        return theta;
    }

    /// <summary>Writes φ for θ (values may overflow to the edge of the domain for extreme θ; check with <see cref="Contains"/>).</summary>
    public void ToNatural(ReadOnlySpan<double> theta, Span<double> natural)
    {
        CheckLength(theta.Length);
        for (int j = 0; j < theta.Length; j++) natural[j] = ToNatural(j, theta[j]);
    }

    /// <summary>φ for θ, as a new array.</summary>
    public double[] ToNatural(ReadOnlySpan<double> theta)
    {
        var natural = new double[Dimension];
        ToNatural(theta, natural);
        return natural;
    }

    /// <summary>dφ_j/dθ_j at θ_j.</summary>
    public double Derivative(int parameter, double theta) => _parameters[parameter].Domain switch
    {
        ParameterDomain.Positive => Math.Exp(theta),
        ParameterDomain.UnitInterval => Logistic(theta) * Logistic(-theta),
        _ => 1.0,
    };

    /// <summary>ln |dφ_j/dθ_j| at θ_j and its derivative with respect to θ_j.</summary>
    public double LogJacobian(int parameter, double theta, out double derivative)
    {
        switch (_parameters[parameter].Domain)
        {
            case ParameterDomain.Positive:
                derivative = 1;
                return theta;
            case ParameterDomain.UnitInterval:
                // ln σ(θ) + ln σ(−θ), derivative σ(−θ) − σ(θ) = 1 − 2σ(θ).
                derivative = 1 - 2 * Logistic(theta);
                return -Softplus(-theta) - Softplus(theta);
            default:
                derivative = 0;
                return 0;
        }
    }

    /// <summary>The error for a value outside its domain.</summary>
    public ArgumentOutOfRangeException OutsideDomain(int parameter, double value)
    {
        var info = _parameters[parameter];
        string domain = info.Domain switch
        {
            ParameterDomain.Positive => "finite and > 0",
            ParameterDomain.UnitInterval => "in (0, 1)",
            _ => "finite",
        };
        return new ArgumentOutOfRangeException(info.Name, value,
            FormattableString.Invariant($"Parameter '{info.Name}' must be {domain}, got {value:R}."));
    }

    private bool InDomain(int parameter, double v) => _parameters[parameter].Domain switch
    {
        ParameterDomain.Positive => v > 0 && double.IsFinite(v),
        ParameterDomain.UnitInterval => v > 0 && v < 1,
        _ => double.IsFinite(v),
    };

    /// <summary>1e100 for 1e100, 1e6 for 1e6, values below 1e4 (such as 10) and others as written.</summary>
    private static string Power(double value)
    {
        if (value < 1e4) return FormattableString.Invariant($"{value:G6}");
        double exponent = Math.Round(Math.Log10(value));
        return value == Math.Pow(10, exponent) ? FormattableString.Invariant($"1e{exponent}") : FormattableString.Invariant($"{value:G6}");
    }

    private static double Logistic(double t) => t >= 0 ? 1 / (1 + Math.Exp(-t)) : Math.Exp(t) / (1 + Math.Exp(t));

    private static double Softplus(double t) => t > 0 ? t + Math.Log(1 + Math.Exp(-t)) : Math.Log(1 + Math.Exp(t));

    private void CheckLength(int length)
    {
        if (length != Dimension)
            throw new ArgumentException($"Expected {Dimension} values ({string.Join(", ", _names)}), got {length}.");
    }
}
