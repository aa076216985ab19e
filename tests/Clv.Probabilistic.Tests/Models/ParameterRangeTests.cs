using System.Globalization;
using Clv.Probabilistic.Data;
using Clv.Probabilistic.Data.Covariates;
using Clv.Probabilistic.Inference;
using Clv.Probabilistic.Models;
using Clv.Probabilistic.Models.Covariates;
using Clv.Probabilistic.Models.ParetoNbd.TimeVarying;
using Xunit;

namespace Clv.Probabilistic.Tests.Models;

/// <summary>
/// Every fitted form built in code checks the range the library supports (issue 16, item 4): a parameter outside
/// 1e-100..1e100 is an <see cref="ArgumentOutOfRangeException"/> naming the model, the parameter, its value and the range;
/// the ends of the range themselves are accepted.
/// </summary>
public sealed class ParameterRangeTests
{
    public static TheoryData<string> Models
    {
        get
        {
            var data = new TheoryData<string>();
            foreach (var model in ModelRegistry.All) data.Add(model.Name);
            return data;
        }
    }

    [Theory]
    [MemberData(nameof(Models))]
    public void EachParameterOutsideTheSupportedRangeIsRefusedNamingItAndTheEndsAreAccepted(string name)
    {
        var model = ModelRegistry.All.Single(m => m.Name == name);
        var space = model.Parameters;
        for (int j = 0; j < space.Dimension; j++)
        {
            Assert.Equal(ParameterDomain.Positive, space.Parameters[j].Domain);
            double maximum = space.Parameters[j].SupportedMaximum;
            Assert.InRange(maximum, 1, ParameterSpace.SupportedMaximum);
            foreach (double inside in new[] { ParameterSpace.SupportedMinimum, maximum })
                Assert.NotNull(model.CreateModel(At(space, j, inside), TimeUnit.Weeks));
            foreach (double outside in new[] { 9.99e-101, 1e-300, double.Epsilon, maximum * 1.0001, 1e200, double.MaxValue })
            {
                var e = Assert.Throws<ArgumentOutOfRangeException>(() => model.CreateModel(At(space, j, outside), TimeUnit.Weeks));
                Assert.Equal(space.Names[j], e.ParamName);
                Assert.Equal(outside, e.ActualValue);
                Assert.StartsWith(string.Create(CultureInfo.InvariantCulture,
                    $"{model.DisplayName} parameter '{space.Names[j]}' is {outside:G6}, outside the range the library supports for a positive parameter (1e-100 to {space.SupportedRange(j)[10..]})"), e.Message);
            }
            foreach (double notInDomain in new[] { 0, -1, double.NaN, double.PositiveInfinity })
                Assert.Equal(space.Names[j], Assert.Throws<ArgumentOutOfRangeException>(() => model.CreateModel(At(space, j, notInDomain), TimeUnit.Weeks)).ParamName);
        }
    }

    [Fact]
    public void ACustomerWhoseCovariatesCarryAParameterOutOfRangeIsNamedWhenItsModelIsBuilt()
    {
        foreach (var model in ModelRegistry.All.Where(m => m.CovariateLinks.Count > 0))
        {
            var table = CovariateTable.FromNumbers(["quiet", "extreme"], [("score", [0.0, 2.0])]);
            var definition = CovariateDefinition.Create(model, table);
            var values = Enumerable.Repeat(1.5, definition.Parameters.Dimension).ToArray();
            for (int k = definition.ModelDimension; k < values.Length; k++) values[k] = 0;
            values[definition.ModelDimension] = 150; // e^{±300} at score 2 moves a positive parameter past 1e100 or below 1e-100.
            object fitted = definition.CreateModel(values, TimeUnit.Weeks);
            Func<string, object> forCustomer = fitted switch
            {
                CovariatePurchaseModel purchase => id => purchase.ForCustomer(id),
                CovariateSpendModel spend => id => spend.ForCustomer(id),
                CovariateDiscretePurchaseModel discrete => id => discrete.ForCustomer(id),
                _ => throw new InvalidOperationException(fitted.GetType().Name),
            };
            Assert.NotNull(forCustomer("quiet"));
            var e = Assert.Throws<ArgumentOutOfRangeException>(() => forCustomer("extreme"));
            Assert.StartsWith($"Customer 'extreme' (and any with the same covariates): {model.DisplayName} parameter '", e.Message);
            Assert.Contains("outside the range the library supports for a positive parameter (1e-100 to 1e", e.Message);

            values[definition.ModelDimension] = 0;
            values[0] = 1e101;
            var own = Assert.Throws<ArgumentOutOfRangeException>(() => definition.CreateModel(values, TimeUnit.Weeks));
            Assert.StartsWith($"{definition.DisplayName} parameter '{definition.Parameters.Names[0]}' is 1E+101, outside the range", own.Message);
        }
    }

    [Fact]
    public void NarrowerRangesAreDeclaredWhereTheNumericsEndAndNamedInTheMessage()
    {
        var ggom = ModelRegistry.Get("ggomnbd").Parameters;
        foreach (string name in new[] { "r", "alpha", "b", "s" }) Assert.Equal("1e-100 to 1e6", ggom.SupportedRange(ggom.IndexOf(name)));
        Assert.Equal("1e-100 to 1e100", ggom.SupportedRange(ggom.IndexOf("beta")));
        var bdw = ModelRegistry.Get("bdw").Parameters;
        Assert.Equal("1e-100 to 10", bdw.SupportedRange(bdw.IndexOf("c")));
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => ModelRegistry.Get("bdw").CreateModel([1, 1, 11], TimeUnit.Weeks));
        Assert.StartsWith("BdW parameter 'c' is 11, outside the range the library supports for a positive parameter (1e-100 to 10)", e.Message);
        Assert.Throws<ArgumentException>(() => bdw.WithSupportedMaximum("c", 1e101));
        Assert.Throws<ArgumentException>(() => bdw.WithSupportedMaximum("gamma", 10));
    }

    [Fact]
    public void TheTimeVaryingParetoNbdChecksItsRatesAndShapes()
    {
        var names = new[] { "r", "alpha", "s", "beta" };
        for (int j = 0; j < 4; j++)
        {
            var v = new[] { 1.2, 8, 0.9, 12 };
            v[j] = j % 2 == 0 ? 1e-150 : 1e150;
            var p = new TimeVaryingParetoNbdParameters(v[0], v[1], v[2], v[3], ["season"], [0.8], [-0.7]);
            var e = Assert.Throws<ArgumentOutOfRangeException>(() => new TimeVaryingParetoNbdModel(p));
            Assert.Equal(names[j], e.ParamName);
            Assert.Contains($"parameter '{names[j]}' is {v[j].ToString("G6", CultureInfo.InvariantCulture)}, outside the range the library supports", e.Message);
        }
        Assert.NotNull(new TimeVaryingParetoNbdModel(new TimeVaryingParetoNbdParameters(1e-100, 1e100, 1e-100, 1e100, ["season"], [1e5], [-1e5])));
    }

    private static double[] At(ParameterSpace space, int parameter, double value)
    {
        var values = Enumerable.Repeat(1.5, space.Dimension).ToArray();
        values[parameter] = value;
        return values;
    }
}
