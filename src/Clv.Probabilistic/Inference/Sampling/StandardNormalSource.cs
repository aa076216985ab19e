using Clv.Probabilistic.Inference.Diagnostics;
using Clv.Probabilistic.Inference.Laplace;
using Clv.Probabilistic.Inference.Optimization;

namespace Clv.Probabilistic.Inference.Sampling;

/// <summary>Standard normal variates by the Box–Muller transform, two per pair of uniforms, from a given generator.</summary>
/// <remarks>Box &amp; Muller (1958), Ann. Math. Statist. 29(2):610–611. Deterministic given the generator's stream.</remarks>
internal sealed class StandardNormalSource(Random random)
{
    private double _spare;
    private bool _hasSpare;

    public Random Random => random;

    public double Next()
    {
        if (_hasSpare)
        {
            _hasSpare = false;
            return _spare;
        }
        double radius = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble()));
        double angle = 2 * Math.PI * random.NextDouble();
        _spare = radius * Math.Sin(angle);
        _hasSpare = true;
        return radius * Math.Cos(angle);
    }
}
