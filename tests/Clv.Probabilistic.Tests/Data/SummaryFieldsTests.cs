using System.Text;
using Clv.Probabilistic.Data;
using Clv.Probabilistic.Inference;
using Clv.Probabilistic.Models;
using Clv.Probabilistic.Persistence;

namespace Clv.Probabilistic.Tests.Data;

/// <summary>
/// A summary read keeps only the columns a command reads (<see cref="SummaryFields"/>) and no weight column when the file
/// has none: the same errors as a full read, weights of 1 made only when asked for, and every registered model fitted
/// bit for bit as from the full read.
/// </summary>
public class SummaryFieldsTests
{
    private static readonly string Cdnow = Path.Combine(AppContext.BaseDirectory, "Persistence", "Fixtures", "v1", "cdnow-weeks.csv");

    private static readonly SummaryFields[] EveryChoice =
        [SummaryFields.None, SummaryFields.Recency, SummaryFields.T, SummaryFields.Durations, SummaryFields.MonetaryValue, SummaryFields.All];

    private static MemoryStream Text(string text) => new(Encoding.UTF8.GetBytes(text));

    private static RfmSummary Read(string text, SummaryFields fields, int stretches = 1) =>
        RfmSummaryCsv.Read(Text(text), TimeUnit.Days, "s.csv", stretches, fields);

    [Fact]
    public void AFileWithoutAWeightColumnStoresNoneAndMakesTheOnesOnceWhenAsked()
    {
        var summary = Read("customer_id,frequency,recency,T\na,1,2,5\nb,0,0,4\nc,3,3,9\n", SummaryFields.All);
        Assert.True(summary.HasUnitWeights);
        Assert.Equal(3.0, summary.TotalWeight);
        // Threads racing to make the ones all see ones, and one column is kept afterwards.
        var made = new double[8][];
        Parallel.For(0, made.Length, k => made[k] = summary.Weights.ToArray());
        Assert.All(made, w => Assert.Equal([1.0, 1.0, 1.0], w));
        Assert.True(summary.Weights == summary.Weights);
        Assert.True(summary.HasUnitWeights);
        Assert.Equal([0.0, 0.0, 0.0], summary.MonetaryValue.ToArray());
    }

    [Fact]
    public void AWeightColumnIsStoredEvenWhenEveryWeightIsOne()
    {
        var ones = Read("customer_id,frequency,recency,T,weight\na,1,2,5,1\nb,0,0,4,1\n", SummaryFields.None);
        Assert.False(ones.HasUnitWeights);
        Assert.Equal([1.0, 1.0], ones.Weights.ToArray());
        var weighted = Read("customer_id,frequency,recency,T,weight\na,1,2,5,2.5\nb,0,0,4,3\n", SummaryFields.None);
        Assert.Equal([2.5, 3.0], weighted.Weights.ToArray());
        Assert.Equal(5.5, weighted.TotalWeight);
    }

    [Fact]
    public void ColumnsNotAskedForAreRefusedAndTheOthersMatchTheFullRead()
    {
        const string File = "customer_id,frequency,recency,T,monetary_value\na,1,2,5,7.5\nb,0,0,4,0\nc,3,3,9,1.25\n";
        var full = Read(File, SummaryFields.All);
        foreach (var fields in EveryChoice)
            foreach (var summary in new[] { Read(File, fields), Read(File, fields).Range(1, 2), Read(File, fields).Select([2, 0]) })
            {
                var whole = summary.Count == 3 ? full : summary.Count == 2 && summary.CustomerIds[0] == "b" ? full.Range(1, 2) : full.Select([2, 0]);
                Assert.Equal(whole.CustomerIds, summary.CustomerIds);
                Assert.Equal(whole.Frequency.ToArray(), summary.Frequency.ToArray());
                Assert.Equal(whole.Weights.ToArray(), summary.Weights.ToArray());
                Assert.True(summary.HasUnitWeights);
                Check(fields, SummaryFields.Recency, () => summary.Recency.ToArray(), whole.Recency.ToArray());
                Check(fields, SummaryFields.T, () => summary.T.ToArray(), whole.T.ToArray());
                Check(fields, SummaryFields.MonetaryValue, () => summary.MonetaryValue.ToArray(), whole.MonetaryValue.ToArray());
                Assert.Equal(fields, summary.Fields);
            }

        static void Check(SummaryFields fields, SummaryFields field, Func<double[]> column, double[] expected)
        {
            if ((fields & field) != 0) Assert.Equal(expected, column());
            else Assert.Contains(field.ToString(), Assert.Throws<InvalidOperationException>(() => column()).Message, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("a,1,1,2,x,1")] // a malformed monetary value, which no purchase model reads
    [InlineData("a,1,1,2,Infinity,1")]
    [InlineData("a,1,1,2,1e16,1")]
    [InlineData("a,1,1,2,1000000000000000.5,1")] // a plain decimal too large, read and refused
    [InlineData("a,1,1,2,-1e15,0")] // a valid value that is not a plain decimal, then an invalid weight
    [InlineData("a,1,1,2,999999999999999.99999999,-1")] // a plain decimal checked without reading, then an invalid weight
    [InlineData("a,1,1,2,.,1")]
    [InlineData("a,1,1,2,+,1")]
    [InlineData("a,1,1,2, 12 ,x")]
    [InlineData("a,1,3,2,0,1")] // recency past T, which no spend model reads
    [InlineData("a,1,x,2,0,1")]
    [InlineData("a,1,0,2,0,1")]
    [InlineData("a,1,1,-2,0,1")]
    [InlineData("a,1,1,2,0,0")]
    [InlineData("a,1,1,2,0")]
    [InlineData("z,1,1,2,0,1")]
    [InlineData("\"a,1,1,2,0,1")]
    public void ErrorsAreThoseOfTheFullReadWhateverColumnsAreKept(string row)
    {
        string file = "customer_id,frequency,recency,T,monetary_value,weight\nz,0,0,5,0,1\nb,0,0,5,0,1\n" + row + "\nc,0,0,5,0,1\n";
        foreach (int stretches in new[] { 1, 3 })
        {
            var full = Assert.Throws<ClvDataException>(() => Read(file, SummaryFields.All, stretches));
            foreach (var fields in EveryChoice)
            {
                var partial = Assert.Throws<ClvDataException>(() => Read(file, fields, stretches));
                Assert.Equal((full.Message, full.LineNumber, full.Column, full.CustomerId), (partial.Message, partial.LineNumber, partial.Column, partial.CustomerId));
            }
        }
    }

    /// <summary>
    /// Each registered model read from a summary file (the purchase and spend kinds; the others have readers of their
    /// own) is prepared and fitted from the columns it asks for exactly as from every column: the same model file, byte
    /// for byte, with and without a weight column.
    /// </summary>
    [Fact]
    public void EveryRegisteredModelFitsBitForBitFromItsOwnColumns()
    {
        string folder = Path.Combine(Path.GetTempPath(), "clv-fields-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            // The CDNOW summary with its rows' weights 1, 2 and 3 in turn, and without a weight column.
            var lines = File.ReadAllLines(Cdnow);
            string weighted = Path.Combine(folder, "weighted.csv");
            File.WriteAllLines(weighted, lines.Select((line, i) => i == 0 ? line + ",weight" : line + "," + (1 + i % 3)));
            var fitted = ModelRegistry.All.Where(m => m.Kind is ModelKind.Purchase or ModelKind.Spend).ToList();
            Assert.Contains(fitted, m => m.Kind == ModelKind.Purchase);
            Assert.Contains(fitted, m => m.Kind == ModelKind.Spend);
            foreach (var input in new[] { Cdnow, weighted })
                foreach (var model in fitted)
                {
                    var full = RfmSummaryCsv.Read(input, TimeUnit.Weeks);
                    var own = RfmSummaryCsv.Read(input, TimeUnit.Weeks, model.SummaryFields);
                    Assert.Equal(input == Cdnow, own.HasUnitWeights);
                    string a = Path.Combine(folder, "full.json"), b = Path.Combine(folder, "own.json");
                    var options = new FitOptions { ThrowIfUnreliable = false }; // as the command line: an unreliable fit is reported, not thrown
                    var fitA = ModelFitter.Fit(model, model.Prepare(full), options);
                    var fitB = ModelFitter.Fit(model, model.Prepare(own), options);
                    ModelFile.Save(fitA, a, drawSeed: 1);
                    ModelFile.Save(fitB, b, drawSeed: 1);
                    Assert.True(File.ReadAllBytes(a).AsSpan().SequenceEqual(File.ReadAllBytes(b)), $"{model.Name}, {Path.GetFileName(input)}");
                    Assert.Equal(fitA.Values.Select(BitConverter.DoubleToInt64Bits), fitB.Values.Select(BitConverter.DoubleToInt64Bits));
                    Assert.Equal(fitA.Warnings, fitB.Warnings);
                }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void ASpendModelStillRefusesAFileWithoutMonetaryValues()
    {
        string path = Path.Combine(Path.GetTempPath(), "clv-fields-" + Guid.NewGuid().ToString("N") + ".csv");
        File.WriteAllText(path, "customer_id,frequency,recency,T\na,1,2,5\nb,0,0,4\n");
        try
        {
            foreach (var model in ModelRegistry.All.Where(m => m.Kind == ModelKind.Spend))
            {
                var full = Assert.Throws<ClvDataException>(() => model.Prepare(RfmSummaryCsv.Read(path, TimeUnit.Days)));
                var own = Assert.Throws<ClvDataException>(() => model.Prepare(RfmSummaryCsv.Read(path, TimeUnit.Days, model.SummaryFields)));
                Assert.Equal(full.Message, own.Message);
            }
        }
        finally
        {
            File.Delete(path);
        }
    }
}
