using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Clv.Probabilistic.Persistence;

namespace Clv.Probabilistic.Tests.Persistence;

/// <summary>
/// The hand-written model-file writer and reader (<see cref="ModelDocumentWriter"/>, <see cref="ModelDocumentReader"/>)
/// against System.Text.Json's reflection serializer with the options the library wrote and read with before: the same
/// bytes, and the same document read by the hand-written reader itself (not its fallback). Called wherever tests write
/// the files of fitted models, so that every registered model, every fitting method and covariates are covered.
/// </summary>
internal static class ModelJsonAgreement
{
    internal static readonly JsonSerializerOptions ReflectionOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DictionaryKeyPolicy = null,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        NumberHandling = JsonNumberHandling.Strict,
        AllowDuplicateProperties = false,
        TypeInfoResolver = new System.Text.Json.Serialization.Metadata.DefaultJsonTypeInfoResolver(),
    };

    /// <summary>Asserts the document is written byte for byte as the reflection serializer writes it, and read back by the hand-written reader as the reflection reader reads it.</summary>
    public static void AssertSameAsReflection(ModelDocument document)
    {
        string expected = JsonSerializer.Serialize(document, ReflectionOptions);
        Assert.Equal(Encoding.UTF8.GetBytes(expected), ModelDocumentWriter.Write(document));
        Assert.Equal(expected, document.ToJson());
        AssertReadAsReflection(expected);
    }

    /// <summary>Asserts the hand-written reader reads <paramref name="json"/> itself, to the document the reflection reader reads.</summary>
    public static void AssertReadAsReflection(string json)
    {
        Assert.True(ModelDocumentReader.TryReadFast(json, out var fast), "the hand-written reader refused the text");
        var reflection = JsonSerializer.Deserialize<ModelDocument>(json, ReflectionOptions);
        Assert.Equal(JsonSerializer.Serialize(reflection, ReflectionOptions), JsonSerializer.Serialize(fast, ReflectionOptions));
    }
}
