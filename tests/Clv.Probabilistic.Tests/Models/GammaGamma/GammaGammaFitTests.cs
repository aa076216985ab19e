using Clv.Probabilistic.Data;
using Clv.Probabilistic.Inference;
using Clv.Probabilistic.Inference.Diagnostics;
using Clv.Probabilistic.Inference.Laplace;
using Clv.Probabilistic.Inference.Optimization;
using Clv.Probabilistic.Inference.Sampling;
using Clv.Probabilistic.Models;
using Clv.Probabilistic.Models.GammaGamma;
using MathNet.Numerics.Distributions;
using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.Random;
using Xunit.Abstractions;

namespace Clv.Probabilistic.Tests.Models.GammaGamma;

public class GammaGammaFitTests(ITestOutputHelper output)
{
    private static readonly Lazy<ModelFit<GammaGammaParameters, GammaGammaSpendModel>> Cdnow =
        new(() => ModelFitter.Fit(GammaGammaDefinition.Instance, CdnowSummary.Load()));

    private static ModelFit<GammaGammaParameters, GammaGammaSpendModel> Fit(GammaGammaData data, FitOptions? options = null) =>
        (ModelFit<GammaGammaParameters, GammaGammaSpendModel>)ModelFitter.Fit(GammaGammaDefinition.Instance,
            GammaGammaDefinition.Instance.Prepare(data, TimeUnit.Weeks), options);

    // Spend proportional to frequency with the same small scatter for everyone: no heterogeneity in ν for q and γ to
    // describe, so the likelihood rises for ever along q, γ → ∞ (γ/q fixed). The fit must say so, not report a number.
    [Fact]
    public void SpendWithoutHeterogeneityIsReportedAsNotIdentified()
    {
        var random = new Xoshiro256StarStar(7);
        var x = new double[300];
        var z = new double[300];
        for (int i = 0; i < x.Length; i++)
        {
            x[i] = 1 + i % 10;
            z[i] = 5 * x[i] * Math.Exp(0.3 * (random.NextDouble() - 0.5));
        }
        var e = Assert.Throws<NotIdentifiedException>(() => Fit(new GammaGammaData(x, z)));
        Assert.Contains(e.Parameter, new[] { "q", "gamma" });
        Assert.True(e.LogStandardError > FitVerdict.MaxUnconstrainedStandardError);
        Assert.Contains(e.Parameter, e.Message);
    }

    // The extreme case: every customer spends exactly the same. Then the likelihood is unbounded (p, q, γ → ∞ puts a
    // point mass on the common spend), so no maximum exists: the fit must end in an exception that says so, never
    // return a fit; and the objective it reports must be the exact likelihood, not rounding noise (before the
    // likelihood was made exact along the q, γ → ∞ ridge it reported f ≈ 10⁶⁴).
    [Fact]
    public void IdenticalSpendEndsInAnExceptionNotAFit()
    {
        var x = new double[300];
        var z = new double[300];
        for (int i = 0; i < x.Length; i++)
        {
            x[i] = 1 + i % 10;
            z[i] = 20;
        }
        var e = Assert.ThrowsAny<Exception>(() => Fit(new GammaGammaData(x, z)));
        if (e is ConvergenceException convergence)
        {
            double f = convergence.Result!.Value;
            Assert.True(double.IsFinite(f) && f < 1e5, $"objective {f}");
        }
        else
        {
            Assert.IsType<NotIdentifiedException>(e);
        }
    }

    [Fact]
    public void CdnowEstimatesMatchThePublishedMaximumLikelihoodEstimates()
    {
        var fit = Cdnow.Value;
        var correlation = SpendFrequencyCorrelation.Compute(GammaGammaData.FromSummary(CdnowSummary.Load()));
        output.WriteLine($"{fit.PointEstimate}; log-likelihood {fit.LogLikelihood:R}; {fit.Optimizer}; {correlation}");
        foreach (var e in fit.Estimates) output.WriteLine($"{e.Estimate:R} SE {e.StandardError:R} [{e.Lower}, {e.Upper}]");
        Assert.True(fit.Optimizer!.Converged, fit.Optimizer.ToString());
        Assert.Equal(FitStatus.Converged, fit.Status);
        // Fader, Hardie & Lee (2005), JMR 42(4): p = 6.25, q = 3.74, γ = 15.44 (two decimals); ℓ = −4055.9177.
        Assert.Equal(6.25, fit.PointEstimate.P, 0.005);
        Assert.Equal(3.74, fit.PointEstimate.Q, 0.005);
        Assert.Equal(15.44, fit.PointEstimate.Gamma, 0.01);
        Assert.Equal(-4055.9177, fit.LogLikelihood!.Value, 1e-2);
        Assert.Equal(946, fit.Data!.Customers);
        Assert.Equal(2357 - 946, fit.Data.ExcludedCustomers);
        Assert.Equal(2357, fit.Data.Rows);
        Assert.Empty(fit.Warnings);
        Assert.False(correlation.IsMaterial);
    }

    [Fact]
    public void CdnowFittedConditionalSpendOfTheFirstTenCustomersMatchesThePublishedValues()
    {
        var summary = CdnowSummary.Load();
        var spend = new double[summary.Count];
        Cdnow.Value.Model.ConditionalExpectedSpend(summary, spend);
        double[] published = [24.65, 18.91, 35.17, 35.17, 35.17, 71.46, 18.91, 35.17, 27.28, 35.17];
        for (int i = 0; i < published.Length; i++) Assert.Equal(published[i], spend[i], 0.1);
    }

    [Fact]
    public void StandardErrorsMatchTheInverseOfTheNumericalInformationOnTheNaturalScale()
    {
        // Second differences of the log-likelihood VALUE in (p, q, γ), inverted: the natural-scale covariance; at the
        // MLE its diagonal equals the delta-method variances of the log-scale fit.
        var fit = Cdnow.Value;
        var data = GammaGammaData.FromSummary(CdnowSummary.Load());
        double[] mle = fit.PointEstimate.ToArray();
        double Ll(double[] v) => GammaGammaLikelihood.LogLikelihood(new GammaGammaParameters(v[0], v[1], v[2]), data);
        var information = Matrix<double>.Build.Dense(3, 3);
        for (int a = 0; a < 3; a++)
            for (int b = 0; b < 3; b++)
            {
                double ha = 1e-4 * mle[a], hb = 1e-4 * mle[b];
                double F(int sa, int sb)
                {
                    var v = (double[])mle.Clone();
                    v[a] += sa * ha;
                    v[b] += sb * hb;
                    return Ll(v);
                }
                information[a, b] = -(F(1, 1) - F(1, -1) - F(-1, 1) + F(-1, -1)) / (4 * ha * hb);
            }
        var covariance = information.Inverse();
        for (int j = 0; j < 3; j++)
        {
            var estimate = fit.Estimates[j];
            Assert.Equal(Math.Sqrt(covariance[j, j]), estimate.StandardError, Math.Sqrt(covariance[j, j]) * 2e-3);
            Assert.True(estimate.Lower < estimate.Estimate && estimate.Estimate < estimate.Upper);
        }
    }

    [Fact]
    public void RecoversTheParametersOfSimulatedData()
    {
        var truth = new GammaGammaParameters(6.25, 3.74, 15.44);
        var random = new Xoshiro256StarStar(7);
        var frequency = new double[20_000];
        for (int i = 0; i < frequency.Length; i++) frequency[i] = 1 + Poisson.Sample(random, 2.0);
        var meanSpend = GammaGammaSimulator.SimulateMeanSpend(truth, frequency, seed: 11);
        var data = new GammaGammaData(frequency, meanSpend);
        var fit = Fit(data);
        double[] trueValues = truth.ToArray();
        for (int j = 0; j < 3; j++)
        {
            var estimate = fit.Estimates[j];
            double z = (estimate.Estimate - trueValues[j]) / estimate.StandardError;
            Assert.True(Math.Abs(z) < 3, $"{GammaGammaParameters.Names[j]}: estimate {estimate.Estimate}, truth {trueValues[j]}, SE {estimate.StandardError}");
        }
        Assert.False(SpendFrequencyCorrelation.Compute(data).IsMaterial);
    }

    [Fact]
    public void WeightedRowsFitLikeRepeatedRows()
    {
        var weighted = Fit(new GammaGammaData([1, 2, 3, 5, 8], [12.0, 30.0, 18.0, 22.0, 40.0], [4.0, 1.0, 2.0, 3.0, 1.0]));
        var repeated = Fit(new GammaGammaData(
            [1, 1, 1, 1, 2, 3, 3, 5, 5, 5, 8], [12.0, 12, 12, 12, 30, 18, 18, 22, 22, 22, 40]));
        Assert.Equal(repeated.LogLikelihood!.Value, weighted.LogLikelihood!.Value, 1e-8);
        for (int j = 0; j < 3; j++)
            Assert.Equal(repeated.Values[j], weighted.Values[j], 1e-4 * repeated.Values[j]);
    }

    [Fact]
    public void PenalisedFitIsStationaryForThePenalisedObjectiveAndShrinksTowardsOne()
    {
        // At the penalised optimum, ∂ℓ/∂θ = 2λθ; ∂ℓ/∂θ here by central differences of the likelihood value.
        const double lambda = 50;
        var data = GammaGammaData.FromSummary(CdnowSummary.Load());
        var penalised = Fit(data, new FitOptions { Penalty = lambda });
        double[] theta = penalised.Gaussian!.Theta.ToArray();
        for (int j = 0; j < 3; j++)
        {
            const double h = 1e-6;
            var plus = (double[])theta.Clone();
            var minus = (double[])theta.Clone();
            plus[j] += h;
            minus[j] -= h;
            double slope = (GammaGammaLikelihood.LogLikelihood(GammaGammaLogDensity.ToParameters(plus), data)
                - GammaGammaLikelihood.LogLikelihood(GammaGammaLogDensity.ToParameters(minus), data)) / (2 * h);
            Assert.Equal(2 * lambda * theta[j], slope, 1e-3 * (1 + Math.Abs(slope)));
        }
        double unpenalisedNorm = GammaGammaLogDensity.ToUnconstrained(Cdnow.Value.PointEstimate).Sum(t => t * t);
        Assert.True(theta.Sum(t => t * t) < unpenalisedNorm);
        Assert.True(penalised.LogLikelihood < Cdnow.Value.LogLikelihood);
    }

    [Fact]
    public void WarnsWhenQIsAtMostOne()
    {
        var truth = new GammaGammaParameters(2.0, 0.5, 5.0);
        var frequency = Enumerable.Range(0, 5000).Select(i => 1.0 + i % 6).ToArray();
        var fit = Fit(new GammaGammaData(frequency, GammaGammaSimulator.SimulateMeanSpend(truth, frequency, seed: 3)));
        Assert.True(fit.PointEstimate.Q < 1, fit.PointEstimate.ToString());
        Assert.Contains(fit.Warnings, w => w.Contains("q = "));
        Assert.Throws<InvalidOperationException>(() => fit.Model.ConditionalExpectedSpend(0, 0));
    }

    [Fact]
    public void FlagsAMaterialSpendFrequencyCorrelation()
    {
        // Gamma-Gamma spend scaled up with frequency: the independence assumption fails by construction.
        var frequency = Enumerable.Range(0, 2000).Select(i => 1.0 + i % 20).ToArray();
        var meanSpend = GammaGammaSimulator.SimulateMeanSpend(new GammaGammaParameters(6.25, 3.74, 15.44), frequency, seed: 5)
            .Select((z, i) => z * frequency[i]).ToArray();
        var data = new GammaGammaData(frequency, meanSpend);
        var fit = Fit(data);
        Assert.True(SpendFrequencyCorrelation.Compute(data).IsMaterial);
        Assert.Contains(fit.Warnings, w => w.Contains("corr"));
    }

    // Data without a repeat customer are refused when they are prepared, whatever the method, naming x ≥ 1.
    [Fact]
    public void RejectsDataWithoutRepeatCustomers()
    {
        var e = Assert.Throws<ArgumentException>(() => Fit(new GammaGammaData([0, 0], [0.0, 0.0])));
        Assert.Contains("x ≥ 1", e.Message);
        var summary = new RfmSummary(["a", "b"], [0, 0], [0, 0], [5, 6], [0, 0], TimeUnit.Weeks);
        e = Assert.Throws<ArgumentException>(() => ModelFitter.Fit(GammaGammaDefinition.Instance, summary));
        Assert.Contains("x ≥ 1", e.Message);
    }
}
