using System.Globalization;
using Clv.Probabilistic.Data;
using Clv.Probabilistic.Inference;
using Clv.Probabilistic.Inference.Priors;
using Clv.Probabilistic.Models.Covariates;

namespace Clv.Probabilistic.Models.BgNbd;

/// <summary>
/// The BG/NBD model (Fader, Hardie &amp; Lee 2005, "Counting Your Customers the Easy Way", Marketing Science 24(2)):
/// parameters r, α, a, b on θ = ln φ, the likelihood of eq. 6 in the stable form of Hardie's note 027 on merged rows,
/// and <see cref="BgNbdModel"/> for predictions. Name in files and on the command line: <c>bgnbd</c>.
/// </summary>
public sealed class BgNbdDefinition : ModelDefinition<BgNbdParameters, BgNbdModel>
{
    /// <summary>r, α, a, b: shared with the models built on the same purchase and drop-out mixtures (MBG/NBD).</summary>
    internal static readonly ParameterSpace Space = ParameterSpace.Positive(
        ("r", "shape of the Gamma distribution of purchase rates"),
        ("alpha", "rate of the Gamma distribution of purchase rates (a duration in the model's time unit)"),
        ("a", "first shape of the Beta distribution of drop-out probabilities"),
        ("b", "second shape of the Beta distribution of drop-out probabilities"));

    private BgNbdDefinition()
    {
    }

    /// <summary>The definition.</summary>
    public static BgNbdDefinition Instance { get; } = new();

    /// <inheritdoc />
    public override string Name => "bgnbd";

    /// <inheritdoc />
    public override IReadOnlyList<string> Aliases => ["bg-nbd", "bg/nbd"];

    /// <inheritdoc />
    public override string DisplayName => "BG/NBD";

    /// <inheritdoc />
    public override ModelKind Kind => ModelKind.Purchase;

    /// <inheritdoc />
    public override string Reference => "Fader, Hardie & Lee (2005), Counting Your Customers the Easy Way: An Alternative to the Pareto/NBD Model, Marketing Science 24(2)";

    /// <inheritdoc />
    public override ParameterSpace Parameters => Space;

    /// <inheritdoc />
    /// <exception cref="ArgumentException">The summary is empty or no customer has a repeat purchase (drop-out is then not identified).</exception>
    public override ModelData Prepare(RfmSummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        var data = BgNbdData.From(summary);
        if (data.RepeatRows == 0)
            throw new ArgumentException("No customer in the summary has a repeat purchase: the BG/NBD parameters are not identified.", nameof(summary));
        return new BgNbdFitData(data, summary);
    }

    internal override ModelData PrepareGroup(RfmSummary summary) => new BgNbdFitData(BgNbdData.From(summary), summary);

    /// <inheritdoc />
    /// <remarks>The rows are laid out as <see cref="PackedRows"/> lays out a large summary's, weights 1 and 2.</remarks>
    internal override void WarmUp()
    {
        double[] durations = [10, 20, 30, 40];
        var packed = new uint[16];
        for (int i = 0; i < packed.Length; i++) packed[i] = (uint)(1 + i % 3) | (uint)(i % 2) << 16;
        var weight = new double[16];
        Array.Fill(weight, 2.0);
        var runs = new RowRuns([1, 2], [0, 8, 16], [6, 12], [], [], weight, DurationTable.OfValues(durations),
            DurationTable.OfValues([1, 5]), packed);
        var data = new BgNbdData(durations, [1, 1, 1, 1], runs, [10, 12], 26, 22);
        Span<double> gradient = stackalloc double[4];
        new BgNbdLogLikelihood(data).Evaluate([-1.0, 3.0, 0.0, 1.0], gradient);
    }

    /// <inheritdoc />
    /// <remarks>
    /// α_i = α·exp(−γ_trans·z_i), a_i = a·exp(γ_life·z_i) and b_i = b·exp(γ_life·z_i) (Fader &amp; Hardie 2007,
    /// "Incorporating Time-Invariant Covariates into the Pareto/NBD and BG/NBD Models"; the links of CLVTools' static
    /// covariates for the BG/NBD): γ_life scales both beta parameters of the drop-out probability together.
    /// </remarks>
    public override IReadOnlyList<CovariateLink> CovariateLinks { get; } =
        [new("alpha", CovariateProcess.Transaction, -1), new("a", CovariateProcess.Lifetime, 1), new("b", CovariateProcess.Lifetime, 1)];

    /// <inheritdoc />
    public override ILogDensity LogLikelihood(ModelData data) => new BgNbdLogLikelihood(Data(data));

    /// <inheritdoc />
    /// <remarks>
    /// r = 1 and α = Σ w T / Σ w x (so that the mean rate r/α matches the observed repeat-purchase rate), a = 1, b = 1;
    /// α falls back to the mean T when there are no repeat purchases. (A pilot fit on a subsample as the start was tried
    /// and saved no evaluations: BFGS rebuilds its curvature either way.)
    /// </remarks>
    public override double[] StartingValues(ModelData data)
    {
        var d = Data(data);
        var (exposure, purchases) = d.Totals();
        return StartFromRate(exposure, purchases, d.TotalWeight);
    }

    /// <summary>r = 1, α = exposure / purchases (the mean rate r/α matches the observed one), a = b = 1.</summary>
    internal static double[] StartFromRate(double exposure, double purchases, double customers)
    {
        double alpha = purchases > 0 ? exposure / purchases : exposure / customers;
        if (!(alpha > 0) || !double.IsFinite(alpha)) alpha = 1;
        return [1, alpha, 1, 1];
    }

    /// <inheritdoc />
    public override IReadOnlyList<ParameterPrior> DefaultPriors(ModelData data) =>
        BgNbdPriors.Default(data.Description.TimeUnit).ToList();

    /// <inheritdoc />
    /// <remarks>
    /// a, b → ∞ with a/(a + b) fixed: drop-out probabilities hardly vary across customers (the Beta tends to a point
    /// mass); a → 0: the data show almost no drop-out; r, α → ∞ with r/α fixed: purchase rates hardly vary.
    /// </remarks>
    public override string? DescribeLimit(IReadOnlyList<double> estimate, IReadOnlyList<double> unconstrainedStandardErrors) =>
        DescribeMixtureLimit(estimate, unconstrainedStandardErrors);

    /// <summary>The limits of the Gamma purchase-rate and Beta drop-out mixtures, for every model built on them.</summary>
    internal static string? DescribeMixtureLimit(IReadOnlyList<double> estimate, IReadOnlyList<double> unconstrainedStandardErrors)
    {
        ArgumentNullException.ThrowIfNull(estimate);
        ArgumentNullException.ThrowIfNull(unconstrainedStandardErrors);
        double r = estimate[0], alpha = estimate[1], a = estimate[2], b = estimate[3];
        var c = CultureInfo.InvariantCulture;
        bool Loose(int j) => !(unconstrainedStandardErrors[j] <= FitVerdict.MaxUnconstrainedStandardError);
        if (Loose(2) && Loose(3) && a > 100 && b > 100)
            return string.Create(c, $"a, b → ∞ with the mean drop-out probability a/(a + b) ≈ {a / (a + b):G3} fixed: drop-out hardly varies across customers, and the data cannot say how large a and b are");
        if (Loose(2) && a < 1e-2)
            return "a → 0: the data show almost no drop-out, so its distribution is not identified";
        if (Loose(0) && Loose(1) && r > 100)
            return string.Create(c, $"r, α → ∞ with the mean purchase rate r/α ≈ {r / alpha:G3} fixed: purchase rates hardly vary across customers");
        return null;
    }

    /// <inheritdoc />
    public override BgNbdParameters CreateParameters(ReadOnlySpan<double> values)
    {
        if (values.Length != 4) throw new ArgumentException($"BG/NBD has 4 parameters (r, alpha, a, b), got {values.Length}.", nameof(values));
        return new BgNbdParameters(values[0], values[1], values[2], values[3]);
    }

    /// <inheritdoc />
    public override double[] ToValues(BgNbdParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        return [parameters.R, parameters.Alpha, parameters.A, parameters.B];
    }

    /// <inheritdoc />
    public override BgNbdModel CreateModel(BgNbdParameters parameters, TimeUnit timeUnit) => new(parameters, timeUnit);

    private static BgNbdData Data(ModelData data) => data is BgNbdFitData d
        ? d.Rows
        : throw new ArgumentException($"BG/NBD needs data prepared by its own definition, got {data?.GetType().Name ?? "null"}.", nameof(data));

    private sealed class BgNbdFitData(BgNbdData rows, RfmSummary summary)
        : ModelData(new DataDescription(rows.TotalWeight, summary.Count, rows.CompressedRows, 0, summary.TimeUnit))
    {
        public BgNbdData Rows { get; } = rows;
    }
}
