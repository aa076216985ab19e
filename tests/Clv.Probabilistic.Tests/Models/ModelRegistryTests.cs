using Clv.Probabilistic.Data;
using Clv.Probabilistic.Models;
using Clv.Probabilistic.Models.BgNbd;
using Clv.Probabilistic.Models.GammaGamma;

namespace Clv.Probabilistic.Tests.Models;

public class ModelRegistryTests
{
    [Fact]
    public void NamesAndAliasesAreUniqueIgnoringCase()
    {
        var spellings = ModelRegistry.All.SelectMany(m => m.Aliases.Prepend(m.Name)).ToList();
        Assert.Equal(spellings.Count, spellings.Distinct(StringComparer.OrdinalIgnoreCase).Count());
        Assert.All(spellings, s => Assert.Equal(s.Trim(), s));
        Assert.Equal(ModelRegistry.All.Count, ModelRegistry.All.Select(m => m.DisplayName).Distinct().Count());
    }

    [Fact]
    public void EveryNameAndAliasResolvesToItsModelInAnyCaseAndWithSpaces()
    {
        foreach (var model in ModelRegistry.All)
            foreach (var spelling in model.Aliases.Prepend(model.Name))
            {
                Assert.Same(model, ModelRegistry.Find(spelling));
                Assert.Same(model, ModelRegistry.Get($"  {spelling.ToUpperInvariant()} "));
            }
        Assert.Same(BgNbdDefinition.Instance, ModelRegistry.Get("bgnbd"));
        Assert.Same(BgNbdDefinition.Instance, ModelRegistry.Get("BG/NBD"));
        Assert.Same(GammaGammaDefinition.Instance, ModelRegistry.Get("gamma-gamma"));
        Assert.Same(GammaGammaDefinition.Instance, ModelRegistry.Get("gg"));
    }

    [Fact]
    public void AnUnknownNameIsRejectedWithTheListOfModels()
    {
        Assert.Null(ModelRegistry.Find("no-such-model"));
        var e = Assert.Throws<ArgumentException>(() => ModelRegistry.Get("no-such-model"));
        Assert.Contains("'no-such-model'", e.Message, StringComparison.Ordinal);
        foreach (var model in ModelRegistry.All) Assert.Contains(model.Name, e.Message, StringComparison.Ordinal);
    }

    // Each definition's kind says which fitted form it creates, and its parameter space matches its parameter record.
    [Fact]
    public void EachModelCreatesTheFormItsKindNames()
    {
        foreach (var model in ModelRegistry.All)
        {
            var ones = Enumerable.Repeat(1.0, model.Parameters.Dimension).ToArray();
            var created = model.CreateModel(ones, TimeUnit.Weeks);
            Assert.Equal(model.Kind == ModelKind.Purchase, created is IPurchaseModel);
            Assert.Equal(model.Kind == ModelKind.Spend, created is ISpendModel);
            Assert.Equal(model.Kind == ModelKind.Retention, created is IRetentionModel);
            if (model.Kind != ModelKind.Retention) Assert.Throws<InvalidOperationException>(() => model.CreateRetentionModel(ones));
            Assert.Equal(model.Kind == ModelKind.DiscretePurchase, created is IDiscretePurchaseModel);
            Assert.Equal(model.Kind == ModelKind.Purchase, model.UsesTimeUnit);
            if (model.Kind == ModelKind.Purchase) Assert.Throws<InvalidOperationException>(() => model.CreateSpendModel(ones));
            else Assert.Throws<InvalidOperationException>(() => model.CreatePurchaseModel(ones, TimeUnit.Weeks));
        }
        Assert.Equal(BgNbdParameters.Names, BgNbdDefinition.Instance.Parameters.Names);
        Assert.Equal(GammaGammaParameters.Names, GammaGammaDefinition.Instance.Parameters.Names);
    }
}
