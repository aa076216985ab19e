using Clv.Probabilistic.Inference;
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
        new BgBbCase(),
        new GGomNbdCase(),
    ];

    /// <summary>
    /// Whether the fixture's RFM-summary checks apply: retention models are fitted to contract durations, not to RFM
    /// summaries, and run the same checks on their own data in <c>RetentionConformanceTests</c>.
    /// </summary>
    public static bool TakesSummaries(ModelDefinition model) => model.Kind != ModelKind.Retention;

    /// <summary>The names of the registered models fitted to RFM summaries, as theory data.</summary>
    public static TheoryData<string> Registered
    {
        get
        {
            var data = new TheoryData<string>();
            foreach (var model in ModelRegistry.All.Where(TakesSummaries)) data.Add(model.Name);
            return data;
        }
    }

    /// <summary>Every fit method of every registered model that <paramref name="which"/> selects, as theory data.</summary>
    public static TheoryData<string, FitMethod> WithEveryMethod(Func<ModelDefinition, bool> which)
    {
        var data = new TheoryData<string, FitMethod>();
        foreach (var model in ModelRegistry.All.Where(which))
            foreach (var method in Enum.GetValues<FitMethod>())
                data.Add(model.Name, method);
        return data;
    }

    /// <summary>The case of the registered model called <paramref name="name"/>.</summary>
    public static ModelCase For(string name)
    {
        var model = ModelRegistry.Get(name);
        return All.SingleOrDefault(c => ReferenceEquals(c.Definition, model)) ?? throw new InvalidOperationException(
            $"{model} is registered but has no conformance case: add a ModelCase for it to ModelCases.All.");
    }
}
