using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Clv.Probabilistic.Persistence;

/// <summary>
/// Tells a JSON text that stops early (a model file cut short by a full disk, an interrupted copy or a killed writer)
/// from one that is wrong, and says so in plain words with the position where the text ends.
/// </summary>
internal static class JsonTruncation
{
    /// <summary>
    /// "line L, column C: the file ends in the middle of …" when <paramref name="json"/> is a correct beginning of a
    /// JSON document that stops before the document is complete; null when it is complete or wrong before its end.
    /// </summary>
    public static string? Describe(string json)
    {
        var start = json.AsSpan().TrimStart();
        if (!start.IsEmpty && start[0] != '{') return null; // not an object at all: wrong, not cut
        byte[] bytes = Encoding.UTF8.GetBytes(json);
        // Not the final block: where the text stops early the reader asks for more instead of failing.
        var reader = new Utf8JsonReader(bytes, isFinalBlock: false, new JsonReaderState(new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow }));
        var open = new Stack<(bool IsObject, string? Name)>();
        string? property = null;
        bool started = false;
        try
        {
            while (reader.Read())
            {
                started = true;
                switch (reader.TokenType)
                {
                    case JsonTokenType.StartObject:
                        open.Push((true, property));
                        property = null;
                        break;
                    case JsonTokenType.StartArray:
                        open.Push((false, property));
                        property = null;
                        break;
                    case JsonTokenType.EndObject or JsonTokenType.EndArray:
                        open.Pop();
                        property = null;
                        break;
                    case JsonTokenType.PropertyName:
                        property = reader.GetString();
                        break;
                    default:
                        property = null;
                        break;
                }
                if (open.Count == 0) return null; // the document is complete: whatever is wrong is not a cut
            }
        }
        catch (JsonException)
        {
            return null; // wrong before the end
        }
        var rest = json.AsSpan(Encoding.UTF8.GetCharCount(bytes.AsSpan(0, (int)reader.BytesConsumed))).TrimStart();
        string what = !started && rest.IsEmpty ? "" : rest.IsEmpty || rest[0] is '{' or '[' or ',' or ':'
            ? open.TryPeek(out var container) ? Container(container, property) : "a value"
            : rest[0] == '"' ? property is null && open.TryPeek(out var o) && o.IsObject ? "a field name" : $"a text value{Field(property)}"
            : rest[0] is '-' or (>= '0' and <= '9') ? $"a number{Field(property)}"
            : $"a value{Field(property)}";
        var (line, character) = EndPosition(json);
        string where = string.Create(CultureInfo.InvariantCulture, $"line {line}, column {character}");
        return what.Length == 0
            ? $"{where}: the file is empty; a model file is a JSON object written by 'clv fit'."
            : $"{where}: the file ends in the middle of {what}: it is cut short (truncated); write it again with 'clv fit'.";
    }

    private static string Container((bool IsObject, string? Name) container, string? property) =>
        property is not null ? $"the value of '{property}'"
        : container.Name is { } name ? $"'{name}' (an {(container.IsObject ? "object" : "array")})"
        : container.IsObject ? "the model object" : "an array";

    private static string Field(string? property) => property is null ? "" : $" (field '{property}')";

    /// <summary>1-based line and character just past the last character of the text.</summary>
    private static (int Line, int Character) EndPosition(string text)
    {
        int line = 1, lastBreak = -1;
        for (int i = 0; i < text.Length; i++)
            if (text[i] == '\n')
            {
                line++;
                lastBreak = i;
            }
        return (line, text.Length - lastBreak);
    }
}
