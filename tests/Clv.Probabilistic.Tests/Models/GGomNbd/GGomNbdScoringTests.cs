using Clv.Probabilistic.Data;
using Clv.Probabilistic.Models.GGomNbd;
using Clv.Probabilistic.Tests.Models.ParetoNbd;

namespace Clv.Probabilistic.Tests.Models.GGomNbd;

/// <summary>
/// P(alive) and E[Y(t) | x, t_x, T] of the model (evaluated once per distinct history, blocks over threads) against the
/// per-customer loop over <see cref="GGomNbdFormulas"/>: the same bits, for every thread count.
/// </summary>
public class GGomNbdScoringTests
{
    public static TheoryData<bool, double, double, double, double, double> Cases() => new()
    {
        { true, 0.55, 74, 0.002, 0.6, 82 },
        { false, 1.3, 20, 0.05, 2.0, 9 },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void MatchesPerCustomerLoopBitwise(bool wholeDays, double r, double alpha, double b, double s, double beta)
    {
        var summary = ParetoNbdScoringTests.Customers(2000, wholeDays, seed: 31);
        var parameters = new GGomNbdParameters(r, alpha, b, s, beta);
        int n = summary.Count;
        var alive = new double[n];
        var expected = new double[n];
        for (int i = 0; i < n; i++)
        {
            alive[i] = GGomNbdFormulas.ProbabilityAlive(parameters, summary.Frequency[i], summary.Recency[i], summary.T[i]);
            expected[i] = GGomNbdFormulas.ConditionalExpectedPurchases(parameters, summary.Frequency[i], summary.Recency[i], summary.T[i], 90);
        }
        foreach (int threads in new[] { 1, 2, -1 })
        {
            var model = new GGomNbdModel(parameters, TimeUnit.Days) { MaxDegreeOfParallelism = threads };
            var actual = new double[n];
            model.ProbabilityAlive(summary, actual);
            ParetoNbdScoringTests.AssertBitwise(alive, actual, $"P(alive), {threads} threads");
            model.ConditionalExpectedPurchases(summary, 90, actual);
            ParetoNbdScoringTests.AssertBitwise(expected, actual, $"E[Y], {threads} threads");
        }
    }
}
