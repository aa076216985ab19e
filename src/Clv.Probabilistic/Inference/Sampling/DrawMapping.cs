using Clv.Probabilistic.Inference.Diagnostics;
using Clv.Probabilistic.Inference.Laplace;
using Clv.Probabilistic.Inference.Optimization;

namespace Clv.Probabilistic.Inference.Sampling;

/// <summary>Maps one draw's unconstrained vector to a vector of reported quantities (for example r = e^θ₀).</summary>
/// <param name="unconstrained">The draw, as sampled.</param>
/// <param name="mapped">Receives the mapped values.</param>
public delegate void DrawMap(ReadOnlySpan<double> unconstrained, Span<double> mapped);

/// <summary>Transforms draws draw by draw, keeping their chains, so they can be summarised on the model's own scale.</summary>
public static class DrawMapping
{
    /// <summary>Applies <paramref name="map"/> to every draw.</summary>
    /// <param name="draws">Draws on the sampling scale.</param>
    /// <param name="names">Names of the mapped quantities; their count is the mapped dimension.</param>
    /// <param name="map">The transform of one draw.</param>
    /// <exception cref="ArgumentException">The map produced a non-finite value (the message names the draw and quantity).</exception>
    public static ParameterDraws Map(this ParameterDraws draws, IReadOnlyList<string> names, DrawMap map)
    {
        ArgumentNullException.ThrowIfNull(draws);
        ArgumentNullException.ThrowIfNull(names);
        ArgumentNullException.ThrowIfNull(map);
        int k = names.Count;
        var values = new double[draws.Count * k];
        for (int d = 0; d < draws.Count; d++) map(draws.Draw(d), values.AsSpan(d * k, k));
        return new ParameterDraws(names, values, draws.Chains);
    }
}
