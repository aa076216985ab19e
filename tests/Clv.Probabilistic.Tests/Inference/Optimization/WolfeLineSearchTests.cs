using Clv.Probabilistic.Inference;
using Clv.Probabilistic.Inference.Diagnostics;
using Clv.Probabilistic.Inference.Laplace;
using Clv.Probabilistic.Inference.Optimization;
using Clv.Probabilistic.Inference.Sampling;
using FsCheck;
using FsCheck.Fluent;

namespace Clv.Probabilistic.Tests.Inference.Optimization;

public class WolfeLineSearchTests
{
    [Fact]
    public void CubicMinimiserIsExactForACubic()
    {
        // c(α) = (α − 1)³ / 3 − 4(α − 1) has its local minimum at α = 3 (c′ = (α − 1)² − 4).
        static double C(double a) => Math.Pow(a - 1, 3) / 3 - 4 * (a - 1);
        static double D(double a) => (a - 1) * (a - 1) - 4;
        Assert.Equal(3.0, WolfeLineSearch.CubicMinimiser(0, C(0), D(0), 5, C(5), D(5)), 1e-12);
        Assert.Equal(3.0, WolfeLineSearch.CubicMinimiser(5, C(5), D(5), 2, C(2), D(2)), 1e-12);
    }

    [FsCheck.Xunit.Property(MaxTest = 200)]
    public Property AcceptedStepsSatisfyTheStrongWolfeConditions()
    {
        // F(x) = a (x − m)² + b sin(c x) with a > |b| c² / 2, so F is strictly convex with a unique minimiser.
        var problems = Gen.Choose(1, 100).SelectMany(a => Gen.Choose(-100, 100).SelectMany(b =>
            Gen.Choose(1, 50).SelectMany(c => Gen.Choose(-300, 300).Select(m => (A: a / 10.0, B: b / 100.0, C: c / 10.0, M: m / 10.0)))));
        return Prop.ForAll(Arb.From(problems), q =>
        {
            double a = Math.Max(q.A, Math.Abs(q.B) * q.C * q.C);
            var f = new DelegateDensity(1, (x, g) =>
            {
                g[0] = -(2 * a * (x[0] - q.M) + q.B * q.C * Math.Cos(q.C * x[0]));
                return -(a * (x[0] - q.M) * (x[0] - q.M) + q.B * Math.Sin(q.C * x[0]));
            });
            var objective = new NegatedObjective(f, 1000);
            var options = OptimizerOptions.Default;
            var search = new WolfeLineSearch(objective, 1, options);
            double[] x = [0.0], gradient = new double[1];
            double value0 = objective.Evaluate(x, gradient);
            if (gradient[0] == 0) return true;
            double[] p = [-gradient[0]];
            double slope0 = gradient[0] * p[0];
            var xNew = new double[1];
            var gNew = new double[1];
            var outcome = search.Search(x, value0, slope0, p, 1.0, xNew, gNew, out double value);
            double alpha = (xNew[0] - x[0]) / p[0];
            bool sufficient = value <= value0 + options.SufficientDecrease * alpha * slope0;
            bool curvature = Math.Abs(gNew[0] * p[0]) <= options.Curvature * Math.Abs(slope0);
            return outcome switch
            {
                LineSearchOutcome.Wolfe => sufficient && curvature,
                LineSearchOutcome.SufficientDecreaseOnly => sufficient && value < value0,
                _ => false,
            };
        });
    }
}
