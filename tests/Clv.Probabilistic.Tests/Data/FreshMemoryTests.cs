using Clv.Probabilistic.Data;

namespace Clv.Probabilistic.Tests.Data;

/// <summary>The huge-page hint changes nothing an array holds, large or small.</summary>
public sealed class FreshMemoryTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1000)]
    [InlineData(3 << 20)]
    public void ANewArrayIsZeroedAndHoldsWhatIsWritten(int length)
    {
        var doubles = FreshMemory.Array<double>(length);
        Assert.Equal(length, doubles.Length);
        Assert.True(doubles.AsSpan().IndexOfAnyExcept(0.0) < 0);
        for (int i = 0; i < length; i++) doubles[i] = i;
        for (int i = 0; i < length; i += 4099) Assert.Equal(i, doubles[i]);
        var bytes = FreshMemory.Array<byte>(length);
        Assert.True(bytes.AsSpan().IndexOfAnyExcept((byte)0) < 0);
    }

    [Fact]
    public void AdvisingAnArrayAlreadyWrittenKeepsItsContent()
    {
        var values = new long[1 << 20];
        for (int i = 0; i < values.Length; i++) values[i] = i * 7L;
        FreshMemory.Advise(values);
        for (int i = 0; i < values.Length; i++) Assert.Equal(i * 7L, values[i]);
    }
}
