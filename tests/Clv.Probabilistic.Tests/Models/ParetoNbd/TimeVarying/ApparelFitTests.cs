using Clv.Probabilistic.Data;
using Clv.Probabilistic.Inference;
using Clv.Probabilistic.Models;
using Clv.Probabilistic.Models.ParetoNbd;
using Clv.Probabilistic.Models.ParetoNbd.TimeVarying;
using Xunit.Abstractions;

namespace Clv.Probabilistic.Tests.Models.ParetoNbd.TimeVarying;

public class ApparelFitTests(ITestOutputHelper output)
{
    [Fact]
    public void Apparel_fit_converges_and_improves_on_the_plain_model()
    {
        var data = ApparelData.Data;
        var fit = TimeVaryingParetoNbd.Fit(data);
        foreach (var e in fit.Estimates) output.WriteLine($"{e.Name} {e.Estimate:G6} se {e.StandardError:G4}");
        foreach (var c in fit.Coefficients) output.WriteLine($"{c.Name} z {c.Z:F2} p {c.PValue:G3}");
        output.WriteLine($"LL {fit.LogLikelihood:F4} iterations {fit.Iterations}");
        Assert.Equal(FitStatus.Converged, fit.Status);
    }
}
