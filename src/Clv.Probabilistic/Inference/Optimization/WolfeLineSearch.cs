using Clv.Probabilistic.Inference.Diagnostics;
using Clv.Probabilistic.Inference.Laplace;
using Clv.Probabilistic.Inference.Sampling;

namespace Clv.Probabilistic.Inference.Optimization;

/// <summary>Outcome of one line search.</summary>
internal enum LineSearchOutcome
{
    /// <summary>The strong Wolfe conditions hold at the accepted step.</summary>
    Wolfe,

    /// <summary>Only sufficient decrease holds (the bracket collapsed or the budget ran out); still progress.</summary>
    SufficientDecreaseOnly,

    /// <summary>No step decreased φ.</summary>
    Failed,

    /// <summary>φ decreased without bound (the step reached the length limit or φ = −∞).</summary>
    Unbounded,
}

/// <summary>
/// Line search for the strong Wolfe conditions on φ(α) = F(x + α p), minimising F: the bracketing phase and the zoom
/// phase of Nocedal &amp; Wright, Numerical Optimization (2nd ed.), Algorithms 3.5 and 3.6, with trial steps from the
/// cubic interpolating both ends' values and slopes (their eq. 3.59), safeguarded away from the bracket ends.
/// Points where F is +∞ (infeasible) end a bracket and are approached by shrinking, so no NaN is ever used.
/// </summary>
internal sealed class WolfeLineSearch
{
    // Longest step (max-norm, unconstrained units) before φ is declared unbounded along the direction.
    private const double MaxStepNorm = 1e8;

    private readonly NegatedObjective _objective;
    private readonly double _c1;
    private readonly double _c2;
    private readonly int _maxEvaluations;
    private readonly double[] _bestX;
    private readonly double[] _bestGradient;

    public WolfeLineSearch(NegatedObjective objective, int dimension, OptimizerOptions options)
    {
        _objective = objective;
        _c1 = options.SufficientDecrease;
        _c2 = options.Curvature;
        _maxEvaluations = options.MaxLineSearchEvaluations;
        _bestX = new double[dimension];
        _bestGradient = new double[dimension];
    }

    /// <summary>
    /// Searches from <paramref name="x"/> along the descent direction <paramref name="p"/> (slope
    /// <paramref name="slope0"/> &lt; 0). On success <paramref name="xNew"/>, <paramref name="gradientNew"/>,
    /// <paramref name="valueNew"/> hold the accepted point.
    /// </summary>
    public LineSearchOutcome Search(ReadOnlySpan<double> x, double value0, double slope0, ReadOnlySpan<double> p,
        double firstStep, Span<double> xNew, Span<double> gradientNew, out double valueNew)
    {
        double maxAlpha = MaxStepNorm / MaxAbs(p);
        int budget = _maxEvaluations;

        // Lower end: best point so far satisfying sufficient decrease (α = 0 initially).
        double alphaLo = 0, valueLo = value0, slopeLo = slope0;
        double alpha = Math.Min(firstStep, maxAlpha);
        valueNew = value0;

        double alphaHi, valueHi, slopeHi;
        while (true)
        {
            if (budget-- == 0 || _objective.Exhausted) return Fallback(xNew, gradientNew, alphaLo, valueLo, ref valueNew);
            double value = Trial(x, p, alpha, xNew, gradientNew, out double slope);
            if (double.IsNegativeInfinity(value)) { valueNew = value; return LineSearchOutcome.Unbounded; }

            if (value > value0 + _c1 * alpha * slope0 || (alphaLo > 0 && value >= valueLo))
            {
                alphaHi = alpha; valueHi = value; slopeHi = slope;
                break;
            }
            if (Math.Abs(slope) <= -_c2 * slope0) { valueNew = value; return LineSearchOutcome.Wolfe; }
            if (slope >= 0)
            {
                alphaHi = alphaLo; valueHi = valueLo; slopeHi = slopeLo;
                alphaLo = alpha; valueLo = value; slopeLo = slope;
                Remember(xNew, gradientNew);
                break;
            }
            if (alpha >= maxAlpha) { valueNew = value; return LineSearchOutcome.Unbounded; }

            // Still descending steeply: extrapolate by 1.1 to 4 times the last increment.
            double width = alpha - alphaLo;
            double next = CubicMinimiser(alphaLo, valueLo, slopeLo, alpha, value, slope);
            double low = alpha + 1.1 * width, high = alpha + 4 * width;
            next = double.IsFinite(next) ? Math.Clamp(next, low, high) : high;
            alphaLo = alpha; valueLo = value; slopeLo = slope;
            Remember(xNew, gradientNew);
            alpha = Math.Min(next, maxAlpha);
        }

        // Zoom: the minimiser satisfying strong Wolfe lies between alphaLo and alphaHi (either order).
        while (true)
        {
            if (budget-- == 0 || _objective.Exhausted) return Fallback(xNew, gradientNew, alphaLo, valueLo, ref valueNew);
            double width = alphaHi - alphaLo;
            if (Math.Abs(width) <= 1e-15 * Math.Max(1.0, Math.Abs(alphaLo)))
                return Fallback(xNew, gradientNew, alphaLo, valueLo, ref valueNew);

            double trial;
            if (double.IsFinite(valueHi))
            {
                trial = CubicMinimiser(alphaLo, valueLo, slopeLo, alphaHi, valueHi, slopeHi);
                double a = alphaLo + 0.1 * width, b = alphaHi - 0.1 * width;
                if (!double.IsFinite(trial) || (trial - a) * (trial - b) > 0) trial = alphaLo + 0.5 * width;
            }
            else
            {
                // Infeasible upper end: no slope to interpolate, so shrink towards the feasible end.
                trial = alphaLo + 0.25 * width;
            }

            double value = Trial(x, p, trial, xNew, gradientNew, out double slope);
            if (double.IsNegativeInfinity(value)) { valueNew = value; return LineSearchOutcome.Unbounded; }
            if (value > value0 + _c1 * trial * slope0 || value >= valueLo)
            {
                alphaHi = trial; valueHi = value; slopeHi = slope;
                continue;
            }
            if (Math.Abs(slope) <= -_c2 * slope0) { valueNew = value; return LineSearchOutcome.Wolfe; }
            if (slope * (alphaHi - alphaLo) >= 0)
            {
                alphaHi = alphaLo; valueHi = valueLo; slopeHi = slopeLo;
            }
            alphaLo = trial; valueLo = value; slopeLo = slope;
            Remember(xNew, gradientNew);
        }
    }

    private double Trial(ReadOnlySpan<double> x, ReadOnlySpan<double> p, double alpha, Span<double> xNew,
        Span<double> gradientNew, out double slope)
    {
        for (int i = 0; i < x.Length; i++) xNew[i] = x[i] + alpha * p[i];
        double value = _objective.Evaluate(xNew, gradientNew);
        slope = 0;
        if (!double.IsFinite(value)) return value;
        for (int i = 0; i < p.Length; i++) slope += gradientNew[i] * p[i];
        return value;
    }

    private void Remember(ReadOnlySpan<double> x, ReadOnlySpan<double> gradient)
    {
        x.CopyTo(_bestX);
        gradient.CopyTo(_bestGradient);
    }

    private LineSearchOutcome Fallback(Span<double> xNew, Span<double> gradientNew, double alphaLo, double valueLo,
        ref double valueNew)
    {
        if (alphaLo == 0) return LineSearchOutcome.Failed;
        _bestX.CopyTo(xNew);
        _bestGradient.CopyTo(gradientNew);
        valueNew = valueLo;
        return LineSearchOutcome.SufficientDecreaseOnly;
    }

    /// <summary>Minimiser of the cubic through (a, fa, da) and (b, fb, db); NaN when it has none.</summary>
    /// <remarks>Nocedal &amp; Wright (2006), eq. 3.59.</remarks>
    internal static double CubicMinimiser(double a, double fa, double da, double b, double fb, double db)
    {
        double d1 = da + db - 3 * (fa - fb) / (a - b);
        double discriminant = d1 * d1 - da * db;
        if (!(discriminant >= 0)) return double.NaN;
        double d2 = Math.Sign(b - a) * Math.Sqrt(discriminant);
        double denominator = db - da + 2 * d2;
        if (denominator == 0) return double.NaN;
        return b - (b - a) * (db + d2 - d1) / denominator;
    }

    private static double MaxAbs(ReadOnlySpan<double> values)
    {
        double max = 0;
        foreach (double v in values) max = Math.Max(max, Math.Abs(v));
        return max;
    }
}
