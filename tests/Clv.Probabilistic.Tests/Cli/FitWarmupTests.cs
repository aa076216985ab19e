using Clv.Probabilistic.Cli.Commands;
using Clv.Probabilistic.Models;

namespace Clv.Probabilistic.Tests.Cli;

/// <summary>
/// The warm-up of <c>clv fit</c>'s last steps runs to its end: a warm-up that always failed would warm nothing. (That it
/// changes no output is what every fit command test checks, since each run starts it.)
/// </summary>
public class FitWarmupTests
{
    [Fact]
    public void TheWarmUpCompletesForEveryModel() =>
        Assert.All(ModelRegistry.All, model => Assert.True(FitWarmup.Run(model), model.Name));
}
