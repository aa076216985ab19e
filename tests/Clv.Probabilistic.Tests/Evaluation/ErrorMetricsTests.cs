using Clv.Probabilistic.Evaluation;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Clv.Probabilistic.Tests.Evaluation;

public class ErrorMetricsTests
{
    [Fact]
    public void MatchesHandComputedExample()
    {
        double[] predicted = [2, 1, 5, 2];
        double[] actual = [1, 2, 3, 2];
        var m = ErrorMetrics.Compute(predicted, actual);
        // |e| = 1, 1, 2, 0 → MAE 1; e² = 1, 1, 4, 0 → MSE 1.5; mean actual 2, SST = 1 + 0 + 1 + 0 = 2 → R² = 1 − 6/2 = −2.
        Assert.Equal(4, m.Customers);
        Assert.Equal(1.0, m.MeanAbsoluteError, 14);
        Assert.Equal(Math.Sqrt(1.5), m.RootMeanSquaredError, 14);
        Assert.Equal(-2.0, m.RSquared!.Value, 14);
        Assert.Equal(0.5, m.Bias, 14);
        Assert.Equal(10, m.TotalPredicted, 14);
        Assert.Equal(8, m.TotalActual, 14);
    }

    [Fact]
    public void WeightedExampleMatchesHandComputation()
    {
        double[] predicted = [1, 4];
        double[] actual = [0, 2];
        double[] weights = [3, 1];
        var m = ErrorMetrics.Compute(predicted, actual, weights);
        // W = 4; errors 1, 2 → MAE (3 + 2)/4; MSE (3 + 4)/4; mean actual 0.5, SST = 3·0.25 + 2.25 = 3, SSE = 7.
        Assert.Equal(1.25, m.MeanAbsoluteError, 14);
        Assert.Equal(Math.Sqrt(1.75), m.RootMeanSquaredError, 14);
        Assert.Equal(1 - 7.0 / 3.0, m.RSquared!.Value, 14);
        Assert.Equal(1.25, m.Bias, 14);
        Assert.Equal(7, m.TotalPredicted, 14);
        Assert.Equal(2, m.TotalActual, 14);
    }

    [Fact]
    public void PerfectPredictionHasRSquaredOne()
    {
        double[] values = [0, 1, 5, 2];
        var m = ErrorMetrics.Compute(values, values);
        Assert.Equal(1.0, m.RSquared);
        Assert.Equal(0.0, m.RootMeanSquaredError);
    }

    [Fact]
    public void RSquaredIsNullWhenActualDoesNotVary()
    {
        var m = ErrorMetrics.Compute([1.0, 2.0], [3.0, 3.0]);
        Assert.Null(m.RSquared);
    }

    [Property(MaxTest = 200)]
    public Property MatchesBruteForceDefinitions() => Prop.ForAll(EvaluationGen.RowsArb(), rows =>
    {
        var m = ErrorMetrics.Compute(rows.Predicted, rows.Actual);
        int n = rows.Count;
        double mae = 0, mse = 0, bias = 0, mean = rows.Actual.Average(), sst = 0;
        for (int i = 0; i < n; i++)
        {
            double e = rows.Predicted[i] - rows.Actual[i];
            mae += Math.Abs(e) / n;
            mse += e * e / n;
            bias += e / n;
            sst += (rows.Actual[i] - mean) * (rows.Actual[i] - mean);
        }
        bool r2 = sst == 0 ? m.RSquared is null : Math.Abs(m.RSquared!.Value - (1 - mse * n / sst)) < 1e-9;
        return Math.Abs(m.MeanAbsoluteError - mae) < 1e-9 && Math.Abs(m.RootMeanSquaredError - Math.Sqrt(mse)) < 1e-9
            && Math.Abs(m.Bias - bias) < 1e-9 && r2;
    });

    [Property(MaxTest = 200)]
    public Property WeightsEqualRepeatedRows() => Prop.ForAll(EvaluationGen.RowsArb(), rows =>
    {
        var weighted = ErrorMetrics.Compute(rows.Predicted, rows.Actual, rows.Weights);
        var repeated = ErrorMetrics.Compute(rows.Expand(rows.Predicted), rows.Expand(rows.Actual));
        return Close(weighted.MeanAbsoluteError, repeated.MeanAbsoluteError)
            && Close(weighted.RootMeanSquaredError, repeated.RootMeanSquaredError)
            && Close(weighted.Bias, repeated.Bias)
            && Close(weighted.TotalPredicted, repeated.TotalPredicted)
            && Close(weighted.TotalActual, repeated.TotalActual)
            && Close(weighted.Customers, repeated.Customers)
            && (weighted.RSquared is null) == (repeated.RSquared is null)
            && (weighted.RSquared is null || Close(weighted.RSquared.Value, repeated.RSquared!.Value));
    });

    [Fact]
    public void LengthMismatchNamesTheArgument()
    {
        var e = Assert.Throws<ArgumentException>(() => ErrorMetrics.Compute([1.0, 2.0], [1.0]));
        Assert.Equal("actual", e.ParamName);
    }

    [Fact]
    public void NaNNamesArgumentAndRow()
    {
        var e = Assert.Throws<InvalidRowException>(() => ErrorMetrics.Compute([1.0, 2.0, 3.0], [1.0, double.NaN, 3.0]));
        Assert.Equal("actual", e.ParamName);
        Assert.Equal(1, e.Row);
    }

    [Fact]
    public void NegativeWeightNamesRow()
    {
        var e = Assert.Throws<InvalidRowException>(() => ErrorMetrics.Compute([1.0, 2.0], [1.0, 2.0], [1.0, -1.0]));
        Assert.Equal("weights", e.ParamName);
        Assert.Equal(1, e.Row);
    }

    [Fact]
    public void AllZeroWeightsThrow() =>
        Assert.Throws<ArgumentException>(() => ErrorMetrics.Compute([1.0], [1.0], [0.0]));

    [Fact]
    public void SpendCheckComparesOnlyCustomersWithHoldoutPurchases()
    {
        double[] predicted = [10, 20, 30, 40];
        double[] actual = [12, double.NaN, 27, 0];
        double[] holdout = [2, 0, 1, 0];
        var m = SpendCheck.Compute(predicted, actual, holdout);
        // rows 0 and 2: errors −2 and 3.
        Assert.Equal(2, m.Customers);
        Assert.Equal(2.5, m.MeanAbsoluteError, 14);
        Assert.Equal(Math.Sqrt(6.5), m.RootMeanSquaredError, 14);
        Assert.Equal(0.5, m.Bias, 14);
    }

    [Fact]
    public void SpendCheckRejectsNaNForBuyer()
    {
        var e = Assert.Throws<InvalidRowException>(() => SpendCheck.Compute([1.0, 2.0], [1.0, double.NaN], [1.0, 1.0]));
        Assert.Equal("actualSpend", e.ParamName);
        Assert.Equal(1, e.Row);
    }

    [Fact]
    public void SpendCheckWithoutBuyersThrows() =>
        Assert.Throws<ArgumentException>(() => SpendCheck.Compute([1.0], [1.0], [0.0]));

    private static bool Close(double a, double b) => Math.Abs(a - b) <= 1e-9 * Math.Max(1, Math.Abs(b));
}
