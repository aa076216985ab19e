using Clv.Probabilistic.Data;
using Clv.Probabilistic.Models.BgNbd;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using MathNet.Numerics;

namespace Clv.Probabilistic.Tests.Models.BgNbd;

public class BgNbdPredictionTests
{
    private static readonly BgNbdModel Mle = new(BgNbdTestData.CdnowMle, TimeUnit.Weeks);
    private static readonly BgNbdModel Paper = new(BgNbdTestData.Paper, TimeUnit.Weeks);

    // E[X(t)] at the precise CDNOW MLE: FHL 2005 figure 1/2 tracking values and Hardie's note 004 spreadsheet
    // (reference values of the task brief).
    [Theory]
    [InlineData(0.1429, 0.0078)]
    [InlineData(1, 0.0532)]
    [InlineData(3, 0.1506)]
    [InlineData(31.8571, 1.0405)]
    [InlineData(32, 1.0437)]
    [InlineData(78, 1.8580)]
    public void ExpectedPurchasesAtCdnowMle(double t, double expected) =>
        Assert.Equal(expected, Mle.ExpectedPurchases(t), 1e-3);

    // P(X(t) = n) at the paper's estimates (reference values of the task brief; FHL 2005 eq. 8 / figure 3).
    [Theory]
    [InlineData(2, 10, 1.07869e-7)]
    [InlineData(39, 0, 0.5737864)]
    [InlineData(30, 11, 0.0019995214)]
    [InlineData(30, 20, 0.0002222260)]
    public void ProbabilityOfPurchasesAtPaperParameters(double t, int n, double expected)
    {
        double p = Paper.ProbabilityOfPurchases(t, n);
        Assert.True(Math.Abs(p - expected) <= 1e-6 * expected + 1e-12, $"{p} vs {expected}");
    }

    // CDNOW customer 1 (x = 2, t_x = 30.43, T = 38.86) at the precise MLE: FHL 2005 section 5 / note 004.
    [Fact]
    public void ConditionalPredictionsForCdnowCustomerOne()
    {
        var one = new RfmSummary(["1"], [2], [30.43], [38.86], default, TimeUnit.Weeks);
        var y = new double[1];
        Mle.ConditionalExpectedPurchases(one, 39, y);
        Assert.Equal(1.2259, y[0], 1e-3);
        Mle.ProbabilityAlive(one, y);
        Assert.Equal(0.7266, y[0], 1e-3);
    }

    // FHL 2005 section 5: expected repeat purchases of the 2,357 customers in weeks 40–78 ≈ 1,653 (actual 1,882).
    [Fact]
    public void CdnowHoldoutTotal()
    {
        var y = new double[CdnowData.Summary.Count];
        Mle.ConditionalExpectedPurchases(CdnowData.Summary, 39, y);
        Assert.Equal(1653, y.Sum(), 1.0);
        Assert.Equal(1882, CdnowData.Holdout.Sum());
    }

    // Independent reference: E[X(t)] = ∫₀¹ (1 − (α/(α+pt))^r)/p · Beta(p; a, b) dp (expectation of the individual-level
    // E[X(t) | λ, p] = (1 − e^{−λpt})/p over the Gamma and Beta mixing), by quadrature.
    internal static double ExpectedPurchasesByIntegration(double r, double alpha, double a, double b, double t)
    {
        double lnB = SpecialFunctions.BetaLn(a, b);
        // g(p) = (1 − (1 + v)^{−r})/p, v = pt/α; by its Taylor series where v is small (no cancellation).
        double G(double p)
        {
            double v = p * t / alpha;
            return v < 1e-4
                ? r * t / alpha * (1 - (r + 1) * v / 2 + (r + 1) * (r + 2) * v * v / 6)
                : (1 - Math.Pow(1 + v, -r)) / p;
        }
        // Split at p = 1/2. Below, p = u^{1/a} when a < 1 (p^{a−1} dp = du/a); above, 1 − p = v^{1/b} when b < 1
        // ((1−p)^{b−1} dp = dv/b); each piece then has a smooth integrand for composite 32-point Gauss–Legendre.
        double Lower(double u)
        {
            double p = a < 1 ? Math.Pow(u, 1 / a) : u;
            double jacobian = a < 1 ? 1 / a : Math.Pow(p, a - 1);
            return G(p) * Math.Pow(1 - p, b - 1) * jacobian;
        }
        double Upper(double v)
        {
            double q = b < 1 ? Math.Pow(v, 1 / b) : v;
            double jacobian = b < 1 ? 1 / b : Math.Pow(q, b - 1);
            return G(1 - q) * Math.Pow(1 - q, a - 1) * jacobian;
        }
        double Composite(Func<double, double> f, double end)
        {
            double sum = 0;
            for (int k = 0; k < 64; k++) sum += Integrate.GaussLegendre(f, end * k / 64, end * (k + 1) / 64, 32);
            return sum;
        }
        double lowerEnd = a < 1 ? Math.Pow(0.5, a) : 0.5, upperEnd = b < 1 ? Math.Pow(0.5, b) : 0.5;
        return (Composite(Lower, lowerEnd) + Composite(Upper, upperEnd)) * Math.Exp(-lnB);
    }

    [Property(MaxTest = 40)]
    public Property ExpectedPurchasesMatchesIntegral() =>
        Prop.ForAll(Arb.From(BgNbdTestData.Parameters), Arb.From(BgNbdTestData.Uniform(-3, 6)), (p, logT) =>
        {
            double t = p.Alpha * Math.Exp(logT);
            double formula = BgNbdFormulas.ExpectedPurchases(p, t);
            double integral = ExpectedPurchasesByIntegration(p.R, p.Alpha, p.A, p.B, t);
            return (Math.Abs(formula - integral) <= 1e-7 * Math.Abs(integral)).Label($"{p}, t = {t}: {formula} vs {integral}");
        });

    // At a = 1 the closed form is 0/0; the limit form must be continuous from both sides and match the integral.
    [Theory]
    [InlineData(0.25, 4.4, 2.4, 39)]
    [InlineData(2.0, 0.5, 0.7, 100)]
    [InlineData(0.05, 30, 5, 2)]
    public void ExpectedPurchasesContinuousAtAEqualOne(double r, double alpha, double b, double t)
    {
        double atOne = BgNbdFormulas.ExpectedPurchases(new BgNbdParameters(r, alpha, 1, b), t);
        double integral = ExpectedPurchasesByIntegration(r, alpha, 1, b, t);
        Assert.True(Math.Abs(atOne - integral) <= 1e-8 * integral, $"{atOne} vs {integral}");
        foreach (double h in new[] { 1e-12, 1e-9, 1e-6 })
        {
            double below = BgNbdFormulas.ExpectedPurchases(new BgNbdParameters(r, alpha, 1 - h, b), t);
            double above = BgNbdFormulas.ExpectedPurchases(new BgNbdParameters(r, alpha, 1 + h, b), t);
            // E is smooth in a: the one-sided values differ from the limit by O(h).
            Assert.True(Math.Abs(below - atOne) <= 10 * h * atOne + 1e-13 * atOne, $"below {below} vs {atOne}");
            Assert.True(Math.Abs(above - atOne) <= 10 * h * atOne + 1e-13 * atOne, $"above {above} vs {atOne}");
            if (h >= 1e-6) Assert.True(below > above, "E[X(t)] decreases in a");
        }
    }

    [Property(MaxTest = 40)]
    public Property ProbabilityAliveInUnitIntervalAndOneWithoutRepeats() =>
        Prop.ForAll(Arb.From(BgNbdTestData.Parameters), Arb.From(BgNbdTestData.Seeds), (p, seed) =>
        {
            var summary = BgNbdTestData.RandomSummary(seed, 30);
            var alive = new double[summary.Count];
            new BgNbdModel(p, TimeUnit.Days).ProbabilityAlive(summary, alive);
            for (int i = 0; i < alive.Length; i++)
            {
                if (!(alive[i] >= 0 && alive[i] <= 1)) return false.Label($"row {i}: {alive[i]}");
                if (summary.Frequency[i] == 0 && alive[i] != 1) return false.Label($"row {i} x = 0: {alive[i]}");
                double scalar = BgNbdFormulas.ProbabilityAlive(p, summary.Frequency[i], summary.Recency[i], summary.T[i]);
                if (Math.Abs(scalar - alive[i]) > 1e-13) return false.Label($"row {i}: vector {alive[i]} vs scalar {scalar}");
            }
            return true.ToProperty();
        });

    [Property(MaxTest = 40)]
    public Property ConditionalExpectationNonNegativeAndNonDecreasing() =>
        Prop.ForAll(Arb.From(BgNbdTestData.Parameters), Arb.From(BgNbdTestData.Seeds), (p, seed) =>
        {
            var summary = BgNbdTestData.RandomSummary(seed, 20);
            var model = new BgNbdModel(p, TimeUnit.Days);
            var previous = new double[summary.Count];
            var current = new double[summary.Count];
            foreach (double t in new[] { 0.0, 0.5, 3, 10, 40, 100 })
            {
                model.ConditionalExpectedPurchases(summary, t, current);
                for (int i = 0; i < current.Length; i++)
                    if (!(current[i] >= 0) || current[i] < previous[i] * (1 - 1e-12)) return false.Label($"t = {t}, row {i}: {current[i]} after {previous[i]}");
                (previous, current) = (current, previous);
            }
            return true.ToProperty();
        });

    private static Gen<BgNbdParameters> ModerateParameters { get; } =
        from lr in BgNbdTestData.Uniform(-2, 1.5)
        from lal in BgNbdTestData.Uniform(-1, 4)
        from la in BgNbdTestData.Uniform(-2, 2)
        from lb in BgNbdTestData.Uniform(-1, 2)
        select new BgNbdParameters(Math.Exp(lr), Math.Exp(lal), Math.Exp(la), Math.Exp(lb));

    /// <summary>Σ_n P(n) and Σ_n n P(n), summed until the terms beyond the mean are negligible.</summary>
    private static (double Total, double Mean) SumPmf(Func<int, double> logPmf, double scale)
    {
        double total = 0, mean = 0;
        for (int n = 0; n < 200_000; n++)
        {
            double p = Math.Exp(logPmf(n));
            total += p;
            mean += n * p;
            if (n > 10 * (scale + 1) && n * p < 1e-16) break;
        }
        return (total, mean);
    }

    [Property(MaxTest = 30)]
    public Property PmfSumsToOneWithMeanEqualToExpectation() =>
        Prop.ForAll(Arb.From(ModerateParameters), Arb.From(BgNbdTestData.Uniform(-2, 2)), (p, logT) =>
        {
            double t = p.Alpha * Math.Exp(logT);
            var (total, mean) = SumPmf(n => BgNbdFormulas.LogProbabilityOfPurchases(p, t, n), p.R * t / p.Alpha);
            double expected = BgNbdFormulas.ExpectedPurchases(p, t);
            return (Math.Abs(total - 1) <= 1e-10 && Math.Abs(mean - expected) <= 1e-8 * expected + 1e-14)
                .Label($"total {total}, mean {mean} vs {expected}");
        });

    [Property(MaxTest = 30)]
    public Property ConditionalPmfSumsToOneWithMeanEqualToExpectation() =>
        Prop.ForAll(Arb.From(ModerateParameters), Arb.From(BgNbdTestData.Seeds), (p, seed) =>
        {
            var summary = BgNbdTestData.RandomSummary(seed, 3);
            var model = new BgNbdModel(p, TimeUnit.Days);
            var expected = new double[summary.Count];
            double horizon = 20;
            model.ConditionalExpectedPurchases(summary, horizon, expected);
            for (int i = 0; i < summary.Count; i++)
            {
                double x = summary.Frequency[i], tx = summary.Recency[i], tt = summary.T[i];
                var (total, mean) = SumPmf(n => BgNbdFormulas.ConditionalLogProbabilityOfPurchases(p, x, tx, tt, horizon, n),
                    (p.R + x) * horizon / (p.Alpha + tt));
                if (!(Math.Abs(total - 1) <= 1e-10 && Math.Abs(mean - expected[i]) <= 1e-8 * expected[i] + 1e-14))
                    return false.Label($"row {i}: total {total}, mean {mean} vs {expected[i]}");
            }
            return true.ToProperty();
        });

    // Measuring time in a unit k times shorter multiplies every duration and α by k: predictions are unchanged, and
    // each customer's log-likelihood (a density in the x purchase times) changes by the Jacobian −x ln k.
    [Property(MaxTest = 30)]
    public Property TimeRescalingInvariance() =>
        Prop.ForAll(Arb.From(ModerateParameters), Arb.From(BgNbdTestData.Seeds), Arb.From(BgNbdTestData.Uniform(-3, 3)), (p, seed, logK) =>
        {
            double k = Math.Exp(logK);
            var s = BgNbdTestData.RandomSummary(seed, 10);
            var scaled = new RfmSummary(s.CustomerIds, s.Frequency, Scale(s.Recency, k), Scale(s.T, k), default, TimeUnit.Days);
            var q = p.RescaleTime(k);
            var m1 = new BgNbdModel(p, TimeUnit.Days);
            var m2 = new BgNbdModel(q, TimeUnit.Days);
            var y1 = new double[s.Count];
            var y2 = new double[s.Count];
            bool Close(double u, double v, double rel) => Math.Abs(u - v) <= rel * Math.Max(1e-300, Math.Abs(u)) + 1e-300;
            m1.ConditionalExpectedPurchases(s, 7, y1);
            m2.ConditionalExpectedPurchases(scaled, 7 * k, y2);
            for (int i = 0; i < s.Count; i++) if (!Close(y1[i], y2[i], 1e-9)) return false.Label($"E[Y] row {i}: {y1[i]} vs {y2[i]}");
            m1.ProbabilityAlive(s, y1);
            m2.ProbabilityAlive(scaled, y2);
            for (int i = 0; i < s.Count; i++) if (!Close(y1[i], y2[i], 1e-9)) return false.Label($"P(alive) row {i}");
            if (!Close(m1.ExpectedPurchases(5), m2.ExpectedPurchases(5 * k), 1e-9)) return false.Label("E[X]");
            if (!Close(m1.LogProbabilityOfPurchases(5, 3), m2.LogProbabilityOfPurchases(5 * k, 3), 1e-9)) return false.Label("P(X=3)");
            double jacobian = 0;
            for (int i = 0; i < s.Count; i++) jacobian -= s.Frequency[i] * Math.Log(k);
            double ll1 = new BgNbdLogLikelihood(s).Evaluate(p), ll2 = new BgNbdLogLikelihood(scaled).Evaluate(q);
            return Close(ll1 + jacobian, ll2, 1e-10).Label($"LL {ll1} + {jacobian} vs {ll2}");
        });

    private static double[] Scale(ReadOnlySpan<double> values, double k)
    {
        var result = values.ToArray();
        for (int i = 0; i < result.Length; i++) result[i] *= k;
        return result;
    }

    // Large counts: eq. 8 with every negative binomial term from lnΓ and the upper tail Σ_{j≥n} as a log-sum-exp
    // (no recurrence, no 1 − sum) as the reference.
    [Theory]
    [InlineData(0.243, 4.414, 0.793, 2.426, 39, 5000)]
    [InlineData(0.243, 4.414, 0.793, 2.426, 39, 60)]
    [InlineData(50, 1, 2, 3, 10, 300)]
    [InlineData(2, 0.1, 0.5, 0.8, 100, 5000)]
    public void PmfStableForLargeCounts(double r, double alpha, double a, double b, double t, int n)
    {
        double value = BgNbdFormulas.LogProbabilityOfPurchases(new BgNbdParameters(r, alpha, a, b), t, n);
        double logP = Math.Log(alpha / (alpha + t)), logQ = Math.Log(t / (alpha + t));
        double LogNb(int j) => SpecialFunctions.GammaLn(r + j) - SpecialFunctions.GammaLn(r) - SpecialFunctions.GammaLn(j + 1.0) + r * logP + j * logQ;
        double max = double.NegativeInfinity, scaled = 0;
        for (int j = n; j < n + 10_000_000; j++)
        {
            double l = LogNb(j);
            if (l > max) { scaled = scaled * Math.Exp(max - l) + 1; max = l; }
            else scaled += Math.Exp(l - max);
            if (l < max - 50 && j > n + 10) break;
        }
        double logTail = max + Math.Log(scaled);
        double lnB = SpecialFunctions.BetaLn(a, b);
        double first = SpecialFunctions.BetaLn(a, b + n) - lnB + LogNb(n);
        double second = SpecialFunctions.BetaLn(a + 1, b + n - 1) - lnB + logTail;
        double mx = Math.Max(first, second);
        double reference = mx + Math.Log(Math.Exp(first - mx) + Math.Exp(second - mx));
        Assert.True(double.IsFinite(value));
        Assert.True(Math.Abs(value - reference) <= 1e-9 * Math.Abs(reference), $"{value} vs {reference}");
    }

    [Fact]
    public void InvalidInputsAreNamed()
    {
        var days = new RfmSummary(["1"], [1], [2], [3], default, TimeUnit.Days);
        var y = new double[1];
        Assert.Contains("weeks", Assert.Throws<ArgumentException>(() => Mle.ProbabilityAlive(days, y)).Message);
        Assert.Equal("destination", Assert.Throws<ArgumentException>(() => Mle.ExpectedPurchases([1.0, 2.0], y)).ParamName);
        Assert.Equal("t", Assert.Throws<ArgumentOutOfRangeException>(() => Mle.ExpectedPurchases(-1)).ParamName);
        Assert.Equal("recency", Assert.Throws<ArgumentOutOfRangeException>(() => BgNbdFormulas.ProbabilityAlive(BgNbdTestData.Paper, 2, 5, 4)).ParamName);
        Assert.Equal("x", Assert.Throws<ArgumentOutOfRangeException>(() => BgNbdLogLikelihood.Customer(BgNbdTestData.Paper, 1.5, 1, 4)).ParamName);
    }

    // Tracking curve: with one customer per offset it is Σ E[X(τ − s)], checked against the scalar eq. 7.
    [Fact]
    public void TrackingCurveSumsCohorts()
    {
        double[] offsets = [0, 0, 1.5, 3];
        double[] times = [0, 1, 2, 10];
        var curve = new double[times.Length];
        Mle.ExpectedCumulativeRepeatPurchases(offsets, times, curve);
        Assert.Equal(0, curve[0]);
        Assert.Equal(2 * Mle.ExpectedPurchases(1), curve[1], 12);
        Assert.Equal(2 * Mle.ExpectedPurchases(2) + Mle.ExpectedPurchases(0.5), curve[2], 12);
        Assert.Equal(2 * Mle.ExpectedPurchases(10) + Mle.ExpectedPurchases(8.5) + Mle.ExpectedPurchases(7), curve[3], 12);
    }
}
