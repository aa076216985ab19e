using Clv.Probabilistic.Evaluation;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Clv.Probabilistic.Tests.Evaluation;

public class SegmentationTests
{
    private static readonly SegmentationOptions Options = new() { NewCustomerAge = 2 };

    [Fact]
    public void LifecycleFollowsTheDocumentedThresholds()
    {
        var stages = new Lifecycle[5];
        CustomerSegmentation.AssignLifecycle([1.0, 5, 5, 5, 5], [0.1, 0.7, 0.69, 0.3, 0.29], Options, stages);
        Assert.Equal([Lifecycle.New, Lifecycle.Active, Lifecycle.AtRisk, Lifecycle.AtRisk, Lifecycle.Lapsed], stages);
    }

    [Fact]
    public void TenDistinctValuesSplitOneTwoSeven()
    {
        double[] value = [5, 9, 1, 3, 10, 2, 8, 4, 7, 6];
        var tiers = new ValueTier[10];
        CustomerSegmentation.AssignValueTier(value, Options, tiers);
        Assert.Equal(ValueTier.Top, tiers[4]);
        Assert.Equal([ValueTier.Middle, ValueTier.Middle], new[] { tiers[1], tiers[6] });
        Assert.Equal(7, tiers.Count(t => t == ValueTier.Rest));
    }

    [Fact]
    public void TiedValuesShareTheHigherTier()
    {
        double[] value = [10, 10, 1, 1, 1, 1, 1, 1, 1, 1];
        var tiers = new ValueTier[10];
        CustomerSegmentation.AssignValueTier(value, Options, tiers);
        Assert.Equal(ValueTier.Top, tiers[0]);
        Assert.Equal(ValueTier.Top, tiers[1]);
        // Eight tied customers start at 20% above them, inside the middle band: all Middle.
        Assert.All(tiers.Skip(2), t => Assert.Equal(ValueTier.Middle, t));
    }

    [Property(MaxTest = 200)]
    public Property SegmentsPartitionEveryCustomerOnce() => Prop.ForAll(EvaluationGen.RowsArb(), rows =>
    {
        var t = rows.Frequency;
        var segments = CustomerSegmentation.Assign(t, rows.Probability, rows.Predicted, Options, rows.Weights);
        var table = SegmentTable.Build<CustomerSegment>(segments, rows.Predicted, rows.Weights, rows.Actual);
        double total = rows.Multiplicity.Sum();

        // Every customer's segment is the one the rules give, and the table counts each exactly once.
        bool rulesHold = true;
        for (int i = 0; i < rows.Count; i++)
        {
            var s = segments[i];
            bool isNew = t[i] < 2, active = rows.Probability[i] >= 0.7, atRisk = !active && rows.Probability[i] >= 0.3;
            var expected = isNew ? Lifecycle.New : active ? Lifecycle.Active : atRisk ? Lifecycle.AtRisk : Lifecycle.Lapsed;
            rulesHold &= s.Lifecycle == expected;
        }
        var count = new Dictionary<CustomerSegment, double>();
        for (int i = 0; i < rows.Count; i++) count[segments[i]] = count.GetValueOrDefault(segments[i]) + rows.Multiplicity[i];
        bool tableMatches = table.All(r => r.Customers == count[r.Segment])
            && table.Select(r => r.Segment).Distinct().Count() == table.Count
            && count.Where(p => p.Value > 0).All(p => table.Any(r => r.Segment.Equals(p.Key)));
        return rulesHold && tableMatches
            && Math.Abs(table.Sum(r => r.Customers) - total) < 1e-9
            && Math.Abs(table.Sum(r => r.Share) - 1) < 1e-12
            && Math.Abs(table.Sum(r => r.TotalExpectedValue) - rows.Predicted.Select((v, i) => v * rows.Multiplicity[i]).Sum()) < 1e-9;
    });

    [Property(MaxTest = 200)]
    public Property TiersAreMonotoneAndOrderFree() => Prop.ForAll(EvaluationGen.RowsArb(), rows =>
    {
        var tiers = new ValueTier[rows.Count];
        CustomerSegmentation.AssignValueTier(rows.Predicted, Options, tiers, rows.Weights);
        var reversed = new ValueTier[rows.Count];
        CustomerSegmentation.AssignValueTier(rows.Predicted.Reverse().ToArray(), Options, reversed, rows.Weights.Reverse().ToArray());
        Array.Reverse(reversed);
        bool monotone = true;
        for (int i = 0; i < rows.Count; i++)
            for (int j = 0; j < rows.Count; j++)
                if (rows.Predicted[i] > rows.Predicted[j]) monotone &= tiers[i] <= tiers[j];
                else if (rows.Predicted[i] == rows.Predicted[j]) monotone &= tiers[i] == tiers[j];
        return monotone && tiers.SequenceEqual(reversed);
    });

    [Property(MaxTest = 200)]
    public Property TierSizesFollowTheSharesForDistinctValues() => Prop.ForAll(Gen.Choose(1, 200).ToArbitrary(), n =>
    {
        var value = Enumerable.Range(0, n).Select(i => (double)((i * 7919) % n)).ToArray(); // a permutation of 0..n−1
        var tiers = new ValueTier[n];
        CustomerSegmentation.AssignValueTier(value, Options, tiers);
        int top = tiers.Count(t => t == ValueTier.Top), middle = tiers.Count(t => t == ValueTier.Middle);
        // Customer ranked r (0 = best) is Top iff r < n/10, Middle iff r < 3n/10: ⌈n/10⌉ and ⌈3n/10⌉ − ⌈n/10⌉.
        return (top == (n + 9) / 10 && middle == (3 * n + 9) / 10 - (n + 9) / 10)
            .Label($"n {n}: top {top}, middle {middle}");
    });

    [Property(MaxTest = 200)]
    public Property TierWeightsEqualRepeatedRows() => Prop.ForAll(EvaluationGen.RowsArb(), rows =>
    {
        var weighted = new ValueTier[rows.Count];
        CustomerSegmentation.AssignValueTier(rows.Predicted, Options, weighted, rows.Weights);
        var expanded = rows.Expand(rows.Predicted);
        var repeated = new ValueTier[expanded.Length];
        CustomerSegmentation.AssignValueTier(expanded, Options, repeated);
        var weightedExpanded = weighted.SelectMany((v, i) => Enumerable.Repeat(v, rows.Multiplicity[i]));
        return weightedExpanded.SequenceEqual(repeated);
    });

    [Fact]
    public void SegmentTableMatchesHandComputation()
    {
        Lifecycle[] segments = [Lifecycle.Lapsed, Lifecycle.Active, Lifecycle.Active];
        var table = SegmentTable.Build<Lifecycle>(segments, [2.0, 10.0, 30.0], holdoutPurchases: [0.0, 1.0, 3.0]);
        Assert.Equal(2, table.Count);
        Assert.Equal(new SegmentRow<Lifecycle>(Lifecycle.Active, 2, 2.0 / 3, 40, 20, 2), table[0]);
        Assert.Equal(new SegmentRow<Lifecycle>(Lifecycle.Lapsed, 1, 1.0 / 3, 2, 2, 0), table[1]);
    }

    [Fact]
    public void SegmentTableWithoutHoldoutHasNoHoldoutColumn()
    {
        var table = SegmentTable.Build<ValueTier>([ValueTier.Top], [5.0]);
        Assert.Null(table[0].MeanHoldoutPurchases);
    }

    [Fact]
    public void InconsistentThresholdsAreRejected() =>
        Assert.Throws<ArgumentOutOfRangeException>(() =>
            CustomerSegmentation.AssignLifecycle([1.0], [0.5], Options with { AtRiskThreshold = 0.8 }, new Lifecycle[1]));

    [Fact]
    public void NaNValueNamesTheRow()
    {
        var e = Assert.Throws<InvalidRowException>(() =>
            CustomerSegmentation.Assign([1.0, 3.0], [0.5, 0.5], [1.0, double.NaN], Options));
        Assert.Equal("expectedValue", e.ParamName);
        Assert.Equal(1, e.Row);
    }
}
