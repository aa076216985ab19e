using System.Globalization;
using Clv.Probabilistic.Data;
using Clv.Probabilistic.Models.MbgNbd;

namespace Clv.Probabilistic.Tests.Models.MbgNbd;

public class MbgNbdPredictionTests
{
    private static readonly MbgNbdModel Cdnow = new(new MbgNbdParameters(0.525, 6.183, 0.891, 1.614), TimeUnit.Weeks);

    public static TheoryData<double, double, double, double> Parameters => new()
    {
        { 0.525, 6.183, 0.891, 1.614 },
        { 1.7, 3.2, 2.3, 0.6 },
        { 0.2, 40, 0.35, 4.5 },
        { 2.0, 5.0, 1.0, 3.0 }, // a = 1, where b/(a−1)[…] is 0/0
    };

    // E[X(t)] against the integral over p of (1−p)(1 − (α/(α+pt))^r)/p, to 1e-9 relative.
    [Theory]
    [MemberData(nameof(Parameters))]
    public void ExpectedPurchasesMatchNumericalIntegration(double r, double alpha, double a, double b)
    {
        var model = new MbgNbdModel(new MbgNbdParameters(r, alpha, a, b), TimeUnit.Weeks);
        foreach (double t in new[] { 0.5, 4, 39, 78, 520 })
        {
            double expected = MbgNbdOracle.ExpectedCount(r, alpha, a, b, t);
            double actual = model.ExpectedPurchases(t);
            Assert.True(Math.Abs(actual / expected - 1) <= 1e-9, $"t = {t}: {actual:R}, integral {expected:R}");
        }
        Assert.Equal(0, model.ExpectedPurchases(0));
    }

    // The closed form of BDF (2007): E[X(t)] = b/(a−1) [1 − (α/(α+t))^r ₂F₁(r, b+1; a+b; t/(α+t))], with the ₂F₁ summed
    // directly where its series converges fast (z ≤ 0.6).
    [Theory]
    [InlineData(0.525, 6.183, 0.891, 1.614)]
    [InlineData(1.7, 3.2, 2.3, 0.6)]
    public void ExpectedPurchasesIsThePublishedClosedForm(double r, double alpha, double a, double b)
    {
        var model = new MbgNbdModel(new MbgNbdParameters(r, alpha, a, b), TimeUnit.Weeks);
        foreach (double t in new[] { 0.5, 2, 4 })
        {
            double z = t / (alpha + t), term = 1, sum = 1;
            for (int n = 0; n < 500; n++)
            {
                term *= (r + n) * (b + 1 + n) / ((a + b + n) * (n + 1)) * z;
                sum += term;
            }
            double expected = b / (a - 1) * (1 - Math.Pow(alpha / (alpha + t), r) * sum);
            Assert.True(Math.Abs(model.ExpectedPurchases(t) / expected - 1) <= 1e-10, $"t = {t}: {model.ExpectedPurchases(t):R} vs {expected:R}");
        }
    }

    // P(X(t) = 0) includes the drop-out at the first purchase: it tends to a/(a+b) + b/(a+b)·P_BG(0) and is at least a/(a+b).
    [Fact]
    public void NoPurchaseIncludesDropOutAtTheFirstPurchase()
    {
        double a = 0.891, b = 1.614;
        foreach (double t in new[] { 1.0, 39, 1000 })
            Assert.True(Math.Exp(Cdnow.LogProbabilityOfPurchases(t, 0)) > a / (a + b));
        Assert.Equal(0, Cdnow.LogProbabilityOfPurchases(0, 0));
        Assert.True(double.IsNegativeInfinity(Cdnow.LogProbabilityOfPurchases(0, 1)));
    }

    // A customer who has just made the first purchase (x = 0, T = 0) is a new customer: E[Y(t) | 0, 0, 0] = E[X(t)].
    [Fact]
    public void ConditionalExpectationOfANewCustomerIsTheUnconditionalOne()
    {
        var summary = new RfmSummary(["new"], [0], [0], [0], default, TimeUnit.Weeks);
        var expected = new double[1];
        foreach (double t in new[] { 1.0, 39, 260 })
        {
            Cdnow.ConditionalExpectedPurchases(summary, t, expected);
            Assert.True(Math.Abs(expected[0] / Cdnow.ExpectedPurchases(t) - 1) <= 1e-12, $"t = {t}: {expected[0]:R} vs {Cdnow.ExpectedPurchases(t):R}");
        }
    }

    // The conditional PMF sums to 1 and its mean is E[Y(t) | x, t_x, T].
    [Fact]
    public void ConditionalDistributionSumsToOneWithTheConditionalMean()
    {
        (double X, double Recency, double T)[] histories = [(0, 0, 38.86), (2, 30.43, 38.86), (7, 35, 39), (1, 2, 39)];
        var summary = new RfmSummary(histories.Select((_, i) => i.ToString(CultureInfo.InvariantCulture)).ToArray(),
            histories.Select(h => h.X).ToArray(), histories.Select(h => h.Recency).ToArray(), histories.Select(h => h.T).ToArray(),
            default, TimeUnit.Weeks);
        foreach (double horizon in new[] { 4.0, 39, 104 })
        {
            var mean = new double[summary.Count];
            Cdnow.ConditionalExpectedPurchases(summary, horizon, mean);
            var total = new double[summary.Count];
            var moment = new double[summary.Count];
            var p = new double[summary.Count];
            for (int n = 0; n < 3000; n++)
            {
                Cdnow.ConditionalProbabilityOfPurchases(summary, horizon, n, p);
                for (int i = 0; i < p.Length; i++)
                {
                    total[i] += p[i];
                    moment[i] += n * p[i];
                }
            }
            for (int i = 0; i < p.Length; i++)
            {
                Assert.True(Math.Abs(total[i] - 1) <= 1e-10, $"customer {i}, t = {horizon}: Σ P = {total[i]:R}");
                Assert.True(Math.Abs(moment[i] / mean[i] - 1) <= 1e-9, $"customer {i}, t = {horizon}: Σ n P = {moment[i]:R}, E[Y] = {mean[i]:R}");
            }
        }
    }
}
