using Clv.Probabilistic.Data;
using Clv.Probabilistic.Inference;
using Clv.Probabilistic.Models;
using Clv.Probabilistic.Models.BetaDiscreteWeibull;
using Clv.Probabilistic.Models.ShiftedBetaGeometric;

namespace Clv.Probabilistic.Tests.Models.Retention;

/// <summary>
/// sBG and BdW against published values (Fader &amp; Hardie 2007) and against mpmath values computed from the defining
/// mixture integral (reference.py): survival, churn probabilities, DEL, DERL, log-likelihood and its gradient.
/// </summary>
public class RetentionReferenceTests
{
    private static readonly IReadOnlyList<RetentionTestData.ReferenceRow> Rows = RetentionTestData.Reference();

    // Fader & Hardie (2007), section 4: regular α 0.704, β 1.182, LL −1680.3; high end α 0.668, β 3.806, LL −1611.2.
    [Theory]
    [InlineData("regular", 0.704, 1.182, -1680.3)]
    [InlineData("high end", 0.668, 3.806, -1611.2)]
    public void SbgFitReproducesThePublishedEstimates(string cohort, double alpha, double beta, double logLikelihood)
    {
        var data = SbgDefinition.Instance.Prepare(RetentionTestData.Cohorts()[cohort].ToRetentionData(), TimeUnit.Years);
        var fit = ModelFitter.Fit(SbgDefinition.Instance, data);
        Assert.Equal(FitStatus.Converged, fit.Status);
        Assert.Equal(alpha, fit.PointEstimate.Alpha, 0.0005);
        Assert.Equal(beta, fit.PointEstimate.Beta, 0.0005);
        Assert.Equal(logLikelihood, fit.LogLikelihood!.Value, 0.05);
        Assert.Equal(1000, fit.Data!.Customers);
    }

    private static IRetentionModel Model(RetentionTestData.ReferenceRow row, bool sbg) => sbg
        ? new SbgModel(new SbgParameters(row.Alpha, row.Beta))
        : new BdwModel(new BdwParameters(row.Alpha, row.Beta, row.C));

    private static IEnumerable<(RetentionTestData.ReferenceRow Row, IRetentionModel Model, string Name)> Cases(string kind) =>
        Rows.Where(r => r.Kind == kind).SelectMany(r => r.C == 1
            ? new[] { (r, Model(r, true), "sBG"), (r, Model(r, false), "BdW") }
            : new[] { (r, Model(r, false), "BdW") });

    private static void Near(double expected, double actual, double relative, string what) =>
        Assert.True(Math.Abs(actual - expected) <= relative * Math.Abs(expected), $"{what}: {actual:R}, mpmath {expected:R}");

    [Fact]
    public void SurvivalAndChurnMatchTheMixtureIntegral()
    {
        int count = 0;
        foreach (var (row, model, name) in Cases("survival"))
        {
            Near(row.Value, model.LogSurvival(row.T), 1e-12, $"{name} {row}, ln S");
            count++;
        }
        foreach (var (row, model, name) in Cases("churn"))
        {
            Near(row.Value, model.LogChurnProbability(row.T), 1e-11, $"{name} {row}, ln P(T = t)");
            if (row.T > 1)
                Near(Math.Exp(row.Value), Math.Exp(model.LogSurvival(row.T - 1)) * (1 - model.RetentionRate(row.T)), 1e-11, $"{name} {row}, S(t − 1)(1 − r(t))");
            count++;
        }
        Assert.Equal(2 * (2 * 2 + 3) * 6, count);
    }

    [Fact]
    public void DiscountedLifetimesMatchTheSums()
    {
        int count = 0;
        foreach (var (row, model, name) in Cases("del"))
        {
            Near(row.Value, model.DiscountedExpectedLifetime(row.D), 1e-11, $"{name} {row}, DEL");
            if (!double.IsNaN(row.Check)) Near(row.Check, row.Value, 1e-18, "mpmath sum vs 2F1");
            count++;
        }
        foreach (var (row, model, name) in Cases("derl"))
        {
            Near(row.Value, model.DiscountedExpectedResidualLifetime(row.N, row.D), 1e-11, $"{name} {row}, DERL");
            if (!double.IsNaN(row.Check)) Near(row.Check, row.Value, 1e-18, "mpmath sum vs 2F1");
            count++;
        }
        Assert.Equal(7 * 2 + 7 * 6, count);
    }

    [Fact]
    public void LogLikelihoodAndGradientOfTheCohortsMatchMpmath()
    {
        var cohorts = RetentionTestData.Cohorts();
        int count = 0;
        foreach (var row in Rows.Where(r => r.Kind.StartsWith("loglik-", StringComparison.Ordinal)))
        {
            var retention = cohorts[row.Kind == "loglik-regular" ? "regular" : "high end"].ToRetentionData();
            var bdw = BdwDefinition.Instance.LogLikelihood(BdwDefinition.Instance.Prepare(retention, TimeUnit.Years));
            var gradient = new double[3];
            double value = bdw.Evaluate([Math.Log(row.Alpha), Math.Log(row.Beta), Math.Log(row.C)], gradient);
            Near(row.Value, value, 1e-12, $"BdW {row}, ℓ");
            for (int j = 0; j < 3; j++) Assert.True(Math.Abs(gradient[j] - row.Gradient[j]) <= 1e-8 * (1 + Math.Abs(row.Gradient[j])), $"BdW {row}, ∂ℓ/∂θ{j}: {gradient[j]:R}, mpmath {row.Gradient[j]:R}");
            if (row.C == 1)
            {
                var sbg = SbgDefinition.Instance.LogLikelihood(SbgDefinition.Instance.Prepare(retention, TimeUnit.Years));
                var g2 = new double[2];
                Near(row.Value, sbg.Evaluate([Math.Log(row.Alpha), Math.Log(row.Beta)], g2), 1e-13, $"sBG {row}, ℓ");
                for (int j = 0; j < 2; j++) Assert.True(Math.Abs(g2[j] - row.Gradient[j]) <= 1e-9 * (1 + Math.Abs(row.Gradient[j])), $"sBG {row}, ∂ℓ/∂θ{j}: {g2[j]:R}, mpmath {row.Gradient[j]:R}");
            }
            count++;
        }
        Assert.Equal(6, count);
    }
}
