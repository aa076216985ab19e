using Clv.Probabilistic.Evaluation;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Clv.Probabilistic.Tests.Evaluation;

public class NaiveBaselinesTests
{
    [Fact]
    public void RateExtrapolationMatchesHandComputation()
    {
        var result = new double[3];
        NaiveBaselines.RateExtrapolation([2.0, 0.0, 3.0], [4.0, 0.0, 6.0], 2.0, result);
        Assert.Equal([1.0, 0.0, 1.0], result);
    }

    [Fact]
    public void LastPeriodRepeatsMatchesHandComputation()
    {
        var result = new double[3];
        // Third customer is younger than the window: rated over its life (T = 2).
        NaiveBaselines.LastPeriodRepeats([1.0, 2.0, 1.0], [10.0, 1.0, 2.0], periodLength: 4, holdoutDuration: 8, result);
        Assert.Equal([2.0, 16.0, 4.0], result);
    }

    [Property(MaxTest = 100)]
    public Property LastPeriodCoveringWholeLifeIsRateExtrapolation() => Prop.ForAll(EvaluationGen.RowsArb(), rows =>
    {
        var t = rows.Actual; // 0..12
        var rate = new double[rows.Count];
        var last = new double[rows.Count];
        NaiveBaselines.RateExtrapolation(rows.Frequency, t, 5.0, rate);
        NaiveBaselines.LastPeriodRepeats(rows.Frequency, t, periodLength: 100, holdoutDuration: 5.0, last);
        return rate.Zip(last).All(p => Math.Abs(p.First - p.Second) < 1e-12);
    });

    [Fact]
    public void ComparisonScoresModelAndBaselinesOnTheSameHoldout()
    {
        double[] actual = [1, 0, 2];
        var c = BaselineComparison.Compute(predicted: [1.0, 0.0, 2.0], actual, frequency: [2.0, 0.0, 3.0], t: [4.0, 2.0, 6.0],
            holdoutDuration: 2, lastPeriodPurchases: [0.0, 0.0, 2.0]);
        Assert.Equal(0.0, c.Model.MeanAbsoluteError);
        // Rate extrapolation predicts 1, 0, 1 → errors 0, 0, −1.
        Assert.Equal(1.0 / 3, c.RateExtrapolation.MeanAbsoluteError, 14);
        // Last period (L = t* = 2) predicts 0, 0, 2 → errors −1, 0, 0.
        Assert.Equal(-1.0 / 3, c.LastPeriodRepeats!.Bias, 14);
    }

    [Fact]
    public void NegativeTNamesTheRow()
    {
        var e = Assert.Throws<InvalidRowException>(() => NaiveBaselines.RateExtrapolation([1.0, 1.0], [1.0, -2.0], 1.0, new double[2]));
        Assert.Equal("t", e.ParamName);
        Assert.Equal(1, e.Row);
    }

    [Fact]
    public void DestinationLengthIsChecked()
    {
        var e = Assert.Throws<ArgumentException>(() => NaiveBaselines.RateExtrapolation([1.0], [1.0], 1.0, new double[2]));
        Assert.Equal("destination", e.ParamName);
    }
}
