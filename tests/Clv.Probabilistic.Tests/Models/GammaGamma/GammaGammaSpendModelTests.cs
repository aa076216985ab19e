using Clv.Probabilistic.Models.GammaGamma;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Property = FsCheck.Property;
using PropertyAttribute = FsCheck.Xunit.PropertyAttribute;
using MathNet.Numerics;

namespace Clv.Probabilistic.Tests.Models.GammaGamma;

public class GammaGammaSpendModelTests
{
    private static readonly GammaGammaParameters Paper = new(6.25, 3.74, 15.44);

    [Fact]
    public void CdnowConditionalSpendOfTheFirstTenCustomersMatchesThePublishedValues()
    {
        var summary = CdnowSummary.Load();
        var spend = new double[summary.Count];
        new GammaGammaSpendModel(Paper).ConditionalExpectedSpend(summary, spend);
        double[] published = [24.65, 18.91, 35.17, 35.17, 35.17, 71.46, 18.91, 35.17, 27.28, 35.17];
        for (int i = 0; i < published.Length; i++)
        {
            Assert.Equal((i + 1).ToString(), summary.CustomerIds[i]);
            Assert.Equal(published[i], spend[i], 0.1);
        }
        Assert.Equal(Paper.PopulationMeanSpend, spend[2]);
    }

    [Theory]
    [InlineData(6.25, 3.74, 15.44, 1, 11.77)]
    [InlineData(6.25, 3.74, 15.44, 14, 71.0)]
    [InlineData(0.5, 1.2, 3.0, 2, 0.3)]
    [InlineData(3.0, 0.6, 20.0, 5, 8.0)]
    public void ConditionalSpendMatchesNumericalIntegrationOfThePosteriorOfNu(double p, double q, double gamma, double x, double z)
    {
        // E[Z | x, z̄] = ∫ (p/ν) f(z̄ | ν) g(ν) dν / ∫ f(z̄ | ν) g(ν) dν, both integrals by quadrature.
        double logNumerator = GammaGammaLikelihoodTests.LogIntegral(p, q, gamma, x, z, nu => Math.Log(p / nu));
        double logDenominator = GammaGammaLikelihoodTests.LogIntegral(p, q, gamma, x, z, _ => 0.0);
        double reference = Math.Exp(logNumerator - logDenominator);
        Assert.Equal(reference, new GammaGammaSpendModel(new GammaGammaParameters(p, q, gamma)).ConditionalExpectedSpend(x, z), reference * 1e-9);
    }

    [Fact]
    public void PopulationMeanMatchesNumericalIntegrationOverNu()
    {
        // E[p/ν] with ν ~ Gamma(q, γ).
        double p = Paper.P, q = Paper.Q, gamma = Paper.Gamma;
        double reference = Integrate.DoubleExponential(
            nu => nu <= 0 ? 0 : p / nu * Math.Exp(q * Math.Log(gamma) + (q - 1) * Math.Log(nu) - gamma * nu - SpecialFunctions.GammaLn(q)),
            0, double.PositiveInfinity, 1e-12);
        Assert.Equal(reference, Paper.PopulationMeanSpend, 1e-8);
        Assert.Equal(reference, new GammaGammaSpendModel(Paper).ConditionalExpectedSpend(0, 0), 1e-8);
    }

    private static Gen<(GammaGammaParameters Parameters, int X, double Z)> Cases() =>
        from p in Generators.LogUniform(0.1, 50)
        from q in Generators.LogUniform(1.01, 50)
        from gamma in Generators.LogUniform(0.1, 500)
        from x in Gen.Choose(1, 200)
        from z in Generators.LogUniform(0.01, 5000)
        select (new GammaGammaParameters(p, q, gamma), x, z);

    [Property(MaxTest = 300)]
    public Property ConditionalSpendLiesBetweenThePopulationMeanAndTheCustomersOwnMean() =>
        Prop.ForAll(Cases().ToArbitrary(), c =>
        {
            double e = new GammaGammaSpendModel(c.Parameters).ConditionalExpectedSpend(c.X, c.Z);
            double mean = c.Parameters.PopulationMeanSpend;
            double slack = 1e-12 * Math.Max(mean, c.Z);
            return e >= Math.Min(mean, c.Z) - slack && e <= Math.Max(mean, c.Z) + slack;
        });

    [Property(MaxTest = 300)]
    public Property ConditionalSpendMovesTowardsTheCustomersOwnMeanAsFrequencyGrows() =>
        Prop.ForAll(Cases().ToArbitrary(), c =>
        {
            var model = new GammaGammaSpendModel(c.Parameters);
            double now = Math.Abs(model.ConditionalExpectedSpend(c.X, c.Z) - c.Z);
            double later = Math.Abs(model.ConditionalExpectedSpend(c.X + 1, c.Z) - c.Z);
            return later <= now * (1 + 1e-12);
        });

    [Fact]
    public void PopulationMeanIsUndefinedWhenQIsAtMostOne()
    {
        var parameters = new GammaGammaParameters(2.0, 0.9, 10.0);
        Assert.False(parameters.HasFinitePopulationMean);
        var error = Assert.Throws<InvalidOperationException>(() => parameters.PopulationMeanSpend);
        Assert.Contains("q = 0.9", error.Message);

        var model = new GammaGammaSpendModel(parameters);
        Assert.Equal(2.0 * (10.0 + 3 * 5.0) / (2.0 * 3 + 0.9 - 1), model.ConditionalExpectedSpend(3, 5.0), 1e-12);
        var rowError = Assert.Throws<InvalidOperationException>(() =>
            model.ConditionalExpectedSpend([3.0, 0.0], [5.0, 0.0], new double[2]));
        Assert.Contains("Row 1", rowError.Message);
    }

    [Fact]
    public void RejectsARepeatCustomerWithoutPositiveSpendNamingIt()
    {
        var summary = new Clv.Probabilistic.Data.RfmSummary(["u", "v"], [0.0, 2.0], [0.0, 3.0], [10.0, 10.0], [0.0, -1.0],
            Clv.Probabilistic.Data.TimeUnit.Weeks);
        var error = Assert.Throws<ArgumentException>(() => new GammaGammaSpendModel(Paper).ConditionalExpectedSpend(summary, new double[2]));
        Assert.Contains("'v'", error.Message);
    }
}
