using Clv.Probabilistic.Models;

namespace Clv.Probabilistic.Tests.Conformance;

/// <summary>The fixture covers exactly the registered models.</summary>
public class RegistryConformanceTests
{
    [Theory]
    [MemberData(nameof(ModelCases.Registered), MemberType = typeof(ModelCases))]
    public void EveryRegisteredModelHasACase(string name)
    {
        var model = ModelCases.For(name);
        Assert.Equal(model.Definition.Parameters.Dimension, model.RandomTheta.Count);
        Assert.Equal(model.Definition.Parameters.Dimension, model.CalibrationPriors.Count);
        Assert.True(model.Definition.Parameters.Contains(model.Truth.ToArray()));
    }

    [Fact]
    public void EveryCaseIsOfARegisteredModel() =>
        Assert.All(ModelCases.All, c => Assert.Contains(c.Definition, ModelRegistry.All));
}
