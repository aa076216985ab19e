using Clv.Probabilistic.Data;
using Clv.Probabilistic.Evaluation;
using Clv.Probabilistic.Valuation;

namespace Clv.Probabilistic.Reporting.CustomerBase;

/// <summary>What a <see cref="CustomerBaseReport"/> shows beyond the fitted models and the data.</summary>
public sealed record CustomerBaseReportOptions
{
    /// <summary>Title of the page.</summary>
    public string Title { get; init; } = "Customer base report";

    /// <summary>Line under the title (data set, date); null for none.</summary>
    public string? Subtitle { get; init; }

    /// <summary>
    /// How customers are valued. Default: 12 months, discounted at 1% per month at the end of each month, margin 1 (the
    /// defaults of <c>clv demo</c> and <c>clv report</c>, so the page and the console agree).
    /// </summary>
    public ClvOptions Valuation { get; init; } = ClvOptions.Monthly(12, DiscountRate.PerMonth(0.01));

    /// <summary>Level of the intervals the page shows (the total value and the most valuable customers). Default 0.9.</summary>
    public double IntervalLevel { get; init; } = 0.9;

    /// <summary>At most this many parameter draws evaluate those intervals (each costs one valuation of the whole base). Default 200.</summary>
    public int IntervalDraws { get; init; } = 200;

    /// <summary>
    /// The frequency–recency heat maps span repeat purchases x from 0 to the smallest x that covers this share of the
    /// customers (by weight), so the few heaviest buyers do not squeeze everyone else into one corner. Default 0.99.
    /// </summary>
    public double HeatmapCoverage { get; init; } = 0.99;

    /// <summary>
    /// Segment thresholds; null uses the defaults of <see cref="SegmentationOptions"/> with customers younger than
    /// 4 weeks (in the model's time unit) counted as new.
    /// </summary>
    public SegmentationOptions? Segmentation { get; init; }

    /// <summary>How many of the most valuable customers to list. Default 20.</summary>
    public int TopCustomers { get; init; } = 20;

    /// <summary>Further predictors of the holdout purchases to compare with the model (for example the ML.NET baseline).</summary>
    public IReadOnlyList<BaselinePredictions> Baselines { get; init; } = [];

    /// <summary>
    /// Whether the page shows the purchase-model fit's parameter draws: their summary, trace and density plots, and a
    /// posterior predictive check of the period-transactions histogram. Null (the default) shows them for a NUTS fit,
    /// whose draws are the posterior sample; true also for the draws of a maximum-likelihood, MAP or Laplace fit (from
    /// the normal approximation at its estimate); false never. A fit without draws shows none.
    /// </summary>
    public bool? ShowDraws { get; init; }

    /// <summary>At most this many evenly spaced draws replicate the histogram. Default 200.</summary>
    public int PredictiveCheckDraws { get; init; } = 200;

    /// <summary>Seed of the posterior predictive replication.</summary>
    public int Seed { get; init; } = 20050101;
}
