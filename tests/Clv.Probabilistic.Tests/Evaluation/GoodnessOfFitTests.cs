using Clv.Probabilistic.Evaluation;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using MathNet.Numerics.Distributions;
using MathNet.Numerics.Random;

namespace Clv.Probabilistic.Tests.Evaluation;

public class GoodnessOfFitTests
{
    [Fact]
    public void ExpectedCountsMatchHandComputation()
    {
        double[] frequency = [0, 3];
        double[] probabilities = [0.5, 0.3, 0.2, 0.2];
        var h = PeriodTransactionsHistogram.Compute(frequency, probabilities, k: 2);
        Assert.Equal([0.7, 0.5, 0.8], h.Expected.ToArray().Select(v => Math.Round(v, 12)));
        Assert.Equal([1.0, 0.0, 1.0], h.Observed.ToArray());
        Assert.Equal("2+", h.Label(2));
    }

    [Property(MaxTest = 100)]
    public Property ExpectedCountsSumToCustomersAndDelegateEqualsArray() => Prop.ForAll(EvaluationGen.RowsArb(), rows =>
    {
        const int k = 4;
        var rate = rows.Predicted.Select(p => p + 0.05).ToArray();
        double Pmf(int n, int i) => Poisson.PMF(rate[i], n);
        var table = new double[rows.Count * k];
        for (int i = 0; i < rows.Count; i++)
            for (int n = 0; n < k; n++) table[i * k + n] = Pmf(n, i);

        var fromDelegate = PeriodTransactionsHistogram.Compute(rows.Frequency, Pmf, rows.Weights, k);
        var fromArray = PeriodTransactionsHistogram.Compute(rows.Frequency, table, rows.Weights, k);
        double customers = rows.Multiplicity.Sum();
        // Bins below k: Σ_i m_i P(n | λ_i); the last: Σ_i m_i P(N ≥ k | λ_i), from MathNet's CDF.
        bool direct = true;
        for (int n = 0; n <= k; n++)
        {
            double sum = 0;
            for (int i = 0; i < rows.Count; i++)
                sum += rows.Multiplicity[i] * (n < k ? Poisson.PMF(rate[i], n) : 1 - Poisson.CDF(rate[i], k - 1));
            direct &= Math.Abs(fromDelegate.Expected[n] - sum) < 1e-9 * Math.Max(1, sum);
        }
        return Math.Abs(fromDelegate.Expected.ToArray().Sum() - customers) < 1e-9 * customers
            && Math.Abs(fromDelegate.Observed.ToArray().Sum() - customers) < 1e-12
            && fromDelegate.Expected.SequenceEqual(fromArray.Expected)
            && direct;
    });

    [Property(MaxTest = 100)]
    public Property WeightsEqualRepeatedRows() => Prop.ForAll(EvaluationGen.RowsArb(), rows =>
    {
        var rate = rows.Predicted.Select(p => p + 0.05).ToArray();
        var expandedRate = rows.Expand(rate);
        var weighted = PeriodTransactionsHistogram.Compute(rows.Frequency, (n, i) => Poisson.PMF(rate[i], n), rows.Weights, 5);
        var repeated = PeriodTransactionsHistogram.Compute(rows.Expand(rows.Frequency), (n, i) => Poisson.PMF(expandedRate[i], n), default, 5);
        bool same = true;
        for (int b = 0; b <= 5; b++)
            same &= Math.Abs(weighted.Expected[b] - repeated.Expected[b]) < 1e-9 && weighted.Observed[b] == repeated.Observed[b];
        return same;
    });

    [Theory]
    [InlineData(11.0705, 5, 0.05)]
    [InlineData(3.8415, 1, 0.05)]
    [InlineData(6.6349, 1, 0.01)]
    [InlineData(18.307, 10, 0.05)]
    [InlineData(23.209, 10, 0.01)]
    public void PValueMatchesPublishedCriticalValues(double statistic, int df, double p) =>
        Assert.Equal(p, ChiSquareTest.UpperTail(statistic, df), 4);

    [Theory]
    [InlineData(0.5, 1)]
    [InlineData(4.2, 3)]
    [InlineData(12.0, 7)]
    [InlineData(30.0, 20)]
    public void PValueAgreesWithChiSquaredCdf(double statistic, int df) =>
        Assert.Equal(1 - ChiSquared.CDF(df, statistic), ChiSquareTest.UpperTail(statistic, df), 12);

    [Fact]
    public void PoolsSmallBinsByTheDocumentedRule()
    {
        double[] expected = [50, 30, 10, 4, 3, 2, 1];
        double[] observed = [48, 33, 9, 5, 2, 2, 1];
        var test = ChiSquareTest.Compute(observed, expected, fittedParameters: 1);
        // 1 joins 2 → [.., 4, 3, 3]; the first 3 joins its smaller neighbour 3 → [.., 4, 6]; 4 joins 6 → bins 3–6 expect 10.
        Assert.Equal([(0, 0), (1, 1), (2, 2), (3, 6)], test.Bins.Select(b => (b.FirstBin, b.LastBin)));
        Assert.Equal([48.0, 33.0, 9.0, 10.0], test.Bins.Select(b => b.Observed));
        Assert.Equal(4.0 / 50 + 9.0 / 30 + 1.0 / 10, test.Statistic, 12);
        Assert.Equal(2, test.DegreesOfFreedom);
        // χ² with 2 df has survival function exp(−x/2).
        Assert.Equal(Math.Exp(-test.Statistic / 2), test.PValue!.Value, 12);
    }

    [Theory]
    [InlineData(new[] { 3.0, 20, 2, 6, 40 }, new[] { 0, 1, 2, 3, 4, 4 })] // 2 joins its smaller neighbour 6, then 3 joins 20
    [InlineData(new[] { 5.0, 2, 5, 10 }, new[] { 0, 1, 2, 2, 3, 3 })]     // neighbours tie at 5: the lower one is taken
    [InlineData(new[] { 1.0, 1, 1 }, new[] { 0, 2 })]                     // never enough: everything pools into one bin
    public void PoolingChoosesNeighboursByTheDocumentedRule(double[] expected, int[] ranges)
    {
        var test = ChiSquareTest.Compute(new double[expected.Length], expected, fittedParameters: 0);
        Assert.Equal(ranges, test.Bins.SelectMany(b => new[] { b.FirstBin, b.LastBin }));
    }

    [Fact]
    public void TooFewBinsGiveNoPValue()
    {
        var test = ChiSquareTest.Compute([10.0, 12.0], [11.0, 11.0], fittedParameters: 1);
        Assert.Equal(0, test.DegreesOfFreedom);
        Assert.Null(test.PValue);
    }

    [Fact]
    public void TestIsCalibratedWhenDataComeFromTheModel()
    {
        // Customers with Poisson(λ_i) counts; under the true model, p < 0.05 should happen about 5% of the time.
        var rng = new Xoshiro256StarStar(20261124);
        const int customers = 300, replications = 400;
        var rate = Enumerable.Range(0, customers).Select(i => 0.5 + 0.5 * (i % 5)).ToArray();
        var frequency = new double[customers];
        int rejected = 0;
        for (int r = 0; r < replications; r++)
        {
            for (int i = 0; i < customers; i++) frequency[i] = Poisson.Sample(rng, rate[i]);
            var h = PeriodTransactionsHistogram.Compute(frequency, (n, i) => Poisson.PMF(rate[i], n));
            if (h.Test(fittedParameters: 0).PValue < 0.05) rejected++;
        }
        double share = (double)rejected / replications;
        Assert.InRange(share, 0.02, 0.085);
    }

    [Fact]
    public void TestRejectsAWrongModel()
    {
        var rng = new Xoshiro256StarStar(7);
        const int customers = 2000;
        var frequency = Enumerable.Range(0, customers).Select(_ => (double)Poisson.Sample(rng, 3.0)).ToArray();
        var h = PeriodTransactionsHistogram.Compute(frequency, (n, i) => Poisson.PMF(2.0, n));
        Assert.True(h.Test(fittedParameters: 1).PValue < 1e-6);
    }

    [Fact]
    public void ProbabilitiesAboveOneNameTheCustomer()
    {
        var e = Assert.Throws<InvalidRowException>(() =>
            PeriodTransactionsHistogram.Compute([0.0, 1.0], (n, i) => i == 1 ? 0.6 : 0.1, default, 3));
        Assert.Equal("probability", e.ParamName);
        Assert.Equal(1, e.Row);
    }

    [Fact]
    public void NaNProbabilityNamesTheCustomer()
    {
        var e = Assert.Throws<InvalidRowException>(() =>
            PeriodTransactionsHistogram.Compute([0.0, 1.0], [0.5, 0.2, double.NaN, 0.1], default, 2));
        Assert.Equal("probabilities", e.ParamName);
        Assert.Equal(1, e.Row);
    }

    [Fact]
    public void WrongProbabilityTableSizeThrows()
    {
        var e = Assert.Throws<ArgumentException>(() => PeriodTransactionsHistogram.Compute([0.0, 1.0], [0.5, 0.2, 0.1], default, 2));
        Assert.Equal("probabilities", e.ParamName);
    }

    [Fact]
    public void PosteriorPredictivePValueMatchesHandComputation()
    {
        double[] observed = [7, 3];
        double[] replicated = [5, 5, 8, 2, 4, 6, 10, 0];
        double[] expected = [5, 5, 5, 5, 5, 5, 5, 5];
        var check = PosteriorPredictiveCheck.Compute(observed, replicated, expected, level: 0.5);
        // D(obs) = (4 + 4)/5 = 1.6; D(rep) = 0, 3.6, 0.4, 10 → two of four at least 1.6.
        Assert.Equal(0.5, check.PValue);
        // Bin 0 sorted 4, 5, 8, 10: quantiles at positions 0.75, 1.5, 2.25.
        Assert.Equal(4.75, check.Lower[0], 12);
        Assert.Equal(6.5, check.Median[0], 12);
        Assert.Equal(8.5, check.Upper[0], 12);
        Assert.False(check.Outside[0]);
    }

    [Fact]
    public void QuantileMatchesHyndmanFanDefinitionSeven() =>
        // R: quantile(1:4, 0.9) = 3.7 (type 7, the default).
        Assert.Equal(3.7, PosteriorPredictiveCheck.SortedQuantile([1.0, 2.0, 3.0, 4.0], 0.9), 12);

    [Fact]
    public void PosteriorPredictiveFlagsAnImpossibleObservation()
    {
        double[] observed = [0, 0, 50];
        double[] replicated = [20, 30, 0, 25, 25, 0, 30, 20, 0];
        var check = PosteriorPredictiveCheck.Compute(observed, replicated);
        Assert.Equal(0.0, check.PValue);
        Assert.True(check.Outside[2]);
    }

    [Fact]
    public void PosteriorPredictivePValueIsUniformWhenTheModelIsTrue()
    {
        // Posterior concentrated on the true Poisson(2): observed and replicated histograms are i.i.d., so the p-value
        // P(D(rep) ≥ D(obs)) is (up to discreteness) uniform, with mean ½ and about 10% of values below 0.1.
        var rng = new Xoshiro256StarStar(11);
        const int customers = 50, draws = 100, checks = 200, k = 5;
        var expected = new double[draws * (k + 1)];
        for (int d = 0; d < draws; d++)
        {
            for (int n = 0; n < k; n++) expected[d * (k + 1) + n] = customers * Poisson.PMF(2.0, n);
            expected[d * (k + 1) + k] = customers * (1 - Poisson.CDF(2.0, k - 1));
        }
        double[] Histogram()
        {
            var h = new double[k + 1];
            for (int i = 0; i < customers; i++) h[Math.Min(Poisson.Sample(rng, 2.0), k)]++;
            return h;
        }
        var pValues = new double[checks];
        for (int c = 0; c < checks; c++)
        {
            var observed = Histogram();
            var replicated = Enumerable.Range(0, draws).SelectMany(_ => Histogram()).ToArray();
            pValues[c] = PosteriorPredictiveCheck.Compute(observed, replicated, expected).PValue;
        }
        Assert.InRange(pValues.Average(), 0.42, 0.58);
        Assert.InRange(pValues.Count(p => p < 0.1) / (double)checks, 0.04, 0.17);
    }

    [Fact]
    public void PosteriorPredictiveRejectsBadLayout()
    {
        var e = Assert.Throws<ArgumentException>(() => PosteriorPredictiveCheck.Compute([1.0, 2.0], [1.0, 2.0, 3.0]));
        Assert.Equal("replicated", e.ParamName);
    }
}
