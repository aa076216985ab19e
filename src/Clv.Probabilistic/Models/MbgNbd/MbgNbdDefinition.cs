using Clv.Probabilistic.Data;
using Clv.Probabilistic.Inference;
using Clv.Probabilistic.Inference.Priors;
using Clv.Probabilistic.Models.BgNbd;
using Clv.Probabilistic.Models.Covariates;

namespace Clv.Probabilistic.Models.MbgNbd;

/// <summary>
/// The MBG/NBD model (Batislam, Denizel &amp; Filiztekin 2007, "Empirical validation and comparison of models for
/// customer base analysis", IJRM 24(3)): BG/NBD in which a customer may also drop out right after the first purchase.
/// Parameters r, α, a, b on θ = ln φ; <see cref="MbgNbdModel"/> for predictions. Name in files and on the command line:
/// <c>mbgnbd</c>.
/// </summary>
public sealed class MbgNbdDefinition : ModelDefinition<MbgNbdParameters, MbgNbdModel>
{
    private MbgNbdDefinition()
    {
    }

    /// <summary>The definition.</summary>
    public static MbgNbdDefinition Instance { get; } = new();

    /// <inheritdoc />
    public override string Name => "mbgnbd";

    /// <inheritdoc />
    public override IReadOnlyList<string> Aliases => ["mbg-nbd", "mbg/nbd"];

    /// <inheritdoc />
    public override string DisplayName => "MBG/NBD";

    /// <inheritdoc />
    public override ModelKind Kind => ModelKind.Purchase;

    /// <inheritdoc />
    public override string Reference => "Batislam, Denizel & Filiztekin (2007), Empirical validation and comparison of models for customer base analysis, International Journal of Research in Marketing 24(3)";

    /// <inheritdoc />
    public override ParameterSpace Parameters => BgNbdDefinition.Space;

    /// <inheritdoc />
    /// <exception cref="ArgumentException">The summary is empty or no customer has a repeat purchase (drop-out is then not identified).</exception>
    public override ModelData Prepare(RfmSummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        var rows = MbgNbdData.From(summary);
        if (!rows.AnyRepeat)
            throw new ArgumentException("No customer in the summary has a repeat purchase: the MBG/NBD parameters are not identified.", nameof(summary));
        return new MbgNbdFitData(rows, summary);
    }

    internal override ModelData PrepareGroup(RfmSummary summary) => new MbgNbdFitData(MbgNbdData.From(summary), summary);

    /// <inheritdoc />
    /// <remarks>The BG/NBD's links: α_i = α·exp(−γ_trans·z_i), a_i = a·exp(γ_life·z_i), b_i = b·exp(γ_life·z_i).</remarks>
    public override IReadOnlyList<CovariateLink> CovariateLinks { get; } =
        [new("alpha", CovariateProcess.Transaction, -1), new("a", CovariateProcess.Lifetime, 1), new("b", CovariateProcess.Lifetime, 1)];

    /// <inheritdoc />
    public override ILogDensity LogLikelihood(ModelData data) => new MbgNbdLogLikelihood(Rows(data));

    /// <inheritdoc />
    /// <remarks>r = 1 and α = Σ w T / Σ w x (the mean rate r/α matches the observed repeat-purchase rate), a = 1, b = 1.</remarks>
    public override double[] StartingValues(ModelData data)
    {
        var d = Rows(data);
        double exposure = 0, purchases = 0;
        for (int i = 0; i < d.Rows; i++)
        {
            exposure += d.Weight[i] * d.T[i];
            purchases += d.Weight[i] * d.X[i];
        }
        return BgNbdDefinition.StartFromRate(exposure, purchases, d.TotalWeight);
    }

    /// <inheritdoc />
    /// <remarks>The BG/NBD defaults (<see cref="BgNbdPriors.Default"/>): the parameters mean the same in both models.</remarks>
    public override IReadOnlyList<ParameterPrior> DefaultPriors(ModelData data) =>
        BgNbdPriors.Default(data.Description.TimeUnit).ToList();

    /// <inheritdoc />
    /// <remarks>
    /// a, b → ∞ with a/(a + b) fixed: drop-out probabilities hardly vary across customers; a → 0: the data show almost
    /// no drop-out; r, α → ∞ with r/α fixed: purchase rates hardly vary.
    /// </remarks>
    public override string? DescribeLimit(IReadOnlyList<double> estimate, IReadOnlyList<double> unconstrainedStandardErrors) =>
        BgNbdDefinition.DescribeMixtureLimit(estimate, unconstrainedStandardErrors);

    /// <inheritdoc />
    public override MbgNbdParameters CreateParameters(ReadOnlySpan<double> values)
    {
        if (values.Length != 4) throw new ArgumentException($"MBG/NBD has 4 parameters (r, alpha, a, b), got {values.Length}.", nameof(values));
        return new MbgNbdParameters(values[0], values[1], values[2], values[3]);
    }

    /// <inheritdoc />
    public override double[] ToValues(MbgNbdParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        return [parameters.R, parameters.Alpha, parameters.A, parameters.B];
    }

    /// <inheritdoc />
    public override MbgNbdModel CreateModel(MbgNbdParameters parameters, TimeUnit timeUnit) => new(parameters, timeUnit);

    private static MbgNbdData Rows(ModelData data) => data is MbgNbdFitData d
        ? d.Rows
        : throw new ArgumentException($"MBG/NBD needs data prepared by its own definition, got {data?.GetType().Name ?? "null"}.", nameof(data));

    private sealed class MbgNbdFitData(MbgNbdData rows, RfmSummary summary)
        : ModelData(new DataDescription(rows.TotalWeight, summary.Count, rows.Rows, 0, summary.TimeUnit))
    {
        public MbgNbdData Rows { get; } = rows;
    }
}
