namespace Clv.Probabilistic.Inference;

/// <summary>
/// Draws of a parameter vector, from a posterior (NUTS, Laplace) or from the asymptotic normal of an MLE.
/// Stored draw-major: draw d of parameter j is <c>Values[d * Dimension + j]</c>; <see cref="Chains"/> gives each
/// draw's chain. Every fit method returns its uncertainty in this one form, so predictions have one code path.
/// </summary>
public sealed class ParameterDraws
{
    private readonly double[] _values;
    private readonly int[] _chains;

    /// <summary>Creates draws; the arrays are copied.</summary>
    /// <param name="names">Parameter names, one per dimension (the papers' symbols, for example r, alpha, a, b).</param>
    /// <param name="values">Draw-major values; length a multiple of <c>names.Count</c>.</param>
    /// <param name="chains">Chain index of each draw; empty means one chain.</param>
    public ParameterDraws(IReadOnlyList<string> names, ReadOnlySpan<double> values, ReadOnlySpan<int> chains = default)
    {
        ArgumentNullException.ThrowIfNull(names);
        if (names.Count == 0) throw new ArgumentException("At least one parameter is needed.", nameof(names));
        if (values.Length % names.Count != 0)
            throw new ArgumentException($"{values.Length} values do not divide into draws of {names.Count} parameters.", nameof(values));
        Names = names.ToArray();
        _values = values.ToArray();
        int count = _values.Length / names.Count;
        if (!chains.IsEmpty && chains.Length != count)
            throw new ArgumentException($"{chains.Length} chain indices for {count} draws.", nameof(chains));
        _chains = chains.IsEmpty ? new int[count] : chains.ToArray();
        for (int i = 0; i < _values.Length; i++)
            if (!double.IsFinite(_values[i]))
                throw new ArgumentException($"Draw {i / names.Count}, parameter '{Names[i % names.Count]}' is not finite.", nameof(values));
    }

    /// <summary>Parameter names.</summary>
    public IReadOnlyList<string> Names { get; }

    /// <summary>Number of parameters.</summary>
    public int Dimension => Names.Count;

    /// <summary>Number of draws.</summary>
    public int Count => _chains.Length;

    /// <summary>Number of distinct chains.</summary>
    public int ChainCount => _chains.Length == 0 ? 0 : _chains.Max() + 1;

    /// <summary>Chain index of each draw.</summary>
    public ReadOnlySpan<int> Chains => _chains;

    /// <summary>All values, draw-major.</summary>
    public ReadOnlySpan<double> Values => _values;

    /// <summary>The parameter vector of draw <paramref name="draw"/>.</summary>
    public ReadOnlySpan<double> Draw(int draw) => _values.AsSpan(draw * Dimension, Dimension);

    /// <summary>Copies every draw of parameter <paramref name="parameter"/> into a new array.</summary>
    public double[] Column(int parameter)
    {
        var column = new double[Count];
        for (int d = 0; d < column.Length; d++) column[d] = _values[d * Dimension + parameter];
        return column;
    }

    /// <summary>Index of the parameter named <paramref name="name"/>.</summary>
    /// <exception cref="KeyNotFoundException">No parameter has that name.</exception>
    public int IndexOf(string name)
    {
        for (int j = 0; j < Names.Count; j++)
            if (Names[j] == name) return j;
        throw new KeyNotFoundException($"No parameter named '{name}'; the draws hold {string.Join(", ", Names)}.");
    }
}
