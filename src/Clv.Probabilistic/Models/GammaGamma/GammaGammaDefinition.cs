using System.Globalization;
using Clv.Probabilistic.Data;
using Clv.Probabilistic.Inference;
using Clv.Probabilistic.Inference.Priors;
using Clv.Probabilistic.Models.Covariates;

namespace Clv.Probabilistic.Models.GammaGamma;

/// <summary>
/// The Gamma-Gamma spend model (Fader, Hardie &amp; Lee 2005, "RFM and CLV", JMR 42(4), "Adding monetary value"; Hardie
/// note 025): parameters p, q, γ on θ = ln φ, fitted to the customers with at least one repeat purchase, and
/// <see cref="GammaGammaSpendModel"/> for predictions. Name in files and on the command line: <c>gamma-gamma</c>.
/// </summary>
public sealed class GammaGammaDefinition : ModelDefinition<GammaGammaParameters, GammaGammaSpendModel>
{
    private static readonly ParameterSpace Space = ParameterSpace.Positive(
        ("p", "shape of the Gamma distribution of one transaction's value"),
        ("q", "shape of the Gamma distribution of ν across customers"),
        ("gamma", "rate of the Gamma distribution of ν across customers (in units of money)"));

    private GammaGammaDefinition()
    {
    }

    /// <summary>The definition.</summary>
    public static GammaGammaDefinition Instance { get; } = new();

    /// <inheritdoc />
    public override string Name => "gamma-gamma";

    /// <inheritdoc />
    public override IReadOnlyList<string> Aliases => ["gammagamma", "gg"];

    /// <inheritdoc />
    public override string DisplayName => "Gamma-Gamma";

    /// <inheritdoc />
    public override ModelKind Kind => ModelKind.Spend;

    /// <inheritdoc />
    public override string Reference => "Fader, Hardie & Lee (2005), RFM and CLV: Using Iso-Value Curves for Customer Base Analysis, JMR 42(4); Hardie, note 025";

    /// <inheritdoc />
    public override ParameterSpace Parameters => Space;

    /// <inheritdoc />
    /// <exception cref="ArgumentException">No customer has x ≥ 1, or one has z̄ ≤ 0 (the message names it).</exception>
    public override ModelData Prepare(RfmSummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        return new GammaGammaFitData(Repeat(GammaGammaData.FromSummary(summary)), summary);
    }

    /// <summary>The Gamma-Gamma data of customers given as columns (see <see cref="GammaGammaData"/>).</summary>
    public ModelData Prepare(GammaGammaData data, TimeUnit timeUnit)
    {
        ArgumentNullException.ThrowIfNull(data);
        return new GammaGammaFitData(Repeat(data), data.Count + data.ExcludedCount, timeUnit);
    }

    private static GammaGammaData Repeat(GammaGammaData data) => data.Count > 0 ? data
        : throw new ArgumentException(
            $"No customer has a repeat purchase (x ≥ 1; {data.ExcludedCount} customers have x = 0): the Gamma-Gamma model is fitted to repeat customers' mean spend and has none to fit.");

    /// <inheritdoc />
    /// <remarks>
    /// The scale of the Gamma distribution of mean spend, γ_i = γ·exp(δ·z_i), so the mean spend p·γ_i/(q − 1) moves
    /// by exp(δ·z_i) (Fader, Hardie &amp; Lee 2005, "RFM and CLV", spend sub-model, with the scale linked log-linearly).
    /// </remarks>
    public override IReadOnlyList<CovariateLink> CovariateLinks { get; } = [new("gamma", CovariateProcess.Spend, 1)];

    /// <inheritdoc />
    public override ILogDensity LogLikelihood(ModelData data) => new GammaGammaLogDensity(Data(data));

    /// <inheritdoc />
    internal override void WarmUp()
    {
        Span<double> gradient = stackalloc double[3];
        var data = new GammaGammaData([1, 2, 3, 4, 5, 6, 7, 8, 9], [10, 20, 15, 12, 30, 25, 18, 11, 40]);
        new GammaGammaLogDensity(data).Evaluate([1.8, 1.3, 2.7], gradient);
    }

    /// <inheritdoc />
    /// <remarks>p = 1, q = 2, γ = the weighted mean of z̄ (so the population mean spend equals it).</remarks>
    public override double[] StartingValues(ModelData data) => [1.0, 2.0, MeanSpend(Data(data))];

    /// <inheritdoc />
    public override IReadOnlyList<ParameterPrior> DefaultPriors(ModelData data) =>
        GammaGammaPriors.Default(MeanSpend(Data(data))).ToList();

    /// <inheritdoc />
    /// <remarks>
    /// q, γ → ∞ with γ/q fixed: ν is the same for every customer (no spend heterogeneity); p → ∞ with γ → 0: each
    /// customer's transactions have the same value.
    /// </remarks>
    public override string? DescribeLimit(IReadOnlyList<double> estimate, IReadOnlyList<double> unconstrainedStandardErrors)
    {
        bool Loose(int j) => !(unconstrainedStandardErrors[j] <= FitVerdict.MaxUnconstrainedStandardError);
        if (Loose(1) && Loose(2) && estimate[1] > 100)
            return string.Create(CultureInfo.InvariantCulture,
                $"q, γ → ∞ with γ/q ≈ {estimate[2] / estimate[1]:G4} fixed: mean spend shows no heterogeneity across customers");
        if (Loose(0) && estimate[0] > 100)
            return "p → ∞: each customer's transactions have nearly the same value";
        return null;
    }

    /// <inheritdoc />
    /// <remarks>A material correlation between x and z̄ (the model assumes none), and q ≤ 1 (no finite population mean).</remarks>
    public override IEnumerable<string> Warnings(ModelData data, IReadOnlyList<double> estimate)
    {
        var correlation = SpendFrequencyCorrelation.Compute(Data(data));
        if (correlation.IsMaterial) yield return correlation.ToString();
        if (!(estimate[1] > 1))
            yield return string.Create(CultureInfo.InvariantCulture,
                $"q = {estimate[1]:G4} ≤ 1: the population mean spend p·γ/(q − 1) is infinite; customers without repeat purchases cannot be valued.");
    }

    /// <inheritdoc />
    public override GammaGammaParameters CreateParameters(ReadOnlySpan<double> values)
    {
        if (values.Length != 3) throw new ArgumentException($"Gamma-Gamma has 3 parameters (p, q, gamma), got {values.Length}.", nameof(values));
        return new GammaGammaParameters(values[0], values[1], values[2]);
    }

    /// <inheritdoc />
    public override double[] ToValues(GammaGammaParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        return parameters.ToArray();
    }

    /// <inheritdoc />
    public override GammaGammaSpendModel CreateModel(GammaGammaParameters parameters, TimeUnit timeUnit) => new(parameters);

    /// <summary>The customers of prepared data.</summary>
    public static GammaGammaData Data(ModelData data) => data is GammaGammaFitData d
        ? d.Customers
        : throw new ArgumentException($"Gamma-Gamma needs data prepared by its own definition, got {data?.GetType().Name ?? "null"}.", nameof(data));

    private static double MeanSpend(GammaGammaData data) => data.WeightedMeanSpend;

    private sealed class GammaGammaFitData : ModelData
    {
        public GammaGammaFitData(GammaGammaData customers, RfmSummary summary)
            : this(customers, summary.Count, summary.TimeUnit)
        {
        }

        public GammaGammaFitData(GammaGammaData customers, int rows, TimeUnit unit)
            : base(new DataDescription(customers.TotalWeight, rows, customers.Count, customers.ExcludedWeight, unit)) =>
            Customers = customers;

        public GammaGammaData Customers { get; }
    }
}
