using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Clv.Probabilistic.Cli;

/// <summary>The JSON the commands print with <c>--json</c>: indented UTF-8, numbers in full precision, non-finite numbers as null.</summary>
internal static class JsonText
{
    /// <summary>The document <paramref name="write"/> writes, ending with a line break.</summary>
    public static string Write(Action<Utf8JsonWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
            write(writer);
        return Encoding.UTF8.GetString(buffer.ToArray()) + Environment.NewLine;
    }

    /// <summary>A number, or null when absent or not finite.</summary>
    public static void Number(Utf8JsonWriter writer, string name, double? value)
    {
        if (value is { } v && double.IsFinite(v)) writer.WriteNumber(name, v);
        else writer.WriteNull(name);
    }
}
