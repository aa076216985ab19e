using System.Globalization;
using Clv.Probabilistic.Data;
using Clv.Probabilistic.Inference;
using Clv.Probabilistic.Inference.Priors;
using Clv.Probabilistic.Models.Covariates;

namespace Clv.Probabilistic.Models.ParetoNbd;

/// <summary>
/// The Pareto/NBD model (Schmittlein, Morrison &amp; Colombo 1987, "Counting Your Customers: Who Are They and What Will
/// They Do Next?", Management Science 33(1)): parameters r, α, s, β on θ = ln φ, the likelihood of Fader &amp; Hardie's
/// 2005 note "A Note on Deriving the Pareto/NBD Model and Related Expressions" on merged rows (its hypergeometric term
/// as the integral it comes from, by quadrature), and <see cref="ParetoNbdModel"/> for predictions. Name in files and on
/// the command line: <c>pareto-nbd</c>.
/// </summary>
public sealed class ParetoNbdDefinition : ModelDefinition<ParetoNbdParameters, ParetoNbdModel>
{
    private static readonly ParameterSpace Space = ParameterSpace.Positive(
        ("r", "shape of the Gamma distribution of purchase rates"),
        ("alpha", "rate of the Gamma distribution of purchase rates (a duration in the model's time unit)"),
        ("s", "shape of the Gamma distribution of drop-out rates"),
        ("beta", "rate of the Gamma distribution of drop-out rates (a duration in the model's time unit)"));

    private ParetoNbdDefinition()
    {
    }

    /// <summary>The definition.</summary>
    public static ParetoNbdDefinition Instance { get; } = new();

    /// <inheritdoc />
    public override string Name => "pareto-nbd";

    /// <inheritdoc />
    public override IReadOnlyList<string> Aliases => ["paretonbd", "pareto/nbd"];

    /// <inheritdoc />
    public override string DisplayName => "Pareto/NBD";

    /// <inheritdoc />
    public override ModelKind Kind => ModelKind.Purchase;

    /// <inheritdoc />
    public override string Reference => "Schmittlein, Morrison & Colombo (1987), Counting Your Customers: Who Are They and What Will They Do Next?, Management Science 33(1)";

    /// <inheritdoc />
    public override ParameterSpace Parameters => Space;

    /// <inheritdoc />
    /// <exception cref="ArgumentException">The summary is empty or no customer has a repeat purchase (the rates are then not identified).</exception>
    public override ModelData Prepare(RfmSummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        var data = ParetoNbdData.From(summary);
        if (data.X.Length == 0 || data.X[^1] == 0)
            throw new ArgumentException("No customer in the summary has a repeat purchase: the Pareto/NBD parameters are not identified.", nameof(summary));
        return new ParetoNbdFitData(data, summary);
    }

    internal override ModelData PrepareGroup(RfmSummary summary) => new ParetoNbdFitData(ParetoNbdData.From(summary), summary);

    /// <inheritdoc />
    /// <remarks>
    /// α_i = α·exp(−γ_trans·z_i) and β_i = β·exp(−γ_life·z_i) (Fader &amp; Hardie 2007, "Incorporating Time-Invariant
    /// Covariates into the Pareto/NBD and BG/NBD Models"; the links of CLVTools' static covariates): a positive γ_trans
    /// raises the mean purchase rate r/α_i, a positive γ_life the mean drop-out rate s/β_i.
    /// </remarks>
    public override IReadOnlyList<CovariateLink> CovariateLinks { get; } =
        [new("alpha", CovariateProcess.Transaction, -1), new("beta", CovariateProcess.Lifetime, -1)];

    /// <inheritdoc />
    public override ILogDensity LogLikelihood(ModelData data) => new ParetoNbdLogLikelihood(Data(data));

    /// <inheritdoc />
    /// <remarks>r = 1 and α = Σ w T / Σ w x (the mean rate r/α matches the observed repeat-purchase rate), s = 1, β = the mean T.</remarks>
    public override double[] StartingValues(ModelData data)
    {
        var d = Data(data);
        double exposure = 0, purchases = 0;
        for (int i = 0; i < d.X.Length; i++)
        {
            exposure += d.Weight[i] * d.T[i];
            purchases += d.Weight[i] * d.X[i];
        }
        double alpha = purchases > 0 ? exposure / purchases : exposure / d.TotalWeight;
        double beta = exposure / d.TotalWeight;
        if (!(alpha > 0) || !double.IsFinite(alpha)) alpha = 1;
        if (!(beta > 0) || !double.IsFinite(beta)) beta = 1;
        return [1, alpha, 1, beta];
    }

    /// <inheritdoc />
    /// <remarks>
    /// r ~ LogNormal(1, 1.5); α ~ LogNormal(30 days, 2); s ~ LogNormal(1, 1.5); β ~ LogNormal(180 days, 2.5): α and β are
    /// durations (with r = s = 1, the mean time between purchases and the mean lifetime's scale), stated in days and
    /// converted so that the priors mean the same in every time unit.
    /// </remarks>
    public override IReadOnlyList<ParameterPrior> DefaultPriors(ModelData data)
    {
        double days = data.Description.TimeUnit.DaysPerUnit;
        return
        [
            new LogNormalPrior(1.0, 1.5), new LogNormalPrior(30.0 / days, 2.0),
            new LogNormalPrior(1.0, 1.5), new LogNormalPrior(180.0 / days, 2.5),
        ];
    }

    /// <inheritdoc />
    /// <remarks>
    /// s, β → ∞ with s/β fixed: drop-out rates hardly vary across customers; s/β → 0: the data show almost no drop-out;
    /// r, α → ∞ with r/α fixed: purchase rates hardly vary.
    /// </remarks>
    public override string? DescribeLimit(IReadOnlyList<double> estimate, IReadOnlyList<double> unconstrainedStandardErrors)
    {
        double r = estimate[0], alpha = estimate[1], s = estimate[2], beta = estimate[3];
        var c = CultureInfo.InvariantCulture;
        bool Loose(int j) => !(unconstrainedStandardErrors[j] <= FitVerdict.MaxUnconstrainedStandardError);
        if (Loose(2) && Loose(3) && s > 100)
            return string.Create(c, $"s, β → ∞ with the mean drop-out rate s/β ≈ {s / beta:G3} fixed: drop-out rates hardly vary across customers");
        if (Loose(3) && s / beta < 1e-6)
            return "s/β → 0: the data show almost no drop-out, so its distribution is not identified";
        if (Loose(0) && Loose(1) && r > 100)
            return string.Create(c, $"r, α → ∞ with the mean purchase rate r/α ≈ {r / alpha:G3} fixed: purchase rates hardly vary across customers");
        return null;
    }

    /// <inheritdoc />
    public override ParetoNbdParameters CreateParameters(ReadOnlySpan<double> values)
    {
        if (values.Length != 4) throw new ArgumentException($"Pareto/NBD has 4 parameters (r, alpha, s, beta), got {values.Length}.", nameof(values));
        return new ParetoNbdParameters(values[0], values[1], values[2], values[3]);
    }

    /// <inheritdoc />
    public override double[] ToValues(ParetoNbdParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        return [parameters.R, parameters.Alpha, parameters.S, parameters.Beta];
    }

    /// <inheritdoc />
    public override ParetoNbdModel CreateModel(ParetoNbdParameters parameters, TimeUnit timeUnit) => new(parameters, timeUnit);

    private static ParetoNbdData Data(ModelData data) => data is ParetoNbdFitData d
        ? d.Rows
        : throw new ArgumentException($"Pareto/NBD needs data prepared by its own definition, got {data?.GetType().Name ?? "null"}.", nameof(data));

    private sealed class ParetoNbdFitData(ParetoNbdData rows, RfmSummary summary)
        : ModelData(new DataDescription(rows.TotalWeight, summary.Count, rows.CompressedRows, 0, summary.TimeUnit))
    {
        public ParetoNbdData Rows { get; } = rows;
    }
}
