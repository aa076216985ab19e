using Clv.Probabilistic.Data;
using Clv.Probabilistic.Models;
using Clv.Probabilistic.Models.BgNbd;
using Clv.Probabilistic.Persistence;

namespace Clv.Probabilistic.Tests.Persistence;

/// <summary>A model file that stops early is an error saying so in plain words, with the line and character where it ends.</summary>
public class ModelFileTruncationTests
{
    private static readonly string Json = ModelFile.ToDocument(
        ModelFitter.Fit(BgNbdDefinition.Instance, Datasets.CdnowSummaryWithMonetaryValue()), drawSeed: 1).ToJson();

    private static ModelFileException Fails(string json) =>
        Assert.Throws<ModelFileException>(() => ModelDocument.FromJson(json, "m.json"));

    [Fact]
    public void EveryCutOfAModelFileIsReportedAsCutShortWhereItEnds()
    {
        string whole = Json.TrimEnd();
        for (int cut = 1; cut < whole.Length; cut++)
        {
            string prefix = whole[..cut];
            var e = Fails(prefix);
            int line = prefix.Count(c => c == '\n') + 1;
            int character = prefix.Length - prefix.LastIndexOf('\n');
            Assert.StartsWith($"m.json: line {line}, column {character}: the file ends in the middle of ", e.Message);
            Assert.EndsWith("it is cut short (truncated); write it again with 'clv fit'.", e.Message);
            Assert.DoesNotContain("Path:", e.Message);
            Assert.DoesNotContain("BytePosition", e.Message);
        }
    }

    [Theory]
    [InlineData("{\n  \"model\": \"bgn", "line 2, column 16: the file ends in the middle of a text value (field 'model')")]
    [InlineData("{\n  \"mod", "line 2, column 7: the file ends in the middle of a field name")]
    [InlineData("{\n  \"parameters\": {\n    \"r\": 0.24", "line 3, column 14: the file ends in the middle of a number (field 'r')")]
    [InlineData("{\n  \"parameters\": {\n    \"r\": 0.24,", "line 3, column 15: the file ends in the middle of 'parameters' (an object)")]
    [InlineData("{\n  \"parameters\": ", "line 2, column 17: the file ends in the middle of the value of 'parameters'")]
    [InlineData("{\n  \"model\": \"bgnbd\",\n", "line 3, column 1: the file ends in the middle of the model object")]
    [InlineData("{\n  \"unconstrained_covariance\": [[1, 0], [0, 1]", "line 2, column 46: the file ends in the middle of 'unconstrained_covariance' (an array)")]
    [InlineData("{\n  \"problem\": nu", "line 2, column 16: the file ends in the middle of a value (field 'problem')")]
    public void TheMessageSaysWhatTheFileEndsIn(string json, string expected)
    {
        Assert.Equal($"m.json: {expected}: it is cut short (truncated); write it again with 'clv fit'.", Fails(json).Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData("  \n ")]
    public void AnEmptyFileSaysSo(string json)
    {
        Assert.Contains("the file is empty", Fails(json).Message);
    }

    [Theory]
    [InlineData("{\"model\": bgnbd}")]
    [InlineData("{\"model\": \"bgnbd\"} x")]
    [InlineData("[1, 2")]
    [InlineData("12")]
    public void AWrongFileIsNotCalledCutShort(string json)
    {
        Assert.DoesNotContain("cut short", Fails(json).Message);
    }

    [Fact]
    public void AFileCutShortOnDiskNamesTheFile()
    {
        string path = Path.Combine(Directory.CreateTempSubdirectory("clv-cut-").FullName, "m.json");
        try
        {
            File.WriteAllText(path, Json[..(Json.Length / 2)]);
            var e = Assert.Throws<ModelFileException>(() => ModelFile.Load(path));
            Assert.StartsWith($"{path}: line ", e.Message);
            Assert.Contains("cut short", e.Message);
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(path)!, recursive: true);
        }
    }
}
