using Clv.Probabilistic.Persistence;

namespace Clv.Probabilistic.Tests.Persistence;

public class ModelDocumentTests
{
    private static ModelDocument Sample() => new()
    {
        Model = "bgnbd",
        TimeUnit = "weeks",
        TimeUnitDays = 7,
        Parameters = new Dictionary<string, double> { ["r"] = 0.2425945, ["alpha"] = 4.4136019, ["a"] = 0.1 + 0.2, ["b"] = 2.4258881 },
        StandardErrors = new Dictionary<string, double> { ["r"] = 0.0125 },
        LogLikelihood = -9582.429,
        Fit = new FitRecord(true, 23, 1e-8, 2357),
        Draws = new DrawsRecord(["r", "alpha"], [[0.24, 4.4], [0.25, 4.5]], [0, 1]),
    };

    [Fact]
    public void RoundTripsEveryNumberExactly()
    {
        var original = Sample();
        var json = original.ToJson();
        var loaded = ModelDocument.FromJson(json);
        Assert.Equal(original.Parameters, loaded.Parameters);
        Assert.Equal(0.1 + 0.2, loaded.Parameter("a"));
        Assert.Equal(original.LogLikelihood, loaded.LogLikelihood);
        Assert.Equal(original.Fit, loaded.Fit);
        Assert.Equal(2, loaded.Draws!.Values.Count);
        Assert.Equal(4.5, loaded.Draws.Values[1][1]);
        Assert.Equal(7, loaded.Unit.DaysPerUnit);
    }

    [Fact]
    public void WritesTheDocumentedFieldNames()
    {
        var json = Sample().ToJson();
        foreach (var field in new[] { "\"format\": \"clv-model\"", "\"format_version\": 1", "\"model\": \"bgnbd\"", "\"time_unit\": \"weeks\"", "\"parameters\"", "\"log_likelihood\"", "\"alpha\"" })
            Assert.Contains(field, json);
    }

    [Theory]
    [InlineData("{\"format\":\"other\",\"model\":\"bgnbd\",\"time_unit\":\"weeks\",\"time_unit_days\":7,\"parameters\":{\"r\":1}}", "format")]
    [InlineData("{\"format_version\":99,\"model\":\"bgnbd\",\"time_unit\":\"weeks\",\"time_unit_days\":7,\"parameters\":{\"r\":1}}", "format_version 99")]
    [InlineData("{\"model\":\"bgnbd\",\"time_unit\":\"weeks\",\"time_unit_days\":7,\"parameters\":{}}", "parameters")]
    [InlineData("{\"model\":\"bgnbd\",\"time_unit\":\"weeks\",\"time_unit_days\":-7,\"parameters\":{\"r\":1}}", "time_unit_days")]
    [InlineData("{\"model\":\"bgnbd\",\"time_unit\":\"weeks\",\"parameters\":{\"r\":1}}", "time_unit_days")]
    [InlineData("{\"model\":\"bgnbd\",", "line 1, column 18: the file ends in the middle of the model object")]
    public void RejectsBadFilesNamingTheProblem(string json, string expected)
    {
        var e = Assert.Throws<ModelFileException>(() => ModelDocument.FromJson(json, "m.json"));
        Assert.Contains("m.json", e.Message);
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void MissingParameterIsNamed()
    {
        var e = Assert.Throws<ModelFileException>(() => Sample().Parameter("q"));
        Assert.Contains("'q'", e.Message);
    }
}
