using Clv.Probabilistic.Data;
using Clv.Probabilistic.Evaluation;
using Clv.Probabilistic.Inference;
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
    /// Posterior draws of the BG/NBD parameters (r, alpha, a, b) from a Bayesian fit; when given, the report adds their
    /// summary, trace and density plots and a posterior predictive check of the period-transactions histogram.
    /// </summary>
    public ParameterDraws? BgNbdDraws { get; init; }

    /// <summary>Seed of the posterior predictive replication.</summary>
    public int Seed { get; init; } = 20050101;
}
