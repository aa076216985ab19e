using Clv.Probabilistic.Data;
using Clv.Probabilistic.Models;
using Clv.Probabilistic.Models.GammaGamma;
using Clv.Probabilistic.Tests.Conformance;
using Clv.Probabilistic.Valuation;

namespace Clv.Probabilistic.Tests.Valuation;

/// <summary>
/// <c>clv predict</c> block by block (<see cref="StreamedPredictions"/>) writes the bytes of the whole-file table
/// (<see cref="CustomerPredictions.WriteCsv(string)"/> of the summary read whole) for every registered purchase model,
/// with and without every registered spend model, for any block length and number of workers; a bad row anywhere, or a
/// model that fails on a block, leaves the output file as it was.
/// </summary>
public sealed class StreamedPredictionsTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("clv-streamed-").FullName;

    /// <summary>(rows per block, workers): one thread alone in blocks of four, blocks that end anywhere, one worker, several.</summary>
    private static readonly (int Block, int? Workers)[] Settings = [(4, 0), (8, 1), (12, 2), (1000, 3), (StreamedPredictions.RowsPerBlock, null)];

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string PathOf(string name) => Path.Combine(_folder, name);

    /// <summary>The customers of <see cref="HistoryValuationTests.Case"/> as a valid file (repeat buyers at recency 0 moved to T/2), and the model.</summary>
    private (IPurchaseModel Model, RfmSummary Customers) Case(string name, string path)
    {
        var (model, c) = HistoryValuationTests.Case(name);
        var recency = c.Recency.ToArray();
        for (int i = 0; i < recency.Length; i++)
            if (c.Frequency[i] > 0 && recency[i] == 0) recency[i] = c.T[i] / 2;
        var customers = new RfmSummary(c.CustomerIds, c.Frequency, recency, c.T, c.MonetaryValue, c.TimeUnit);
        RfmSummaryCsv.Write(customers, path);
        return (model, customers);
    }

    public static TheoryData<string, string?> Models()
    {
        var data = new TheoryData<string, string?>();
        foreach (var purchase in ModelRegistry.All.Where(m => m.Kind == ModelKind.Purchase))
        {
            data.Add(purchase.Name, null);
            foreach (var spend in ModelRegistry.All.Where(m => m.Kind == ModelKind.Spend)) data.Add(purchase.Name, spend.Name);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Models))]
    public void EveryBlockLengthAndWorkerCountWritesTheBytesOfTheWholeFileTable(string purchaseName, string? spendName)
    {
        // 2,003 customers (not a multiple of four), whole and fractional durations, so g is kept densely and then by value.
        string input = PathOf("s.csv");
        var (model, customers) = Case(purchaseName, input);
        SameBytesAsTheWholeFileTable(model, customers.Count, input, spendName);
    }

    /// <summary>Streamed predictions of <paramref name="input"/>, 12 months ahead, valued with the spend model named if any, are the whole-file table's bytes in every setting.</summary>
    private void SameBytesAsTheWholeFileTable(IPurchaseModel model, int customers, string input, string? spendName)
    {
        ISpendModel? spend = null;
        ClvOptions? valuation = null;
        if (spendName is not null)
        {
            var spendCase = ModelCases.For(spendName);
            spend = spendCase.Definition.CreateSpendModel(spendCase.Truth.ToArray());
            valuation = new ClvOptions(12, TimeUnit.Months, DiscountRate.PerMonth(0.01), DiscountingKind.Discrete, margin: 0.3);
        }
        CustomerPredictions.Compute(model, RfmSummaryCsv.Read(input, model.TimeUnit), 12, TimeUnit.Months, spend, valuation).WriteCsv(PathOf("whole.csv"));
        var expected = File.ReadAllBytes(PathOf("whole.csv"));
        foreach (var (block, workers) in Settings)
        {
            string output = PathOf("blocks.csv");
            Assert.Equal(customers, StreamedPredictions.TryWriteCsv(model, input, 12, TimeUnit.Months, spend, valuation, output, block, workers));
            Assert.True(expected.AsSpan().SequenceEqual(File.ReadAllBytes(output)), $"{model.GetType().Name}, {spendName}: blocks of {block}, {workers} workers");
        }
    }

    [Theory]
    [InlineData(5, "c5,1,9,2,0")]
    [InlineData(1500, "c1500,1,9,2,0")]
    [InlineData(2002, "c2002,1,9,2,0")]
    [InlineData(1500, "c3,0,0,5,0")] // a repeated customer
    [InlineData(2002, "c1999,0,0,5,0")]
    [InlineData(7, "c7,1,1,2,abc")] // a monetary value no purchase model keeps is still checked
    [InlineData(1500, "c1500,1,1,2,-1e400")]
    public void ABadRowInAnyBlockLeavesTheOutputAsItWasAndIsTheWholeFileReadersError(int badRow, string row)
    {
        string good = PathOf("good.csv");
        var (model, _) = Case("bgnbd", good);
        var lines = File.ReadAllLines(good);
        lines[badRow + 1] = row;
        string input = PathOf("bad.csv");
        File.WriteAllLines(input, lines);
        var expected = Assert.Throws<ClvDataException>(() => RfmSummaryCsv.Read(input, model.TimeUnit));
        string output = PathOf("p.csv");
        File.WriteAllText(output, "before");
        foreach (var (block, workers) in Settings)
        {
            var e = Assert.Throws<ClvDataException>(() => StreamedPredictions.TryWriteCsv(model, input, 30, null, null, null, output, block, workers));
            Assert.Equal(expected.Message, e.Message);
            Assert.Equal("before", File.ReadAllText(output));
            Assert.Equal(["bad.csv", "good.csv", "p.csv"], Directory.GetFiles(_folder).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        }
    }

    [Theory]
    [MemberData(nameof(Models))]
    public void BlankLinesAnywhereChangeNoBytes(string purchaseName, string? spendName)
    {
        // Blocks are cut by rows, not lines: the four-row kernels see the same groups of four as over the whole file.
        string input = PathOf("s.csv");
        var (model, customers) = Case(purchaseName, input);
        var random = new Random(3);
        File.WriteAllLines(input, File.ReadAllLines(input).SelectMany((line, i) => i > 0 && random.Next(5) == 0 ? new[] { "", " ", line } : [line]));
        SameBytesAsTheWholeFileTable(model, customers.Count, input, spendName);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("a00007,0,0,5,0")] // repeats a row of the first block, long after the ids went out of order
    [InlineData("b3,0,0,5,0")]
    public void IdsOutOfOrderAreCheckedForRepeatsWhileLaterBlocksAreTaken(string? last)
    {
        string input = PathOf("s.csv");
        var (model, customers) = Case("bgnbd", input);
        var lines = File.ReadAllLines(input);
        for (int i = 1; i < lines.Length; i++)
        {
            string id = i <= 1500 ? $"a{i:D5}" : $"b{lines.Length - i}";
            lines[i] = id + lines[i][lines[i].IndexOf(',', StringComparison.Ordinal)..];
        }
        File.WriteAllLines(input, last is null ? lines : [.. lines, last]);
        string output = PathOf("p.csv");
        if (last is null)
        {
            CustomerPredictions.Compute(model, RfmSummaryCsv.Read(input, model.TimeUnit), 30, null).WriteCsv(PathOf("whole.csv"));
            foreach (var (block, workers) in Settings)
            {
                Assert.Equal(customers.Count, StreamedPredictions.TryWriteCsv(model, input, 30, null, null, null, output, block, workers));
                Assert.Equal(File.ReadAllBytes(PathOf("whole.csv")), File.ReadAllBytes(output));
            }
            return;
        }
        var expected = Assert.Throws<ClvDataException>(() => RfmSummaryCsv.Read(input, model.TimeUnit));
        Assert.Contains("appears more than once", expected.Message);
        foreach (var (block, workers) in Settings)
            Assert.Equal(expected.Message, Assert.Throws<ClvDataException>(() => StreamedPredictions.TryWriteCsv(model, input, 30, null, null, null, output, block, workers)).Message);
        Assert.False(File.Exists(output));
    }

    [Fact]
    public void AModelThatFailsOnABlockWritesNothingAndLeavesTheErrorToTheWholeFile()
    {
        // A spend model without a finite population mean cannot value customers without repeat purchases.
        string input = PathOf("s.csv");
        var (model, _) = Case("bgnbd", input);
        var spend = new GammaGammaSpendModel(new GammaGammaParameters(6.25, 0.8, 15.44));
        var valuation = ClvOptions.Monthly(12, DiscountRate.PerMonth(0.01));
        Assert.Throws<ArgumentException>(() => CustomerPredictions.Compute(model, RfmSummaryCsv.Read(input, model.TimeUnit), 12, TimeUnit.Months, spend, valuation));
        string output = PathOf("p.csv");
        File.WriteAllText(output, "before");
        foreach (var (block, workers) in Settings)
        {
            Assert.Null(StreamedPredictions.TryWriteCsv(model, input, 12, TimeUnit.Months, spend, valuation, output, block, workers));
            Assert.Equal("before", File.ReadAllText(output));
            Assert.Equal(2, Directory.GetFiles(_folder).Length);
        }
    }
}
