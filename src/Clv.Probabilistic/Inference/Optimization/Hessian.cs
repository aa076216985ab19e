using System.Globalization;
using Clv.Probabilistic.Inference.Diagnostics;
using Clv.Probabilistic.Inference.Laplace;
using Clv.Probabilistic.Inference.Sampling;

namespace Clv.Probabilistic.Inference.Optimization;

/// <summary>Second derivatives of a log density and the covariance of the normal approximation they imply.</summary>
public static class Hessian
{
    /// <summary>Relative step of the central differences: h_j = 1e-5 · max(1, |θ_j|).</summary>
    public const double RelativeStep = 1e-5;

    /// <summary>
    /// The Hessian ∂²f/∂θ_i∂θ_j at <paramref name="theta"/>, row-major, by central differences of the analytic gradient,
    /// symmetrised as (H + Hᵀ)/2.
    /// </summary>
    /// <remarks>
    /// Column j is (∇f(θ + h_j e_j) − ∇f(θ − h_j e_j)) / (2 h_j) (Nocedal &amp; Wright, Numerical Optimization, 2nd ed.,
    /// eq. 8.7 with central differences). Truncation error is O(h²)·f‴ ≈ 1e-10 relative and rounding error about
    /// ε·|∇f| / h ≈ 1e-11, so the result is good to roughly ten digits for smooth f. Costs 2·d gradient evaluations.
    /// </remarks>
    /// <exception cref="ArgumentException">f or its gradient is not finite at a difference point.</exception>
    public static double[] Compute(ILogDensity f, ReadOnlySpan<double> theta)
    {
        ArgumentNullException.ThrowIfNull(f);
        int n = f.Dimension;
        if (theta.Length != n)
            throw new ArgumentException($"theta has {theta.Length} values; the density has dimension {n}.", nameof(theta));
        var hessian = new double[n * n];
        var point = theta.ToArray();
        var plus = new double[n];
        var minus = new double[n];
        for (int j = 0; j < n; j++)
        {
            double h = RelativeStep * Math.Max(1.0, Math.Abs(theta[j]));
            point[j] = theta[j] + h;
            EvaluateFinite(f, point, plus, j, +h);
            point[j] = theta[j] - h;
            EvaluateFinite(f, point, minus, j, -h);
            point[j] = theta[j];
            double width = (theta[j] + h) - (theta[j] - h);
            for (int i = 0; i < n; i++) hessian[i * n + j] = (plus[i] - minus[i]) / width;
        }
        for (int i = 0; i < n; i++)
            for (int j = 0; j < i; j++)
                hessian[i * n + j] = hessian[j * n + i] = 0.5 * (hessian[i * n + j] + hessian[j * n + i]);
        return hessian;
    }

    /// <summary>
    /// The covariance (−H)⁻¹ of the normal approximation at a maximum, from the observed information −H, by Cholesky.
    /// </summary>
    /// <param name="hessian">Row-major d×d Hessian of the log density at its maximum.</param>
    /// <exception cref="NotPositiveDefiniteException">−H is not positive definite.</exception>
    public static double[] Covariance(ReadOnlySpan<double> hessian) => FactorInformation(hessian, null).Inverse();

    /// <summary>Cholesky factor of −H, or the specific exception naming the failing parameter.</summary>
    internal static Cholesky FactorInformation(ReadOnlySpan<double> hessian, IReadOnlyList<string>? names)
    {
        int n = (int)Math.Round(Math.Sqrt(hessian.Length));
        if (n * n != hessian.Length || n == 0)
            throw new ArgumentException($"A Hessian of {hessian.Length} values is not a non-empty square matrix.", nameof(hessian));
        var information = new double[n * n];
        for (int i = 0; i < information.Length; i++) information[i] = -hessian[i];
        return Cholesky.TryFactor(information, n, out int pivot)
            ?? throw new NotPositiveDefiniteException(pivot, names is null ? $"θ[{pivot}]" : names[pivot]);
    }

    private static void EvaluateFinite(ILogDensity f, double[] point, double[] gradient, int j, double h)
    {
        double value = f.Evaluate(point, gradient);
        bool finite = double.IsFinite(value);
        foreach (double g in gradient) finite &= double.IsFinite(g);
        if (!finite)
            throw new ArgumentException(
                $"The log density or its gradient is not finite at θ[{j}] {(h > 0 ? "+" : "−")} {Math.Abs(h).ToString("G3", CultureInfo.InvariantCulture)}; "
                + "the point is too close to the edge of the support for a finite-difference Hessian.", "theta");
    }
}

/// <summary>
/// Thrown when the observed information −H is not positive definite: the point is not a strict maximum, or the model
/// is not identifiable from the data (a flat or ridge-shaped likelihood), so no covariance exists.
/// </summary>
public sealed class NotPositiveDefiniteException : Exception
{
    /// <summary>Creates the exception for the Cholesky pivot that failed.</summary>
    public NotPositiveDefiniteException(int pivot, string parameter)
        : base($"The observed information (−Hessian) is not positive definite (Cholesky failed at parameter '{parameter}'): "
               + "the fit is not at a strict maximum or the parameters are not identifiable from the data.")
    {
        Pivot = pivot;
        Parameter = parameter;
    }

    /// <summary>Index of the parameter at which the Cholesky factorisation failed.</summary>
    public int Pivot { get; }

    /// <summary>Name of that parameter.</summary>
    public string Parameter { get; }
}
