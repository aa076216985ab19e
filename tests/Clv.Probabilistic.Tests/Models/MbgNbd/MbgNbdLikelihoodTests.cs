using System.Globalization;
using Clv.Probabilistic.Data;
using Clv.Probabilistic.Models.MbgNbd;

namespace Clv.Probabilistic.Tests.Models.MbgNbd;

public class MbgNbdLikelihoodTests
{
    public static TheoryData<double, double, double, double> Parameters => new()
    {
        { 0.525, 6.183, 0.891, 1.614 }, // CDNOW (BDF 2007)
        { 1.7, 3.2, 2.3, 0.6 },
        { 0.2, 40, 0.35, 4.5 },
    };

    private static readonly (double X, double Recency, double T)[] Histories =
        [(0, 0, 38.86), (0, 0, 1.5), (1, 1.71, 38.86), (2, 30.43, 38.86), (7, 20.5, 32), (15, 36, 38.86), (3, 0.5, 0.5)];

    private static double LogLikelihood(double r, double alpha, double a, double b, double x, double recency, double t)
    {
        var summary = new RfmSummary(["c"], [x], [recency], [t], default, TimeUnit.Weeks);
        var density = MbgNbdDefinition.Instance.LogLikelihood(MbgNbdDefinition.Instance.Prepare(summary));
        return density.Evaluate([Math.Log(r), Math.Log(alpha), Math.Log(a), Math.Log(b)], new double[4]);
    }

    // The likelihood of one customer against the numerical integral over λ and p of the individual-level likelihood,
    // for every x ≥ 0 (the part for x = 0 is what MBG/NBD adds to BG/NBD: dropping out right after the first purchase).
    [Theory]
    [MemberData(nameof(Parameters))]
    public void LikelihoodMatchesNumericalIntegration(double r, double alpha, double a, double b)
    {
        foreach (var (x, recency, t) in Histories)
        {
            if (x == 0)
            {
                // A one-row summary without repeat purchases is refused (not identified), so x = 0 is checked next to
                // a customer with a repeat purchase: ln L(both) − ln L(other).
                var summary = new RfmSummary(["c", "d"], [x, 2], [recency, 30.43], [t, 38.86], default, TimeUnit.Weeks);
                var density = MbgNbdDefinition.Instance.LogLikelihood(MbgNbdDefinition.Instance.Prepare(summary));
                double both = density.Evaluate([Math.Log(r), Math.Log(alpha), Math.Log(a), Math.Log(b)], new double[4]);
                double single = both - LogLikelihood(r, alpha, a, b, 2, 30.43, 38.86);
                AssertClose(single, Oracle(r, alpha, a, b, x, recency, t), x, recency, t);
                continue;
            }
            AssertClose(LogLikelihood(r, alpha, a, b, x, recency, t), Oracle(r, alpha, a, b, x, recency, t), x, recency, t);
        }
    }

    private static double Oracle(double r, double alpha, double a, double b, double x, double recency, double t)
    {
        var (alive, dead) = MbgNbdOracle.Likelihood(r, alpha, a, b, x, recency, t);
        return Math.Log(alive + dead);
    }

    private static void AssertClose(double actual, double expected, double x, double recency, double t) =>
        Assert.True(Math.Abs(actual - expected) <= 1e-9 * Math.Max(1, Math.Abs(expected)),
            string.Create(CultureInfo.InvariantCulture, $"(x, t_x, T) = ({x}, {recency}, {t}): ln L = {actual:R}, integral {expected:R}"));

    // P(alive) is the share of the alive part in the integrated likelihood, and below 1 also when x = 0.
    [Theory]
    [MemberData(nameof(Parameters))]
    public void ProbabilityAliveIsTheAliveShareOfTheIntegratedLikelihood(double r, double alpha, double a, double b)
    {
        var model = new MbgNbdModel(new MbgNbdParameters(r, alpha, a, b), TimeUnit.Weeks);
        var summary = new RfmSummary(Histories.Select((_, i) => i.ToString(CultureInfo.InvariantCulture)).ToArray(),
            Histories.Select(h => h.X).ToArray(), Histories.Select(h => h.Recency).ToArray(), Histories.Select(h => h.T).ToArray(),
            default, TimeUnit.Weeks);
        var alive = new double[summary.Count];
        model.ProbabilityAlive(summary, alive);
        for (int i = 0; i < Histories.Length; i++)
        {
            var (x, recency, t) = Histories[i];
            var (alivePart, dead) = MbgNbdOracle.Likelihood(r, alpha, a, b, x, recency, t);
            double expected = alivePart / (alivePart + dead);
            Assert.True(Math.Abs(alive[i] - expected) <= 1e-9, $"customer {i}: P(alive) = {alive[i]:R}, integral {expected:R}");
            Assert.True(alive[i] < 1, $"customer {i}: P(alive) = {alive[i]:R}");
        }
    }

    // x = 0: P(alive | 0, 0, T) = 1 / (1 + (a/b) ((α+T)/α)^r), which is a/(a+b) away from 1 at T = 0.
    [Fact]
    public void ProbabilityAliveWithoutRepeatPurchasesIsBelowOne()
    {
        var model = new MbgNbdModel(new MbgNbdParameters(0.525, 6.183, 0.891, 1.614), TimeUnit.Weeks);
        var summary = new RfmSummary(["new", "old"], [0, 0], [0, 0], [0, 38.86], default, TimeUnit.Weeks);
        var alive = new double[2];
        model.ProbabilityAlive(summary, alive);
        Assert.Equal(1.614 / (0.891 + 1.614), alive[0], 1e-14);
        Assert.Equal(1 / (1 + 0.891 / 1.614 * Math.Pow((6.183 + 38.86) / 6.183, 0.525)), alive[1], 1e-14);
        Assert.True(alive[1] < alive[0]);
    }
}
