using Clv.Probabilistic.Models;

namespace Clv.Probabilistic.Reporting.CustomerBase;

/// <summary>Checks that a fit passed as the purchase or the spend model is of that kind.</summary>
internal static class FitKinds
{
    /// <exception cref="ArgumentException">The fit's model predicts something else (the message names it).</exception>
    public static void Require(ModelFit fit, ModelKind kind, string parameter)
    {
        if (fit.Definition.Kind != kind)
            throw new ArgumentException(
                $"'{parameter}' must be a {kind.ToString().ToLowerInvariant()} model fit, but {fit.Definition} is a {fit.Definition.Kind.ToString().ToLowerInvariant()} model.",
                parameter);
    }
}
