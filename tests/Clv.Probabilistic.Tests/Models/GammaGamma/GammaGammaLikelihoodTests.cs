using Clv.Probabilistic.Models.GammaGamma;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Property = FsCheck.Property;
using PropertyAttribute = FsCheck.Xunit.PropertyAttribute;
using MathNet.Numerics;

namespace Clv.Probabilistic.Tests.Models.GammaGamma;

public class GammaGammaLikelihoodTests
{
    /// <summary>
    /// ln of the mixture integrand: density of z̄ = (sum of x Gamma(p, ν) values)/x at z̄ (a Gamma(px, xν)), times the
    /// Gamma(q, γ) density of ν. Written from the generative model, not from the closed form.
    /// </summary>
    internal static double LogJoint(double p, double q, double gamma, double x, double z, double nu) =>
        (p * x) * Math.Log(x * nu) + (p * x - 1) * Math.Log(z) - x * nu * z - SpecialFunctions.GammaLn(p * x)
        + q * Math.Log(gamma) + (q - 1) * Math.Log(nu) - gamma * nu - SpecialFunctions.GammaLn(q);

    /// <summary>∫ exp(LogJoint + ln g(ν)) dν by double-exponential quadrature, scaled at the mode for range.</summary>
    internal static double LogIntegral(double p, double q, double gamma, double x, double z, Func<double, double> logG)
    {
        double mode = (p * x + q - 1) / (gamma + x * z);
        if (mode <= 0) mode = 1.0 / (gamma + x * z);
        double peak = LogJoint(p, q, gamma, x, z, mode) + logG(mode);
        double integral = Integrate.DoubleExponential(
            nu => nu <= 0 ? 0.0 : Math.Exp(LogJoint(p, q, gamma, x, z, nu) + logG(nu) - peak), 0, double.PositiveInfinity, 1e-13);
        return peak + Math.Log(integral);
    }

    [Theory]
    [InlineData(6.25, 3.74, 15.44, 1, 11.77)]
    [InlineData(6.25, 3.74, 15.44, 2, 22.35)]
    [InlineData(6.25, 3.74, 15.44, 29, 35.0)]
    [InlineData(0.8, 1.5, 2.0, 3, 0.4)]
    [InlineData(2.0, 0.7, 40.0, 7, 120.0)]
    public void LikelihoodMatchesNumericalIntegrationOfTheGammaMixture(double p, double q, double gamma, double x, double z)
    {
        double reference = LogIntegral(p, q, gamma, x, z, _ => 0.0);
        double closedForm = GammaGammaLikelihood.LogDensity(new GammaGammaParameters(p, q, gamma), x, z);
        Assert.Equal(reference, closedForm, 1e-8);
    }

    // Along the ridge p → ∞, γ → 0 with pγ fixed the density tends to an inverse gamma and stays of order 1, but the
    // textbook form adds terms of size p x ln z̄ that cancel (at p = 10²⁰ its double result is off by thousands);
    // along q, γ → ∞ terms of size q ln q cancel likewise.
    // Reference: the textbook form in mpmath 1.3.0 at 80 digits with the exact doubles shown.
    [Theory]
    [InlineData(6.25, 3.74, 15.44, 2, 22.35, -3.5513167597317047)]
    [InlineData(1e+20, 3.74, 2.5e-19, 1, 11.77, -3.2471796690896097)]
    [InlineData(1e+20, 3.74, 2.5e-19, 29, 35.0, -7.00304542788604)]
    [InlineData(1e+43, 2.0, 5e-42, 3, 0.4, -114.42708179352124)]
    [InlineData(3000000000000000.0, 3.0, 1e-14, 7, 120.0, -9.8895220067016631)]
    // The other ridge, q, γ → ∞ with γ/q fixed (no spend heterogeneity), and extreme corners.
    [InlineData(3.0, 1000000000.0, 6666666666.666667, 2.0, 20.0, -3.032667203967707)]
    [InlineData(3.0, 1000000000000.0, 6666666666666.667, 2.0, 20.0, -3.032667200970707)]
    [InlineData(3.0, 1000000000000000.0, 6666666666666667.0, 2.0, 20.0, -3.03266720096771)]
    [InlineData(3.0, 1e+30, 6.666666666666666e+30, 2.0, 20.0, -3.032667200967707)]
    [InlineData(1e-300, 2.0, 5.0, 3.0, 0.4, -689.19084763690533)]
    [InlineData(1e+20, 1e+20, 1e+20, 4.0, 7.5, -1.6810000579518409e+22)]
    public void LogDensityMatchesHighPrecisionReferenceAlongTheRidge(double p, double q, double gamma, double x, double z, double expected)
    {
        var parameters = new GammaGammaParameters(p, q, gamma);
        Assert.Equal(expected, GammaGammaLikelihood.LogDensity(parameters, x, z), 1e-12 * Math.Max(1, Math.Abs(expected)));
        Assert.Equal(expected, GammaGammaLikelihood.LogLikelihood(parameters, new GammaGammaData([x], [z])), 1e-12 * Math.Max(1, Math.Abs(expected)));
    }

    // Far out on the ridge the CDNOW log-likelihood approaches its inverse-gamma limit
    // Σ [q ln c − lnΓ(q) − (q + 1) ln z̄ − c/z̄], c = pγ, from below.
    [Theory]
    [InlineData(1e8)]
    [InlineData(1e14)]
    [InlineData(1e30)]
    public void CdnowLikelihoodStaysExactFarAlongTheRidge(double p)
    {
        var data = GammaGammaData.FromSummary(CdnowSummary.Load());
        const double q = 3.74, c = 60.0;
        var density = new GammaGammaLogDensity(data);
        double[] theta = [Math.Log(p), Math.Log(q), Math.Log(c / p)];
        var gradient = new double[3];
        double value = density.Evaluate(theta, gradient);
        double limit = 0;
        for (int i = 0; i < data.Count; i++)
        {
            double z = data.MeanSpend[i];
            limit += q * Math.Log(c) - SpecialFunctions.GammaLn(q) - (q + 1) * Math.Log(z) - c / z;
        }
        Assert.True(value <= limit + 1e-9 * Math.Abs(limit), $"{value} above the limit {limit}");
        Assert.True(limit - value <= 1e4 / p * Math.Abs(limit), $"{value} vs limit {limit}");
    }

    // Far along the other ridge, q, γ → ∞ with γ/q = 5 fixed (ν → 1/5, no heterogeneity), the CDNOW log-likelihood
    // tends to that of independent Gamma(px, 5x) means, Σ ln Gamma(z̄; px, rate x/5).
    // (The gradient at points along both ridges is checked by the conformance fixture, GammaGammaCase.GradientPoints.)
    [Theory]
    [InlineData(1e8)]
    [InlineData(1e14)]
    [InlineData(1e30)]
    public void CdnowLikelihoodStaysExactFarAlongTheNoHeterogeneityRidge(double q)
    {
        var data = GammaGammaData.FromSummary(CdnowSummary.Load());
        const double p = 2.5, scale = 5.0;
        var density = new GammaGammaLogDensity(data);
        double[] theta = [Math.Log(p), Math.Log(q), Math.Log(scale * q)];
        var gradient = new double[3];
        double value = density.Evaluate(theta, gradient);
        double limit = 0;
        for (int i = 0; i < data.Count; i++)
        {
            double x = data.Frequency[i], z = data.MeanSpend[i], shape = p * x, rate = x / scale;
            limit += shape * Math.Log(rate) - SpecialFunctions.GammaLn(shape) + (shape - 1) * Math.Log(z) - rate * z;
        }
        Assert.True(Math.Abs(value - limit) <= 1e4 / q * Math.Abs(limit) + 1e-9 * Math.Abs(limit), $"{value} vs limit {limit}");
    }

    [Fact]
    public void LogLikelihoodEqualsSumOfPerCustomerDensities()
    {
        var data = GammaGammaData.FromSummary(CdnowSummary.Load());
        var parameters = new GammaGammaParameters(6.25, 3.74, 15.44);
        double sum = 0;
        for (int i = 0; i < data.Count; i++) sum += GammaGammaLikelihood.LogDensity(parameters, data.Frequency[i], data.MeanSpend[i]);
        Assert.Equal(sum, GammaGammaLikelihood.LogLikelihood(parameters, data), 1e-8);
    }

    [Fact]
    public void CdnowKeepsTheRepeatCustomersOnly()
    {
        var summary = CdnowSummary.Load();
        var data = GammaGammaData.FromSummary(summary);
        Assert.Equal(2357, summary.Count);
        Assert.Equal(946, data.Count);
        Assert.Equal(2357 - 946, data.ExcludedCount);
        foreach (var x in data.Frequency) Assert.True(x >= 1);
    }

    [Fact]
    public void RejectsNonPositiveMeanSpendOfARepeatCustomerNamingIt()
    {
        var error = Assert.Throws<ArgumentException>(() =>
            new GammaGammaData([2, 0, 3], [10.0, 0.0, 0.0], customerIds: ["a", "b", "c"]));
        Assert.Contains("'c'", error.Message);
        Assert.Contains("row 2", error.Message);
    }

    [Theory]
    [InlineData(0, 1, 1)]
    [InlineData(1, -1, 1)]
    [InlineData(1, 1, double.NaN)]
    [InlineData(double.PositiveInfinity, 1, 1)]
    public void ParametersRejectNonPositiveOrNonFiniteValues(double p, double q, double gamma) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new GammaGammaParameters(p, q, gamma));
}
