using Clv.Probabilistic.Data;
using Clv.Probabilistic.Inference;
using Clv.Probabilistic.Models;
using Clv.Probabilistic.Models.BetaDiscreteWeibull;
using Clv.Probabilistic.Models.ShiftedBetaGeometric;
using MathNet.Numerics.Random;

namespace Clv.Probabilistic.Tests.Models.Retention;

/// <summary>
/// BdW at c = 1 is the sBG (Fader et al. 2018, section 2): the two implementations share no formula (lnΓ shifts and a
/// bounded sum against log1p steps and the ₂F₁ closed form), so agreement tests both.
/// </summary>
public class BdwNestsSbgTests
{
    private static IEnumerable<(double Alpha, double Beta)> RandomParameters(int count, int seed)
    {
        var random = new Xoshiro256StarStar(seed);
        for (int i = 0; i < count; i++) yield return (Math.Exp(-2 + 5 * random.NextDouble()), Math.Exp(-2 + 5 * random.NextDouble()));
    }

    [Fact]
    public void PredictionsAgreeAtCEqualsOne()
    {
        foreach (var (alpha, beta) in RandomParameters(20, 1))
        {
            var sbg = new SbgModel(new SbgParameters(alpha, beta));
            var bdw = new BdwModel(new BdwParameters(alpha, beta, 1.0));
            string at = $"α = {alpha:R}, β = {beta:R}";
            foreach (int t in new[] { 0, 1, 2, 5, 13, 60 })
            {
                Near(sbg.LogSurvival(t), bdw.LogSurvival(t), 1e-11, $"{at}, ln S({t})");
                if (t == 0) continue;
                Near(sbg.LogChurnProbability(t), bdw.LogChurnProbability(t), 1e-11, $"{at}, ln P(T = {t})");
                Near(sbg.RetentionRate(t), bdw.RetentionRate(t), 1e-13, $"{at}, r({t})");
                Near(sbg.ConditionalSurvival(t, 7), bdw.ConditionalSurvival(t, 7), 1e-11, $"{at}, P(T > {t} + 7 | T > {t})");
            }
            foreach (double d in new[] { 0.3, 0.1, 0.01, 0.001 })
            {
                Near(sbg.DiscountedExpectedLifetime(d), bdw.DiscountedExpectedLifetime(d), 1e-10, $"{at}, DEL at d = {d}");
                foreach (int n in new[] { 0, 1, 9, 120, 1000 })
                    Near(sbg.DiscountedExpectedResidualLifetime(n, d), bdw.DiscountedExpectedResidualLifetime(n, d), 1e-10, $"{at}, DERL({n}) at d = {d}");
            }
            var a = sbg.Simulate(500, 10, seed: 3);
            var b = bdw.Simulate(500, 10, seed: 3);
            Assert.Equal(a.Periods.ToArray(), b.Periods.ToArray());
            Assert.Equal(a.Churned.ToArray(), b.Churned.ToArray());
        }
    }

    // The likelihoods agree at c = 1, the BdW's (ln α, ln β) gradient is the sBG's, and near c = 1 the BdW is continuous.
    [Fact]
    public void LikelihoodsAgreeAtCEqualsOne()
    {
        var data = new SbgModel(new SbgParameters(0.9, 2.0)).Simulate(3000, 15, seed: 4);
        var sbg = SbgDefinition.Instance.LogLikelihood(SbgDefinition.Instance.Prepare(data, TimeUnit.Years));
        var bdw = BdwDefinition.Instance.LogLikelihood(BdwDefinition.Instance.Prepare(data, TimeUnit.Years));
        foreach (var (alpha, beta) in RandomParameters(100, 2))
        {
            double[] g2 = new double[2], g3 = new double[3], g3Near = new double[3];
            double a = sbg.Evaluate([Math.Log(alpha), Math.Log(beta)], g2);
            double b = bdw.Evaluate([Math.Log(alpha), Math.Log(beta), 0.0], g3);
            double near = bdw.Evaluate([Math.Log(alpha), Math.Log(beta), 1e-9], g3Near);
            string at = $"α = {alpha:R}, β = {beta:R}";
            Near(a, b, 1e-12, $"{at}, ℓ");
            Near(a, near, 1e-7, $"{at}, ℓ at ln c = 10⁻⁹");
            for (int j = 0; j < 2; j++) Assert.True(Math.Abs(g2[j] - g3[j]) <= 1e-9 * (1 + Math.Abs(g2[j])), $"{at}, ∂ℓ/∂θ{j}: sBG {g2[j]:R}, BdW {g3[j]:R}");
        }
    }

    // Data simulated from the sBG: the BdW fit finds c near 1 and the sBG's α, β, and cannot do worse than the sBG.
    [Fact]
    public void BdwFitOfSbgDataFindsCNearOne()
    {
        var data = new SbgModel(new SbgParameters(0.704, 1.182)).Simulate(50_000, 12, seed: 5);
        var sbg = ModelFitter.Fit(SbgDefinition.Instance, SbgDefinition.Instance.Prepare(data, TimeUnit.Years));
        var bdw = ModelFitter.Fit(BdwDefinition.Instance, BdwDefinition.Instance.Prepare(data, TimeUnit.Years));
        var c = bdw.Estimates[2];
        Assert.True(Math.Abs(Math.Log(c.Estimate)) <= 4 * c.StandardError / c.Estimate, $"c = {c.Estimate:G5} (SE {c.StandardError:G3})");
        Assert.True(bdw.LogLikelihood >= sbg.LogLikelihood - 1e-6, $"BdW ℓ {bdw.LogLikelihood:R} < sBG ℓ {sbg.LogLikelihood:R}");
    }

    private static void Near(double expected, double actual, double relative, string what) =>
        Assert.True(Math.Abs(actual - expected) <= relative * Math.Max(Math.Abs(expected), 1e-300), $"{what}: sBG {expected:R}, BdW {actual:R}");
}
