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
}
