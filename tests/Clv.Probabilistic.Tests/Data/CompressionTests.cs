using Clv.Probabilistic.Data;

namespace Clv.Probabilistic.Tests.Data;

public class CompressionTests
{
    [Fact]
    public void IdenticalRowsMergeIntoWeightedRows()
    {
        var s = new RfmSummary(["a", "b", "c", "d"], [1, 0, 1, 1], [2, 0, 2, 2], [5, 5, 5, 6], [10, 0, 20, 4], TimeUnit.Weeks,
            [1, 1, 2, 1]);
        var compressed = s.Compress();
        Assert.Equal(3, compressed.Rows.Count);
        Assert.Equal([0, 1, 0, 2], compressed.RowOfCustomer.ToArray());
        Assert.Equal([3.0, 1.0, 1.0], compressed.Rows.Weights.ToArray());
        Assert.Equal((1 * 10 + 2 * 20) / 3.0, compressed.Rows.MonetaryValue[0], 14);
        Assert.Equal(["group-1", "group-2", "group-3"], compressed.Rows.CustomerIds);
        Assert.Equal(TimeUnit.Weeks, compressed.Rows.TimeUnit);
        Assert.Equal([7.0, 8.0, 7.0, 9.0], compressed.Expand([7.0, 8.0, 9.0]));
        Assert.Throws<ArgumentException>(() => compressed.Expand([1.0]));
        Assert.Equal(4, s.Compress(byMonetaryValue: true).Rows.Count);
    }
}
