using Clv.Probabilistic.Data;
using Clv.Probabilistic.Models.BgNbd;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Clv.Probabilistic.Tests.Models.BgNbd;

/// <summary>
/// E[X(t)] (FHL 2005 eq. 7) where its closed form degenerates: a near 1 (the prefactor (a+b−1)/(a−1) and a bracket that
/// vanishes together), z = t/(α+t) within 10⁻¹² of 1, r ≫ a + b (the series alternates), c − a − b of the ₂F₁ near an
/// integer, a + b ≤ 1.
/// </summary>
public class BgNbdExpectedCountTests
{
    // Reference values: mpmath 1.3.0 at 120 digits, inputs as the exact doubles shown, of
    // (a+b−1)/(a−1) · [1 − (α/(α+t))^r hyp2f1(r, b; a+b−1; t/(α+t))]; at a = 1 (and a + b = 1) the mean of the values at
    // a = 1 ± 10⁻²⁵ (b ± 10⁻²⁵), which differs from the limit by O(10⁻⁵⁰). Each was checked against mpmath's own
    // quadrature of ∫ (1 − (1 + pt/α)^{−r})/p · Beta(p; a, b) dp (agreement ≤ 10⁻²⁰ except (0.05, …, 0.05, 0.05) and
    // (…, 50, 50), where mpmath's quadrature was the inaccurate one, 10⁻¹⁵ and worse).
    [Theory]
    [InlineData(0.243, 1.0, 0.999, 2.426, 1000000.0, 21.940064449082503)]
    [InlineData(0.243, 1.0, 0.999, 2.426, 1000000000000.0, 55.503073495766937)]
    [InlineData(0.243, 1.0, 1.001, 2.426, 1000000.0, 21.728701444011713)]
    [InlineData(0.243, 1.0, 1.001, 2.426, 1000000000000.0, 54.262530772743761)]
    [InlineData(0.243, 1.0, 0.999999, 2.426, 1000000.0, 21.834110491019594)]
    [InlineData(0.243, 1.0, 0.999999, 2.426, 1000000000000.0, 54.87855637698134)]
    [InlineData(0.243, 1.0, 1.000001, 2.426, 1000000.0, 21.833899130122874)]
    [InlineData(0.243, 1.0, 1.000001, 2.426, 1000000000000.0, 54.87731589245531)]
    [InlineData(0.243, 1.0, 0.999999999, 2.426, 1000000.0, 21.834004915873539)]
    [InlineData(0.243, 1.0, 0.999999999, 2.426, 1000000000000.0, 54.877936750094678)]
    [InlineData(0.243, 1.0, 1.000000001, 2.426, 1000000.0, 21.834004704512637)]
    [InlineData(0.243, 1.0, 1.000000001, 2.426, 1000000000000.0, 54.877935509610118)]
    [InlineData(0.243, 1.0, 1.0, 2.426, 1000000.0, 21.834004810193094)]
    [InlineData(0.243, 1.0, 1.0, 2.426, 1000000000000.0, 54.877936129852428)]
    [InlineData(2.0, 1.0, 0.999, 0.5, 1000000.0, 8.1519651891423169)]
    [InlineData(2.0, 1.0, 0.999, 0.5, 1000000000000.0, 15.207152060852451)]
    [InlineData(2.0, 1.0, 1.001, 0.5, 1000000.0, 8.0503279200923229)]
    [InlineData(2.0, 1.0, 1.001, 0.5, 1000000000000.0, 14.813851222293362)]
    [InlineData(2.0, 1.0, 0.999999, 0.5, 1000000.0, 8.1009530275304894)]
    [InlineData(2.0, 1.0, 0.999999, 0.5, 1000000000000.0, 15.00885437779352)]
    [InlineData(2.0, 1.0, 1.000001, 0.5, 1000000.0, 8.1008513920374777)]
    [InlineData(2.0, 1.0, 1.000001, 0.5, 1000000000000.0, 15.0084611029421)]
    [InlineData(2.0, 1.0, 0.999999999, 0.5, 1000000.0, 8.1009022603573836)]
    [InlineData(2.0, 1.0, 0.999999999, 0.5, 1000000000000.0, 15.008657935161391)]
    [InlineData(2.0, 1.0, 1.000000001, 0.5, 1000000.0, 8.1009021587218878)]
    [InlineData(2.0, 1.0, 1.000000001, 0.5, 1000000000000.0, 15.008657541886529)]
    [InlineData(2.0, 1.0, 1.0, 0.5, 1000000.0, 8.1009022095396383)]
    [InlineData(2.0, 1.0, 1.0, 0.5, 1000000000000.0, 15.008657738523969)]
    [InlineData(1.0, 1.0, 0.999, 1.0, 1000000.0, 13.899141500424512)]
    [InlineData(1.0, 1.0, 0.999, 1.0, 1000000000000.0, 27.989971158304255)]
    [InlineData(1.0, 1.0, 1.001, 1.0, 1000000.0, 13.732611896199806)]
    [InlineData(1.0, 1.0, 1.001, 1.0, 1000000000000.0, 27.278427292262811)]
    [InlineData(1.0, 1.0, 0.999999, 1.0, 1000000.0, 13.815594821916412)]
    [InlineData(1.0, 1.0, 0.999999, 1.0, 1000000000000.0, 27.631376869684479)]
    [InlineData(1.0, 1.0, 1.000001, 1.0, 1000000.0, 13.815428294741419)]
    [InlineData(1.0, 1.0, 1.000001, 1.0, 1000000000000.0, 27.630665368530645)]
    [InlineData(1.0, 1.0, 0.999999999, 1.0, 1000000.0, 13.81551164122736)]
    [InlineData(1.0, 1.0, 0.999999999, 1.0, 1000000000000.0, 27.631021471680118)]
    [InlineData(1.0, 1.0, 1.000000001, 1.0, 1000000.0, 13.81551147470018)]
    [InlineData(1.0, 1.0, 1.000000001, 1.0, 1000000000000.0, 27.631020760178945)]
    [InlineData(1.0, 1.0, 1.0, 1.0, 1000000.0, 13.815511557963774)]
    [InlineData(1.0, 1.0, 1.0, 1.0, 1000000000000.0, 27.631021115929548)]
    [InlineData(7.5, 1.0, 0.999, 30.0, 1000000.0, 373.63293006707124)]
    [InlineData(7.5, 1.0, 0.999, 30.0, 1000000000000.0, 796.15820522364385)]
    [InlineData(7.5, 1.0, 1.001, 30.0, 1000000.0, 369.05600848340154)]
    [InlineData(7.5, 1.0, 1.001, 30.0, 1000000000000.0, 775.62139138442136)]
    [InlineData(7.5, 1.0, 0.999999, 30.0, 1000000.0, 371.33731957256155)]
    [InlineData(7.5, 1.0, 0.999999, 30.0, 1000000000000.0, 785.81048193498582)]
    [InlineData(7.5, 1.0, 1.000001, 30.0, 1000000.0, 371.33274270943131)]
    [InlineData(7.5, 1.0, 1.000001, 30.0, 1000000000000.0, 785.78994629379204)]
    [InlineData(7.5, 1.0, 0.999999999, 30.0, 1000000.0, 371.33503341998974)]
    [InlineData(7.5, 1.0, 0.999999999, 30.0, 1000000000000.0, 785.80022429262755)]
    [InlineData(7.5, 1.0, 1.000000001, 30.0, 1000000.0, 371.33502884312648)]
    [InlineData(7.5, 1.0, 1.000000001, 30.0, 1000000000000.0, 785.80020375698579)]
    [InlineData(7.5, 1.0, 1.0, 30.0, 1000000.0, 371.33503113155823)]
    [InlineData(7.5, 1.0, 1.0, 30.0, 1000000000000.0, 785.80021402480715)]
    [InlineData(0.243, 4.414, 1.0, 2.426, 4414000000000.0, 54.877936129852428)]
    [InlineData(0.243, 4.414, 0.999999, 2.426, 4414000000.0, 38.194344064388907)]
    [InlineData(50.0, 1.0, 2.0, 1.0, 10.0, 1.9959183673469388)]
    [InlineData(200.0, 1.0, 1.5, 2.0, 40.0, 4.925552602054819)]
    [InlineData(1000.0, 1.0, 1.0, 1.0, 0.1, 5.1818857675562993)]
    [InlineData(100.0, 1.0, 1.001, 3.0, 1.0, 11.075033841369628)]
    [InlineData(0.5000001, 1.0, 1.5, 2.0, 1000000000.0, 4.9974967164206203)]
    [InlineData(1.000000001, 1.0, 1.0, 3.0, 1000000000000.0, 78.393063352886233)]
    [InlineData(2.0, 1.0, 1.000000000001, 0.3, 10000000000.0, 8.0853478460667722)]
    [InlineData(0.05, 1.0, 0.05, 0.05, 1000000000000.0, 6635617743.9495424)]
    [InlineData(0.3, 1.0, 0.4, 0.6, 1000000000000.0, 6336155.0289453024)]
    [InlineData(3.0, 1.0, 0.6, 0.2, 100000000.0, 1498.2807077388332)]
    [InlineData(0.01, 1.0, 50.0, 50.0, 1000000000000.0, 0.47687406301537473)]
    [InlineData(5.0, 1.0, 0.999, 300.0, 1000000000000.0, 7113.5453206272506)]
    public void ExpectedPurchasesMatchesHighPrecisionReference(double r, double alpha, double a, double b, double t, double expected)
    {
        double value = BgNbdFormulas.ExpectedPurchases(new BgNbdParameters(r, alpha, a, b), t);
        Assert.True(Math.Abs(value - expected) <= 1e-13 * expected, $"{value} vs {expected}: relative error {Math.Abs(value - expected) / expected:G3}");
        // The integral (the fallback) on its own: it must be accurate everywhere, not only where it is chosen.
        double integral = BgNbdExpectedCount.ByIntegral(r, alpha, a, b, t);
        Assert.True(Math.Abs(integral - expected) <= 1e-13 * expected, $"integral {integral} vs {expected}: relative error {Math.Abs(integral - expected) / expected:G3}");
    }


    // The three evaluation paths of eq. 7 (the a−1-factored series, the library's 2F1 and the integral) agree wherever
    // the first two accept, including z close to 1 where the series needs thousands of terms.
    [Theory]
    [InlineData(0.243, 0.5, 2.4)]
    [InlineData(0.243, 0.8, 2.4)]
    [InlineData(2.5, 1.5, 0.7)]
    [InlineData(0.05, 3.0, 5.0)]
    [InlineData(7.0, 0.3, 1.2)]
    [InlineData(1.0, 1.001, 1.0)]
    public void EvaluationPathsAgree(double r, double a, double b)
    {
        int compared = 0;
        foreach (double t in new[] { 1.0, 9.0, 49.0, 99.0, 999.0, 9999.0, 1e6 })
        {
            double integral = BgNbdExpectedCount.ByIntegral(r, 1.0, a, b, t);
            if (BgNbdExpectedCount.TrySeries(r, 1.0, a, b, t, out double series, out _))
            {
                compared++;
                Assert.True(Math.Abs(series - integral) <= 1e-12 * integral, $"t = {t}: series {series} vs integral {integral}");
            }
            if (BgNbdExpectedCount.TryHypergeometric(r, 1.0, a, b, t, out double hypergeometric, out _))
            {
                compared++;
                Assert.True(Math.Abs(hypergeometric - integral) <= 1e-12 * integral, $"t = {t}: 2F1 {hypergeometric} vs integral {integral}");
            }
        }
        Assert.True(compared >= 4, $"only {compared} comparisons");
    }

    // r ≫ a + b: the series' terms are binomial coefficients of alternating sign (up to 10¹¹ times the result at
    // r = 50, a = 2, b = 1, t = 10α); the series must report that and decline.
    [Theory]
    [InlineData(50, 2, 1, 10)]
    [InlineData(200, 1.5, 2, 40)]
    [InlineData(1000, 1, 1, 0.1)]
    public void SeriesDeclinesWhenItCancels(double r, double a, double b, double t)
    {
        Assert.False(BgNbdExpectedCount.TrySeries(r, 1.0, a, b, t, out _, out double cancellation));
        Assert.True(cancellation > BgNbdExpectedCount.AcceptedCancellation, $"{cancellation}");
    }

    // ln P(X(t) = n) (FHL eq. 8) near z = 1 and a = 1, including n beyond the negative binomial mean (r = 10⁻³,
    // t/α = 10⁶, where the direct tail sum would need ~4·10⁷ terms; n up to 1.5 × the mean at t/α = 10¹², where the
    // upper tail's continued fraction converges slowly and lost 3·10⁻⁶) and n = 2·10⁹. Reference: mpmath at 80 digits with
    // the tail as betainc(n, r, 0, q, regularized) (checked against 1 − betainc(r, n, 0, p) to 10⁻⁷²).
    [Theory]
    [InlineData(0.243, 1.0, 1.000000001, 2.426, 1000000000000.0, 0, -6.71433813117088)]
    [InlineData(0.243, 1.0, 1.000000001, 2.426, 1000000000000.0, 1, -1.2318915975568443)]
    [InlineData(0.243, 1.0, 1.000000001, 2.426, 1000000000000.0, 10, -4.0711138668712002)]
    [InlineData(0.243, 1.0, 1.000000001, 2.426, 1000000000000.0, 1000, -12.938547438259961)]
    [InlineData(0.243, 1.0, 1.000000001, 2.426, 1000000000000.0, 1000000, -26.774256253107589)]
    [InlineData(0.001, 1.0, 0.999999, 2.0, 1000000.0, 5000, -21.508002615372948)]
    [InlineData(2.0, 1.0, 1.0, 0.5, 1000000000.0, 100000000, -37.530148653153497)]
    [InlineData(0.5, 1.0, 1.001, 1.0, 1000000000000.0, 2000000000, -42.878417967302778)]
    [InlineData(3.0, 1.0, 0.8, 1.5, 500.0, 3000, -15.283567587050771)]
    [InlineData(0.01, 1.0, 1.0, 1.0, 1000000000000.0, 5, -4.8568302223878624)]
    [InlineData(0.0001, 1.0, 1.0, 3.0, 1000000000000.0, 100000, -28.332611552212743)]
    [InlineData(5.0, 2.0, 0.999999999, 0.7, 200000000.0, 7, -4.3000027982990866)]
    [InlineData(0.0001, 1.0, 1.0, 2.0, 1000000000000.0, 150000000, -43.947726486417125)]
    [InlineData(0.0001, 1.0, 1.0, 2.0, 1000000000000.0, 100000001, -43.093814976086106)]
    [InlineData(0.01, 1.0, 1.0, 2.0, 1000000000.0, 11000000, -34.764926547877022)]
    [InlineData(0.001, 1.0, 1.0, 2.0, 10000000.0, 20000, -24.132121224096953)]
    [InlineData(2.0, 1.0, 1.0, 2.0, 1000000.0, 2000100, -28.378388074540309)]
    [InlineData(50.0, 1.0, 1.0, 2.0, 1000.0, 50500, -19.784282900188769)]
    public void LogPmfMatchesHighPrecisionReference(double r, double alpha, double a, double b, double t, int n, double expected)
    {
        double value = BgNbdFormulas.LogProbabilityOfPurchases(new BgNbdParameters(r, alpha, a, b), t, n);
        // Relative error of P ≤ 2·10⁻¹² + 10⁻¹³ |ln P| + 10⁻¹⁵/r: the tail's continued fraction can take thousands of
        // steps, and where the tail is taken as 1 − (lower tail) it is at least about r/5, so the subtraction cancels
        // by up to 5/r (10⁴ at r = 10⁻⁴, n = 1.5 × the mean).
        double tolerance = 1e-13 * Math.Abs(expected) + 2e-12 + 1e-15 / r;
        Assert.True(Math.Abs(value - expected) <= tolerance, $"{value} vs {expected}: error {Math.Abs(value - expected):G3}");
    }

    private static Gen<BgNbdParameters> NearOneParameters { get; } =
        from lr in BgNbdTestData.Uniform(-2.5, 2.5)
        from lal in BgNbdTestData.Uniform(-3, 6)
        from lb in BgNbdTestData.Uniform(-2.5, 2.5)
        from exponent in BgNbdTestData.Uniform(-12, -1)
        from side in Gen.Elements(-1.0, 0.0, 1.0)
        select new BgNbdParameters(Math.Exp(lr), Math.Exp(lal), 1 + side * Math.Pow(10, exponent), Math.Exp(lb));

    // E[X(t)] decreases in a (a larger a shifts the Beta dropout probability up) and is smooth across a = 1: central
    // differences at h = 10⁻⁷, 10⁻⁹, 10⁻¹² agree with the one at 10⁻⁵ (they differ by O(h²) in exact arithmetic), up to
    // the rounding of the two values, 2 · 10⁻¹³ · E / h. A jump of the evaluation at or near a = 1 fails this.
    [Property(MaxTest = 60)]
    public Property ContinuousAndDecreasingInAAcrossOne() =>
        Prop.ForAll(Arb.From(NearOneParameters), Arb.From(BgNbdTestData.Uniform(-1, 12)), (p, log10Horizon) =>
        {
            double t = p.Alpha * Math.Pow(10, log10Horizon);
            double E(double a) => BgNbdFormulas.ExpectedPurchases(new BgNbdParameters(p.R, p.Alpha, a, p.B), t);
            double atOne = E(1);
            double reference = (E(1 - 1e-5) - E(1 + 1e-5)) / 2e-5;
            if (!(double.IsFinite(atOne) && atOne > 0 && reference > 0)) return false.Label($"E(1) = {atOne}, slope {reference}");
            foreach (double h in new[] { 1e-7, 1e-9, 1e-12 })
            {
                double below = E(1 - h), above = E(1 + h);
                if (below < atOne * (1 - 1e-13) || above > atOne * (1 + 1e-13)) return false.Label($"h = {h}: {below}, {atOne}, {above} not decreasing");
                double slope = (below - above) / (2 * h);
                if (Math.Abs(slope - reference) > 1e-3 * reference + 2e-13 * atOne / h)
                    return false.Label($"h = {h}: slope {slope} vs {reference} (E = {atOne})");
            }
            return true.ToProperty();
        });

    // E[X(t)] ≥ 0 and non-decreasing in t from t = 0.1α to 10¹²α, with a near 1 (or exactly 1).
    [Property(MaxTest = 40)]
    public Property NonDecreasingInTimeUpToVeryLongHorizons() =>
        Prop.ForAll(Arb.From(NearOneParameters), p =>
        {
            double previous = 0;
            for (double log10 = -1; log10 <= 12; log10 += 0.5)
            {
                double value = BgNbdFormulas.ExpectedPurchases(p, p.Alpha * Math.Pow(10, log10));
                if (!(double.IsFinite(value) && value >= previous * (1 - 1e-13))) return false.Label($"t = 1e{log10} alpha: {value} after {previous}");
                previous = value;
            }
            return true.ToProperty();
        });

    // E[Y(t) | x, t_x, T] (eq. 10) and the conditional PMF at horizons far beyond α + T: finite, and E[Y] equal to
    // P(alive) (eq. 13) times the integral of E[X(t)] at the updated parameters (r+x, α+T, a, b+x).
    [Property(MaxTest = 30)]
    public Property ConditionalPredictionsAtLongHorizons() =>
        Prop.ForAll(Arb.From(NearOneParameters), Arb.From(BgNbdTestData.Seeds), Arb.From(BgNbdTestData.Uniform(3, 12)), (p, seed, log10Horizon) =>
        {
            var summary = BgNbdTestData.RandomSummary(seed, 5);
            double horizon = (p.Alpha + 100) * Math.Pow(10, log10Horizon);
            var expected = new double[summary.Count];
            new BgNbdModel(p, TimeUnit.Days).ConditionalExpectedPurchases(summary, horizon, expected);
            for (int i = 0; i < summary.Count; i++)
            {
                double x = summary.Frequency[i], tx = summary.Recency[i], tt = summary.T[i];
                double alive = BgNbdFormulas.ProbabilityAlive(p, x, tx, tt);
                double reference = alive * BgNbdExpectedCount.ByIntegral(p.R + x, p.Alpha + tt, p.A, p.B + x, horizon);
                if (!(Math.Abs(expected[i] - reference) <= 1e-12 * reference)) return false.Label($"row {i}: E[Y] {expected[i]} vs {reference}");
                foreach (int n in new[] { 0, 1, 30, 100_000 })
                {
                    double logPmf = BgNbdFormulas.ConditionalLogProbabilityOfPurchases(p, x, tx, tt, horizon, n);
                    if (!(logPmf <= 1e-15 && logPmf > double.NegativeInfinity)) return false.Label($"row {i}, n = {n}: ln P = {logPmf}");
                }
            }
            return true.ToProperty();
        });

    // Up to t/α = 10³⁰⁰ the value is finite (and, for a > 1, below its limit (a+b−1)/(a−1) as t → ∞); beyond, the
    // horizon is rejected by name rather than returning NaN.
    [Fact]
    public void ExtremeHorizons()
    {
        var p = new BgNbdParameters(0.243, 1.0, 1.5, 2.426);
        double far = BgNbdFormulas.ExpectedPurchases(p, 1e299);
        Assert.True(double.IsFinite(far) && far < (1.5 + 2.426 - 1) / 0.5 && far > BgNbdFormulas.ExpectedPurchases(p, 1e12), $"{far}");
        Assert.True(double.IsFinite(BgNbdFormulas.ExpectedPurchases(new BgNbdParameters(0.243, 1.0, 1.0, 2.426), 1e299)));
        var tinyAlpha = new BgNbdParameters(0.243, 1e-10, 1.0, 2.426);
        Assert.Equal("t", Assert.Throws<ArgumentOutOfRangeException>(() => BgNbdFormulas.ExpectedPurchases(tinyAlpha, 1e300)).ParamName);
    }
}
