using System.Globalization;
using Clv.Probabilistic.Data;
using Clv.Probabilistic.Data.Covariates;
using Clv.Probabilistic.Models;
using Clv.Probabilistic.Models.Covariates;
using Clv.Probabilistic.Tests.Conformance;
using Xunit;

namespace Clv.Probabilistic.Tests.Models.Covariates;

/// <summary>
/// The covariate likelihood of every model that takes covariates, against independent computations: the gradient
/// against Richardson differences, the value against the model's own likelihood summed customer by customer at each
/// customer's parameters (no grouping, no chain rule), and zero coefficients against the model without covariates.
/// </summary>
public sealed class CovariateLikelihoodTests
{
    public static TheoryData<string> ModelsWithLinks
    {
        get
        {
            var data = new TheoryData<string>();
            foreach (var c in ModelCases.All.Where(c => c.Definition.CovariateLinks.Count > 0)) data.Add(c.Definition.Name);
            return data;
        }
    }

    internal static ModelCase Case(string name) => ModelCases.All.Single(c => c.Definition.Name == name);

    /// <summary>A binary, a continuous and a three-level categorical covariate for the summary's customers.</summary>
    internal static CovariateTable Covariates(RfmSummary summary, int seed)
    {
        var random = new Random(seed);
        int n = summary.Count;
        var binary = new string[n];
        var score = new string[n];
        var region = new string[n];
        for (int i = 0; i < n; i++)
        {
            binary[i] = (i % 2).ToString(CultureInfo.InvariantCulture);
            score[i] = Math.Round(random.NextDouble() * 4 - 2, 1).ToString("R", CultureInfo.InvariantCulture);
            region[i] = (i % 3) switch { 0 => "north", 1 => "south", _ => "west" };
        }
        return CovariateTable.FromText(summary.CustomerIds, [("group", binary), ("score", score), ("region", region)]);
    }

    private static (ModelCase Case, RfmSummary Summary, CovariateDefinition Definition) Setup(string name, int customers = 300)
    {
        var c = Case(name);
        var summary = c.Simulate(c.Truth, customers, 11);
        var definition = CovariateDefinition.Create(c.Definition, Covariates(summary, 5), encodingOptions: new CovariateEncodingOptions { Standardize = true });
        return (c, summary, definition);
    }

    private static double[] Theta(CovariateDefinition definition, ModelCase c, int seed)
    {
        var random = new Random(seed);
        var natural = c.Truth.Concat(definition.CoefficientLayout.Select(_ => random.NextDouble() * 0.8 - 0.4)).ToArray();
        return definition.Parameters.ToUnconstrained(natural);
    }

    [Theory]
    [MemberData(nameof(ModelsWithLinks))]
    public void GradientMatchesRichardsonDifferences(string model)
    {
        var (c, summary, definition) = Setup(model);
        var density = definition.LogLikelihood(definition.Prepare(summary));
        for (int seed = 1; seed <= 3; seed++)
        {
            double worst = GradientCheck.WorstRatio(density, Theta(definition, c, seed), out string detail);
            Assert.True(worst <= 1, $"{model}, seed {seed}: {detail}");
        }
    }

    [Theory]
    [MemberData(nameof(ModelsWithLinks))]
    public void ValueIsTheSumOverCustomersAtTheirOwnParameters(string model)
    {
        var (c, summary, definition) = Setup(model, 120);
        var theta = Theta(definition, c, 4);
        var natural = definition.Parameters.ToNatural(theta);
        double grouped = definition.LogLikelihood(definition.Prepare(summary)).Evaluate(theta, new double[theta.Length]);
        double sum = 0;
        var ids = summary.CustomerIds;
        for (int i = 0; i < summary.Count; i++)
        {
            if (c.Definition.Kind == ModelKind.Spend && summary.Frequency[i] == 0) continue;
            var one = CustomerGroups.Subset(summary, [i]);
            var own = definition.CustomerParameters(natural, definition.Covariates.Row(definition.Covariates.RequireRow(ids[i])));
            var density = c.Definition.LogLikelihood(c.Definition.PrepareGroup(one));
            sum += density.Evaluate(c.Definition.Parameters.ToUnconstrained(own), new double[own.Length]);
        }
        Assert.Equal(sum, grouped, Math.Abs(sum) * 1e-12);
    }

    [Theory]
    [MemberData(nameof(ModelsWithLinks))]
    public void ZeroCoefficientsGiveTheModelWithoutCovariates(string model)
    {
        var (c, summary, definition) = Setup(model);
        var own = c.Definition.Parameters.ToUnconstrained(c.Truth.ToArray());
        var theta = own.Concat(new double[definition.CoefficientLayout.Count]).ToArray();
        var gradient = new double[theta.Length];
        double value = definition.LogLikelihood(definition.Prepare(summary)).Evaluate(theta, gradient);
        var baseGradient = new double[own.Length];
        double baseValue = c.Definition.LogLikelihood(c.Definition.Prepare(summary)).Evaluate(own, baseGradient);
        Assert.Equal(baseValue, value, Math.Abs(baseValue) * 1e-12);
        for (int j = 0; j < own.Length; j++) Assert.Equal(baseGradient[j], gradient[j], 1e-9 * Math.Max(1, Math.Abs(baseGradient[j])));
    }

    [Theory]
    [MemberData(nameof(ModelsWithLinks))]
    public void RowOrderDoesNotChangeTheValue(string model)
    {
        var (c, summary, definition) = Setup(model);
        var reversed = CustomerGroups.Subset(summary, Enumerable.Range(0, summary.Count).Reverse().ToArray());
        var theta = Theta(definition, c, 7);
        double forward = definition.LogLikelihood(definition.Prepare(summary)).Evaluate(theta, new double[theta.Length]);
        double backward = definition.LogLikelihood(definition.Prepare(reversed)).Evaluate(theta, new double[theta.Length]);
        Assert.Equal(forward, backward, Math.Abs(forward) * 1e-12);
    }

    [Theory]
    [MemberData(nameof(ModelsWithLinks))]
    public void WeightsEqualExpandedRows(string model)
    {
        var (c, summary, definition) = Setup(model, 150);
        var ids = summary.CustomerIds;
        var weights = Enumerable.Range(0, summary.Count).Select(i => 1.0 + i % 3).ToArray();
        var weighted = new RfmSummary(ids, summary.Frequency, summary.Recency, summary.T, summary.MonetaryValue, summary.TimeUnit, weights);
        var expandedRows = Enumerable.Range(0, summary.Count).SelectMany(i => Enumerable.Repeat(i, (int)weights[i])).ToArray();
        var expandedIds = expandedRows.Select((i, k) => $"{ids[i]}#{k}").ToArray();
        var expanded = new RfmSummary(expandedIds, expandedRows.Select(i => summary.Frequency[i]).ToArray(), expandedRows.Select(i => summary.Recency[i]).ToArray(),
            expandedRows.Select(i => summary.T[i]).ToArray(), expandedRows.Select(i => summary.MonetaryValue[i]).ToArray(), summary.TimeUnit);
        var source = Covariates(summary, 5);
        var expandedTable = CovariateTable.FromText(expandedIds, source.Columns.Select((name, k) =>
            (name, (IReadOnlyList<string>)expandedRows.Select(i => source.Value(i, k)).ToArray())).ToArray());
        var expandedDefinition = new CovariateDefinition(c.Definition, definition.Encoding, definition.Encoding.Encode(expandedTable));
        var theta = Theta(definition, c, 3);
        var g1 = new double[theta.Length];
        var g2 = new double[theta.Length];
        double a = definition.LogLikelihood(definition.Prepare(weighted)).Evaluate(theta, g1);
        double b = expandedDefinition.LogLikelihood(expandedDefinition.Prepare(expanded)).Evaluate(theta, g2);
        Assert.Equal(b, a, Math.Abs(b) * 1e-12);
        for (int j = 0; j < theta.Length; j++) Assert.Equal(g2[j], g1[j], 1e-9 * Math.Max(1, Math.Abs(g2[j])));
    }

    [Theory]
    [MemberData(nameof(ModelsWithLinks))]
    public void ThreadCountDoesNotChangeABit(string model)
    {
        var (c, summary, definition) = Setup(model, 2000);
        var data = definition.Prepare(summary);
        var theta = Theta(definition, c, 2);
        var one = definition.LogLikelihood(data);
        ((Clv.Probabilistic.Inference.Sampling.IParallelLogDensity)one).MaxDegreeOfParallelism = 1;
        var many = definition.LogLikelihood(data);
        ((Clv.Probabilistic.Inference.Sampling.IParallelLogDensity)many).MaxDegreeOfParallelism = 8;
        Assert.True(DensityEvaluation(one, theta).IdenticalTo(DensityEvaluation(many, theta)));
    }

    private static Clv.Probabilistic.Tests.Conformance.Evaluation DensityEvaluation(Clv.Probabilistic.Inference.ILogDensity density, double[] theta) => Clv.Probabilistic.Tests.Conformance.Evaluation.At(density, theta);

    [Fact]
    public void ExtremeCoefficientsGiveMinusInfinityOrAFiniteValueNeverNaN()
    {
        var (c, summary, definition) = Setup("pareto-nbd");
        var density = definition.LogLikelihood(definition.Prepare(summary));
        var theta = Theta(definition, c, 1);
        foreach (double extreme in new[] { -800.0, -50, 50, 800 })
        {
            var at = theta.ToArray();
            at[^1] = extreme;
            var gradient = new double[at.Length];
            double value = density.Evaluate(at, gradient);
            Assert.False(double.IsNaN(value), $"coefficient {extreme}");
            Assert.True(double.IsNegativeInfinity(value) || gradient.All(double.IsFinite), $"coefficient {extreme}: gradient {string.Join(", ", gradient)}");
        }
    }
}
