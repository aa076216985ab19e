using Clv.Probabilistic.Inference;
using Clv.Probabilistic.Inference.Diagnostics;
using Clv.Probabilistic.Inference.Laplace;
using Clv.Probabilistic.Inference.Optimization;
using Clv.Probabilistic.Inference.Sampling;
using Clv.Probabilistic.Tests.Shared;
using MathNet.Numerics.Distributions;
using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.Optimization;
using MathNet.Numerics.Random;
using Xunit.Abstractions;

namespace Clv.Probabilistic.Tests.Inference.Optimization;

/// <summary>
/// Our BFGS against MathNet.Numerics' BfgsMinimizer (gradient tolerance 1e-6 on the same problems): both must reach
/// the same optimum, and ours must not need more evaluations (the reason we keep our own).
/// </summary>
public class MathNetComparisonTests(ITestOutputHelper output)
{
    public static TheoryData<string> Problems => ["rosenbrock2", "rosenbrock5", "normal", "logistic4"];

    [Theory]
    [MemberData(nameof(Problems))]
    public void NeedsNoMoreEvaluationsThanMathNet(string name)
    {
        var (f, start) = Problem(name);
        var ours = QuasiNewton.Maximize(f, start);
        Assert.True(ours.Converged, ours.ToString());

        int theirEvaluations = 0;
        var objective = ObjectiveFunction.Gradient(v =>
        {
            theirEvaluations++;
            var gradient = new double[v.Count];
            double value = f.Evaluate(v.ToArray(), gradient);
            return (-value, Vector<double>.Build.Dense(gradient).Negate());
        });
        var theirs = new BfgsMinimizer(1e-6, 1e-12, 1e-12, 1000).FindMinimum(objective, Vector<double>.Build.Dense(start));

        output.WriteLine($"{name}: ours {ours.Evaluations} evaluations / {ours.Iterations} iterations; "
            + $"MathNet {theirEvaluations} evaluations / {theirs.Iterations} iterations ({theirs.ReasonForExit}).");
        for (int i = 0; i < start.Length; i++)
            Assert.Equal(theirs.MinimizingPoint[i], ours.Theta[i], 1e-4);
        Assert.True(ours.Evaluations <= theirEvaluations, $"ours {ours.Evaluations}, MathNet {theirEvaluations}");
    }

    internal static (ILogDensity F, double[] Start) Problem(string name) => name switch
    {
        "rosenbrock2" => (TestDensities.NegatedRosenbrock(2), [-1.2, 1.0]),
        "rosenbrock5" => (TestDensities.NegatedRosenbrock(5), new double[5]),
        "normal" => (TestDensities.NormalSample(NormalSample(200)), [0.0, 0.0]),
        "logistic4" => (new ReferenceProblems.Logistic(400, seed: 2), new double[4]),
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    private static double[] NormalSample(int n)
    {
        var random = new Xoshiro256StarStar(1);
        return Enumerable.Range(0, n).Select(_ => Normal.Sample(random, 3.0, 2.0)).ToArray();
    }

    [Fact]
    public void LogisticGradientMatchesFiniteDifferences() =>
        TestDensities.AssertGradientMatchesFiniteDifferences(new ReferenceProblems.Logistic(50, seed: 2), [0.2, -0.4, 1.1, 0.3]);

    [Fact]
    public void BothSurviveInfeasibleTrialPointsOursWithNoMoreEvaluations()
    {
        // ln θ − 10θ² on θ > 0, −∞ (gradient NaN) elsewhere, maximum at θ = 1/√20; from θ = 2 the gradient −39.5 makes a unit
        // step along it land at θ = −37.5.
        var f = new DelegateDensity(1, (x, g) =>
        {
            g[0] = x[0] > 0 ? 1 / x[0] - 20 * x[0] : double.NaN;
            return x[0] > 0 ? Math.Log(x[0]) - 10 * x[0] * x[0] : double.NegativeInfinity;
        });
        var ours = QuasiNewton.Maximize(f, [2.0], new OptimizerOptions { InitialStepLength = 100 });
        Assert.True(ours.Converged, ours.ToString());
        Assert.Equal(1 / Math.Sqrt(20), ours.Theta[0], 1e-6);

        int theirEvaluations = 0;
        var objective = ObjectiveFunction.Gradient(v =>
        {
            theirEvaluations++;
            var gradient = new double[1];
            double value = f.Evaluate(v.ToArray(), gradient);
            return (-value, Vector<double>.Build.Dense(gradient).Negate());
        });
        var theirs = new BfgsMinimizer(1e-6, 1e-12, 1e-12, 1000).FindMinimum(objective, Vector<double>.Build.Dense([2.0]));
        output.WriteLine($"ours: {ours.Evaluations} evaluations, θ = {ours.Theta[0]}; "
            + $"MathNet: {theirEvaluations} evaluations, θ = {theirs.MinimizingPoint[0]} ({theirs.ReasonForExit})");
        Assert.Equal(1 / Math.Sqrt(20), theirs.MinimizingPoint[0], 1e-6);
        Assert.True(ours.Evaluations <= theirEvaluations, $"ours {ours.Evaluations}, MathNet {theirEvaluations}");
    }
}
