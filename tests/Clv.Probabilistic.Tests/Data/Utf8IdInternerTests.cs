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
