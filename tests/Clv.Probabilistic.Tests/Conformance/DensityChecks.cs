using Clv.Probabilistic.Inference;

namespace Clv.Probabilistic.Tests.Conformance;

/// <summary>A log density's value and gradient at one point.</summary>
internal readonly record struct Evaluation(double Value, double[] Gradient)
{
    public static Evaluation At(ILogDensity density, ReadOnlySpan<double> theta)
    {
        var gradient = new double[density.Dimension];
        double value = density.Evaluate(theta, gradient);
        return new Evaluation(value, gradient);
    }

    /// <summary>Whether value and gradient are the same bits.</summary>
    public bool IdenticalTo(Evaluation other) =>
        BitConverter.DoubleToInt64Bits(Value) == BitConverter.DoubleToInt64Bits(other.Value)
        && Gradient.Zip(other.Gradient).All(p => BitConverter.DoubleToInt64Bits(p.First) == BitConverter.DoubleToInt64Bits(p.Second));

    /// <summary>
    /// The largest difference from <paramref name="other"/> relative to the size of the quantity: |Δℓ| / |ℓ| for the
    /// value and |Δg_j| / max(‖g‖∞, 1) for the gradient (a component may be small by cancellation; the norm is not).
    /// </summary>
    public double RelativeDifference(Evaluation other)
    {
        double worst = Math.Abs(Value - other.Value) / Math.Max(Math.Abs(Value), double.Epsilon);
        double scale = Math.Max(1, Gradient.Concat(other.Gradient).Max(Math.Abs));
        for (int j = 0; j < Gradient.Length; j++) worst = Math.Max(worst, Math.Abs(Gradient[j] - other.Gradient[j]) / scale);
        return worst;
    }

    public override string ToString() => $"{Value:R} [{string.Join(", ", Gradient.Select(g => g.ToString("R")))}]";
}

/// <summary>The analytic gradient of a log density against Richardson-extrapolated central differences.</summary>
/// <remarks>
/// D(h) = (f(θ + h e_j) − f(θ − h e_j)) / 2h has error h² f‴/6 + O(h⁴); (4 D(h/2) − D(h)) / 3 cancels the h² term
/// (Richardson; Press et al., Numerical Recipes, 3rd ed., §5.7). With h = 10⁻³ max(1, |θ_j|) the truncation error is
/// O(10⁻¹²) and the rounding error about ε |f| / h, which the tolerance allows for.
/// </remarks>
internal static class GradientCheck
{
    public const double RelativeTolerance = 1e-6;

    private const double MachineEpsilon = 2.220446049250313e-16;

    /// <summary>
    /// The largest |numerical − analytic| / tolerance over the components, where the tolerance of component j is
    /// 10⁻⁶ max(|g_j|, 1) + 100 ε |f| / h_j; above 1 the gradient is wrong.
    /// </summary>
    public static double WorstRatio(ILogDensity density, ReadOnlySpan<double> theta, out string detail)
    {
        var at = Evaluation.At(density, theta);
        double worst = 0;
        detail = "";
        for (int j = 0; j < theta.Length; j++)
        {
            double h = 1e-3 * Math.Max(1, Math.Abs(theta[j]));
            double coarse = Central(density, theta, j, h), fine = Central(density, theta, j, h / 2);
            double numerical = (4 * fine - coarse) / 3;
            double tolerance = RelativeTolerance * Math.Max(Math.Abs(at.Gradient[j]), 1) + 100 * MachineEpsilon * Math.Abs(at.Value) / h;
            double ratio = Math.Abs(numerical - at.Gradient[j]) / tolerance;
            if (!(ratio <= worst))
            {
                worst = double.IsNaN(ratio) ? double.PositiveInfinity : ratio;
                detail = $"∂/∂θ{j}: analytic {at.Gradient[j]:R}, Richardson {numerical:R} (f = {at.Value:R})";
            }
        }
        return worst;
    }

    private static double Central(ILogDensity density, ReadOnlySpan<double> theta, int j, double h)
    {
        var up = theta.ToArray();
        var down = theta.ToArray();
        up[j] += h;
        down[j] -= h;
        var scratch = new double[theta.Length];
        return (density.Evaluate(up, scratch) - density.Evaluate(down, scratch)) / (up[j] - down[j]);
    }
}
