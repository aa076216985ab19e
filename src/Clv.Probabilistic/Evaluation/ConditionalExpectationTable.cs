using System.Globalization;

namespace Clv.Probabilistic.Evaluation;

/// <summary>One row of a <see cref="ConditionalExpectationTable"/>.</summary>
/// <param name="Frequency">Calibration repeat-purchase count x of the row; for the open-ended row, its lower bound k.</param>
/// <param name="IsOpenEnded">True for the last row, x ≥ k.</param>
/// <param name="Customers">Total weight of the customers in the row (0 for an empty row).</param>
/// <param name="MeanActual">Weighted mean of actual holdout purchases; <c>null</c> for an empty row.</param>
/// <param name="MeanPredicted">Weighted mean of predicted holdout purchases; <c>null</c> for an empty row.</param>
public sealed record ConditionalExpectationRow(int Frequency, bool IsOpenEnded, double Customers, double? MeanActual, double? MeanPredicted)
{
    /// <summary>The row's label: <c>"3"</c>, or <c>"7+"</c> for the open-ended row.</summary>
    public string Label => IsOpenEnded
        ? Frequency.ToString(CultureInfo.InvariantCulture) + "+"
        : Frequency.ToString(CultureInfo.InvariantCulture);
}

/// <summary>
/// The table of conditional expectations: customers grouped by calibration repeat-purchase count x = 0, 1, …, k − 1 and
/// x ≥ k, with the mean actual and mean predicted number of holdout purchases in each group.
/// </summary>
/// <remarks>
/// This is the validation display of Fader, Hardie &amp; Lee (2005), "Counting Your Customers the Easy Way: An
/// Alternative to the Pareto/NBD Model", Marketing Science 24(2), section 5 (CDNOW, groups 0 to 7+, so k = 7), and of
/// Schmittlein &amp; Peterson (1994). It shows whether the model's conditional expectation E[Y(t*) | x, t_x, T] follows
/// the observed holdout behaviour across light and heavy buyers, which the aggregate totals cannot show.
/// </remarks>
public sealed class ConditionalExpectationTable
{
    private ConditionalExpectationTable(ConditionalExpectationRow[] rows) => Rows = rows;

    /// <summary>Rows x = 0, …, k − 1 then k+, in that order; empty groups are kept with <c>null</c> means.</summary>
    public IReadOnlyList<ConditionalExpectationRow> Rows { get; }

    /// <summary>Builds the table.</summary>
    /// <param name="calibrationFrequency">x per customer: repeat purchases in the calibration period (whole, ≥ 0).</param>
    /// <param name="predicted">Predicted holdout purchases per customer.</param>
    /// <param name="actual">Actual holdout purchases per customer.</param>
    /// <param name="weights">How many customers each row stands for; empty means 1 each.</param>
    /// <param name="k">Lower bound of the open-ended last row; ≥ 1. Default 7, as in the paper.</param>
    /// <exception cref="ArgumentException">Lengths differ.</exception>
    /// <exception cref="InvalidRowException">A value is not finite, a frequency is not a whole non-negative number, or a weight is invalid.</exception>
    public static ConditionalExpectationTable Compute(ReadOnlySpan<double> calibrationFrequency, ReadOnlySpan<double> predicted,
        ReadOnlySpan<double> actual, ReadOnlySpan<double> weights = default, int k = 7)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        int n = calibrationFrequency.Length;
        Input.SameLength(n, nameof(calibrationFrequency), predicted.Length, nameof(predicted));
        Input.SameLength(n, nameof(calibrationFrequency), actual.Length, nameof(actual));
        Input.WholeNonNegative(calibrationFrequency, nameof(calibrationFrequency));
        Input.Finite(predicted, nameof(predicted));
        Input.Finite(actual, nameof(actual));
        Input.Weights(weights, n, nameof(weights));

        var customers = new double[k + 1];
        var sumActual = new double[k + 1];
        var sumPredicted = new double[k + 1];
        for (int i = 0; i < n; i++)
        {
            int bin = (int)Math.Min(calibrationFrequency[i], k);
            double w = Input.Weight(weights, i);
            customers[bin] += w;
            sumActual[bin] += w * actual[i];
            sumPredicted[bin] += w * predicted[i];
        }

        var rows = new ConditionalExpectationRow[k + 1];
        for (int b = 0; b <= k; b++)
        {
            bool any = customers[b] > 0;
            rows[b] = new ConditionalExpectationRow(b, b == k, customers[b],
                any ? sumActual[b] / customers[b] : null,
                any ? sumPredicted[b] / customers[b] : null);
        }
        return new ConditionalExpectationTable(rows);
    }
}
