using Clv.Probabilistic.Inference;
using Clv.Probabilistic.Inference.Diagnostics;
using Clv.Probabilistic.Inference.Laplace;
using Clv.Probabilistic.Inference.Optimization;
using Clv.Probabilistic.Inference.Sampling;
using MathNet.Numerics.Random;

namespace Clv.Probabilistic.Tests.Inference.Sampling;

public class NutsAllocationTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void TransitionsAllocateNothing(bool dense)
    {
        var density = new StandardNormalDensity(5);
        var transition = new NutsTransition(density, EuclideanMetric.Identity(5, dense), new Xoshiro256StarStar(1, false), 10, 1000)
        {
            StepSize = 0.3,
        };
        var current = new PhasePoint(5);
        transition.Evaluate(current);
        for (int i = 0; i < 20; i++) transition.Transition(current);
        long before = GC.GetAllocatedBytesForCurrentThread();
        long steps = 0;
        for (int i = 0; i < 200; i++) steps += transition.Transition(current).LeapfrogSteps;
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.True(steps > 200);
    }
}
