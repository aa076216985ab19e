using Clv.Probabilistic.Data;
using Clv.Probabilistic.Evaluation;
using Clv.Probabilistic.Inference;
using Clv.Probabilistic.Models;
using Clv.Probabilistic.Models.GGomNbd;
using Clv.Probabilistic.Models.ParetoNbd;
using Xunit.Abstractions;

namespace Clv.Probabilistic.Tests.Models.GGomNbd;

/// <summary>
/// The Pareto/NBD limit b → 0 with β/b fixed: likelihood and predictions converge to the Pareto/NBD's, the CDNOW fit runs
/// there and says so, and the model comparison tests GGom/NBD against Pareto/NBD with the boundary mixture.
/// </summary>
public class GGomNbdParetoLimitTests(ITestOutputHelper output)
{
    private static readonly double[] Pareto = [0.553, 10.578, 0.606, 11.669];

    private static GGomNbdParameters AtLimit(double b) => new(Pareto[0], Pareto[1], b, Pareto[2], Pareto[3] * b);

    // Over the 2,357 CDNOW customers (T ≤ 39 weeks): ln L differs from the Pareto/NBD's by O(b T), so by less than
    // 10⁻⁴ at b = 10⁻⁷ and 10⁻⁶ at b = 10⁻⁹, and by a factor of about 100 less for each factor of 100 in b.
    [Fact]
    public void LikelihoodConvergesToParetoNbd()
    {
        var summary = Datasets.CdnowSummary();
        var pareto = ParetoNbdDefinition.Instance.LogLikelihood(ParetoNbdDefinition.Instance.Prepare(summary));
        double reference = pareto.Evaluate(Pareto.Select(v => Math.Log(v)).ToArray(), new double[4]);
        var ggom = GGomNbdDefinition.Instance.LogLikelihood(GGomNbdDefinition.Instance.Prepare(summary));
        double previous = double.NaN;
        foreach (double b in new[] { 1e-5, 1e-7, 1e-9 })
        {
            var p = AtLimit(b);
            double value = ggom.Evaluate(GGomNbdDefinition.Instance.Parameters.ToUnconstrained(GGomNbdDefinition.Instance.ToValues(p)), new double[5]);
            double difference = Math.Abs(value - reference);
            output.WriteLine($"b = {b:G3}: ln L = {value:R}, Pareto/NBD {reference:R}, difference {difference:G3}");
            Assert.True(difference <= 2e3 * b * 39, $"b = {b}: {difference}");
            if (!double.IsNaN(previous)) Assert.True(difference < previous / 30, $"b = {b}: {difference} after {previous}");
            previous = difference;
        }
    }

    // At b = 10⁻⁹: P(alive), E[Y(39)] for every CDNOW customer, E[X(t)] and P(X(t) = n) within 10⁻⁶ relative of the Pareto/NBD's.
    [Fact]
    public void PredictionsConvergeToParetoNbd()
    {
        var summary = Datasets.CdnowSummary();
        var pareto = new ParetoNbdModel(new ParetoNbdParameters(Pareto[0], Pareto[1], Pareto[2], Pareto[3]), TimeUnit.Weeks);
        var ggom = new GGomNbdModel(AtLimit(1e-9), TimeUnit.Weeks);
        var expected = new double[summary.Count];
        var actual = new double[summary.Count];
        pareto.ProbabilityAlive(summary, expected);
        ggom.ProbabilityAlive(summary, actual);
        for (int i = 0; i < actual.Length; i++) Assert.Equal(expected[i], actual[i], 1e-6 * expected[i]);
        pareto.ConditionalExpectedPurchases(summary, 39, expected);
        ggom.ConditionalExpectedPurchases(summary, 39, actual);
        for (int i = 0; i < actual.Length; i++) Assert.Equal(expected[i], actual[i], 1e-6 * expected[i]);
        foreach (double t in new[] { 1.0, 39, 260 })
        {
            Assert.Equal(pareto.ExpectedPurchases(t), ggom.ExpectedPurchases(t), 1e-6 * pareto.ExpectedPurchases(t));
            foreach (int n in new[] { 0, 1, 5, 20 })
                Assert.Equal(pareto.LogProbabilityOfPurchases(t, n), ggom.LogProbabilityOfPurchases(t, n), 1e-6);
        }
    }

    // CDNOW: the GGom/NBD fit runs to b → 0 (as CLVTools' does, to b ≈ 10⁻⁵): its ln L equals the Pareto/NBD's to 10⁻³,
    // it is reported as not identified in the words of the Pareto/NBD boundary with β/b ≈ the Pareto/NBD's β, and warns.
    [Fact]
    public void CdnowFitReportsTheParetoNbdBoundary()
    {
        var fit = ModelFitter.Fit(GGomNbdDefinition.Instance, Datasets.CdnowSummary(), new FitOptions { ThrowIfUnreliable = false });
        output.WriteLine($"{fit.PointEstimate}; ln L = {fit.LogLikelihood:R}; {fit.Status}: {fit.Problem}");
        foreach (var warning in fit.Warnings) output.WriteLine(warning);
        Assert.Equal(FitStatus.NotIdentified, fit.Status);
        Assert.Contains("Pareto/NBD boundary", fit.Problem);
        Assert.Contains(fit.Warnings, w => w.Contains("Pareto/NBD limit"));
        Assert.Equal(-9594.9739, fit.LogLikelihood!.Value, 1e-3);
        Assert.True(fit.Values[2] * 39 < 1e-3);
        Assert.Equal(Pareto[3], fit.Values[4] / fit.Values[2], 0.02);
    }

    // clv compare's library type: Pareto/NBD and GGom/NBD on CDNOW get one likelihood-ratio test, GGom/NBD against
    // Pareto/NBD, one restriction on the boundary, Λ ≈ 0, p against ½χ²₀ + ½χ²₁ (so ≥ ½).
    [Fact]
    public void ComparisonTestsGGomNbdAgainstParetoNbdOnTheBoundary()
    {
        var comparison = ModelComparison.Compute([ParetoNbdDefinition.Instance, GGomNbdDefinition.Instance, ModelRegistry.Get("bgnbd")], Datasets.CdnowSummary());
        var test = Assert.Single(comparison.NestedTests);
        output.WriteLine(test.Describe());
        Assert.Same(GGomNbdDefinition.Instance, test.Full.Definition);
        Assert.Same(ParetoNbdDefinition.Instance, test.Restricted.Definition);
        Assert.True(test.Test.OnBoundary);
        Assert.Equal(1, test.Test.DegreesOfFreedom);
        Assert.Equal("½χ²₀ + ½χ²₁", test.Test.ReferenceDistribution);
        Assert.True(test.Test.Statistic < 2e-3, $"Λ = {test.Test.Statistic}");
        Assert.True(test.Test.PValue >= 0.5);
        Assert.Contains("no evidence", test.Describe());
    }
}
