using Clv.Probabilistic.Data;
using Clv.Probabilistic.Data.Retention;
using Clv.Probabilistic.Inference;
using Clv.Probabilistic.Inference.Priors;

namespace Clv.Probabilistic.Models.BetaDiscreteWeibull;

/// <summary>
/// The beta-discrete-Weibull (BdW) contract-duration model (Fader, Hardie, Liu, Davin &amp; Steenburgh 2018, "How to
/// project customer retention revisited: the role of duration dependence", J. Interactive Marketing 43): parameters
/// α, β, c on θ = ln φ, fitted to cohort survival counts or individual durations; <see cref="BdwModel"/> for
/// predictions. Name in files and on the command line: <c>bdw</c>.
/// </summary>
public sealed class BdwDefinition : RetentionModelDefinition<BdwParameters, BdwModel>
{
    private static readonly ParameterSpace Space = ParameterSpace.Positive(
        ("alpha", "first shape of the Beta distribution of churn parameters"),
        ("beta", "second shape of the Beta distribution of churn parameters"),
        ("c", "discrete-Weibull shape: below 1 an individual's churn falls with tenure, above 1 it rises"))
        .WithSupportedMaximum("c", MaximumShape);

    /// <summary>
    /// Largest supported c: x_t = t^c stays below 2e93 for every tenure t &lt; 2^31; at c = 1e100 it overflowed from t = 2
    /// and S(t), r(t), P(T = t) and S(t | n) were NaN (docs/reliability.md, "Parameter ranges").
    /// </summary>
    internal const double MaximumShape = 10;

    private BdwDefinition()
    {
    }

    /// <summary>The definition.</summary>
    public static BdwDefinition Instance { get; } = new();

    /// <inheritdoc />
    public override string Name => "bdw";

    /// <inheritdoc />
    public override IReadOnlyList<string> Aliases => ["beta-discrete-weibull"];

    /// <inheritdoc />
    public override string DisplayName => "BdW";

    /// <inheritdoc />
    public override string Reference => "Fader, Hardie, Liu, Davin & Steenburgh (2018), How to project customer retention revisited: the role of duration dependence, Journal of Interactive Marketing 43";

    /// <inheritdoc />
    public override ParameterSpace Parameters => Space;

    /// <inheritdoc />
    public override ILogDensity LogLikelihood(RetentionCounts counts) => new BdwLogLikelihood(counts);

    /// <inheritdoc />
    /// <remarks>The sBG start (mean churn per observed renewal opportunity, α = 1) and c = 1.</remarks>
    public override double[] StartingValues(ModelData data)
    {
        var (alpha, beta) = StartingBeta(Counts(data));
        return [alpha, beta, 1.0];
    }

    /// <inheritdoc />
    /// <remarks>α ~ LogNormal(1, 2), β ~ LogNormal(1, 2) (the sBG defaults), c ~ LogNormal(1, 1).</remarks>
    public override IReadOnlyList<ParameterPrior> DefaultPriors(ModelData data) =>
        [new LogNormalPrior(1.0, 2.0), new LogNormalPrior(1.0, 2.0), new LogNormalPrior(1.0, 1.0)];

    /// <inheritdoc />
    public override BdwParameters CreateParameters(ReadOnlySpan<double> values)
    {
        if (values.Length != 3) throw new ArgumentException($"BdW has 3 parameters (alpha, beta, c), got {values.Length}.", nameof(values));
        return new BdwParameters(values[0], values[1], values[2]);
    }

    /// <inheritdoc />
    public override double[] ToValues(BdwParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        return parameters.ToArray();
    }

    /// <inheritdoc />
    public override BdwModel CreateModel(BdwParameters parameters, TimeUnit timeUnit) => new(parameters);
}
