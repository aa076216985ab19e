using System.CommandLine;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Clv.Probabilistic.Inference;
using Clv.Probabilistic.Models;

namespace Clv.Probabilistic.Cli.Commands;

/// <summary><c>clv models</c>: the registered models, their parameters and references, as text or JSON.</summary>
internal static class ModelsCommand
{
    private const string Name = "models";

    public static Command Create()
    {
        var json = new Option<bool>("--json") { Description = "Write the list as JSON (an array of models) for machine reading." };
        var command = new Command(Name, "List the models 'clv fit' knows: name, display name, kind, parameters and reference.");
        command.Options.Add(json);
        command.SetAction(parse => CliErrors.Run(Name, () =>
        {
            Console.Out.Write(parse.GetValue(json) ? Json(ModelRegistry.All) : Text(ModelRegistry.All));
            return 0;
        }));
        return command;
    }

    /// <summary>One block per model: name and display name, kind, aliases, parameters with descriptions, reference.</summary>
    internal static string Text(IReadOnlyList<ModelDefinition> models)
    {
        var text = new StringBuilder();
        foreach (var model in models)
        {
            if (text.Length > 0) text.AppendLine();
            text.AppendLine($"{model.Name}: {model.DisplayName}, {Kind(model.Kind)} model{(model.UsesTimeUnit ? " (needs --time-unit)" : "")}");
            if (model.Aliases.Count > 0) text.AppendLine($"  aliases: {string.Join(", ", model.Aliases)}");
            text.AppendLine("  parameters:");
            var parameters = model.Parameters.Parameters;
            int width = parameters.Max(p => p.Name.Length);
            foreach (var p in parameters)
                text.AppendLine($"    {p.Name.PadRight(width)}  {Domain(p.Domain)}  {p.Description}");
            text.AppendLine($"  reference: {model.Reference}");
        }
        return text.ToString();
    }

    /// <summary>
    /// <c>[{"name", "display_name", "kind", "aliases", "uses_time_unit", "parameters": [{"name", "domain", "description"}], "reference"}]</c>;
    /// domain is <c>positive</c>, <c>unit_interval</c> or <c>real</c>.
    /// </summary>
    internal static string Json(IReadOnlyList<ModelDefinition> models)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            writer.WriteStartArray();
            foreach (var model in models)
            {
                writer.WriteStartObject();
                writer.WriteString("name", model.Name);
                writer.WriteString("display_name", model.DisplayName);
                writer.WriteString("kind", Kind(model.Kind));
                writer.WriteStartArray("aliases");
                foreach (var alias in model.Aliases) writer.WriteStringValue(alias);
                writer.WriteEndArray();
                writer.WriteBoolean("uses_time_unit", model.UsesTimeUnit);
                writer.WriteStartArray("parameters");
                foreach (var p in model.Parameters.Parameters)
                {
                    writer.WriteStartObject();
                    writer.WriteString("name", p.Name);
                    writer.WriteString("domain", DomainName(p.Domain));
                    writer.WriteString("description", p.Description);
                    writer.WriteEndObject();
                }
                writer.WriteEndArray();
                writer.WriteString("reference", model.Reference);
                writer.WriteEndObject();
            }
            writer.WriteEndArray();
        }
        return Encoding.UTF8.GetString(buffer.ToArray()) + Environment.NewLine;
    }

    private static string DomainName(ParameterDomain domain) => domain switch
    {
        ParameterDomain.Positive => "positive",
        ParameterDomain.UnitInterval => "unit_interval",
        _ => "real",
    };

    /// <summary>The kind in words ("discrete purchase", not the enum's "DiscretePurchase").</summary>
    private static string Kind(ModelKind kind) =>
        string.Concat(kind.ToString().Select((c, i) => i > 0 && char.IsUpper(c) ? " " + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));

    private static string Domain(ParameterDomain domain) => domain switch
    {
        ParameterDomain.Positive => "> 0",
        ParameterDomain.UnitInterval => "in (0, 1)",
        _ => "real",
    };
}
