using Clv.Probabilistic.Data;
using Clv.Probabilistic.Inference.Priors;
using Clv.Probabilistic.Models.BgNbd;

namespace Clv.Probabilistic.Tests.Models.BgNbd;

public class BgNbdPriorsTests
{
    [Fact]
    public void DefaultAlphaPriorMeansTheSameDurationInEveryUnit()
    {
        var days = (LogNormalPrior)BgNbdPriors.Default(TimeUnit.Days).Alpha;
        var weeks = (LogNormalPrior)BgNbdPriors.Default(TimeUnit.Weeks).Alpha;
        Assert.Equal(days.Median / 7, weeks.Median, 1e-12);
        Assert.Equal(days.Sigma, weeks.Sigma);
    }

    [Fact]
    public void TheDefinitionsDefaultPriorsAreTheDefaultsInTheSummarysUnit()
    {
        var summary = new RfmSummary(["a", "b"], [2, 0], [10, 0], [20, 15], default, TimeUnit.Days);
        var definition = BgNbdDefinition.Instance;
        Assert.Equal(BgNbdPriors.Default(TimeUnit.Days).ToList(), definition.DefaultPriors(definition.Prepare(summary)));
    }
}
