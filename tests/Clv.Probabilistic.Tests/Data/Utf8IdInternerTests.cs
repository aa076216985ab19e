using System.Text;
using Clv.Probabilistic.Data;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Clv.Probabilistic.Tests.Data;

public class Utf8IdInternerTests
{
    /// <summary>Reference: index of first appearance, by a plain dictionary of strings.</summary>
    private static bool AgreesWithDictionary(IEnumerable<string> ids)
    {
        var interner = new Utf8IdInterner();
        var reference = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var id in ids)
        {
            if (!reference.TryGetValue(id, out int expected)) reference.Add(id, expected = reference.Count);
            if (interner.Intern(Encoding.UTF8.GetBytes(id)) != expected) return false;
        }
        return interner.Count == reference.Count && interner.ToArray().SequenceEqual(reference.Keys);
    }

    private static readonly Gen<string> Ids = Gen.OneOf(
        Gen.Choose(0, 50).Select(i => "c" + i),
        Gen.Choose(0, 20).Select(i => new string('x', 20 + i)),          // around the 24-byte inline limit
        Gen.Choose(0, 10).Select(i => "ü€😀" + new string('é', i * 3)));  // multi-byte UTF-8, some long

    [Property]
    public Property AssignsFirstAppearanceIndices() => Prop.ForAll(Arb.From(Gen.ListOf(Ids)), ids => AgreesWithDictionary(ids));

    /// <summary>Ids of up to 32 bytes interned as the parser holds them (zero-padded), the others as spans, mixed.</summary>
    [Property]
    public Property PaddedIdsAgreeWithSpans() => Prop.ForAll(Arb.From(Gen.ListOf(Ids)), ids =>
    {
        var interner = new Utf8IdInterner();
        var reference = new Dictionary<string, int>(StringComparer.Ordinal);
        int k = 0;
        foreach (var id in ids)
        {
            if (!reference.TryGetValue(id, out int expected)) reference.Add(id, expected = reference.Count);
            byte[] utf8 = Encoding.UTF8.GetBytes(id);
            int tag = Utf8IdInterner.Tag(utf8);
            int actual;
            if (utf8.Length <= Utf8IdInterner.PaddedId.Bytes && k++ % 3 != 0)
            {
                var padded = default(Utf8IdInterner.PaddedId);
                utf8.CopyTo(padded);
                actual = interner.Intern(in padded, utf8.Length, tag);
            }
            else
            {
                actual = interner.Intern(utf8, tag);
            }
            if (actual != expected) return false;
        }
        return interner.ToArray().SequenceEqual(reference.Keys);
    });

    [Fact]
    public void PaddedIdsDifferingOnlyInTheirLastByteOrLengthAreDistinct()
    {
        var interner = new Utf8IdInterner();
        string[] ids = ["a", "a\0", "aa", new string('b', 23) + "c", new string('b', 23) + "d", new string('b', 24), new string('b', 25)];
        for (int round = 0; round < 2; round++)
            for (int i = 0; i < ids.Length; i++)
            {
                byte[] utf8 = Encoding.UTF8.GetBytes(ids[i]);
                var padded = default(Utf8IdInterner.PaddedId);
                utf8.CopyTo(padded);
                Assert.Equal(i, interner.Intern(in padded, utf8.Length, Utf8IdInterner.Tag(utf8)));
            }
    }

    [Fact]
    public void IdsRemainAfterTheTableIsReleased()
    {
        var interner = new Utf8IdInterner(1000);
        for (int i = 0; i < 100; i++) interner.Intern("c" + i);
        Assert.NotNull(interner.ReleaseTable());
        Assert.Equal("c42", interner.IdAt(42));
        Assert.Equal(Enumerable.Range(0, 100).Select(i => "c" + i), interner.ToArray());
    }

    [Fact]
    public void SpareMemoryIsTakenOnceWhenLargeEnough()
    {
        var memory = new long[1000];
        var spare = SpareMemory.Of(memory);
        Assert.Null(spare.TryTake<long>(1001));        // more than there is: not taken
        Assert.Null(spare.TryTake<int>(2000));         // no room left to align the first element
        var scratch = spare.TryTake<int>(1999);
        Assert.NotNull(scratch);
        Assert.False(scratch.Zeroed);
        scratch.Span.Fill(-1);
        Assert.True(memory.Count(word => word != 0) >= 999); // the same memory
        Assert.Null(spare.TryTake<int>(10));           // taken once
        var fresh = Scratch<int>.From(spare, 10);       // then fresh memory
        Assert.True(fresh.Zeroed);
        Assert.All(fresh.Span.ToArray(), value => Assert.Equal(0, value));
        GC.KeepAlive(memory);
    }

    [Fact]
    public void KeepsIndicesThroughManyGrowths() =>
        Assert.True(AgreesWithDictionary(Enumerable.Range(0, 60_000).Select(i => (i * 7919 % 20_000).ToString("D" + (1 + i % 30)))));

    [Fact]
    public void RejectsNewInvalidUtf8()
    {
        var interner = new Utf8IdInterner();
        Assert.Equal(-1, interner.Intern([0xC3]));
        Assert.Equal(0, interner.Count);
    }

    [Fact]
    public void ReaderReportsInvalidUtf8Id()
    {
        byte[] text = [.. "customer_id,date,amount\n"u8, 0xFF, .. ",2020-01-01,1\n"u8];
        var e = Assert.Throws<ClvDataException>(() => TransactionLogReader.Read(new MemoryStream(text)));
        Assert.Equal((2L, "customer_id"), (e.LineNumber!.Value, e.Column));
    }
}
