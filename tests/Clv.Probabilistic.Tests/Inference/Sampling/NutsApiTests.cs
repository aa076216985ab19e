using Clv.Probabilistic.Inference;
using Clv.Probabilistic.Inference.Diagnostics;
using Clv.Probabilistic.Inference.Laplace;
using Clv.Probabilistic.Inference.Optimization;
using Clv.Probabilistic.Inference.Sampling;

namespace Clv.Probabilistic.Tests.Inference.Sampling;

public class NutsApiTests
{
    [Fact]
    public void PerChainDensitiesGiveTheSameDrawsAsASharedOne()
    {
        var options = new NutsOptions { Seed = 7, Warmup = 150, Draws = 100 };
        var shared = NutsSampler.Sample(new StandardNormalDensity(3), ["a", "b", "c"], options);
        var created = new List<int>();
        var perChain = NutsSampler.Sample(c => { lock (created) created.Add(c); return new ScratchNormal(3); }, ["a", "b", "c"], options);
        Assert.True(shared.Draws.Values.SequenceEqual(perChain.Draws.Values));
        Assert.Equal([0, 1, 2, 3], created.Order());
    }

    [Fact]
    public void CancellationStopsSampling()
    {
        using var source = new CancellationTokenSource();
        source.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() =>
            NutsSampler.Sample(new StandardNormalDensity(2), ["a", "b"], new NutsOptions { CancellationToken = source.Token }));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(10)]
    [InlineData(100)]
    public void ShortWarmupsRun(int warmup)
    {
        var result = NutsSampler.Sample(new StandardNormalDensity(2), ["a", "b"], new NutsOptions { Seed = 1, Chains = 2, Warmup = warmup, Draws = 50 });
        Assert.Equal(100, result.Draws.Count);
        Assert.All(result.Chains, c => Assert.True(c.StepSize > 0 && double.IsFinite(c.StepSize)));
        if (warmup < 20) Assert.All(result.Chains, c => Assert.Equal([1.0, 1.0], c.InverseMetric));
        else Assert.All(result.Chains, c => Assert.NotEqual([1.0, 1.0], c.InverseMetric));
    }

    [Fact]
    public void MappedDrawsKeepChainsAndSummariseOnTheNewScale()
    {
        var density = new GammaPoissonLogRate(2, 1, 10, 4);
        var result = NutsSampler.Sample(density, ["log_lambda"], new NutsOptions { Seed = 2, Warmup = 300, Draws = 300 });
        var lambda = result.Draws.Map(["lambda"], (theta, mapped) => mapped[0] = Math.Exp(theta[0]));
        Assert.True(lambda.Chains.SequenceEqual(result.Draws.Chains));
        Assert.Equal(Math.Exp(result.Draws.Values[17]), lambda.Values[17]);
        var summary = result.Summarize(lambda);
        Assert.Equal("lambda", summary.Rows[0].Name);
        Assert.Equal(lambda.Column(0).Average(), summary.Rows[0].Mean, 12);
        // Rank-based diagnostics do not change under a monotone map.
        Assert.Equal(result.Summarize().Rows[0].EssBulk, summary.Rows[0].EssBulk, 9);
        Assert.Equal(result.Summarize().Rows[0].RHat, summary.Rows[0].RHat, 12);
        Assert.Throws<ArgumentException>(() => result.Summarize(new ParameterDraws(["x"], new double[result.Draws.Count])));
        Assert.Throws<ArgumentException>(() => result.Draws.Map(["bad"], (_, mapped) => mapped[0] = double.NaN));
    }

    /// <summary>A standard normal that keeps scratch state, as a model with buffers would; not thread-safe.</summary>
    private sealed class ScratchNormal(int d) : ILogDensity
    {
        private readonly double[] _scratch = new double[d];

        public int Dimension => d;

        public double Evaluate(ReadOnlySpan<double> theta, Span<double> gradient)
        {
            theta.CopyTo(_scratch);
            double sum = 0;
            for (int i = 0; i < d; i++)
            {
                sum += _scratch[i] * _scratch[i];
                gradient[i] = -_scratch[i];
            }
            return -0.5 * sum;
        }
    }
}
