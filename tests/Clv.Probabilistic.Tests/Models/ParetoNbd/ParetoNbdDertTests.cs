using System.Globalization;
using Clv.Probabilistic.Data;
using Clv.Probabilistic.Models;
using Clv.Probabilistic.Models.ParetoNbd;
using Clv.Probabilistic.Valuation;
using Xunit.Abstractions;

namespace Clv.Probabilistic.Tests.Models.ParetoNbd;

/// <summary>
/// Pareto/NBD DERT (Fader, Hardie &amp; Lee 2005, the closed form with Tricomi's U) against mpmath's quadrature of the
/// posterior over (λ, μ) (dert_reference.py, dert_reference.csv in this folder) and against the numerical integral
/// ∫₀^H e^{−δt} dE[Y(t) | history] of the model's own E[Y], with H far enough out that e^{−δH} is negligible.
/// </summary>
public class ParetoNbdDertTests(ITestOutputHelper output)
{
    [Fact]
    public void MatchesMpmath()
    {
        double worst = 0;
        int count = 0;
        foreach (var line in File.ReadAllLines(Path.Combine(Folder(), "dert_reference.csv")).Skip(1))
        {
            var f = line.Split(',').Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray();
            var model = new ParetoNbdModel(new ParetoNbdParameters(f[0], f[1], f[2], f[3]), TimeUnit.Weeks);
            var summary = new RfmSummary(["c"], [f[4]], [f[5]], [f[6]], default, TimeUnit.Weeks);
            var result = new double[1];
            model.DiscountedExpectedResidualPurchases(summary, f[7], result);
            double error = Math.Abs(result[0] - f[8]) / f[8];
            Assert.True(error <= 1e-12, $"{line}: DERT = {result[0]:R} (relative error {error:G3})");
            worst = Math.Max(worst, error);
            count++;
        }
        Assert.Equal(28, count);
        output.WriteLine($"{count} values, largest relative error {worst:G3}");
    }

    [Theory]
    [InlineData(0.553, 10.578, 0.606, 11.669, 0.0026876)]
    [InlineData(1.3, 7.25, 2.1, 7.25, 0.05)]
    [InlineData(0.2, 2.5, 1.0, 40.0, 0.01)]
    public void MatchesIntegralOfDiscountedExpectation(double r, double alpha, double s, double beta, double delta)
    {
        var model = new ParetoNbdModel(new ParetoNbdParameters(r, alpha, s, beta), TimeUnit.Weeks);
        var summary = new RfmSummary(["a", "b", "c", "d"], [0, 2, 10, 25], [0, 30.43, 5, 60], [38.86, 38.86, 70, 60.25], default, TimeUnit.Weeks);
        var closedForm = new double[4];
        model.DiscountedExpectedResidualPurchases(summary, delta, closedForm);
        var integral = new double[4];
        var atHorizon = new double[4];
        DiscountedPurchases.Continuous(model, summary, 45 / delta, delta, 1e-13, integral, atHorizon);
        for (int i = 0; i < 4; i++)
        {
            double error = Math.Abs(closedForm[i] - integral[i]) / closedForm[i];
            output.WriteLine($"row {i}: closed form {closedForm[i]:R}, integral {integral[i]:R}, relative difference {error:G3}");
            Assert.True(error <= 1e-9, $"row {i}: closed form {closedForm[i]:R}, integral {integral[i]:R}");
        }
    }

    [Fact]
    public void IsAClosedFormOfThePurchaseModel()
    {
        IPurchaseModel model = new ParetoNbdModel(new ParetoNbdParameters(0.553, 10.578, 0.606, 11.669), TimeUnit.Weeks);
        Assert.IsAssignableFrom<IDiscountedResidualPurchases>(model);
        var summary = new RfmSummary(["c"], [1], [2], [3], default, TimeUnit.Weeks);
        var closed = (IDiscountedResidualPurchases)model;
        Assert.Throws<ArgumentOutOfRangeException>(() => closed.DiscountedExpectedResidualPurchases(summary, 0, new double[1]));
        Assert.Throws<ArgumentOutOfRangeException>(() => closed.DiscountedExpectedResidualPurchases(summary, double.NaN, new double[1]));
    }

    private static string Folder()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            string candidate = Path.Combine(folder.FullName, "tests", "Clv.Probabilistic.Tests", "Models", "ParetoNbd");
            if (File.Exists(Path.Combine(candidate, "dert_reference.csv"))) return candidate;
        }
        throw new DirectoryNotFoundException($"No folder above {AppContext.BaseDirectory} holds tests/Clv.Probabilistic.Tests/Models/ParetoNbd/dert_reference.csv.");
    }
}
