using FsCheck;
using FsCheck.Fluent;

namespace Clv.Probabilistic.Tests.Evaluation;

/// <summary>Random per-customer rows for property tests, with whole-number multiplicities to expand into repeated rows.</summary>
public sealed record CustomerRows(double[] Predicted, double[] Actual, double[] Frequency, double[] Probability, int[] Multiplicity)
{
    public int Count => Predicted.Length;

    public double[] Weights => Multiplicity.Select(m => (double)m).ToArray();

    /// <summary>Each row repeated Multiplicity[i] times.</summary>
    public double[] Expand(double[] column) => column.SelectMany((v, i) => Enumerable.Repeat(v, Multiplicity[i])).ToArray();

    public override string ToString() =>
        $"predicted [{string.Join(", ", Predicted)}] actual [{string.Join(", ", Actual)}] frequency [{string.Join(", ", Frequency)}] " +
        $"probability [{string.Join(", ", Probability)}] multiplicity [{string.Join(", ", Multiplicity)}]";
}

public static class EvaluationGen
{
    /// <summary>1 to 40 rows; values on coarse grids so ties are common; multiplicities 0 to 4 with at least one positive.</summary>
    public static Gen<CustomerRows> Rows() =>
        from n in Gen.Choose(1, 40)
        from predicted in Gen.ArrayOf(Gen.Choose(0, 80), n)
        from actual in Gen.ArrayOf(Gen.Choose(0, 12), n)
        from frequency in Gen.ArrayOf(Gen.Choose(0, 12), n)
        from probability in Gen.ArrayOf(Gen.Choose(0, 10), n)
        from multiplicity in Gen.ArrayOf(Gen.Choose(0, 4), n)
        where multiplicity.Any(m => m > 0)
        select new CustomerRows(
            predicted.Select(v => v / 10.0).ToArray(),
            actual.Select(v => (double)v).ToArray(),
            frequency.Select(v => (double)v).ToArray(),
            probability.Select(v => v / 10.0).ToArray(),
            multiplicity);

    public static Arbitrary<CustomerRows> RowsArb() => Rows().ToArbitrary();
}
