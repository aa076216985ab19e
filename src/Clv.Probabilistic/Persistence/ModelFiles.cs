namespace Clv.Probabilistic.Persistence;

/// <summary>Checks shared by the model-file conversions.</summary>
internal static class ModelFiles
{
    public static void EnsureModel(ModelDocument document, string expected)
    {
        if (!string.Equals(document.Model, expected, StringComparison.Ordinal))
            throw new ModelFileException($"The model file holds a '{document.Model}' model where a '{expected}' model is needed.");
    }
}
