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

    /// <summary>How customers are valued. Default: 12 months, discounted at 10% per year, per month, margin 1.</summary>
    public ClvOptions Valuation { get; init; } = new(12, TimeUnit.Months, DiscountRate.PerYear(0.10));

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
