using System.Text;
using Clv.Probabilistic.Data;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Clv.Probabilistic.Tests.Data;

/// <summary><see cref="Utf8IdColumn"/> against a plain dictionary scan of the decoded strings.</summary>
public class Utf8IdColumnTests
{
    /// <summary>Short ids from a small alphabet (so repeats are common), some with invalid UTF-8 bytes.</summary>
    private static readonly Gen<byte[]> Id =
        from length in Gen.Choose(0, 10)
        from bytes in Gen.Elements((byte)'a', (byte)'b', (byte)'7', (byte)',', (byte)0xC3, (byte)0xA9, (byte)0xFF).ArrayOf(length)
        select bytes;

    private static (int Row, int Earlier)? Reference(byte[][] ids, int rows)
    {
        var first = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int row = 0; row < rows; row++)
        {
            string id = Encoding.UTF8.GetString(ids[row]);
            if (!first.TryAdd(id, row)) return (row, first[id]);
        }
        return null;
    }

    [Property(MaxTest = 300)]
    public Property FirstRepeatIsTheFirstRowWhoseDecodedIdCameBefore() => Prop.ForAll(
        Arb.From(from n in Gen.Choose(0, 400) from ids in Id.ArrayOf(n) select ids),
        ids =>
        {
            var column = new Utf8IdColumn(16);
            foreach (var id in ids) column.Add(id);
            for (int rows = 0; rows <= ids.Length; rows += Math.Max(1, ids.Length / 7))
                if (column.FirstRepeat(rows) != Reference(ids, rows)) return false;
            return column.FirstRepeat(ids.Length) == Reference(ids, ids.Length)
                && Enumerable.Range(0, ids.Length).All(row => column[row] == Encoding.UTF8.GetString(ids[row]));
        });

    [Fact]
    public void DistinctIdsAtScaleHaveNoRepeatAndOneRepeatIsFound()
    {
        var column = new Utf8IdColumn();
        for (int i = 0; i < 200_000; i++) column.Add(Encoding.UTF8.GetBytes("customer-" + i));
        Assert.Null(column.FirstRepeat(column.Count));
        column.Add("customer-123456"u8);
        Assert.Equal((200_000, 123_456), column.FirstRepeat(column.Count));
        Assert.Equal("customer-123456", column[200_000]);
    }

    [Fact]
    public void InvalidUtf8IsComparedAsItsDecodedText()
    {
        var column = new Utf8IdColumn();
        column.Add([(byte)'x', 0xFF]);
        column.Add([(byte)'x', 0xFE]); // both decode to "x\uFFFD", as the strings would
        Assert.Equal((1, 0), column.FirstRepeat(2));
        Assert.Equal("x\uFFFD", column[1]);
    }

    [Theory]
    [InlineData(150_000, 120_000, 7, 149_999, 3)]
    [InlineData(150_000, 149_999, 149_998, 90_000, 5)]
    [InlineData(150_000, -1, -1, -1, -1)]
    public void FirstRepeatOfManyRowsIsTheEarliestOfThoseFoundOnEveryProcessor(int rows, int repeatRow, int repeatOf, int laterRow, int laterOf)
    {
        // Above the size where the hash groups are checked in parallel: two repeats, the earlier must win whatever group it is in.
        var ids = Enumerable.Range(0, rows).Select(i => "c" + i).ToArray();
        if (repeatRow >= 0)
        {
            ids[repeatRow] = ids[repeatOf];
            ids[laterRow] = ids[laterOf];
        }
        var column = new Utf8IdColumn(16);
        foreach (var id in ids) column.Add(Encoding.UTF8.GetBytes(id));
        var expected = Reference(ids.Select(Encoding.UTF8.GetBytes).ToArray(), rows);
        Assert.Equal(expected, column.FirstRepeat(rows));
        if (repeatRow >= 0) Assert.Equal((Math.Min(repeatRow, laterRow), repeatRow < laterRow ? repeatOf : laterOf), expected);
    }

    [Fact]
    public void SliceHoldsTheIdsOfItsRows()
    {
        var column = new Utf8IdColumn(16);
        string[] ids = ["a", "", "été", "b,c", "a", "zz"];
        foreach (var id in ids) column.Add(Encoding.UTF8.GetBytes(id));
        for (int start = 0; start <= ids.Length; start++)
            for (int length = 0; start + length <= ids.Length; length++)
            {
                var slice = column.Slice(start, length);
                Assert.Equal(ids[start..(start + length)], slice.ToStrings());
                Assert.Equal(column.FirstRepeat(ids.Length) is { } r && r.Earlier >= start && r.Row < start + length ? (r.Row - start, r.Earlier - start) : null,
                    slice.FirstRepeat(length));
            }
    }

    [Fact]
    public void WritersFillingRowsAtOnceAndMovedTogetherHoldWhatAddingInOrderHolds()
    {
        // Three writers each fill a part with room to spare (as stretches with blank lines do); the parts are then moved together.
        var ids = Enumerable.Range(0, 30_000).Select(i => i % 11 == 0 ? new string('w', 5000 + i % 7) + i : "id" + i).ToArray();
        int[] parts = [0, 9_000, 21_000, 30_000];
        int[] room = [0, 10_000, 24_000, 34_000];
        var column = new Utf8IdColumn(room[^1]);
        Parallel.For(0, 3, p =>
        {
            // Some writers make their first chunk before any id (as the file reader does), one writes nothing.
            var writer = p == 1 ? column.WriterAt(room[p], 1000) : column.WriterAt(room[p], 1000).Reserve();
            for (int i = parts[p]; i < parts[p + 1]; i++) writer.Add(Encoding.UTF8.GetBytes(ids[i]));
        });
        column.WriterAt(room[^1], 1000).Reserve();
        for (int p = 1; p < 3; p++) column.Move(room[p], parts[p], parts[p + 1] - parts[p]);
        column.SetCount(ids.Length);
        Assert.Equal(ids, column.ToStrings());
        Assert.Null(column.FirstRepeat(ids.Length));
        Assert.Equal(ids[8_999..21_001], column.Slice(8_999, 12_002).ToStrings());
    }

    [Fact]
    public void IdsLongerThanAChunkAndEmptyIdsAroundThemKeepTheirBytes()
    {
        string[] ids = ["a", "", new string('h', (4 << 20) + 3), "", "b", new string('k', 4 << 20), "c", ""];
        var column = new Utf8IdColumn(2);
        foreach (var id in ids) column.Add(Encoding.UTF8.GetBytes(id));
        Assert.Equal(ids, column.ToStrings());
        Assert.Equal((3, 1), column.FirstRepeat(ids.Length));
    }

    [Fact]
    public void ASliceKeepsItsIdsWhenTheColumnGrowsAfterwards()
    {
        var column = new Utf8IdColumn(2);
        column.Add("one"u8);
        column.Add("two"u8);
        var slice = column.Slice(1, 1);
        column.Add("three"u8);
        Assert.Equal(["two"], slice.ToStrings());
        Assert.Equal(["one", "two", "three"], column.ToStrings());
        slice.Add("four"u8);
        var empty = new Utf8IdColumn().Slice(0, 0);
        empty.Add("five"u8);
        Assert.Equal(["two", "four"], slice.ToStrings());
        Assert.Equal(["five"], empty.ToStrings());
        Assert.Equal(["one", "two", "three"], column.ToStrings());
    }

    [Theory]
    [InlineData("shorter first")]
    [InlineData("bytewise")]
    [InlineData("decreasing")]
    public void IdsInEitherIncreasingOrderAreDistinctAndAnyRepeatBreaksTheOrder(string order)
    {
        int rows = 100_000;
        var ids = Enumerable.Range(0, rows).Select(i => order switch
        {
            "shorter first" => i.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "bytewise" => "c" + i.ToString("D7", System.Globalization.CultureInfo.InvariantCulture),
            _ => (rows - i).ToString(System.Globalization.CultureInfo.InvariantCulture),
        }).ToArray();
        var column = new Utf8IdColumn(16);
        foreach (var id in ids) column.Add(Encoding.UTF8.GetBytes(id));
        Assert.Null(column.FirstRepeat(rows));
        foreach (int repeatRow in new[] { 1, 65_536, rows - 1 })
        {
            var repeated = (string[])ids.Clone();
            repeated[repeatRow] = repeated[repeatRow - 1];
            var withRepeat = new Utf8IdColumn(16);
            foreach (var id in repeated) withRepeat.Add(Encoding.UTF8.GetBytes(id));
            Assert.Equal((repeatRow, repeatRow - 1), withRepeat.FirstRepeat(rows));
            Assert.Null(withRepeat.FirstRepeat(repeatRow));
        }
    }
}
