using Clv.Probabilistic.Data;
using Clv.Probabilistic.Data.Retention;
using Clv.Probabilistic.Inference;
using Clv.Probabilistic.Models;
using Clv.Probabilistic.Persistence;
using MathNet.Numerics.Random;
using Xunit.Abstractions;

namespace Clv.Probabilistic.Tests.Conformance;

/// <summary>
/// The conformance checks for retention models (fitted to contract durations rather than RFM summaries): analytic
/// gradient, the edges of the support, weights, row order and merging, recovery of simulated parameters, model files,
/// and predictions against the model's own simulator.
/// </summary>
public class RetentionConformanceTests(ITestOutputHelper output)
{
    public static TheoryData<string> Models => RetentionCases.Registered;

    private static ILogDensity Likelihood(RetentionCase model, RetentionData data) =>
        model.Definition.LogLikelihood(Prepare(model, data));

    private static ModelData Prepare(RetentionCase model, RetentionData data) =>
        ((IRetentionDefinition)model.Definition).Prepare(data, TimeUnit.Years);

    private static double[] RandomTheta(RetentionCase model, Random random) =>
        model.Definition.Parameters.ToUnconstrained(model.RandomParameters(random));

    private static RetentionData RandomLayout(Random random, int customers)
    {
        var data = RetentionCases.Random(random, customers);
        return random.Next(3) switch
        {
            0 => data,
            1 => RetentionCases.WithWeights(data, _ => 1 + random.Next(5)),
            _ => RetentionCases.WithWeights(data, i => i % 2 == 0 ? 1 : 0.1 + 3 * random.NextDouble()),
        };
    }

    [Fact]
    public void EveryRegisteredRetentionModelHasACase()
    {
        foreach (var model in ModelRegistry.All.Where(m => m.Kind == ModelKind.Retention))
        {
            var c = RetentionCases.For(model.Name);
            Assert.Equal(model.Parameters.Dimension, c.RandomTheta.Count);
            Assert.True(model.Parameters.Contains(c.Truth.ToArray()));
            Assert.Throws<ArgumentException>(() => model.Prepare(Datasets.CdnowSummary()));
        }
        Assert.All(RetentionCases.All, c => Assert.Contains(c.Definition, ModelRegistry.All));
    }

    // 1. The analytic gradient equals Richardson-extrapolated central differences at 200 random points.
    [Theory]
    [MemberData(nameof(Models))]
    public void GradientMatchesFiniteDifferences(string name)
    {
        var model = RetentionCases.For(name);
        var random = new Xoshiro256StarStar(11);
        double worst = 0;
        for (int trial = 0; trial < 200; trial++)
        {
            var density = Likelihood(model, RandomLayout(random, trial % 10 == 9 ? 3000 : 40));
            var theta = RandomTheta(model, random);
            double ratio = GradientCheck.WorstRatio(density, theta, out string detail);
            Assert.True(ratio <= 1, $"trial {trial}, θ = [{string.Join(", ", theta)}]: {detail}");
            worst = Math.Max(worst, ratio);
        }
        output.WriteLine($"largest error / tolerance: {worst:G3}");
    }

    [Theory]
    [MemberData(nameof(Models))]
    public void GradientCheckRejectsAGradientOffBy1e5(string name)
    {
        var model = RetentionCases.For(name);
        var random = new Xoshiro256StarStar(12);
        var density = Likelihood(model, RetentionCases.Random(random, 40));
        var theta = RandomTheta(model, random);
        for (int j = 0; j < density.Dimension; j++)
            Assert.True(GradientCheck.WorstRatio(new Skewed(density, j), theta, out _) > 1, $"component {j}");
    }

    private sealed class Skewed(ILogDensity inner, int component) : ILogDensity
    {
        public int Dimension => inner.Dimension;

        public double Evaluate(ReadOnlySpan<double> theta, Span<double> gradient)
        {
            double value = inner.Evaluate(theta, gradient);
            gradient[component] += 1e-5 * Math.Max(Math.Abs(gradient[component]), 1);
            return value;
        }
    }

    // 2. e^θ overflowing gives −∞ with a finite gradient; anywhere on the edges of finite θ the value is finite or −∞,
    // never NaN or +∞, with a finite gradient.
    [Theory]
    [MemberData(nameof(Models))]
    public void EdgesGiveFiniteValueOrMinusInfinity(string name)
    {
        double[] edges = [-800, -745, -708, -300, -40, -8, 8, 40, 300, 709, 800];
        var model = RetentionCases.For(name);
        var random = new Xoshiro256StarStar(13);
        int points = 0;
        for (int set = 0; set < 8; set++)
        {
            var density = Likelihood(model, RandomLayout(random, 30));
            for (int k = 0; k < 200; k++)
            {
                var theta = RandomTheta(model, random);
                for (int j = 0; j < theta.Length; j++)
                    if (k < theta.Length * edges.Length ? j == k % theta.Length : random.NextDouble() < 0.5)
                        theta[j] = edges[random.Next(edges.Length)];
                var at = Evaluation.At(density, theta);
                points++;
                Assert.False(double.IsNaN(at.Value) || double.IsPositiveInfinity(at.Value), $"θ = [{string.Join(", ", theta)}]: {at}");
                Assert.All(at.Gradient, g => Assert.True(double.IsFinite(g), $"θ = [{string.Join(", ", theta)}]: {at}"));
                if (theta.Any(v => Math.Abs(v) >= 750)) Assert.True(double.IsNegativeInfinity(at.Value), $"θ = [{string.Join(", ", theta)}]: {at}");
            }
        }
        output.WriteLine($"{points} points");
    }

    // 3, 4. A row of whole weight k is k rows of weight 1; the order of the rows, merging identical rows and splitting
    // them change neither value nor gradient beyond 10⁻¹².
    [Theory]
    [MemberData(nameof(Models))]
    public void WeightsOrderAndMergingDoNotMatter(string name)
    {
        var model = RetentionCases.For(name);
        var random = new Xoshiro256StarStar(15);
        for (int trial = 0; trial < 40; trial++)
        {
            var weighted = RetentionCases.WithWeights(RetentionCases.Random(random, 30), _ => 1 + random.Next(5));
            var theta = RandomTheta(model, random);
            var reference = Evaluation.At(Likelihood(model, weighted), theta);
            var expanded = RetentionCases.Expanded(weighted);
            Assert.Equal(Prepare(model, weighted).Description.Customers, Prepare(model, expanded).Description.Customers);
            var order = Enumerable.Range(0, weighted.Count).OrderBy(_ => random.Next()).ToArray();
            foreach (var (label, data) in new[]
            {
                ("expanded", expanded),
                ("shuffled", RetentionCases.Rows(weighted, order)),
                ("merged", RetentionCases.Merged(weighted)),
                ("split", RetentionCases.Rows(weighted, Enumerable.Range(0, weighted.Count).SelectMany(i => new[] { i, i }), i => weighted.Weights[i] / 2)),
            })
            {
                var at = Evaluation.At(Likelihood(model, data), theta);
                Assert.True(reference.RelativeDifference(at) <= 1e-12, $"trial {trial}, {label}: {at} vs {reference}");
            }
        }
    }

    // 6. A simulated cohort of 20,000 customers observed for 12 periods: the MLE lies within 4 standard errors of the truth.
    [Theory]
    [MemberData(nameof(Models))]
    public void MaximumLikelihoodRecoversSimulatedParameters(string name)
    {
        var model = RetentionCases.For(name);
        var space = model.Definition.Parameters;
        var truth = space.ToUnconstrained(model.Truth.ToArray());
        foreach (int seed in new[] { 1, 2, 3 })
        {
            var fit = ModelFitter.Fit(model.Definition, Prepare(model, model.TrueModel.Simulate(20_000, 12, seed)));
            var gaussian = fit.Gaussian!;
            for (int j = 0; j < space.Dimension; j++)
            {
                double z = (gaussian.Theta[j] - truth[j]) / gaussian.StandardErrors[j];
                output.WriteLine($"seed {seed}, {space.Names[j]}: estimate {fit.Values[j]:G5}, truth {model.Truth[j]:G5}, z = {z:F2}");
                Assert.True(Math.Abs(z) <= 4, $"seed {seed}, {space.Names[j]}: z = {z:F2}");
            }
        }
    }

    public static TheoryData<string, FitMethod> ModelsAndMethods => ModelCases.WithEveryMethod(m => m.Kind == ModelKind.Retention);

    // 8. A fit written to JSON and read back is the same fit, bit for bit, with the same predictions.
    [Theory]
    [MemberData(nameof(ModelsAndMethods))]
    public void ModelFileRoundTripKeepsEveryBit(string name, FitMethod method)
    {
        var model = RetentionCases.For(name);
        var options = new FitOptions
        {
            Method = method, Seed = 5, Draws = 200,
            Sampler = FitOptions.DefaultSampler with { Chains = 2, Warmup = 150, Draws = 100 },
        };
        var fit = ModelFitter.Fit(model.Definition, Prepare(model, model.TrueModel.Simulate(2000, 8, 7)), options);
        Persistence.ModelJsonAgreement.AssertSameAsReflection(ModelFile.ToDocument(fit, 5));
        var loaded = ModelFile.FromDocument(ModelDocument.FromJson(ModelFile.ToDocument(fit, 5).ToJson()));
        Assert.Same(fit.Definition, loaded.Definition);
        Assert.Equal((fit.Method, fit.Status, fit.TimeUnit), (loaded.Method, loaded.Status, loaded.TimeUnit));
        Assert.Equal(fit.Values, loaded.Values);
        Assert.Equal(fit.LogLikelihood, loaded.LogLikelihood);
        Assert.Equal(fit.Estimates.Select(e => e.StandardError), loaded.Estimates.Select(e => e.StandardError));
        Assert.Equal(fit.RequireDraws().Values.ToArray(), loaded.RequireDraws().Values.ToArray());
        Assert.Equal(Predictions(fit.RetentionModel()), Predictions(loaded.RetentionModel()));
        int last = fit.RequireDraws().Count - 1;
        Assert.Equal(Predictions(fit.Definition.CreateRetentionModel(fit.RequireDraws().Draw(last))),
            Predictions(loaded.Definition.CreateRetentionModel(loaded.RequireDraws().Draw(last))));
    }

    private static double[] Predictions(IRetentionModel model) =>
        [.. Enumerable.Range(0, 13).Select(model.LogSurvival), model.DiscountedExpectedLifetime(0.1), model.DiscountedExpectedResidualLifetime(4, 0.1)];

    // 9. Survival, retention and DEL against 200,000 simulated customers of the truth: each simulated mean lies within
    // 4 of its standard errors of the formula.
    [Theory]
    [MemberData(nameof(Models))]
    public void PredictionsMatchSimulatedCustomers(string name)
    {
        var model = RetentionCases.For(name).TrueModel;
        const int customers = 200_000, horizon = 400;
        var data = model.Simulate(customers, horizon, seed: 9);
        var lifetimes = Enumerable.Range(0, customers).Select(i => data.Churned[i] ? data.Periods[i] : int.MaxValue).ToArray();
        foreach (int t in new[] { 1, 2, 5, 12, 40 })
        {
            double share = lifetimes.Count(T => T > t) / (double)customers, s = Math.Exp(model.LogSurvival(t));
            double se = Math.Sqrt(s * (1 - s) / customers);
            output.WriteLine($"S({t}) = {s:F5}, simulated {share:F5}");
            Assert.True(Math.Abs(share - s) <= 4 * se, $"S({t}) = {s:R}, simulated {share:R} (SE {se:G3})");
            double renewed = lifetimes.Count(T => T > t) / (double)lifetimes.Count(T => T > t - 1);
            Assert.True(Math.Abs(renewed - model.RetentionRate(t)) <= 4 * Math.Sqrt(renewed * (1 - renewed) / lifetimes.Count(T => T > t - 1)),
                $"r({t}) = {model.RetentionRate(t):R}, simulated {renewed:R}");
        }
        const double d = 0.2;
        double x = 1 / (1 + d);
        // Σ_{t<T} x^t per customer; those alive after 400 periods add less than x^400/(1 − x) ≈ 10⁻³¹.
        var discounted = lifetimes.Select(T => (1 - Math.Pow(x, Math.Min(T, horizon))) / (1 - x)).ToArray();
        double mean = discounted.Average(), sd = Math.Sqrt(discounted.Select(v => (v - mean) * (v - mean)).Sum() / (customers - 1));
        double del = model.DiscountedExpectedLifetime(d);
        output.WriteLine($"DEL = {del:F5}, simulated {mean:F5}");
        Assert.True(Math.Abs(mean - del) <= 4 * sd / Math.Sqrt(customers), $"DEL = {del:R}, simulated {mean:R}");
    }
}
