using Clv.Probabilistic.Data;

namespace Clv.Probabilistic.Tests.Data;

public class TimeUnitTests
{
    [Theory]
    [InlineData("weeks", 7.0)]
    [InlineData("Week", 7.0)]
    [InlineData("days", 1.0)]
    [InlineData("months", 30.4375)]
    [InlineData("years", 365.25)]
    [InlineData("quarters", 91.3125)]
    [InlineData("Quarter", 91.3125)]
    [InlineData("q", 91.3125)]
    public void ParsesKnownUnits(string text, double days) => Assert.Equal(days, TimeUnit.Parse(text).DaysPerUnit);

    [Fact]
    public void RejectsUnknownUnit() => Assert.Throws<FormatException>(() => TimeUnit.Parse("fortnights"));

    [Fact]
    public void FourQuartersMakeAYear() => Assert.Equal(4.0, TimeUnit.Years.ConvertTo(1.0, TimeUnit.Parse("quarters")), 12);

    [Fact]
    public void ConvertsBetweenUnits() => Assert.Equal(12.0, TimeUnit.Years.ConvertTo(1.0, TimeUnit.Months), 12);
}
