using Clv.Probabilistic.Evaluation;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Clv.Probabilistic.Tests.Evaluation;

public class ConditionalExpectationTableTests
{
    [Fact]
    public void GroupsByFrequencyWithOpenEndedLastRow()
    {
        double[] frequency = [0, 0, 1, 3, 5, 2];
        double[] predicted = [0.1, 0.3, 1.0, 2.0, 4.0, 9.9];
        double[] actual = [0, 1, 2, 1, 5, 7];
        var table = ConditionalExpectationTable.Compute(frequency, predicted, actual, k: 3);

        Assert.Equal(["0", "1", "2", "3+"], table.Rows.Select(r => r.Label));
        Assert.Equal([2.0, 1.0, 1.0, 2.0], table.Rows.Select(r => r.Customers));
        Assert.Equal(0.2, table.Rows[0].MeanPredicted!.Value, 14);
        Assert.Equal(0.5, table.Rows[0].MeanActual!.Value, 14);
        Assert.Equal(3.0, table.Rows[3].MeanPredicted!.Value, 14);
        Assert.Equal(3.0, table.Rows[3].MeanActual!.Value, 14);
        Assert.True(table.Rows[3].IsOpenEnded);
    }

    [Fact]
    public void EmptyRowsHaveNoMeans()
    {
        var table = ConditionalExpectationTable.Compute([0.0], [0.5], [1.0]);
        Assert.Equal(8, table.Rows.Count);
        Assert.Equal("7+", table.Rows[7].Label);
        Assert.Null(table.Rows[4].MeanActual);
        Assert.Equal(0, table.Rows[4].Customers);
    }

    [Property(MaxTest = 200)]
    public Property WeightsEqualRepeatedRows() => Prop.ForAll(EvaluationGen.RowsArb(), rows =>
    {
        var weighted = ConditionalExpectationTable.Compute(rows.Frequency, rows.Predicted, rows.Actual, rows.Weights, k: 5);
        var repeated = ConditionalExpectationTable.Compute(rows.Expand(rows.Frequency), rows.Expand(rows.Predicted), rows.Expand(rows.Actual), k: 5);
        return weighted.Rows.Zip(repeated.Rows).All(p =>
            p.First.Customers == p.Second.Customers
            && Same(p.First.MeanActual, p.Second.MeanActual)
            && Same(p.First.MeanPredicted, p.Second.MeanPredicted));
    });

    [Property(MaxTest = 100)]
    public Property RowsAccountForEveryCustomer() => Prop.ForAll(EvaluationGen.RowsArb(), rows =>
    {
        var table = ConditionalExpectationTable.Compute(rows.Frequency, rows.Predicted, rows.Actual, rows.Weights);
        double total = table.Rows.Sum(r => r.Customers);
        double actual = table.Rows.Sum(r => r.Customers * (r.MeanActual ?? 0));
        double expectedActual = rows.Actual.Select((a, i) => a * rows.Multiplicity[i]).Sum();
        return total == rows.Multiplicity.Sum() && Math.Abs(actual - expectedActual) < 1e-9;
    });

    [Fact]
    public void FractionalFrequencyNamesRow()
    {
        var e = Assert.Throws<InvalidRowException>(() => ConditionalExpectationTable.Compute([1, 2.5], [1, 1], [1, 1]));
        Assert.Equal("calibrationFrequency", e.ParamName);
        Assert.Equal(1, e.Row);
    }

    [Fact]
    public void LengthMismatchNamesTheArgument()
    {
        var e = Assert.Throws<ArgumentException>(() => ConditionalExpectationTable.Compute([1, 2], [1, 1], [1]));
        Assert.Equal("actual", e.ParamName);
    }

    private static bool Same(double? a, double? b) =>
        a is null ? b is null : b is not null && Math.Abs(a.Value - b.Value) < 1e-12;
}
