using System.Globalization;
using Clv.Probabilistic.Data;
using Clv.Probabilistic.Inference;
using Clv.Probabilistic.Inference.Priors;
using Clv.Probabilistic.Models.Covariates;

namespace Clv.Probabilistic.Models.BgBb;

/// <summary>
/// The BG/BB model (Fader, Hardie &amp; Shang 2010, "Customer-base analysis in a discrete-time noncontractual setting",
/// Marketing Science 29(6)): at each discrete opportunity a customer still alive drops out with probability
/// θ ~ Beta(γ, δ) and otherwise transacts with probability p ~ Beta(α, β). Parameters α, β, γ, δ on θ = ln φ; fitted to
/// a summary whose frequency, recency and T are x, t_x and n in whole periods (<see cref="ModelKind.DiscretePurchase"/>);
/// <see cref="BgBbModel"/> for predictions. Name in files and on the command line: <c>bgbb</c>.
/// </summary>
public sealed class BgBbDefinition : ModelDefinition<BgBbParameters, BgBbModel>
{
    private static readonly ParameterSpace Space = ParameterSpace.Positive(
        ("alpha", "first shape of the Beta distribution of transaction probabilities"),
        ("beta", "second shape of the Beta distribution of transaction probabilities"),
        ("gamma", "first shape of the Beta distribution of drop-out probabilities"),
        ("delta", "second shape of the Beta distribution of drop-out probabilities"));

    private BgBbDefinition()
    {
    }

    /// <summary>The definition.</summary>
    public static BgBbDefinition Instance { get; } = new();

    /// <inheritdoc />
    public override string Name => "bgbb";

    /// <inheritdoc />
    public override IReadOnlyList<string> Aliases => ["bg-bb", "bg/bb"];

    /// <inheritdoc />
    public override string DisplayName => "BG/BB";

    /// <inheritdoc />
    public override ModelKind Kind => ModelKind.DiscretePurchase;

    /// <inheritdoc />
    public override string Reference => "Fader, Hardie & Shang (2010), Customer-base analysis in a discrete-time noncontractual setting, Marketing Science 29(6)";

    /// <inheritdoc />
    public override ParameterSpace Parameters => Space;

    /// <inheritdoc />
    /// <exception cref="ArgumentException">The summary is empty, a row is not a discrete history (whole x ≤ t_x ≤ n), or no customer has a repeat transaction.</exception>
    public override ModelData Prepare(RfmSummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        var rows = BgBbData.From(summary);
        if (!rows.AnyRepeat)
            throw new ArgumentException("No customer in the summary has a repeat transaction: the BG/BB parameters are not identified.", nameof(summary));
        return new BgBbFitData(rows, summary);
    }

    internal override ModelData PrepareGroup(RfmSummary summary) => new BgBbFitData(BgBbData.From(summary), summary);

    /// <inheritdoc />
    /// <remarks>
    /// α_i = α·exp(γ_trans·z_i) and γ_i = γ·exp(γ_life·z_i): a positive γ_trans raises the mean transaction probability
    /// α_i/(α_i + β), a positive γ_life the mean drop-out probability γ_i/(γ_i + δ). Fader, Hardie &amp; Shang (2010) give
    /// no covariate link; this is the log-linear link of the BG/NBD applied to one beta parameter of each process.
    /// </remarks>
    public override IReadOnlyList<CovariateLink> CovariateLinks { get; } =
        [new("alpha", CovariateProcess.Transaction, 1), new("gamma", CovariateProcess.Lifetime, 1)];

    /// <inheritdoc />
    public override ILogDensity LogLikelihood(ModelData data) => new BgBbLogLikelihood(Rows(data));

    /// <inheritdoc />
    /// <remarks>α = β = γ = δ = 1: uniform transaction and drop-out probabilities.</remarks>
    public override double[] StartingValues(ModelData data)
    {
        Rows(data);
        return [1, 1, 1, 1];
    }

    /// <inheritdoc />
    /// <remarks>
    /// Each shape LogNormal(median 1, σ 2): centred on the uniform distribution, and wide enough for the published
    /// fits (shapes from 0.6 to 3 on the donations data) and for near-homogeneous populations (shapes in the hundreds).
    /// </remarks>
    public override IReadOnlyList<ParameterPrior> DefaultPriors(ModelData data)
    {
        Rows(data);
        return [new LogNormalPrior(1, 2), new LogNormalPrior(1, 2), new LogNormalPrior(1, 2), new LogNormalPrior(1, 2)];
    }

    /// <inheritdoc />
    /// <remarks>
    /// α, β → ∞ with α/(α + β) fixed: transaction probabilities hardly vary across customers; γ, δ → ∞ with γ/(γ + δ)
    /// fixed: drop-out probabilities hardly vary; γ → 0: the data show almost no drop-out.
    /// </remarks>
    public override string? DescribeLimit(IReadOnlyList<double> estimate, IReadOnlyList<double> unconstrainedStandardErrors)
    {
        ArgumentNullException.ThrowIfNull(estimate);
        ArgumentNullException.ThrowIfNull(unconstrainedStandardErrors);
        double alpha = estimate[0], beta = estimate[1], gamma = estimate[2], delta = estimate[3];
        var c = CultureInfo.InvariantCulture;
        bool Loose(int j) => !(unconstrainedStandardErrors[j] <= FitVerdict.MaxUnconstrainedStandardError);
        if (Loose(2) && Loose(3) && gamma > 100 && delta > 100)
            return string.Create(c, $"γ, δ → ∞ with the mean drop-out probability γ/(γ + δ) ≈ {gamma / (gamma + delta):G3} fixed: drop-out hardly varies across customers");
        if (Loose(2) && gamma < 1e-2)
            return "γ → 0: the data show almost no drop-out, so its distribution is not identified";
        if (Loose(0) && Loose(1) && alpha > 100 && beta > 100)
            return string.Create(c, $"α, β → ∞ with the mean transaction probability α/(α + β) ≈ {alpha / (alpha + beta):G3} fixed: transaction probabilities hardly vary across customers");
        return null;
    }

    /// <inheritdoc />
    public override BgBbParameters CreateParameters(ReadOnlySpan<double> values)
    {
        if (values.Length != 4) throw new ArgumentException($"BG/BB has 4 parameters (alpha, beta, gamma, delta), got {values.Length}.", nameof(values));
        return new BgBbParameters(values[0], values[1], values[2], values[3]);
    }

    /// <inheritdoc />
    public override double[] ToValues(BgBbParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        return [parameters.Alpha, parameters.Beta, parameters.Gamma, parameters.Delta];
    }

    /// <inheritdoc />
    public override BgBbModel CreateModel(BgBbParameters parameters, TimeUnit timeUnit) => new(parameters, timeUnit);

    private static BgBbData Rows(ModelData data) => data is BgBbFitData d
        ? d.Rows
        : throw new ArgumentException($"BG/BB needs data prepared by its own definition, got {data?.GetType().Name ?? "null"}.", nameof(data));

    private sealed class BgBbFitData(BgBbData rows, RfmSummary summary)
        : ModelData(new DataDescription(rows.TotalWeight, summary.Count, rows.Rows, 0, summary.TimeUnit))
    {
        public BgBbData Rows { get; } = rows;
    }
}
