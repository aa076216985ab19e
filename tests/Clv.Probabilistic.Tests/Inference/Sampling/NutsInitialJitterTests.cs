using Clv.Probabilistic.Inference;
using Clv.Probabilistic.Inference.Diagnostics;
using Clv.Probabilistic.Inference.Laplace;
using Clv.Probabilistic.Inference.Optimization;
using Clv.Probabilistic.Inference.Sampling;

namespace Clv.Probabilistic.Tests.Inference.Sampling;

public class NutsInitialJitterTests
{
    /// <summary>A standard normal that remembers the first point it is evaluated at: the chain's start.</summary>
    private sealed class RecordingNormal : ILogDensity
    {
        public double[]? First { get; private set; }

        public int Dimension => 2;

        public double Evaluate(ReadOnlySpan<double> theta, Span<double> gradient)
        {
            First ??= theta.ToArray();
            double s = 0;
            for (int i = 0; i < theta.Length; i++)
            {
                s -= 0.5 * theta[i] * theta[i];
                gradient[i] = -theta[i];
            }
            return s;
        }
    }

    private static double[][] Starts(double jitter)
    {
        var densities = Enumerable.Range(0, 4).Select(_ => new RecordingNormal()).ToArray();
        NutsSampler.Sample(c => densities[c], ["x", "y"],
            new NutsOptions { Chains = 4, Warmup = 0, Draws = 1, Seed = 7, InitialJitter = jitter }, [10.0, -10.0]);
        return densities.Select(d => d.First!).ToArray();
    }

    [Fact]
    public void EachChainStartsAtItsOwnPointWithinTheJitterBox()
    {
        var starts = Starts(0.5);
        foreach (var start in starts)
        {
            Assert.InRange(start[0], 9.5, 10.5);
            Assert.InRange(start[1], -10.5, -9.5);
        }
        Assert.Equal(4, starts.Select(s => s[0]).Distinct().Count());
        Assert.Equal(starts.SelectMany(s => s), Starts(0.5).SelectMany(s => s)); // seeded
    }

    [Fact]
    public void ZeroJitterStartsEveryChainAtTheGivenPoint() =>
        Assert.All(Starts(0), start => Assert.Equal([10.0, -10.0], start));

    [Fact]
    public void NegativeJitterIsRejected() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => Starts(-1));
}
