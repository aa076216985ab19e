using Clv.Probabilistic.Data;
using Clv.Probabilistic.Inference;
using Clv.Probabilistic.Inference.Diagnostics;
using Clv.Probabilistic.Inference.Laplace;
using Clv.Probabilistic.Inference.Optimization;
using Clv.Probabilistic.Inference.Sampling;
using Clv.Probabilistic.Models;
using MathNet.Numerics.Random;
using Xunit.Abstractions;

namespace Clv.Probabilistic.Tests.Conformance;

/// <summary>
/// Checks every registered model's <see cref="ModelDefinition.LogLikelihood"/> must pass, in the manner of Stan's
/// distribution tests: the analytic gradient, the edges of the support, weights, compression and threads.
/// </summary>
public class LikelihoodConformanceTests(ITestOutputHelper output)
{
    public static TheoryData<string> Models => ModelCases.Registered;

    private static ILogDensity Likelihood(ModelCase model, RfmSummary summary) =>
        model.Definition.LogLikelihood(model.Definition.Prepare(summary));

    /// <summary>
    /// A random data set with T and t_x each whole or not, and weights all 1, whole from 1 to 5, or half 1 and half not
    /// whole, so that every layout of the prepared rows is reached.
    /// </summary>
    private static RfmSummary RandomSummary(ModelCase model, Random random, int customers)
    {
        var summary = model.RandomSummary(random, customers, random.NextDouble() < 0.5, random.NextDouble() < 0.5);
        return random.Next(3) switch
        {
            0 => summary,
            1 => RandomData.WithWholeWeights(summary, random),
            _ => RandomData.WithMixedWeights(summary, random),
        };
    }

    private static double[] RandomTheta(ModelCase model, Random random) =>
        model.Definition.Parameters.ToUnconstrained(model.RandomParameters(random));

    // 1. The analytic gradient equals Richardson-extrapolated central differences to 10⁻⁶ relative, at 200 random
    // parameter vectors, each on its own random data set of 40 customers (every tenth of 3,000, so that long runs of
    // rows with the same x occur), and at the case's own points on five data sets each.
    [Theory]
    [MemberData(nameof(Models))]
    public void GradientMatchesFiniteDifferences(string name)
    {
        var model = ModelCases.For(name);
        var random = new Xoshiro256StarStar(11);
        var points = Enumerable.Range(0, 200).Select(_ => RandomTheta(model, random))
            .Concat(model.GradientPoints.SelectMany(p => Enumerable.Repeat(model.Definition.Parameters.ToUnconstrained(p.ToArray()), 5)))
            .ToArray();
        double worst = 0;
        for (int trial = 0; trial < points.Length; trial++)
        {
            var density = Likelihood(model, RandomSummary(model, random, trial % 10 == 9 ? 3000 : 40));
            var theta = points[trial];
            double ratio = GradientCheck.WorstRatio(density, theta, out string detail);
            Assert.True(ratio <= 1, $"trial {trial}, θ = [{string.Join(", ", theta)}]: {detail}");
            worst = Math.Max(worst, ratio);
        }
        output.WriteLine($"{points.Length} points, largest error / tolerance: {worst:G3}");
    }

    // The gradient check is not blind: a gradient off by 10⁻⁵ relative in any one component fails it.
    [Theory]
    [MemberData(nameof(Models))]
    public void GradientCheckRejectsAGradientOffBy1e5(string name)
    {
        var model = ModelCases.For(name);
        var random = new Xoshiro256StarStar(12);
        var density = Likelihood(model, RandomSummary(model, random, 40));
        var theta = RandomTheta(model, random);
        for (int j = 0; j < density.Dimension; j++)
            Assert.True(GradientCheck.WorstRatio(new SkewedGradient(density, j, 1e-5), theta, out _) > 1, $"component {j}");
    }

    private sealed class SkewedGradient(ILogDensity inner, int component, double relative) : ILogDensity
    {
        public int Dimension => inner.Dimension;

        public double Evaluate(ReadOnlySpan<double> theta, Span<double> gradient)
        {
            double value = inner.Evaluate(theta, gradient);
            gradient[component] += relative * Math.Max(Math.Abs(gradient[component]), 1);
            return value;
        }
    }

    // 2. Where e^θ overflows or underflows (a component ±800) the log-likelihood is −∞ with a finite gradient.
    [Theory]
    [MemberData(nameof(Models))]
    public void OverflowingThetaGivesMinusInfinity(string name)
    {
        var model = ModelCases.For(name);
        var random = new Xoshiro256StarStar(13);
        var density = Likelihood(model, RandomSummary(model, random, 40));
        int d = density.Dimension;
        var points = new List<double[]>();
        for (int j = 0; j < d; j++)
            foreach (double edge in new[] { -800.0, 800.0 })
            {
                var theta = RandomTheta(model, random);
                theta[j] = edge;
                points.Add(theta);
            }
        points.Add(Enumerable.Repeat(800.0, d).ToArray());
        points.Add(Enumerable.Repeat(-800.0, d).ToArray());
        foreach (var theta in points)
        {
            var at = Evaluation.At(density, theta);
            Assert.True(double.IsNegativeInfinity(at.Value), $"θ = [{string.Join(", ", theta)}]: {at}");
            Assert.All(at.Gradient, g => Assert.True(double.IsFinite(g), $"θ = [{string.Join(", ", theta)}]: {at}"));
        }
    }

    // 2. At the edges of finite θ (e^θ subnormal, huge, or anywhere between) the log-likelihood is finite or −∞, never
    // NaN or +∞, and its gradient is finite: the optimiser and the sampler step along it (a density that cannot give a
    // finite gradient at a point returns −∞ there, as the interface allows).
    [Theory]
    [MemberData(nameof(Models))]
    public void EdgesOfFiniteThetaGiveFiniteValueOrMinusInfinity(string name)
    {
        double[] edges = [-745, -740, -720, -708, -700, -690, -300, -100, -40, -20, -8, 8, 20, 40, 100, 300, 700, 709];
        var model = ModelCases.For(name);
        var random = new Xoshiro256StarStar(14);
        var failures = new List<string>();
        int checkedPoints = 0, finite = 0;
        for (int set = 0; set < 8; set++)
        {
            var density = Likelihood(model, RandomSummary(model, random, 30));
            int d = density.Dimension;
            var points = new List<double[]>();
            for (int j = 0; j < d; j++)
                foreach (double edge in edges)
                {
                    var theta = RandomTheta(model, random);
                    theta[j] = edge;
                    points.Add(theta);
                }
            for (int k = 0; k < 100; k++)
            {
                var theta = RandomTheta(model, random);
                for (int j = 0; j < d; j++)
                    if (random.NextDouble() < 0.5) theta[j] = edges[random.Next(edges.Length)];
                points.Add(theta);
            }
            foreach (var theta in points)
            {
                var at = Evaluation.At(density, theta);
                checkedPoints++;
                if (double.IsFinite(at.Value)) finite++;
                if (double.IsNaN(at.Value) || double.IsPositiveInfinity(at.Value) || !at.Gradient.All(double.IsFinite))
                    failures.Add($"data set {set}, θ = [{string.Join(", ", theta)}]: {at}");
            }
        }
        output.WriteLine($"{checkedPoints} points, {finite} with a finite value, {failures.Count} failures");
        Assert.True(failures.Count == 0, $"{failures.Count} of {checkedPoints} points give NaN, +∞ or a non-finite gradient, for example\n{string.Join("\n", failures.Take(6))}");
    }

    // 3. A row of whole weight k is k rows of weight 1: same value and gradient to 10⁻¹², same customer count.
    [Theory]
    [MemberData(nameof(Models))]
    public void WeightedRowsEqualExpandedRows(string name)
    {
        var model = ModelCases.For(name);
        var random = new Xoshiro256StarStar(15);
        double worst = 0;
        for (int trial = 0; trial < 40; trial++)
        {
            var weighted = RandomData.WithWholeWeights(model.RandomSummary(random, 30, trial % 2 == 0, trial % 4 < 2), random);
            var expanded = RandomData.Expanded(weighted);
            var weightedData = model.Definition.Prepare(weighted);
            var expandedData = model.Definition.Prepare(expanded);
            Assert.Equal(weightedData.Description.Customers, expandedData.Description.Customers);
            Assert.Equal(weightedData.Description.ExcludedCustomers, expandedData.Description.ExcludedCustomers);
            var theta = RandomTheta(model, random);
            var a = Evaluation.At(model.Definition.LogLikelihood(weightedData), theta);
            var b = Evaluation.At(model.Definition.LogLikelihood(expandedData), theta);
            double difference = a.RelativeDifference(b);
            Assert.True(difference <= 1e-12, $"trial {trial}: weighted {a}, expanded {b}");
            worst = Math.Max(worst, difference);
        }
        output.WriteLine($"largest relative difference: {worst:G3}");
    }

    // 4. The order of the rows, and whether identical rows come merged (the library's compression), repeated, or split
    // into parts of their weight, changes neither the value nor the gradient beyond 10⁻¹².
    [Theory]
    [MemberData(nameof(Models))]
    public void RowOrderAndCompressionDoNotMatter(string name)
    {
        var model = ModelCases.For(name);
        var random = new Xoshiro256StarStar(16);
        double worst = 0;
        for (int trial = 0; trial < 40; trial++)
        {
            var pool = model.RandomSummary(random, 12, trial % 2 == 0, trial % 4 < 2);
            var repeated = RandomData.DrawnFrom(pool, 150, random);
            var merged = RandomData.Merged(repeated);
            Assert.True(merged.Count < repeated.Count);
            var theta = RandomTheta(model, random);
            var reference = Evaluation.At(Likelihood(model, repeated), theta);
            foreach (var (label, summary) in new[]
            {
                ("shuffled", RandomData.Shuffled(repeated, random)),
                ("merged", merged),
                ("merged and shuffled", RandomData.Shuffled(merged, random)),
                ("merged then split", RandomData.Split(merged, random)),
            })
            {
                var at = Evaluation.At(Likelihood(model, summary), theta);
                double difference = reference.RelativeDifference(at);
                Assert.True(difference <= 1e-12, $"trial {trial}, {label}: {at} vs repeated rows {reference}");
                worst = Math.Max(worst, difference);
            }
        }
        output.WriteLine($"largest relative difference: {worst:G3}");
    }

    // 5. 100,000 distinct customers: the value and gradient are the same bits for every thread limit of a parallel
    // likelihood, and for densities of the same data evaluated at once on different threads.
    [Theory]
    [MemberData(nameof(Models))]
    public void ThreadCountDoesNotChangeABit(string name)
    {
        var model = ModelCases.For(name);
        var random = new Xoshiro256StarStar(17);
        var data = model.Definition.Prepare(model.RandomSummary(random, 100_000));
        Assert.True(data.Description.CompressedRows > 50_000, $"{data.Description.CompressedRows} rows after compression");
        var density = model.Definition.LogLikelihood(data);
        bool parallel = density is IParallelLogDensity;
        output.WriteLine($"{data.Description.CompressedRows} rows; parallel likelihood: {parallel}");
        for (int point = 0; point < 3; point++)
        {
            var theta = RandomTheta(model, random);
            var reference = Evaluation.At(density, theta);
            Assert.True(double.IsFinite(reference.Value), reference.ToString());
            if (density is IParallelLogDensity limited)
            {
                foreach (int limit in new[] { 1, 2, 3, 4, 7, -1 })
                {
                    limited.MaxDegreeOfParallelism = limit;
                    var at = Evaluation.At(density, theta);
                    Assert.True(at.IdenticalTo(reference), $"limit {limit}: {at} vs {reference}");
                }
                limited.MaxDegreeOfParallelism = -1;
            }
            var concurrent = new Evaluation[4];
            Parallel.For(0, concurrent.Length, new ParallelOptions { MaxDegreeOfParallelism = concurrent.Length },
                k => concurrent[k] = Evaluation.At(model.Definition.LogLikelihood(data), theta));
            Assert.All(concurrent, at => Assert.True(at.IdenticalTo(reference), $"{at} vs {reference}"));
        }
    }
}
