using Clv.Probabilistic.Data.Retention;
using Clv.Probabilistic.Models;
using Clv.Probabilistic.Models.BetaDiscreteWeibull;
using Clv.Probabilistic.Models.ShiftedBetaGeometric;

namespace Clv.Probabilistic.Tests.Conformance;

/// <summary>What the retention checks need to know about one registered retention model beyond its definition.</summary>
/// <param name="Definition">The model.</param>
/// <param name="RandomTheta">Per parameter, the range of unconstrained θ that random parameters are drawn from.</param>
/// <param name="Truth">Natural values of a typical fit: the truth of recovery and prediction checks.</param>
public sealed record RetentionCase(ModelDefinition Definition, IReadOnlyList<(double Low, double High)> RandomTheta, IReadOnlyList<double> Truth)
{
    public double[] RandomParameters(Random random) =>
        Definition.Parameters.ToNatural(RandomTheta.Select(r => r.Low + (r.High - r.Low) * random.NextDouble()).ToArray());

    public IRetentionModel TrueModel => Definition.CreateRetentionModel(Truth.ToArray());

    public override string ToString() => Definition.Name;
}

/// <summary>The case of every registered retention model, and random retention data with the row layouts of the fixture.</summary>
public static class RetentionCases
{
    public static IReadOnlyList<RetentionCase> All { get; } =
    [
        new(SbgDefinition.Instance, [(-2, 3), (-2, 3)], [0.704, 1.182]),
        new(BdwDefinition.Instance, [(-2, 3), (-2, 3), (-1, 1)], [1.2, 2.5, 0.7]),
    ];

    public static TheoryData<string> Registered
    {
        get
        {
            var data = new TheoryData<string>();
            foreach (var model in ModelRegistry.All.Where(m => m.Kind == ModelKind.Retention)) data.Add(model.Name);
            return data;
        }
    }

    public static RetentionCase For(string name)
    {
        var model = ModelRegistry.Get(name);
        return All.SingleOrDefault(c => ReferenceEquals(c.Definition, model)) ?? throw new InvalidOperationException(
            $"{model} is a registered retention model without a case: add it to RetentionCases.All.");
    }

    /// <summary><paramref name="customers"/> rows of weight 1 with 0..15 periods, churned or not.</summary>
    public static RetentionData Random(Random random, int customers)
    {
        var periods = new int[customers];
        var churned = new bool[customers];
        for (int i = 0; i < customers; i++)
        {
            periods[i] = random.Next(16);
            churned[i] = periods[i] > 0 && random.NextDouble() < 0.5;
        }
        if (periods.All(p => p == 0)) periods[0] = 1;
        return new RetentionData(periods, churned);
    }

    public static RetentionData WithWeights(RetentionData data, Func<int, double> weight) =>
        new(data.Periods, data.Churned, Enumerable.Range(0, data.Count).Select(weight).ToArray());

    /// <summary>Each row of whole weight k as k rows of weight 1.</summary>
    public static RetentionData Expanded(RetentionData data)
    {
        var rows = Enumerable.Range(0, data.Count).SelectMany(i => Enumerable.Repeat(i, (int)data.Weights[i])).ToArray();
        return new RetentionData(rows.Select(i => data.Periods[i]).ToArray(), rows.Select(i => data.Churned[i]).ToArray());
    }

    public static RetentionData Rows(RetentionData data, IEnumerable<int> rows, Func<int, double>? weight = null)
    {
        var list = rows.ToArray();
        return new RetentionData(list.Select(i => data.Periods[i]).ToArray(), list.Select(i => data.Churned[i]).ToArray(),
            list.Select(i => weight?.Invoke(i) ?? data.Weights[i]).ToArray());
    }

    /// <summary>Identical (periods, churned) rows merged into one of their total weight.</summary>
    public static RetentionData Merged(RetentionData data)
    {
        var groups = Enumerable.Range(0, data.Count).GroupBy(i => (data.Periods[i], data.Churned[i])).ToArray();
        return new RetentionData(groups.Select(g => g.Key.Item1).ToArray(), groups.Select(g => g.Key.Item2).ToArray(),
            groups.Select(g => g.Sum(i => data.Weights[i])).ToArray());
    }
}
