using System.Globalization;
using Clv.Probabilistic.Data;
using Clv.Probabilistic.Inference;
using Clv.Probabilistic.Inference.Priors;
using Clv.Probabilistic.Models.ParetoNbd;
using Clv.Probabilistic.Models.Covariates;

namespace Clv.Probabilistic.Models.GGomNbd;

/// <summary>
/// The GGom/NBD model (Bemmaor &amp; Glady 2012, "Modeling Purchasing Behavior with Sudden 'Death': A Flexible Customer
/// Lifetime Model", Management Science 58(5)): NBD purchasing while alive, gamma-Gompertz lifetimes; parameters r, α, b,
/// s, β on θ = ln φ, the likelihood by adaptive quadrature of its drop-out integral (<see cref="GompertzDropoutIntegral"/>),
/// and <see cref="GGomNbdModel"/> for predictions. It nests the Pareto/NBD as b → 0 with β/b fixed. Name in files and on
/// the command line: <c>ggomnbd</c>.
/// </summary>
public sealed class GGomNbdDefinition : ModelDefinition<GGomNbdParameters, GGomNbdModel>
{
    private static readonly ParameterSpace Space = ParameterSpace.Positive(
        ("r", "shape of the Gamma distribution of purchase rates"),
        ("alpha", "rate of the Gamma distribution of purchase rates (a duration in the model's time unit)"),
        ("b", "Gompertz growth rate of the drop-out hazard (per model time unit)"),
        ("s", "shape of the Gamma distribution of the drop-out hazard's scale"),
        ("beta", "rate of the Gamma distribution of the drop-out hazard's scale (dimensionless)"))
        .WithSupportedMaximum("r", MaximumShapeOrRate)
        .WithSupportedMaximum("alpha", MaximumShapeOrRate)
        .WithSupportedMaximum("b", MaximumShapeOrRate)
        .WithSupportedMaximum("s", MaximumShapeOrRate);

    /// <summary>
    /// Largest supported r, α, b and s: up to 1e6 every prediction at the corners of the range is finite (corner sweep);
    /// beyond, P(alive) and E[Y] were NaN at b = s = 1e10, P(X(t) = n) too at r = 1e20, and all three at α = 1e20 with
    /// b = 1e-100 (docs/reliability.md, "Parameter ranges").
    /// </summary>
    internal const double MaximumShapeOrRate = 1e6;

    private GGomNbdDefinition()
    {
    }

    /// <summary>The definition.</summary>
    public static GGomNbdDefinition Instance { get; } = new();

    /// <inheritdoc />
    public override string Name => "ggomnbd";

    /// <inheritdoc />
    public override IReadOnlyList<string> Aliases => ["ggom-nbd", "ggom/nbd"];

    /// <inheritdoc />
    public override string DisplayName => "GGom/NBD";

    /// <inheritdoc />
    public override ModelKind Kind => ModelKind.Purchase;

    /// <inheritdoc />
    public override string Reference => "Bemmaor & Glady (2012), Modeling Purchasing Behavior with Sudden 'Death': A Flexible Customer Lifetime Model, Management Science 58(5)";

    /// <inheritdoc />
    public override ParameterSpace Parameters => Space;

    /// <inheritdoc />
    /// <exception cref="ArgumentException">The summary is empty or no customer has a repeat purchase (the rates are then not identified).</exception>
    public override ModelData Prepare(RfmSummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        var data = ParetoNbdData.From(summary);
        if (data.X.Length == 0 || data.X[^1] == 0)
            throw new ArgumentException("No customer in the summary has a repeat purchase: the GGom/NBD parameters are not identified.", nameof(summary));
        return new GGomNbdFitData(data, summary);
    }

    internal override ModelData PrepareGroup(RfmSummary summary) => new GGomNbdFitData(ParetoNbdData.From(summary), summary);

    /// <inheritdoc />
    /// <remarks>
    /// As the Pareto/NBD it nests: α_i = α·exp(−γ_trans·z_i) and β_i = β·exp(−γ_life·z_i) (Bemmaor &amp; Glady 2012
    /// scale the rates this way; the links of CLVTools' static covariates for the GGom/NBD).
    /// </remarks>
    public override IReadOnlyList<CovariateLink> CovariateLinks { get; } =
        [new("alpha", CovariateProcess.Transaction, -1), new("beta", CovariateProcess.Lifetime, -1)];

    /// <inheritdoc />
    public override ILogDensity LogLikelihood(ModelData data) => new GGomNbdLogLikelihood(Data(data));

    /// <inheritdoc />
    /// <remarks>
    /// r = 1 and α = Σ w T / Σ w x (the mean rate r/α matches the observed repeat-purchase rate); s = β = 1, where the
    /// lifetime is exponential with rate b, and b = 1/(mean T).
    /// </remarks>
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
        double meanT = exposure / d.TotalWeight;
        if (!(alpha > 0) || !double.IsFinite(alpha)) alpha = 1;
        if (!(meanT > 0) || !double.IsFinite(meanT)) meanT = 1;
        return [1, alpha, 1 / meanT, 1, 1];
    }

    /// <inheritdoc />
    /// <remarks>
    /// r ~ LogNormal(1, 1.5); α ~ LogNormal(30 days, 2); b ~ LogNormal(1/(180 days), 2.5); s ~ LogNormal(1, 1.5);
    /// β ~ LogNormal(1, 2.5): α is a duration and b a rate, stated in days and converted so that the priors mean the same
    /// in every time unit; with s = β = 1 the lifetime is exponential with mean 1/b.
    /// </remarks>
    public override IReadOnlyList<ParameterPrior> DefaultPriors(ModelData data)
    {
        double days = data.Description.TimeUnit.DaysPerUnit;
        return
        [
            new LogNormalPrior(1.0, 1.5), new LogNormalPrior(30.0 / days, 2.0), new LogNormalPrior(days / 180.0, 2.5),
            new LogNormalPrior(1.0, 1.5), new LogNormalPrior(1.0, 2.5),
        ];
    }

    /// <inheritdoc />
    /// <remarks>
    /// b, β → 0 with β/b fixed: the Pareto/NBD boundary (the hazard no longer grows; drop-out rates ~ Gamma(s, β/b));
    /// s, β → ∞ with s/β fixed: the hazard scale hardly varies across customers; r, α → ∞ with r/α fixed: purchase rates
    /// hardly vary.
    /// </remarks>
    public override string? DescribeLimit(IReadOnlyList<double> estimate, IReadOnlyList<double> unconstrainedStandardErrors)
    {
        double r = estimate[0], alpha = estimate[1], b = estimate[2], s = estimate[3], beta = estimate[4];
        var c = CultureInfo.InvariantCulture;
        bool Loose(int j) => !(unconstrainedStandardErrors[j] <= FitVerdict.MaxUnconstrainedStandardError);
        if ((Loose(2) || Loose(4)) && beta < 1)
            return string.Create(c, $"b, β → 0 with β/b ≈ {beta / b:G4} fixed: the data prefer the Pareto/NBD boundary (its limit b → 0, with s ≈ {s:G4} and Pareto/NBD β = β/b); fit pareto-nbd instead ('clv compare' tests GGom/NBD against it)");
        if (Loose(3) && Loose(4) && s > 100)
            return string.Create(c, $"s, β → ∞ with s/β ≈ {s / beta:G3} fixed: the scale of the drop-out hazard hardly varies across customers");
        if (Loose(0) && Loose(1) && r > 100)
            return string.Create(c, $"r, α → ∞ with the mean purchase rate r/α ≈ {r / alpha:G3} fixed: purchase rates hardly vary across customers");
        return null;
    }

    /// <inheritdoc />
    /// <remarks>
    /// Pareto/NBD, as b → 0 with β/b fixed: (β/(β + e^{bt} − 1))^s → ((β/b)/((β/b) + t))^s, its survival with β/b in the
    /// place of its β; one restriction, on the boundary b = 0 of b's domain.
    /// </remarks>
    public override IReadOnlyList<NestedModel> Nests { get; } =
        [new NestedModel(ParetoNbdDefinition.Instance, 1, true, "b → 0 with β/b as the Pareto/NBD's β")];

    /// <inheritdoc />
    /// <remarks>
    /// At b T_max &lt; 10⁻³ (the hazard grows by less than 0.1% over the longest observation) the fit sits at the Pareto/NBD
    /// boundary whether or not the optimiser reports convergence, and this says so.
    /// </remarks>
    public override IEnumerable<string> Warnings(ModelData data, IReadOnlyList<double> estimate)
    {
        var d = Data(data);
        double longest = 0;
        foreach (double t in d.T) longest = Math.Max(longest, t);
        double b = estimate[2], beta = estimate[4];
        if (b * longest < 1e-3)
            yield return string.Create(CultureInfo.InvariantCulture,
                $"b·T = {b * longest:G3} over the longest observation: the fit is at its Pareto/NBD limit (b → 0, with Pareto/NBD β = β/b ≈ {beta / b:G4}); the data prefer the Pareto/NBD, which gives the same likelihood with fewer parameters.");
    }

    /// <inheritdoc />
    public override GGomNbdParameters CreateParameters(ReadOnlySpan<double> values)
    {
        if (values.Length != 5) throw new ArgumentException($"GGom/NBD has 5 parameters (r, alpha, b, s, beta), got {values.Length}.", nameof(values));
        return new GGomNbdParameters(values[0], values[1], values[2], values[3], values[4]);
    }

    /// <inheritdoc />
    public override double[] ToValues(GGomNbdParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        return [parameters.R, parameters.Alpha, parameters.B, parameters.S, parameters.Beta];
    }

    /// <inheritdoc />
    public override GGomNbdModel CreateModel(GGomNbdParameters parameters, TimeUnit timeUnit) => new(parameters, timeUnit);

    private static ParetoNbdData Data(ModelData data) => data is GGomNbdFitData d
        ? d.Rows
        : throw new ArgumentException($"GGom/NBD needs data prepared by its own definition, got {data?.GetType().Name ?? "null"}.", nameof(data));

    private sealed class GGomNbdFitData(ParetoNbdData rows, RfmSummary summary)
        : ModelData(new DataDescription(rows.TotalWeight, summary.Count, rows.CompressedRows, 0, summary.TimeUnit))
    {
        public ParetoNbdData Rows { get; } = rows;
    }
}
