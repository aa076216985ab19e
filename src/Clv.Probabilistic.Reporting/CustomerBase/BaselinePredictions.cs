using Clv.Probabilistic.Evaluation;

namespace Clv.Probabilistic.Reporting.CustomerBase;

/// <summary>Another predictor's holdout purchases per customer, to be compared side by side with the model's.</summary>
/// <param name="Name">Short name for tables, for example "Gradient-boosted trees (ML.NET)".</param>
/// <param name="Predicted">Predicted holdout purchases, aligned with the calibration summary's rows.</param>
/// <param name="Description">How the predictions were made, shown under the comparison table; null for none.</param>
public sealed record BaselinePredictions(string Name, double[] Predicted, string? Description = null);

/// <summary>One row of the side-by-side comparison: a predictor's holdout accuracy.</summary>
/// <param name="Name">The predictor.</param>
/// <param name="Metrics">Its MAE, RMSE, R², bias and totals against the actual holdout purchases.</param>
/// <param name="Description">How its predictions were made, if given.</param>
public sealed record PredictorAccuracy(string Name, ErrorMetrics Metrics, string? Description);
