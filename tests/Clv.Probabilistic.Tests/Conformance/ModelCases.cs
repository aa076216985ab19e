using Clv.Probabilistic.Models;

namespace Clv.Probabilistic.Tests.Conformance;

/// <summary>The case of every registered model; a registered model without one fails <c>RegistryConformanceTests</c>.</summary>
public static class ModelCases
{
    /// <summary>Every case.</summary>
    public static IReadOnlyList<ModelCase> All { get; } =
    [
        new BgNbdCase(),
        new GammaGammaCase(),
        new MbgNbdCase(),
        new ParetoNbdCase(),
        new GGomNbdCase(),
    ];

    /// <summary>The names of the registered models, as theory data.</summary>
    public static TheoryData<string> Registered
    {
        get
        {
            var data = new TheoryData<string>();
            foreach (var model in ModelRegistry.All) data.Add(model.Name);
            return data;
        }
    }

    /// <summary>The case of the registered model called <paramref name="name"/>.</summary>
    public static ModelCase For(string name)
    {
        var model = ModelRegistry.Get(name);
        return All.SingleOrDefault(c => ReferenceEquals(c.Definition, model)) ?? throw new InvalidOperationException(
            $"{model} is registered but has no conformance case: add a ModelCase for it to ModelCases.All.");
    }
}
