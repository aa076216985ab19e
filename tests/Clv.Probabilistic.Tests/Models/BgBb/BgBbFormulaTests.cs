using Clv.Probabilistic.Data;
using Clv.Probabilistic.Models.BgBb;
using Clv.Probabilistic.Numerics;
using MathNet.Numerics;
using MathNet.Numerics.Integration;
using Xunit.Abstractions;

namespace Clv.Probabilistic.Tests.Models.BgBb;

/// <summary>
/// BG/BB formulas against independent computations: sums over every binary history, two-dimensional quadrature over
/// (p, θ) of the process probabilities by enumeration of the drop-out opportunity, the hypergeometric form of DERT, and
/// the likelihood's table form against its log-gamma form.
/// </summary>
public class BgBbFormulaTests(ITestOutputHelper output)
{
    private static readonly BgBbParameters[] Points =
    [
        new(1.204, 0.750, 0.657, 2.783),
        new(0.3, 4.0, 2.5, 0.4),
        new(25.0, 7.0, 0.05, 40.0),
    ];

    /// <summary>Binary sequences of n opportunities with x transactions, the last at t_x: C(t_x − 1, x − 1) (1 when x = 0).</summary>
    private static double Sequences(int x, int recency) => x == 0 ? 1 : SpecialFunctions.Binomial(recency - 1, x - 1);

    // Every binary sequence of n opportunities has probability L(x, t_x, n), so Σ_{x, t_x} C(t_x−1, x−1) L = 1, and the
    // sum over t_x at fixed x is P(X(n) = x) of eq. 7 (two formulas of the paper that share no code here).
    [Fact]
    public void LikelihoodsOfAllHistoriesSumToOneAndGiveTheCountDistribution()
    {
        foreach (var p in Points)
        {
            var model = new BgBbModel(p, TimeUnit.Years);
            foreach (int n in new[] { 0, 1, 6, 15 })
            {
                double total = 0;
                for (int x = 0; x <= n; x++)
                {
                    double count = 0;
                    for (int recency = x; recency <= (x == 0 ? 0 : n); recency++)
                        count += Sequences(x, recency) * Math.Exp(model.LogLikelihood(x, recency, n));
                    total += count;
                    Assert.Equal(count, model.ProbabilityOfTransactions(n, x), 1e-13);
                }
                output.WriteLine($"{p}, n = {n}: Σ = 1 − {1 - total:G3}");
                Assert.Equal(1, total, 1e-12);
            }
        }
    }

    /// <summary>
    /// P(history, alive at n + 1 | p, θ) and P(history | p, θ) by enumerating the opportunity d of drop-out (d = t_x+1..n
    /// or later than n): no Beta function is involved.
    /// </summary>
    private static (double History, double AliveNext) Process(double p, double theta, int x, int recency, int n)
    {
        double transactions = Math.Pow(p, x) * Math.Pow(1 - p, recency - x);
        double history = 0;
        for (int d = recency + 1; d <= n; d++)
            history += Math.Pow(1 - theta, d - 1) * theta * Math.Pow(1 - p, d - 1 - recency);
        double aliveThroughN = Math.Pow(1 - theta, n) * Math.Pow(1 - p, n - recency);
        return (transactions * (history + aliveThroughN), transactions * aliveThroughN * (1 - theta));
    }

    // L(x, t_x, n) and P(alive at n+1 | x, t_x, n) against Gauss-Legendre quadrature over the Beta(α, β) × Beta(γ, δ)
    // mixing distribution (shapes of 2.5 or more, where the integrand is smooth enough), to 10⁻⁸ relative.
    [Theory]
    [InlineData(2.5, 3.5, 3.0, 4.5)]
    [InlineData(4.0, 2.7, 3.0, 6.0)]
    public void LikelihoodAndAliveProbabilityMatchQuadrature(double alpha, double beta, double gamma, double delta)
    {
        var parameters = new BgBbParameters(alpha, beta, gamma, delta);
        var model = new BgBbModel(parameters, TimeUnit.Years);
        double lnBab = SpecialFunctions.BetaLn(alpha, beta), lnBgd = SpecialFunctions.BetaLn(gamma, delta);
        double Density(double p, double theta) =>
            Math.Exp((alpha - 1) * Math.Log(p) + (beta - 1) * Math.Log(1 - p) - lnBab + (gamma - 1) * Math.Log(theta) + (delta - 1) * Math.Log(1 - theta) - lnBgd);
        foreach (var (x, recency, n) in new[] { (0, 0, 6), (2, 4, 6), (6, 6, 6), (1, 1, 9), (3, 5, 9) })
        {
            double history = GaussLegendreRule.Integrate((p, t) => Density(p, t) * Process(p, t, x, recency, n).History, 0, 1, 0, 1, 128);
            double alive = GaussLegendreRule.Integrate((p, t) => Density(p, t) * Process(p, t, x, recency, n).AliveNext, 0, 1, 0, 1, 128);
            var summary = new RfmSummary(["c"], [x], [recency], [n], default, TimeUnit.Years);
            var probability = new double[1];
            model.ProbabilityAlive(summary, probability);
            double likelihood = Math.Exp(model.LogLikelihood(x, recency, n));
            output.WriteLine($"({x}, {recency}, {n}): L = {likelihood:G12} (quadrature {history:G12}), P(alive) = {probability[0]:G12} (quadrature {alive / history:G12})");
            Assert.Equal(1, likelihood / history, 1e-8);
            Assert.Equal(1, probability[0] / (alive / history), 1e-8);
        }
    }

    // DERT against its closed form, eq. 14: B(α+x+1, β+n−x)/B(α,β) · B(γ, δ+n+1)/B(γ,δ) / (1+d)
    // · ₂F₁(1, δ+n+1; γ+δ+n+1; 1/(1+d)) / L (the library's 2F1, which the series does not use).
    [Fact]
    public void DiscountedExpectationMatchesTheHypergeometricForm()
    {
        foreach (var p in Points)
        {
            var model = new BgBbModel(p, TimeUnit.Years);
            foreach (double d in new[] { 0.1, 0.01, 0.5 })
            {
                foreach (var (x, recency, n) in new[] { (0, 0, 6), (2, 4, 6), (6, 6, 6), (10, 30, 40) })
                {
                    var summary = new RfmSummary(["c"], [x], [recency], [n], default, TimeUnit.Years);
                    var dert = new double[1];
                    model.DiscountedExpectedTransactions(summary, d, dert);
                    double ln = SpecialFunctions.BetaLn(p.Alpha + x + 1, p.Beta + n - x) - SpecialFunctions.BetaLn(p.Alpha, p.Beta)
                        + SpecialFunctions.BetaLn(p.Gamma, p.Delta + n + 1) - SpecialFunctions.BetaLn(p.Gamma, p.Delta) - Math.Log(1 + d)
                        + Hypergeometric.LogHyp2F1(1, p.Delta + n + 1, p.Gamma + p.Delta + n + 1, 1 / (1 + d)) - model.LogLikelihood(x, recency, n);
                    Assert.Equal(1, dert[0] / Math.Exp(ln), 1e-10);
                }
            }
        }
    }

    // The fitted likelihood (rising-factorial tables) and the prediction form (log-gamma shifts) agree at long histories,
    // for example daily opportunities over ten years, where neither may overflow.
    [Fact]
    public void TableAndLogGammaFormsAgreeOnLongHistories()
    {
        var histories = new (double X, double Recency, double N)[] { (0, 0, 3650), (1, 3, 3650), (500, 3000, 3650), (3650, 3650, 3650), (2, 20000, 100000) };
        var summary = new RfmSummary(histories.Select((_, i) => i.ToString()).ToArray(), histories.Select(h => h.X).ToArray(),
            histories.Select(h => h.Recency).ToArray(), histories.Select(h => h.N).ToArray(), default, TimeUnit.Days);
        foreach (var p in Points)
        {
            var model = new BgBbModel(p, TimeUnit.Days);
            double expected = histories.Sum(h => model.LogLikelihood((int)h.X, (int)h.Recency, (int)h.N));
            var density = BgBbDefinition.Instance.LogLikelihood(BgBbDefinition.Instance.Prepare(summary));
            double value = density.Evaluate([Math.Log(p.Alpha), Math.Log(p.Beta), Math.Log(p.Gamma), Math.Log(p.Delta)], new double[4]);
            output.WriteLine($"{p}: tables {value:R}, log-gamma {expected:R}");
            Assert.True(double.IsFinite(value));
            Assert.Equal(1, value / expected, 1e-9);
            var alive = new double[summary.Count];
            model.ProbabilityAlive(summary, alive);
            Assert.All(alive, a => Assert.InRange(a, 0, 1));
        }
    }

    // Bad histories and horizons are refused with the customer and the reason.
    [Fact]
    public void BadHistoriesAreRefusedWithTheReason()
    {
        var model = new BgBbModel(Points[0], TimeUnit.Years);
        var summary = new RfmSummary(["ok", "bad"], [1, 3], [2, 2], [6, 6], default, TimeUnit.Years);
        var e = Assert.Throws<ArgumentException>(() => model.ProbabilityAlive(summary, new double[2]));
        Assert.Contains("Customer 'bad' (row 1): frequency 3 exceeds recency 2", e.Message);
        var fractional = new RfmSummary(["c"], [1], [2.5], [6], default, TimeUnit.Years);
        e = Assert.Throws<ArgumentException>(() => BgBbDefinition.Instance.Prepare(fractional));
        Assert.Contains("recency 2.5 is not a non-negative whole number", e.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => model.ExpectedTransactions(-1));
        Assert.Throws<ArgumentOutOfRangeException>(() => model.DiscountedExpectedTransactions(summary, 0, new double[2]));
        var none = new RfmSummary(["a", "b"], [0, 0], [0, 0], [3, 4], default, TimeUnit.Years);
        e = Assert.Throws<ArgumentException>(() => BgBbDefinition.Instance.Prepare(none));
        Assert.Contains("No customer in the summary has a repeat transaction", e.Message);
    }
}
