using Clv.Probabilistic.Models.BetaDiscreteWeibull;
using Clv.Probabilistic.Models.BgBb;
using Clv.Probabilistic.Models.BgNbd;
using Clv.Probabilistic.Models.GammaGamma;
using Clv.Probabilistic.Models.GGomNbd;
using Clv.Probabilistic.Models.MbgNbd;
using Clv.Probabilistic.Models.ParetoNbd;
using Clv.Probabilistic.Models.ShiftedBetaGeometric;

namespace Clv.Probabilistic.Models;

/// <summary>
/// Every model the library knows, by the name it has in model files and on the command line. Files, the command line,
/// reports and interval code find models here; adding a model is its folder plus one line in <see cref="All"/>.
/// </summary>
public static class ModelRegistry
{
    /// <summary>The registered models.</summary>
    public static IReadOnlyList<ModelDefinition> All { get; } =
    [
        BgNbdDefinition.Instance,
        GammaGammaDefinition.Instance,
        MbgNbdDefinition.Instance,
        ParetoNbdDefinition.Instance,
        GGomNbdDefinition.Instance,
        BgBbDefinition.Instance,
        SbgDefinition.Instance,
        BdwDefinition.Instance,
    ];

    /// <summary>The model called <paramref name="name"/> (or one of its aliases, case-insensitive), or null.</summary>
    public static ModelDefinition? Find(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        string key = name.Trim();
        foreach (var model in All)
        {
            if (string.Equals(model.Name, key, StringComparison.OrdinalIgnoreCase)) return model;
            foreach (var alias in model.Aliases)
                if (string.Equals(alias, key, StringComparison.OrdinalIgnoreCase)) return model;
        }
        return null;
    }

    /// <summary>The model called <paramref name="name"/>.</summary>
    /// <exception cref="ArgumentException">No model has that name; the message lists the registered ones.</exception>
    public static ModelDefinition Get(string name) =>
        Find(name) ?? throw new ArgumentException($"Unknown model '{name}': the registered models are {string.Join(", ", All.Select(m => m.Name))}.");
}
