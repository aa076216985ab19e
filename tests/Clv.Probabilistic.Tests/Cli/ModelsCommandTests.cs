using System.Text.Json;
using Clv.Probabilistic.Models;

namespace Clv.Probabilistic.Tests.Cli;

/// <summary><c>clv models</c>: every registered model with its parameters, as text and as JSON.</summary>
[Collection(nameof(SummarizeCliCollection))]
public sealed class ModelsCommandTests
{
    [Fact]
    public void TextListsEveryRegisteredModelWithItsParametersAndReference()
    {
        var (code, output, error) = CliRunner.Run("models");
        Assert.Equal((0, ""), (code, error));
        var blocks = output.ReplaceLineEndings("\n").TrimEnd().Split("\n\n");
        Assert.Equal(ModelRegistry.All.Count, blocks.Length);
        for (int m = 0; m < blocks.Length; m++)
        {
            var model = ModelRegistry.All[m];
            var lines = blocks[m].Split('\n');
            Assert.StartsWith($"{model.Name}: {model.DisplayName}, {KindWord(model.Kind)} model", lines[0]);
            Assert.Equal($"  reference: {model.Reference}", lines[^1]);
            foreach (var parameter in model.Parameters.Parameters)
                Assert.Single(lines, line => line.StartsWith($"    {parameter.Name} ", StringComparison.Ordinal) && line.EndsWith($"  {parameter.Description}", StringComparison.Ordinal));
        }
        Assert.StartsWith("bgnbd: BG/NBD, purchase model (needs --time-unit)\n  aliases: bg-nbd, bg/nbd\n  parameters:\n    r      > 0  shape of", output.ReplaceLineEndings("\n"));
        Assert.Contains("gamma-gamma: Gamma-Gamma, spend model\n", output.ReplaceLineEndings("\n"));
    }

    [Fact]
    public void JsonDescribesEveryRegisteredModel()
    {
        var (code, output, error) = CliRunner.Run("models", "--json");
        Assert.Equal((0, ""), (code, error));
        using var json = JsonDocument.Parse(output);
        var models = json.RootElement.EnumerateArray().ToArray();
        Assert.Equal(ModelRegistry.All.Count, models.Length);
        for (int m = 0; m < models.Length; m++)
        {
            var expected = ModelRegistry.All[m];
            var model = models[m];
            Assert.Equal(expected.Name, model.GetProperty("name").GetString());
            Assert.Equal(expected.DisplayName, model.GetProperty("display_name").GetString());
            Assert.Equal(KindWord(expected.Kind), model.GetProperty("kind").GetString());
            Assert.Equal(expected.UsesTimeUnit, model.GetProperty("uses_time_unit").GetBoolean());
            Assert.Equal(expected.Aliases, model.GetProperty("aliases").EnumerateArray().Select(a => a.GetString()!));
            Assert.Equal(expected.Reference, model.GetProperty("reference").GetString());
            var parameters = model.GetProperty("parameters").EnumerateArray().ToArray();
            Assert.Equal(expected.Parameters.Names, parameters.Select(p => p.GetProperty("name").GetString()!));
            Assert.Equal(expected.Parameters.Parameters.Select(p => p.Description), parameters.Select(p => p.GetProperty("description").GetString()!));
            Assert.Equal(expected.Parameters.Parameters.Select(p => p.Domain.ToString().ToLowerInvariant()), parameters.Select(p => p.GetProperty("domain").GetString()!.Replace("_", "", StringComparison.Ordinal)));
        }
        Assert.Equal(ModelRegistry.All.Select(m => m.Name), models.Select(m => m.GetProperty("name").GetString()!));
        Assert.Contains("\"display_name\": \"BG/NBD\"", output); // readable, not \u-escaped
    }

    private static string KindWord(ModelKind kind) => kind switch
    {
        ModelKind.Purchase => "purchase",
        ModelKind.Spend => "spend",
        ModelKind.DiscretePurchase => "discrete purchase",
        ModelKind.Retention => "retention",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "A kind this test does not know yet: add its word."),
    };
}
