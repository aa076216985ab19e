using Clv.Probabilistic.Inference.Diagnostics;
using Clv.Probabilistic.Inference.Laplace;
using Clv.Probabilistic.Inference.Optimization;

namespace Clv.Probabilistic.Inference.Sampling;

/// <summary>A point of phase space: position q, momentum p, velocity M⁻¹p, log density and its gradient at q.</summary>
internal sealed class PhasePoint
{
    public PhasePoint(int dimension)
    {
        Position = new double[dimension];
        Momentum = new double[dimension];
        Velocity = new double[dimension];
        Gradient = new double[dimension];
    }

    public double[] Position { get; }
    public double[] Momentum { get; }
    public double[] Velocity { get; }
    public double[] Gradient { get; }
    public double LogDensity { get; set; }

    /// <summary>H(q, p) = −log π(q) + ½ pᵀ M⁻¹ p; +∞ wherever it is not finite (zero density, overflow).</summary>
    public double Hamiltonian()
    {
        double kinetic = 0;
        for (int i = 0; i < Momentum.Length; i++) kinetic += Momentum[i] * Velocity[i];
        double h = -LogDensity + 0.5 * kinetic;
        return double.IsFinite(h) ? h : double.PositiveInfinity;
    }

    public void CopyFrom(PhasePoint other)
    {
        other.Position.CopyTo(Position, 0);
        other.Momentum.CopyTo(Momentum, 0);
        other.Velocity.CopyTo(Velocity, 0);
        other.Gradient.CopyTo(Gradient, 0);
        LogDensity = other.LogDensity;
    }
}
