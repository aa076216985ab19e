using Clv.Probabilistic.Inference;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Clv.Probabilistic.Tests.Inference;

public class ParameterSpaceTests
{
    private static readonly ParameterSpace Space = new([
        new ParameterInfo("rate", ParameterDomain.Positive, "a rate"),
        new ParameterInfo("share", ParameterDomain.UnitInterval, "a probability"),
        new ParameterInfo("shift", ParameterDomain.Real, "a location"),
    ]);

    private static Gen<double> Uniform(double low, double high) =>
        Gen.Choose(0, 1_000_000).Select(k => low + (high - low) * k / 1_000_000.0);

    // φ → θ → φ: e^{ln φ} and σ(logit φ) lose at most a few units in the last place.
    [Property(MaxTest = 300)]
    public Property NaturalValuesSurviveTheRoundTrip() =>
        Prop.ForAll(Uniform(-30, 30).ToArbitrary(), Uniform(-13.8, 13.8).ToArbitrary(), Uniform(-1e6, 1e6).ToArbitrary(),
            (logRate, logitShare, shift) =>
            {
                double[] natural = [Math.Exp(logRate), 1 / (1 + Math.Exp(-logitShare)), shift];
                var back = Space.ToNatural(Space.ToUnconstrained(natural));
                return (Math.Abs(back[0] / natural[0] - 1) <= 1e-14
                        && Math.Abs(back[1] / natural[1] - 1) <= 1e-14
                        && back[2] == natural[2])
                    .Label($"{string.Join(", ", natural)} → {string.Join(", ", back)}");
            });

    // θ → φ → θ: logit σ(θ) computes ln(1 − φ), which carries the rounding of 1 − φ (relative 2⁻⁵³/(1 − φ)).
    [Property(MaxTest = 300)]
    public Property UnconstrainedValuesSurviveTheRoundTrip() =>
        Prop.ForAll(Uniform(-30, 30).ToArbitrary(), Uniform(-8, 8).ToArbitrary(), Uniform(-1e6, 1e6).ToArbitrary(),
            (a, b, c) =>
            {
                double[] theta = [a, b, c];
                var back = Space.ToUnconstrained(Space.ToNatural(theta));
                return (Math.Abs(back[0] - a) <= 1e-14 * Math.Max(1, Math.Abs(a))
                        && Math.Abs(back[1] - b) <= 1e-12
                        && back[2] == c)
                    .Label($"{string.Join(", ", theta)} → {string.Join(", ", back)}");
            });

    public static TheoryData<int, double> JacobianPoints => new()
    {
        { 0, -3.0 }, { 0, 0.0 }, { 0, 2.5 },
        { 1, -6.0 }, { 1, -0.4 }, { 1, 0.0 }, { 1, 1.3 }, { 1, 7.0 },
        { 2, -2.0 }, { 2, 0.0 }, { 2, 9.0 },
    };

    // dφ/dθ by central differences of ToNatural, its logarithm against LogJacobian; the derivative LogJacobian gives
    // against central differences of LogJacobian itself.
    [Theory]
    [MemberData(nameof(JacobianPoints))]
    public void LogJacobianIsTheLogOfTheNaturalValuesDerivative(int parameter, double theta)
    {
        const double h = 1e-5;
        double Natural(double t)
        {
            double[] point = [0.3, -0.2, 1.0];
            point[parameter] = t;
            return Space.ToNatural(point)[parameter];
        }
        double slope = (Natural(theta + h) - Natural(theta - h)) / (2 * h);
        double log = Space.LogJacobian(parameter, theta, out double derivative);
        Assert.Equal(Math.Log(Math.Abs(slope)), log, 1e-7);
        Assert.Equal(slope, Space.Derivative(parameter, theta), 1e-8 * Math.Max(1, Math.Abs(slope)));
        double fd = (Space.LogJacobian(parameter, theta + h, out _) - Space.LogJacobian(parameter, theta - h, out _)) / (2 * h);
        Assert.Equal(fd, derivative, 1e-8);
    }

    [Fact]
    public void UnitIntervalLogJacobianKeepsItsDigitsInTheTails()
    {
        // ln σ(θ) + ln σ(−θ) = −|θ| − 2 ln(1 + e^{−|θ|}): for θ = ±40 that is −40 − 2e^{−40} to double precision, where
        // ln φ + ln(1 − φ) from φ itself would give −∞ (1 − φ rounds to 0).
        Assert.Equal(-40.0, Space.LogJacobian(1, 40, out double up), 1e-15);
        Assert.Equal(-40.0, Space.LogJacobian(1, -40, out double down), 1e-15);
        Assert.Equal(-1.0, up, 1e-15);
        Assert.Equal(1.0, down, 1e-15);
    }

    [Fact]
    public void ValuesOutsideTheirDomainAreRejectedByName()
    {
        double[][] outside = [[0.0, 0.5, 1.0], [2.0, 1.0, 1.0], [2.0, 0.0, 1.0], [2.0, 0.5, double.NaN], [double.PositiveInfinity, 0.5, 1.0]];
        int[] which = [0, 1, 1, 2, 0];
        for (int k = 0; k < outside.Length; k++)
        {
            Assert.False(Space.Contains(outside[k]));
            Assert.Equal(which[k], Space.FirstOutside(outside[k]));
            var e = Assert.Throws<ArgumentOutOfRangeException>(() => Space.ToUnconstrained(outside[k]));
            Assert.Equal(Space.Names[which[k]], e.ParamName);
            Assert.Contains($"'{Space.Names[which[k]]}'", e.Message);
        }
        Assert.True(Space.Contains([1e-300, 1e-300, -1e300]));
    }

    [Fact]
    public void NamesAreUniqueAndIndexed()
    {
        Assert.Throws<ArgumentException>(() => ParameterSpace.Positive(("r", "one"), ("r", "two")));
        Assert.Throws<ArgumentException>(() => new ParameterSpace([]));
        Assert.Equal(1, Space.IndexOf("share"));
        Assert.Equal(-1, Space.IndexOf("Share"));
        Assert.Throws<ArgumentException>(() => Space.ToNatural([1.0, 2.0]));
    }
}
