using FsCheck;
using FsCheck.Fluent;

namespace Clv.Probabilistic.Tests.Models.GammaGamma;

/// <summary>Generators of real numbers for properties (FsCheck generates integers; these map them onto ranges).</summary>
internal static class Generators
{
    private const int Steps = 1_000_000;

    /// <summary>Uniform on [low, high].</summary>
    public static Gen<double> Uniform(double low, double high) =>
        Gen.Choose(0, Steps).Select(k => low + (high - low) * k / Steps);

    /// <summary>Log-uniform on [low, high], low &gt; 0.</summary>
    public static Gen<double> LogUniform(double low, double high) =>
        Uniform(Math.Log(low), Math.Log(high)).Select(Math.Exp);
}
