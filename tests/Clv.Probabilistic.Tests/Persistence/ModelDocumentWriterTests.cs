using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Clv.Probabilistic.Persistence;

namespace Clv.Probabilistic.Tests.Persistence;

/// <summary>
/// The hand-written model-file writer (<see cref="ModelDocumentWriter"/>) against the reflection serializer with the
/// documented options, byte for byte, read back by the hand-written reader; documents it cannot write fail as before.
/// </summary>
public class ModelDocumentWriterTests
{
    private static readonly JsonSerializerOptions ReflectionOptions = ModelJsonAgreement.ReflectionOptions;

    public static TheoryData<ModelDocument> Documents() => new()
    {
        new ModelDocument
        {
            Model = "bgnbd", TimeUnit = "days", TimeUnitDays = 1,
            Parameters = new Dictionary<string, double> { ["r"] = 0.2414506247080118, ["alpha"] = 30.42674700223369, ["a"] = 1e-300, ["b"] = 2.5 },
            StandardErrors = new Dictionary<string, double> { ["r"] = 0.0005509382196149226 },
            LogLikelihood = -7902950.460178073,
            Fit = new FitRecord(true, 21, 1.460808495212323, 1_000_000, "GradientConverged: max |gradient| = 1.461 ≤ 1E-06 · max(1, |f|) <&'\">"),
        },
        new ModelDocument
        {
            Model = "gamma-gamma", TimeUnit = "weeks", TimeUnitDays = 7, Method = "nuts",
            Parameters = new Dictionary<string, double> { ["p"] = 6.25, ["q"] = 3.74, ["gamma"] = 15.44 },
            Draws = new DrawsRecord(["p", "q"], [[6.2, 3.7], [6.3, 3.8]], [0, 1]),
            Diagnostics = new DiagnosticsRecord(new Dictionary<string, double> { ["p"] = 1.001 }, new Dictionary<string, double> { ["p"] = 4012.5 },
                null, 2, ["R-hat of q is 1.02"]),
        },
        new ModelDocument
        {
            Model = "bgnbd", TimeUnit = "weeks", TimeUnitDays = 7, Method = "laplace", Status = "not_identified",
            Problem = "parameter 'b' ran to 5.328E+04: a, b → ∞ with a/(a + b) ≈ 0.076 fixed",
            Parameters = new Dictionary<string, double> { ["r"] = 1.26, ["alpha"] = 3.83, ["a"] = 4385.2, ["b"] = 53279.4 },
            StandardErrors = new Dictionary<string, double> { ["r"] = 1.35, ["alpha"] = 5.43, ["a"] = 7.2e5, ["b"] = 8.8e6 },
            LogLikelihood = -35.548, Objective = -40.1, Penalty = 0.5, ConfidenceLevel = 0.9,
            Fit = new FitRecord(true, 26, 2.1e-5, 3, "GradientConverged"),
            Data = new DataRecord(3, 3, 3, 0),
            UnconstrainedCovariance = [[1.8, 0.1, 0, 0], [0.1, 2, 0, 0], [0, 0, 2.7e4, 2.6e4], [0, 0, 2.6e4, 2.7e4]],
            DrawSeed = 1, DrawCount = 4000,
        },
        new ModelDocument
        {
            Model = "pareto-nbd", TimeUnit = "weeks", TimeUnitDays = 7,
            Parameters = new Dictionary<string, double> { ["r"] = 1.84, ["alpha"] = 92.96, ["s"] = 0.59, ["beta"] = 49.5, ["Gender"] = 0.33, ["trans.Channel[web]"] = 0.62 },
            ParameterPenalties = new Dictionary<string, double> { ["Gender"] = 2, ["trans.Channel[web]"] = 0.5 },
            Covariates = new CovariatesRecord(
                [new CovariateColumnRecord("Gender", Centre: 0.4316666666666667, Scale: 0.4953040709574473), new CovariateColumnRecord("Channel", "store", ["web"])],
                Transaction: ["Gender", "Channel[web]"], Constrained: ["Gender"]),
        },
    };

    [Theory]
    [MemberData(nameof(Documents))]
    public void HandWrittenWriterWritesWhatTheReflectionSerializerWrites(ModelDocument document) =>
        ModelJsonAgreement.AssertSameAsReflection(document);

    [Fact]
    public void NullElementsAndEmptyCollectionsAreWrittenAsTheSerializerWritesThem()
    {
        var document = new ModelDocument
        {
            Model = "bgnbd", TimeUnit = "days", TimeUnitDays = 1, Parameters = new Dictionary<string, double> { ["r"] = -0.0, ["\"é\""] = double.Epsilon },
            StandardErrors = new Dictionary<string, double>(),
            UnconstrainedCovariance = [[], null!, [double.MaxValue, -1e-320]],
            Diagnostics = new DiagnosticsRecord(null!, new Dictionary<string, double>(), Warnings: ["a", null!, "\u0001\t"]),
            Covariates = new CovariatesRecord([new CovariateColumnRecord("x"), null!], Spend: []),
        };
        string expected = JsonSerializer.Serialize(document, ReflectionOptions);
        Assert.Equal(Encoding.UTF8.GetBytes(expected), ModelDocumentWriter.Write(document));
    }

    [Fact]
    public void ANumberThatIsNotFiniteFailsAsWithTheSerializer()
    {
        var document = new ModelDocument
        {
            Model = "bgnbd", TimeUnit = "days", TimeUnitDays = 1, Parameters = new Dictionary<string, double> { ["r"] = 1 },
            StandardErrors = new Dictionary<string, double> { ["r"] = double.NaN },
        };
        var expected = Assert.ThrowsAny<Exception>(() => JsonSerializer.Serialize(document, ReflectionOptions));
        var actual = Assert.ThrowsAny<Exception>(() => document.ToJson());
        Assert.Equal((expected.GetType(), expected.Message), (actual.GetType(), actual.Message));
    }
}
