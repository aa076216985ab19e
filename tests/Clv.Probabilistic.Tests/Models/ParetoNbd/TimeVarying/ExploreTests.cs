using Clv.Probabilistic.Inference;
using Clv.Probabilistic.Models.ParetoNbd.TimeVarying;
using Xunit.Abstractions;

namespace Clv.Probabilistic.Tests.Models.ParetoNbd.TimeVarying;

public class ExploreTests(ITestOutputHelper output)
{
    [Fact]
    public void Explore()
    {
        var data = ApparelData.Data;
        var fit = TimeVaryingParetoNbd.Fit(data, FitOptions.Default with { ThrowIfUnreliable = false });
        foreach (var e in fit.Estimates) output.WriteLine($"{e.Name} {e.Estimate:G6} se {e.StandardError:G4}");
        output.WriteLine($"LL {fit.LogLikelihood:F4} iterations {fit.Iterations} {fit.Status}");
        var ll = new TimeVaryingParetoNbdLogLikelihood(data.Rows);
        var space = TimeVaryingParetoNbd.Space(data.CovariateNames);
        var theta = space.ToUnconstrained(fit.Parameters.ToValues());
        var g = new double[theta.Length];
        foreach (double v in new[] { -9.0, -6, -4, -3, -2, -1, 0 })
        {
            theta[7] = v;
            var fit2 = TimeVaryingParetoNbd.Fit(data, FitOptions.Default with { ThrowIfUnreliable = false, Start = space.ToNatural(theta) });
            output.WriteLine($"life.HS {v}: LL {ll.Evaluate(theta, g):F4} grad {g[7]:G4}");
        }
        int x = 0;
        for (int i = 0; i < data.Count; i++) x += (int)data.Frequency[i];
        output.WriteLine($"customers {data.Count} repeat {x} vectors {data.Rows.Path.VectorCount} segments {data.Rows.Path.Length.Length}");
        var static0 = Clv.Probabilistic.Models.ModelFitter.Fit(Clv.Probabilistic.Models.ParetoNbd.ParetoNbdDefinition.Instance,
            Clv.Probabilistic.Data.RfmSummarizer.Summarize(ApparelData.Transactions(), new Clv.Probabilistic.Data.SummaryOptions(ApparelData.CalibrationEnd, Clv.Probabilistic.Data.TimeUnit.Weeks) { DropTransactionsAfterEnd = true }));
        output.WriteLine($"static LL {static0.LogLikelihood} {string.Join(" ", static0.Values)}");
    }
}
