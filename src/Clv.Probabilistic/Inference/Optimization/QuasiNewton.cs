using System.Globalization;
using Clv.Probabilistic.Inference.Diagnostics;
using Clv.Probabilistic.Inference.Laplace;
using Clv.Probabilistic.Inference.Sampling;

namespace Clv.Probabilistic.Inference.Optimization;

/// <summary>
/// Maximisation of a smooth log density over an unconstrained vector by the BFGS quasi-Newton method with a strong
/// Wolfe line search.
/// </summary>
/// <remarks>
/// Nocedal &amp; Wright, Numerical Optimization (2nd ed., 2006), Algorithm 6.1 (BFGS, inverse-Hessian update eq. 6.17),
/// initial inverse Hessian scaled by yᵀs / yᵀy (eq. 6.20) once the first step is known, and the line search of their
/// Algorithms 3.5–3.6. The update is skipped when the curvature yᵀs is not positive; when the quasi-Newton direction
/// stops being a descent direction, or its line search fails, the approximation restarts from the identity.
/// </remarks>
public static class QuasiNewton
{
    // Factor on the gradient tolerance within which a stalled function change still counts as convergence.
    private const double StalledGradientFactor = 1000;

    /// <summary>Finds a local maximiser of <paramref name="f"/> starting from <paramref name="start"/>.</summary>
    /// <param name="f">The objective to maximise.</param>
    /// <param name="start">Starting point; f must be finite there.</param>
    /// <param name="options">Stopping rules; <see cref="OptimizerOptions.Default"/> when null.</param>
    /// <returns>The best point found and why the search stopped; check <see cref="OptimizationResult.Converged"/>.</returns>
    /// <exception cref="ArgumentException">The start has the wrong length, or f or its gradient is not finite there.</exception>
    public static OptimizationResult Maximize(ILogDensity f, ReadOnlySpan<double> start, OptimizerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(f);
        options ??= OptimizerOptions.Default;
        options.Validate();
        int n = f.Dimension;
        if (start.Length != n)
            throw new ArgumentException($"The start has {start.Length} values; the density has dimension {n}.", nameof(start));
        for (int i = 0; i < n; i++)
            if (!double.IsFinite(start[i]))
                throw new ArgumentException($"Start value {i} is {start[i]}.", nameof(start));

        var objective = new NegatedObjective(f, options.MaxEvaluations);
        var lineSearch = new WolfeLineSearch(objective, n, options);
        var x = start.ToArray();
        var g = new double[n];
        var xNew = new double[n];
        var gNew = new double[n];
        var p = new double[n];
        var s = new double[n];
        var y = new double[n];
        var hy = new double[n];
        var h = new double[n * n];

        double value = objective.Evaluate(x, g);
        if (!double.IsFinite(value))
            throw new ArgumentException(
                $"The log density or its gradient is not finite at the start ({Format(x)}); choose a start inside the support.",
                nameof(start));

        bool identity = true;
        SetIdentity(h, n, 1.0);
        int iteration = 0;
        while (true)
        {
            double scale = Math.Max(1.0, Math.Abs(value));
            double gradientNorm = MaxAbs(g);
            if (gradientNorm <= options.GradientTolerance * scale)
                return Result(OptimizationStatus.GradientConverged,
                    $"max |gradient| = {Num(gradientNorm)} ≤ {Num(options.GradientTolerance)} · max(1, |f|) after {iteration} iterations.");
            if (iteration >= options.MaxIterations)
                return Result(OptimizationStatus.MaxIterationsReached,
                    $"{iteration} iterations reached with max |gradient| = {Num(gradientNorm)}.");
            if (objective.Exhausted)
                return Result(OptimizationStatus.MaxEvaluationsReached,
                    $"{objective.Evaluations} evaluations reached with max |gradient| = {Num(gradientNorm)}.");

            double slope = Direction(h, g, p, n);
            if (!(slope < 0))
            {
                identity = true;
                SetIdentity(h, n, 1.0);
                slope = Direction(h, g, p, n);
            }

            // Before curvature is known the direction is the raw gradient: cap the first step's length.
            double firstStep = identity ? Math.Min(1.0, options.InitialStepLength / MaxAbs(p)) : 1.0;
            var outcome = lineSearch.Search(x, value, slope, p, firstStep, xNew, gNew, out double valueNew);
            if (outcome == LineSearchOutcome.Unbounded)
            {
                if (double.IsFinite(valueNew)) Accept(valueNew);
                return Result(OptimizationStatus.Unbounded,
                    $"f increases without bound along the search direction (f = {Num(-valueNew)} at iteration {iteration}).");
            }
            if (outcome == LineSearchOutcome.Failed)
            {
                if (objective.Exhausted)
                    return Result(OptimizationStatus.MaxEvaluationsReached,
                        $"{objective.Evaluations} evaluations reached during a line search, max |gradient| = {Num(gradientNorm)}.");
                if (!identity)
                {
                    identity = true;
                    SetIdentity(h, n, 1.0);
                    continue;
                }
                if (gradientNorm <= StalledGradientFactor * options.GradientTolerance * scale)
                    return Result(OptimizationStatus.FunctionConverged,
                        $"no step changes f in floating point and max |gradient| = {Num(gradientNorm)} after {iteration} iterations.");
                return Result(OptimizationStatus.LineSearchFailed,
                    $"no step along the gradient increased f (max |gradient| = {Num(gradientNorm)}, f = {Num(-value)}).");
            }

            for (int i = 0; i < n; i++)
            {
                s[i] = xNew[i] - x[i];
                y[i] = gNew[i] - g[i];
            }
            double change = value - valueNew;
            Accept(valueNew);
            iteration++;

            double ys = Dot(y, s);
            if (ys > 0 && double.IsFinite(ys))
            {
                if (identity) SetIdentity(h, n, ys / Dot(y, y));
                UpdateInverse(h, s, y, hy, ys, n);
                identity = false;
            }

            if (change <= options.FunctionTolerance * Math.Max(1.0, Math.Abs(value))
                && MaxAbs(g) <= StalledGradientFactor * options.GradientTolerance * Math.Max(1.0, Math.Abs(value)))
                return Result(OptimizationStatus.FunctionConverged,
                    $"f changed by {Num(change)} in the last step with max |gradient| = {Num(MaxAbs(g))} after {iteration} iterations.");
        }

        void Accept(double newValue)
        {
            xNew.CopyTo(x, 0);
            gNew.CopyTo(g, 0);
            value = newValue;
        }

        OptimizationResult Result(OptimizationStatus status, string message)
        {
            var gradient = new double[n];
            for (int i = 0; i < n; i++) gradient[i] = -g[i];
            return new OptimizationResult((double[])x.Clone(), -value, gradient, iteration, objective.Evaluations, status, message);
        }
    }

    /// <summary>p = −H g; returns the slope gᵀp.</summary>
    private static double Direction(double[] h, double[] g, double[] p, int n)
    {
        double slope = 0;
        for (int i = 0; i < n; i++)
        {
            double sum = 0;
            for (int j = 0; j < n; j++) sum += h[i * n + j] * g[j];
            p[i] = -sum;
            slope += g[i] * p[i];
        }
        return slope;
    }

    /// <summary>H ← (I − ρ s yᵀ) H (I − ρ y sᵀ) + ρ s sᵀ with ρ = 1 / yᵀs (Nocedal &amp; Wright eq. 6.17), expanded.</summary>
    private static void UpdateInverse(double[] h, double[] s, double[] y, double[] hy, double ys, int n)
    {
        double rho = 1.0 / ys;
        double yhy = 0;
        for (int i = 0; i < n; i++)
        {
            double sum = 0;
            for (int j = 0; j < n; j++) sum += h[i * n + j] * y[j];
            hy[i] = sum;
            yhy += y[i] * sum;
        }
        double ssFactor = rho * rho * yhy + rho;
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
                h[i * n + j] += ssFactor * s[i] * s[j] - rho * (hy[i] * s[j] + s[i] * hy[j]);
    }

    private static void SetIdentity(double[] h, int n, double diagonal)
    {
        Array.Clear(h);
        for (int i = 0; i < n; i++) h[i * n + i] = diagonal;
    }

    private static double Dot(double[] a, double[] b)
    {
        double sum = 0;
        for (int i = 0; i < a.Length; i++) sum += a[i] * b[i];
        return sum;
    }

    private static double MaxAbs(double[] values)
    {
        double max = 0;
        foreach (double v in values) max = Math.Max(max, Math.Abs(v));
        return max;
    }

    private static string Num(double value) => value.ToString("G4", CultureInfo.InvariantCulture);

    private static string Format(double[] x) => string.Join(", ", x.Select(v => v.ToString("G6", CultureInfo.InvariantCulture)));
}
