namespace Clv.Probabilistic.Evaluation;

/// <summary>
/// Accuracy of per-customer predictions against what customers actually did in a holdout period: mean absolute error,
/// root mean squared error, coefficient of determination, bias and totals, all weighted by optional row weights.
/// </summary>
/// <remarks>
/// With weights w_i (1 when omitted), predictions p_i and actual values a_i, W = Σ w_i and ā = Σ w_i a_i / W:
/// MAE = Σ w_i |p_i − a_i| / W; RMSE = √(Σ w_i (p_i − a_i)² / W); R² = 1 − SSE/SST with SSE = Σ w_i (p_i − a_i)² and
/// SST = Σ w_i (a_i − ā)²; bias = Σ w_i (p_i − a_i) / W (positive: the model over-predicts). A weight of m is the same as
/// m identical rows. Definitions as in Hyndman &amp; Koehler (2006), "Another look at measures of forecast accuracy",
/// International Journal of Forecasting 22(4), section 3; R² is the usual coefficient of determination of the
/// predictions (not of a regression refit), so it is negative when the predictions do worse than the mean.
/// The holdout design follows Fader, Hardie &amp; Lee (2005), "Counting Your Customers the Easy Way", section 5.
/// </remarks>
/// <param name="Customers">W, the total weight of the rows compared.</param>
/// <param name="MeanAbsoluteError">MAE.</param>
/// <param name="RootMeanSquaredError">RMSE.</param>
/// <param name="RSquared">1 − SSE/SST; <c>null</c> when the actual values do not vary (SST = 0), where it is undefined.</param>
/// <param name="Bias">Mean of predicted − actual.</param>
/// <param name="TotalPredicted">Σ w_i p_i.</param>
/// <param name="TotalActual">Σ w_i a_i.</param>
public sealed record ErrorMetrics(
    double Customers,
    double MeanAbsoluteError,
    double RootMeanSquaredError,
    double? RSquared,
    double Bias,
    double TotalPredicted,
    double TotalActual)
{
    /// <summary>Compares per-customer predictions with actual holdout values.</summary>
    /// <param name="predicted">Predicted value per customer (for example expected holdout purchases).</param>
    /// <param name="actual">Actual value per customer.</param>
    /// <param name="weights">How many customers each row stands for; empty means 1 each.</param>
    /// <exception cref="ArgumentException">Lengths differ, or the weights sum to 0.</exception>
    /// <exception cref="InvalidRowException">A value or weight is not finite, or a weight is negative.</exception>
    public static ErrorMetrics Compute(ReadOnlySpan<double> predicted, ReadOnlySpan<double> actual, ReadOnlySpan<double> weights = default)
    {
        Input.SameLength(predicted.Length, nameof(predicted), actual.Length, nameof(actual));
        Input.Finite(predicted, nameof(predicted));
        Input.Finite(actual, nameof(actual));
        Input.Weights(weights, predicted.Length, nameof(weights));
        return Accumulate(predicted, actual, weights, include: default, nameof(weights));
    }

    /// <summary>
    /// The metrics over the rows where <paramref name="include"/> is positive (all rows when it is empty); inputs are
    /// already validated for those rows.
    /// </summary>
    internal static ErrorMetrics Accumulate(ReadOnlySpan<double> predicted, ReadOnlySpan<double> actual, ReadOnlySpan<double> weights,
        ReadOnlySpan<double> include, string weightsName)
    {
        double total = 0, sumPredicted = 0, sumActual = 0;
        for (int i = 0; i < predicted.Length; i++)
        {
            if (!include.IsEmpty && !(include[i] > 0)) continue;
            double w = Input.Weight(weights, i);
            total += w;
            sumPredicted += w * predicted[i];
            sumActual += w * actual[i];
        }
        if (!(total > 0))
            throw new ArgumentException("No customers to compare: the weights of the compared rows sum to 0.", weightsName);

        double meanActual = sumActual / total;
        double absolute = 0, squared = 0, spread = 0;
        for (int i = 0; i < predicted.Length; i++)
        {
            if (!include.IsEmpty && !(include[i] > 0)) continue;
            double w = Input.Weight(weights, i);
            double error = predicted[i] - actual[i];
            double deviation = actual[i] - meanActual;
            absolute += w * Math.Abs(error);
            squared += w * error * error;
            spread += w * deviation * deviation;
        }
        return new ErrorMetrics(
            total,
            absolute / total,
            Math.Sqrt(squared / total),
            spread > 0 ? 1.0 - squared / spread : null,
            (sumPredicted - sumActual) / total,
            sumPredicted,
            sumActual);
    }
}
