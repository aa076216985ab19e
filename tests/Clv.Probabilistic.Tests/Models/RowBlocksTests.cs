using Clv.Probabilistic.Models;

namespace Clv.Probabilistic.Tests.Models;

/// <summary>The fixed blocks of rows behind the per-row passes: every row once, and errors as a loop in order would give them.</summary>
public class RowBlocksTests
{
    [Theory]
    [InlineData(0, 4, -1)]
    [InlineData(1, 4, -1)]
    [InlineData(4, 4, 2)]
    [InlineData(1001, 8, 1)]
    [InlineData(1001, 8, -1)]
    [InlineData(1001, 2000, -1)]
    public void EveryRowIsInExactlyOneBlockOfTheGivenLength(int n, int length, int threads)
    {
        var visits = new int[n];
        var blocks = new System.Collections.Concurrent.ConcurrentBag<(int Start, int End)>();
        RowBlocks.For(n, length, threads, (start, end) =>
        {
            blocks.Add((start, end));
            for (int i = start; i < end; i++) Interlocked.Increment(ref visits[i]);
        });
        Assert.All(visits, v => Assert.Equal(1, v));
        Assert.Equal((n + length - 1) / length, blocks.Count);
        Assert.All(blocks, b => Assert.True(b.Start % length == 0 && (b.End - b.Start == length || b.End == n), $"block [{b.Start}, {b.End})"));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(-1)]
    public void TheLowestFailingBlocksExceptionIsThrownItself(int threads)
    {
        // Blocks 3 and 7 of 10 fail; a loop over the blocks in order would stop at block 3.
        var error = Assert.Throws<InvalidOperationException>(() => RowBlocks.For(100, 10, threads, (start, _) =>
        {
            if (start is 30 or 70) throw new InvalidOperationException($"block at {start}");
        }));
        Assert.Equal("block at 30", error.Message);
    }

    [Fact]
    public void RefusesAnEmptyBlockLength() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => RowBlocks.For(10, 0, -1, (_, _) => { }));
}
