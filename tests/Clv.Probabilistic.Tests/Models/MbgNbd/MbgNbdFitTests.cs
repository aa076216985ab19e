using Clv.Probabilistic.Inference;
using Clv.Probabilistic.Models;
using Clv.Probabilistic.Models.MbgNbd;
using Clv.Probabilistic.Tests.Models.BgNbd;
using Xunit.Abstractions;

namespace Clv.Probabilistic.Tests.Models.MbgNbd;

public class MbgNbdFitTests(ITestOutputHelper output)
{
    // Batislam, Denizel & Filiztekin (2007) model; the CDNOW estimate as BTYDplus reports and tests it (mbgcnbd with k = 1):
    // r = 0.525, α = 6.183, a = 0.891, b = 1.614, to 3 decimals.
    [Fact]
    public void RecoversPublishedCdnowEstimates()
    {
        var fit = ModelFitter.Fit(MbgNbdDefinition.Instance, CdnowData.Summary);
        var p = fit.PointEstimate;
        output.WriteLine($"{p}, log-likelihood {fit.LogLikelihood:R}, {fit.Optimizer!.Iterations} iterations");
        Assert.Equal(FitStatus.Converged, fit.Status);
        Assert.Equal(0.525, p.R, 1e-3);
        Assert.Equal(6.183, p.Alpha, 1e-3);
        Assert.Equal(0.891, p.A, 1e-3);
        Assert.Equal(1.614, p.B, 1e-3);
        Assert.Equal(2357, fit.Data!.Customers);
        Assert.True(fit.Data.CompressedRows < 2357);
        Assert.Equal(["r", "alpha", "a", "b"], fit.Estimates.Select(e => e.Name));
        foreach (var e in fit.Estimates)
            Assert.True(e.StandardError > 0 && e.Lower < e.Estimate && e.Estimate < e.Upper, e.ToString());
    }

    // The registry, names and aliases find the model; a summary without repeat purchases is refused with the reason.
    [Fact]
    public void IsRegisteredUnderItsNameAndAliases()
    {
        Assert.Same(MbgNbdDefinition.Instance, ModelRegistry.Get("mbgnbd"));
        Assert.Same(MbgNbdDefinition.Instance, ModelRegistry.Get("MBG/NBD"));
        Assert.Same(MbgNbdDefinition.Instance, ModelRegistry.Get("mbg-nbd"));
        var none = new Clv.Probabilistic.Data.RfmSummary(["a", "b"], [0, 0], [0, 0], [3, 4], default, Clv.Probabilistic.Data.TimeUnit.Weeks);
        var e = Assert.Throws<ArgumentException>(() => MbgNbdDefinition.Instance.Prepare(none));
        Assert.Contains("No customer in the summary has a repeat purchase", e.Message);
    }

    // 10⁶ distinct customers: one evaluation of value and gradient takes a fraction of a second.
    [Fact]
    public void MillionCustomersEvaluateInAFractionOfASecond()
    {
        var random = new MathNet.Numerics.Random.Xoshiro256StarStar(3);
        int n = 1_000_000;
        var ids = new string[n];
        var x = new double[n];
        var recency = new double[n];
        var t = new double[n];
        for (int i = 0; i < n; i++)
        {
            ids[i] = i.ToString(System.Globalization.CultureInfo.InvariantCulture);
            t[i] = 1 + 99 * random.NextDouble();
            x[i] = random.NextDouble() < 0.4 ? 0 : Math.Floor(Math.Exp(4 * random.NextDouble()));
            recency[i] = x[i] == 0 ? 0 : t[i] * random.NextDouble();
        }
        var data = MbgNbdDefinition.Instance.Prepare(new Clv.Probabilistic.Data.RfmSummary(ids, x, recency, t, default, Clv.Probabilistic.Data.TimeUnit.Weeks));
        var density = MbgNbdDefinition.Instance.LogLikelihood(data);
        double[] theta = [Math.Log(0.525), Math.Log(6.183), Math.Log(0.891), Math.Log(1.614)];
        var gradient = new double[4];
        density.Evaluate(theta, gradient);
        var watch = System.Diagnostics.Stopwatch.StartNew();
        for (int k = 0; k < 3; k++) Assert.True(double.IsFinite(density.Evaluate(theta, gradient)));
        Assert.True(watch.Elapsed.TotalSeconds / 3 < 0.5, $"{watch.Elapsed.TotalMilliseconds / 3:F0} ms per evaluation");
    }
}
