using System.Globalization;
using System.Text.Json;

namespace Clv.Probabilistic.Persistence;

/// <summary>
/// Says in plain words what is wrong in a model file that is not valid JSON or holds a value of the wrong kind, at
/// "line L, column C" (both 1-based, the one convention of every model-file error), without System.Text.Json's
/// type names and paths.
/// </summary>
internal static class JsonErrors
{
    /// <summary>"line L, column C: what is wrong" for a failed deserialisation.</summary>
    public static string Describe(JsonException e)
    {
        string where = e.LineNumber is long line
            ? string.Create(CultureInfo.InvariantCulture, $"line {line + 1}, column {(e.BytePositionInLine ?? 0) + 1}: ")
            : "";
        return where + What(e);
    }

    private static string What(JsonException e)
    {
        string message = e.Message;
        int cut = message.IndexOf(" Path: ", StringComparison.Ordinal);
        if (cut < 0) cut = message.IndexOf(" LineNumber: ", StringComparison.Ordinal);
        if (cut >= 0) message = message[..cut];
        string field = Field(e.Path);
        const string Converted = "could not be converted to ";
        int type = message.IndexOf(Converted, StringComparison.Ordinal);
        if (type >= 0)
        {
            string expected = Expected(message[(type + Converted.Length)..].TrimEnd('.'));
            return field.Length == 0
                ? $"the file is not a model file: a model file is one JSON object ({{ ... }}), written by 'clv fit'."
                : $"the value of {field} is not {expected}.";
        }
        const string Required = "missing required properties including: ";
        int required = message.IndexOf(Required, StringComparison.Ordinal);
        if (required >= 0)
            return $"required fields are missing: {message[(required + Required.Length)..].TrimEnd('.')}.";
        if (message.StartsWith("Duplicate properties", StringComparison.Ordinal))
            return field.Length == 0 ? "a field appears twice." : $"a field appears twice in {field}.";
        return $"the text is not valid JSON here: {message.Replace(". ", "; ", StringComparison.Ordinal).TrimEnd('.')}.";
    }

    /// <summary>A JSON path ($.parameters.r) as the field it names ('parameters.r'), or "" for the whole document.</summary>
    private static string Field(string? path) =>
        path is null || path == "$" ? "" : $"'{path.TrimStart('$').TrimStart('.')}'";

    private static string Expected(string type) => type switch
    {
        "System.Double" or "System.Nullable`1[System.Double]" => "a number",
        "System.Int32" or "System.Int64" or "System.Nullable`1[System.Int32]" or "System.Nullable`1[System.Int64]" => "a whole number",
        "System.Boolean" or "System.Nullable`1[System.Boolean]" => "true or false",
        "System.String" => "a text in quotes",
        _ when type.Contains("[]", StringComparison.Ordinal) || type.Contains("List", StringComparison.Ordinal) => "an array ([ ... ])",
        _ => "an object ({ ... })",
    };
}
