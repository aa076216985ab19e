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
        // A window of 200 transitions; the runtime itself may allocate on this thread once while it recompiles a method
        // (tiered compilation runs on its own schedule), so the windows are repeated: a transition that allocates makes
        // every window allocate.
        var allocated = new List<long>();
        for (int window = 0; window < 5 && (allocated.Count == 0 || allocated[^1] != 0); window++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            long steps = 0;
            for (int i = 0; i < 200; i++) steps += transition.Transition(current).LeapfrogSteps;
            allocated.Add(GC.GetAllocatedBytesForCurrentThread() - before);
            Assert.True(steps > 200);
        }
        Assert.True(allocated[^1] == 0, $"bytes allocated by each window of 200 transitions: {string.Join(", ", allocated)}");
    }
}
