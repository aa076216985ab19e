using Clv.Probabilistic.Evaluation;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Clv.Probabilistic.Tests.Evaluation;

public class TrackingCurveTests
{
    [Fact]
    public void MatchesHandComputedCohort()
    {
        // Customers start at 0 and 1; the model expects 0.5 repeat purchases per unit of life.
        var curve = TrackingCurve.FromPurchases([0.0, 1.0], [0.5, 2.0, 2.5], [1.0, 2.0, 3.0], t => 0.5 * t);
        Assert.Equal([0.5, 1.5, 2.5], curve.PredictedCumulative.ToArray());
        Assert.Equal([1.0, 2.0, 3.0], curve.ActualCumulative.ToArray());
        Assert.Equal([0.5, 1.0, 1.0], curve.PredictedIncremental.ToArray());
        Assert.Equal([1.0, 1.0, 1.0], curve.ActualIncremental.ToArray());
    }

    [Property(MaxTest = 100)]
    public Property ExpectedCumulativeMatchesPerCustomerSum() => Prop.ForAll(EvaluationGen.RowsArb(), rows =>
    {
        var starts = rows.Frequency; // whole numbers 0..12, so cohorts share start times
        double[] times = [1, 2.5, 4, 7, 10, 13];
        static double Model(double t) => 0.7 * Math.Sqrt(t) + 0.1 * t;
        var grouped = TrackingCurve.ExpectedCumulative(starts, times, Model, rows.Weights);
        bool ok = true;
        for (int j = 0; j < times.Length; j++)
        {
            double direct = 0;
            for (int i = 0; i < rows.Count; i++)
                if (starts[i] < times[j]) direct += rows.Multiplicity[i] * Model(times[j] - starts[i]);
            ok &= Math.Abs(grouped[j] - direct) < 1e-9 * Math.Max(1, direct);
        }
        return ok;
    });

    [Fact]
    public void IncrementalAndCumulativeAgree()
    {
        double[] times = [1, 2, 3, 4];
        var fromIncremental = TrackingCurve.FromIncremental(times, [3, 0, 2, 5], [2.5, 1, 1.5, 4]);
        var fromCumulative = TrackingCurve.FromCumulative(times, [3, 3, 5, 10], [2.5, 3.5, 5, 9]);
        Assert.Equal(fromCumulative.ActualCumulative.ToArray(), fromIncremental.ActualCumulative.ToArray());
        Assert.Equal(fromCumulative.PredictedCumulative.ToArray(), fromIncremental.PredictedCumulative.ToArray());
        Assert.Equal(fromIncremental.ActualIncremental.ToArray(), fromCumulative.ActualIncremental.ToArray());
        Assert.Equal(fromIncremental.PredictedIncremental.ToArray(), fromCumulative.PredictedIncremental.ToArray());
    }

    [Fact]
    public void CountsTransactionsAtTheBoundaryInTheEarlierPeriod() =>
        Assert.Equal([2.0, 2.0, 4.0], TrackingCurve.CountCumulative([1.0, 0.2, 3.0, 2.5], [1.0, 2.0, 3.0]));

    [Fact]
    public void NonIncreasingTimesNameTheRow()
    {
        var e = Assert.Throws<InvalidRowException>(() => TrackingCurve.FromCumulative([1.0, 3.0, 3.0], [0, 0, 0], [0, 0, 0]));
        Assert.Equal("times", e.ParamName);
        Assert.Equal(2, e.Row);
    }

    [Fact]
    public void ModelReturningNaNIsReported() =>
        Assert.Throws<InvalidOperationException>(() => TrackingCurve.FromPurchases([0.0], [], [1.0], _ => double.NaN));

    [Fact]
    public void LengthMismatchNamesTheArgument()
    {
        var e = Assert.Throws<ArgumentException>(() => TrackingCurve.FromIncremental([1.0, 2.0], [1.0], [1.0, 2.0]));
        Assert.Equal("actualIncremental", e.ParamName);
    }
}
