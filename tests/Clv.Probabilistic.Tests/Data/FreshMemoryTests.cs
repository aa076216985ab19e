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

    [Fact]
    public void TheHeapRangeIsTheGaplessRunOfAnonymousMappingsHoldingTheAddress()
    {
        const string Maps = """
            55d0a0000000-55d0a0001000 r--p 00000000 08:01 1234                       /usr/bin/dotnet
            7f0000000000-7f0000400000 rw-p 00000000 00:00 0
            7f0000400000-7f1000000000 ---p 00000000 00:00 0
            7f1000000000-7f1000001000 rw-p 00000000 00:00 0
            7f1000002000-7f1000003000 rw-p 00000000 00:00 0
            7f2000000000-7f2000001000 r-xp 00000000 08:01 99                         /usr/lib/libc.so.6
            7ffc00000000-7ffc00021000 rw-p 00000000 00:00 0                          [stack]
            """;
        var maps = System.Text.Encoding.ASCII.GetBytes(Maps);
        Assert.Equal((0x7f0000000000L, 0x7f1000001000L), FreshMemory.HeapRange(maps, 0x7f0800000000L));
        Assert.Equal((0x7f1000002000L, 0x7f1000003000L), FreshMemory.HeapRange(maps, 0x7f1000002010L));
        Assert.Equal((0L, 0L), FreshMemory.HeapRange(maps, 0x7f2000000010L)); // a file's mapping
        Assert.Equal((0L, 0L), FreshMemory.HeapRange(maps, 0x7ffc00000010L)); // the stack
        Assert.Equal((0L, 0L), FreshMemory.HeapRange(maps, 0x10L));
    }

    [Fact]
    public void AdvisingTheHeapKeepsWhatArraysHold()
    {
        var before = Enumerable.Range(0, 1 << 20).Select(i => (long)i * 3).ToArray();
        FreshMemory.AdviseHeap();
        var after = new long[1 << 21];
        for (int i = 0; i < after.Length; i++) after[i] = i;
        Assert.True(before.Select((v, i) => v == i * 3L).All(ok => ok));
        Assert.True(after.Select((v, i) => v == i).All(ok => ok));
    }
}
