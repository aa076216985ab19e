namespace Clv.Probabilistic.Evaluation;

/// <summary>
/// A model's holdout accuracy next to the naive baselines of <see cref="NaiveBaselines"/>, on the same customers and
/// the same holdout, so a user sees whether the model earns its complexity.
/// </summary>
/// <param name="Model">The model's predictions against the holdout.</param>
/// <param name="RateExtrapolation">x / T × t* against the holdout.</param>
/// <param name="LastPeriodRepeats">Last-period rate against the holdout; <c>null</c> when last-period counts were not given.</param>
public sealed record BaselineComparison(ErrorMetrics Model, ErrorMetrics RateExtrapolation, ErrorMetrics? LastPeriodRepeats)
{
    /// <summary>Evaluates the model and the baselines on one holdout.</summary>
    /// <param name="predicted">Model's expected holdout purchases per customer.</param>
    /// <param name="actual">Actual holdout purchases per customer.</param>
    /// <param name="frequency">x per customer (calibration repeat purchases).</param>
    /// <param name="t">T per customer.</param>
    /// <param name="holdoutDuration">t*, length of the holdout period in the unit of <paramref name="t"/>.</param>
    /// <param name="weights">How many customers each row stands for; empty means 1 each.</param>
    /// <param name="lastPeriodPurchases">Repeat purchases in the last <paramref name="periodLength"/> of calibration; empty to skip that baseline.</param>
    /// <param name="periodLength">L for the last-period baseline; 0 means L = t*.</param>
    public static BaselineComparison Compute(ReadOnlySpan<double> predicted, ReadOnlySpan<double> actual, ReadOnlySpan<double> frequency,
        ReadOnlySpan<double> t, double holdoutDuration, ReadOnlySpan<double> weights = default,
        ReadOnlySpan<double> lastPeriodPurchases = default, double periodLength = 0)
    {
        var model = ErrorMetrics.Compute(predicted, actual, weights);
        var baseline = new double[predicted.Length];
        Input.SameLength(predicted.Length, nameof(predicted), frequency.Length, nameof(frequency));
        NaiveBaselines.RateExtrapolation(frequency, t, holdoutDuration, baseline);
        var rate = ErrorMetrics.Compute(baseline, actual, weights);
        if (lastPeriodPurchases.IsEmpty) return new BaselineComparison(model, rate, null);

        Input.SameLength(predicted.Length, nameof(predicted), lastPeriodPurchases.Length, nameof(lastPeriodPurchases));
        NaiveBaselines.LastPeriodRepeats(lastPeriodPurchases, t, periodLength == 0 ? holdoutDuration : periodLength, holdoutDuration, baseline);
        return new BaselineComparison(model, rate, ErrorMetrics.Compute(baseline, actual, weights));
    }
}
