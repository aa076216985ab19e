namespace Clv.Probabilistic.MachineLearning;

/// <summary>Settings of <see cref="GradientBoostedBaseline"/>: the seed and ML.NET FastTree's boosting settings.</summary>
public sealed record GradientBoostedBaselineOptions
{
    /// <summary>Seed of the ML.NET context and of the trainer; with one thread the predictions depend on nothing else.</summary>
    public int Seed { get; init; } = 42;

    /// <summary>Number of boosted trees. Default 100.</summary>
    public int NumberOfTrees { get; init; } = 100;

    /// <summary>Leaves per tree. Default 8.</summary>
    public int NumberOfLeaves { get; init; } = 8;

    /// <summary>Fewest training customers per leaf. Default 20.</summary>
    public int MinimumExampleCountPerLeaf { get; init; } = 20;

    /// <summary>Shrinkage applied to each tree. Default 0.1.</summary>
    public double LearningRate { get; init; } = 0.1;
}
