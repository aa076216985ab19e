using Clv.Probabilistic.Evaluation;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Clv.Probabilistic.Tests.Evaluation;

public class ProbabilityAliveCheckTests
{
    [Fact]
    public void MatchesHandComputedExampleWithTies()
    {
        double[] pAlive = [0.9, 0.8, 0.8, 0.3, 0.1];
        double[] holdout = [2, 1, 0, 0, 3];
        var check = ProbabilityAliveCheck.Compute(pAlive, holdout);
        // Buyers score 0.9, 0.8, 0.1; non-buyers 0.8, 0.3. Pairs won: 2 + (½ + 1) + 0 = 3.5 of 6.
        Assert.Equal(3.5 / 6.0, check.RocAuc!.Value, 14);
        // (0.1² + 0.2² + 0.8² + 0.3² + 0.9²) / 5 = 1.59 / 5.
        Assert.Equal(0.318, check.BrierScore, 14);
        Assert.Equal(3, check.Buyers);
        Assert.Equal(2, check.NonBuyers);
    }

    [Fact]
    public void PerfectSeparationGivesOneAndReversedGivesZero()
    {
        Assert.Equal(1.0, ProbabilityAliveCheck.AreaUnderRoc([0.1, 0.2, 0.7, 0.9], [false, false, true, true]));
        Assert.Equal(0.0, ProbabilityAliveCheck.AreaUnderRoc([0.1, 0.2, 0.7, 0.9], [true, true, false, false]));
        Assert.Equal(0.5, ProbabilityAliveCheck.AreaUnderRoc([0.5, 0.5, 0.5], [true, false, true]));
    }

    [Fact]
    public void AucIsNullWithOneClass()
    {
        var check = ProbabilityAliveCheck.Compute([0.2, 0.9], [1, 4]);
        Assert.Null(check.RocAuc);
        Assert.Equal((0.64 + 0.01) / 2, check.BrierScore, 14);
    }

    [Property(MaxTest = 300)]
    public Property AucEqualsFractionOfConcordantPairs() => Prop.ForAll(EvaluationGen.RowsArb(), rows =>
    {
        var positive = rows.Actual.Select(a => a > 5).ToArray();
        var w = rows.Weights;
        double won = 0, pairs = 0;
        for (int i = 0; i < rows.Count; i++)
            for (int j = 0; j < rows.Count; j++)
            {
                if (!positive[i] || positive[j]) continue;
                double pair = w[i] * w[j];
                pairs += pair;
                double si = rows.Probability[i], sj = rows.Probability[j];
                won += si > sj ? pair : si == sj ? pair / 2 : 0;
            }
        double? auc = ProbabilityAliveCheck.AreaUnderRoc(rows.Probability, positive, w);
        return pairs == 0 ? auc is null : auc is not null && Math.Abs(auc.Value - won / pairs) < 1e-12;
    });

    [Property(MaxTest = 200)]
    public Property WeightsEqualRepeatedRows() => Prop.ForAll(EvaluationGen.RowsArb(), rows =>
    {
        var weighted = ProbabilityAliveCheck.Compute(rows.Probability, rows.Actual, rows.Weights);
        var repeated = ProbabilityAliveCheck.Compute(rows.Expand(rows.Probability), rows.Expand(rows.Actual));
        return Math.Abs(weighted.BrierScore - repeated.BrierScore) < 1e-12
            && weighted.Buyers == repeated.Buyers
            && (weighted.RocAuc is null) == (repeated.RocAuc is null)
            && (weighted.RocAuc is null || Math.Abs(weighted.RocAuc.Value - repeated.RocAuc!.Value) < 1e-12);
    });

    [Fact]
    public void ProbabilityOutsideUnitIntervalNamesRow()
    {
        var e = Assert.Throws<InvalidRowException>(() => ProbabilityAliveCheck.Compute([0.5, 1.2], [0, 1]));
        Assert.Equal("probabilityAlive", e.ParamName);
        Assert.Equal(1, e.Row);
    }

    [Fact]
    public void NaNProbabilityNamesRow()
    {
        var e = Assert.Throws<InvalidRowException>(() => ProbabilityAliveCheck.Compute([double.NaN, 0.5], [0, 1]));
        Assert.Equal(0, e.Row);
    }

    [Fact]
    public void LengthMismatchNamesTheArgument()
    {
        var e = Assert.Throws<ArgumentException>(() => ProbabilityAliveCheck.Compute([0.5, 0.5], [1]));
        Assert.Equal("holdoutPurchases", e.ParamName);
    }
}
