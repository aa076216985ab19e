using Clv.Probabilistic.Data;
using Clv.Probabilistic.Data.Retention;
using Clv.Probabilistic.Inference;
using Clv.Probabilistic.Inference.Priors;

namespace Clv.Probabilistic.Models.ShiftedBetaGeometric;

/// <summary>
/// The shifted-beta-geometric (sBG) contract-duration model (Fader &amp; Hardie 2007, "How to project customer
/// retention", J. Interactive Marketing 21(1)): parameters α, β on θ = ln φ, fitted to cohort survival counts or
/// individual durations; <see cref="SbgModel"/> for predictions. Name in files and on the command line: <c>sbg</c>.
/// </summary>
public sealed class SbgDefinition : RetentionModelDefinition<SbgParameters, SbgModel>
{
    private static readonly ParameterSpace Space = ParameterSpace.Positive(
        ("alpha", "first shape of the Beta distribution of churn probabilities"),
        ("beta", "second shape of the Beta distribution of churn probabilities"));

    private SbgDefinition()
    {
    }

    /// <summary>The definition.</summary>
    public static SbgDefinition Instance { get; } = new();

    /// <inheritdoc />
    public override string Name => "sbg";

    /// <inheritdoc />
    public override IReadOnlyList<string> Aliases => ["shifted-beta-geometric", "s-bg"];

    /// <inheritdoc />
    public override string DisplayName => "sBG";

    /// <inheritdoc />
    public override string Reference => "Fader & Hardie (2007), How to project customer retention, Journal of Interactive Marketing 21(1)";

    /// <inheritdoc />
    public override ParameterSpace Parameters => Space;

    /// <inheritdoc />
    public override ILogDensity LogLikelihood(RetentionCounts counts) => new SbgLogLikelihood(counts);

    /// <inheritdoc />
    /// <remarks>α = 1 and α/(α + β) = the churn per observed renewal opportunity.</remarks>
    public override double[] StartingValues(ModelData data)
    {
        var (alpha, beta) = StartingBeta(Counts(data));
        return [alpha, beta];
    }

    /// <inheritdoc />
    /// <remarks>α ~ LogNormal(1, 2), β ~ LogNormal(1, 2): medians at the uniform distribution of churn probabilities.</remarks>
    public override IReadOnlyList<ParameterPrior> DefaultPriors(ModelData data) =>
        [new LogNormalPrior(1.0, 2.0), new LogNormalPrior(1.0, 2.0)];

    /// <inheritdoc />
    public override SbgParameters CreateParameters(ReadOnlySpan<double> values)
    {
        if (values.Length != 2) throw new ArgumentException($"sBG has 2 parameters (alpha, beta), got {values.Length}.", nameof(values));
        return new SbgParameters(values[0], values[1]);
    }

    /// <inheritdoc />
    public override double[] ToValues(SbgParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        return parameters.ToArray();
    }

    /// <inheritdoc />
    public override SbgModel CreateModel(SbgParameters parameters, TimeUnit timeUnit) => new(parameters);
}
