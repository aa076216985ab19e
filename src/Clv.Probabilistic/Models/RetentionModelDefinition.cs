using System.Globalization;
using Clv.Probabilistic.Data;
using Clv.Probabilistic.Data.Retention;
using Clv.Probabilistic.Inference;

namespace Clv.Probabilistic.Models;

/// <summary>
/// The shape every retention model (sBG, BdW) shares: fitted to contract durations (<see cref="RetentionData"/>:
/// cohort survival tables or individual tenures), not to an RFM summary, with a likelihood over the per-period counts
/// of <see cref="RetentionCounts"/>, and a fitted form implementing <see cref="IRetentionModel"/>.
/// </summary>
/// <typeparam name="TParameters">The parameter record.</typeparam>
/// <typeparam name="TModel">The fitted form.</typeparam>
public abstract class RetentionModelDefinition<TParameters, TModel> : ModelDefinition<TParameters, TModel>, IRetentionDefinition
    where TParameters : class
    where TModel : class, IRetentionModel
{
    /// <inheritdoc />
    public sealed override ModelKind Kind => ModelKind.Retention;

    /// <inheritdoc />
    /// <exception cref="ArgumentException">Always: a retention model is fitted to contract durations; use <see cref="Prepare(RetentionData, TimeUnit)"/>.</exception>
    public sealed override ModelData Prepare(RfmSummary summary) => throw new ArgumentException(
        $"{DisplayName} ('{Name}') is a retention model: it is fitted to contract durations (a cohort table period,alive or customers' periods and churn), not to an RFM summary; prepare a RetentionData instead.",
        nameof(summary));

    /// <inheritdoc />
    public ModelData Prepare(RetentionData data, TimeUnit period)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (data.MaxPeriods == 0)
            throw new ArgumentException($"Every customer of the {DisplayName} data was observed for 0 renewal opportunities: the data say nothing about churn.", nameof(data));
        return new RetentionFitData(new RetentionCounts(data), data.Count, period);
    }

    /// <summary>The per-period counts of data prepared by <see cref="Prepare(RetentionData, TimeUnit)"/>.</summary>
    /// <exception cref="ArgumentException">The data were prepared by a model of another kind.</exception>
    public static RetentionCounts Counts(ModelData data) => data is RetentionFitData d
        ? d.Counts
        : throw new ArgumentException($"A retention model needs data prepared by RetentionModelDefinition.Prepare, got {data?.GetType().Name ?? "null"}.", nameof(data));

    /// <inheritdoc />
    public sealed override ILogDensity LogLikelihood(ModelData data) => LogLikelihood(Counts(data));

    /// <summary>The log-likelihood of <paramref name="counts"/> over θ = ln φ, with its analytic gradient.</summary>
    public abstract ILogDensity LogLikelihood(RetentionCounts counts);

    /// <summary>
    /// The Beta mixing distribution's mean churn probability α/(α + β) matched to the churn per observed renewal
    /// opportunity, with α = 1 (at least half a churner is assumed, so that a cohort without churn starts finite).
    /// </summary>
    private protected static (double Alpha, double Beta) StartingBeta(RetentionCounts counts)
    {
        double exposure = Math.Max(counts.Exposure(), 1.0);
        double p = Math.Clamp(Math.Max(counts.Churners, 0.5) / exposure, 1e-6, 0.999);
        return (1.0, (1.0 - p) / p);
    }

    /// <inheritdoc />
    /// <remarks>
    /// α, β → ∞ with α/(α + β) fixed: every customer has the same churn probability (no heterogeneity, a constant
    /// retention rate); α → 0: the data show hardly any churn.
    /// </remarks>
    public override string? DescribeLimit(IReadOnlyList<double> estimate, IReadOnlyList<double> unconstrainedStandardErrors)
    {
        bool Loose(int j) => !(unconstrainedStandardErrors[j] <= FitVerdict.MaxUnconstrainedStandardError);
        if (Loose(0) && Loose(1) && estimate[0] > 100)
            return string.Create(CultureInfo.InvariantCulture,
                $"alpha, beta → ∞ with alpha/(alpha + beta) ≈ {estimate[0] / (estimate[0] + estimate[1]):G4} fixed: churn probabilities show no heterogeneity across customers (a constant retention rate)");
        if (Loose(0) && estimate[0] < 1e-3)
            return "alpha → 0: the data show hardly any churn";
        return null;
    }

    private sealed class RetentionFitData(RetentionCounts counts, int rows, TimeUnit period)
        : ModelData(new DataDescription(counts.TotalWeight, rows, counts.DistinctRows, 0, period))
    {
        public RetentionCounts Counts { get; } = counts;
    }
}
