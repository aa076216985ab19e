using Clv.Probabilistic.Data;
using Clv.Probabilistic.Inference;
using Clv.Probabilistic.Models;
using Xunit;
using Xunit.Abstractions;

namespace Clv.Probabilistic.Tests.Models;

/// <summary>
/// Every registered model at every corner of the supported range (each parameter at 1e-100, 1 or 1e100) makes each of
/// its predictions for histories from none to 1000 purchases over T up to 1e5: each finishes with a finite number
/// (a probability in [0, 1]) or the documented error of a bounded computation (<see cref="ArithmeticException"/>, which
/// the series, continued fractions and quadratures throw at their bound, or <see cref="ConvergenceException"/>); never a
/// NaN, an infinity, a probability above 1 or another exception (issue 16, item 4).
/// </summary>
/// <remarks>
/// Not yet so everywhere: <see cref="KnownGaps"/> lists the quantities that still give a NaN or a probability above 1 at
/// some corners (docs/reliability.md, "Left"), with how many; the test fails if a quantity not listed goes wrong or a
/// listed one goes wrong more often, and the list is to shrink to nothing.
/// </remarks>
public sealed class SupportedRangeCornerTests(ITestOutputHelper output)
{
    /// <summary>(model, quantity) → values still wrong at the corners: none since 2026-12-06 (771 before); a new entry
    /// needs a reason in docs/reliability.md, "Left".</summary>
    private static readonly Dictionary<(string Model, string Quantity), int> KnownGaps = [];

    [Theory]
    [MemberData(nameof(ParameterRangeTests.Models), MemberType = typeof(ParameterRangeTests))]
    public void EveryPredictionAtEveryCornerIsFiniteOrAClearError(string name)
    {
        var model = ModelRegistry.All.Single(m => m.Name == name);
        var space = model.Parameters;
        var outcome = Sweep(model, j => [ParameterSpace.SupportedMinimum, 1.0, space.Parameters[j].SupportedMaximum]);
        output.WriteLine($"{model.Name}: {outcome.Corners} corners, {outcome.Values} values, {outcome.ClearErrors} clear errors, {outcome.Wrong.Count} wrong");
        var problems = new List<string>();
        foreach (var group in outcome.Wrong.GroupBy(w => w.Quantity))
        {
            int known = KnownGaps.GetValueOrDefault((model.Name, group.Key));
            output.WriteLine($"{group.Key}: {group.Count()} wrong (known {known}), e.g. {group.First().Message}");
            if (group.Count() > known) problems.Add($"{group.Key}: {group.Count()} wrong (known {known}), e.g. {group.First().Message}");
        }
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    /// <summary>Every prediction at every corner: parameter j takes each value of <paramref name="cornersOf"/>(j).</summary>
    private static Outcome Sweep(ModelDefinition model, Func<int, double[]> cornersOf)
    {
        int dimension = model.Parameters.Dimension;
        var corners = Enumerable.Range(0, dimension).Select(cornersOf).ToArray();
        int count = corners.Aggregate(1, (n, c) => n * c.Length);
        var outcome = new Outcome { Corners = count };
        for (int c = 0; c < count; c++)
        {
            var values = new double[dimension];
            for (int j = 0, k = c; j < dimension; k /= corners[j].Length, j++) values[j] = corners[j][k % corners[j].Length];
            object fitted = model.CreateModel(values, TimeUnit.Weeks);
            string at = $"{model.Name} at ({string.Join(", ", values)})";
            switch (fitted)
            {
                case IPurchaseModel purchase: Purchase(purchase, at, outcome); break;
                case ISpendModel spend: Spend(spend, at, outcome); break;
                case IDiscretePurchaseModel discrete: Discrete(discrete, at, outcome); break;
                case IRetentionModel retention: Retention(retention, at, outcome); break;
                default: throw new InvalidOperationException(fitted.GetType().Name);
            }
        }
        return outcome;
    }

    [Fact]
    public void SimulatingAPurchaseRateTooHighToSimulateStopsAtTheBound()
    {
        // λ ~ Gamma(1e100, 52): about 2e98 purchases per week and p ~ Beta(1e-100, 1e100) ≈ 0, so the customer never drops out.
        var model = (IPurchaseModel)ModelRegistry.Find("bgnbd")!.CreateModel([1e100, 1e-100, 1e-100, 1e100], TimeUnit.Weeks);
        var e = Assert.Throws<ArithmeticException>(() => model.SimulateFuturePurchases(0, 0, 52, 52, new Random(1)));
        Assert.Contains("more than 100000000 purchases", e.Message);
    }

    private static void Purchase(IPurchaseModel model, string at, Outcome outcome)
    {
        var summary = new RfmSummary(["none", "some", "many"], [0, 5, 1000], [0, 30, 9e4], [52, 52, 1e5], default, TimeUnit.Weeks);
        var row = new double[summary.Count];
        outcome.Check($"{at}: E[X(52)]", () => [model.ExpectedPurchases(52)], probability: false);
        outcome.Check($"{at}: P(X(52) = 3)", () => [Math.Exp(model.LogProbabilityOfPurchases(52, 3))], probability: true);
        outcome.Check($"{at}: P(alive)", () => { model.ProbabilityAlive(summary, row); return row; }, probability: true);
        outcome.Check($"{at}: E[Y(52)]", () => { model.ConditionalExpectedPurchases(summary, 52, row); return row; }, probability: false);
        if (model is IDiscountedResidualPurchases dert)
            outcome.Check($"{at}: DERT", () => { dert.DiscountedExpectedResidualPurchases(summary, 0.01, row); return row; }, probability: false);
    }

    private static void Spend(ISpendModel model, string at, Outcome outcome)
    {
        var summary = new RfmSummary(["none", "some", "many"], [0, 5, 1000], [0, 30, 9e4], [52, 52, 1e5], [0, 40, 1e6], TimeUnit.Weeks);
        var row = new double[summary.Count];
        outcome.Check($"{at}: E[M | x, m]", () => { model.ConditionalExpectedSpend(summary, row); return row; }, probability: false, infinityAllowed: true);
    }

    private static void Discrete(IDiscretePurchaseModel model, string at, Outcome outcome)
    {
        var summary = new RfmSummary(["none", "some", "many"], [0, 3, 50], [0, 5, 80], [6, 6, 100], default, TimeUnit.Weeks);
        var row = new double[summary.Count];
        outcome.Check($"{at}: E[X(n = 10)]", () => [model.ExpectedTransactions(10)], probability: false);
        outcome.Check($"{at}: P(X(10) = 3)", () => [model.ProbabilityOfTransactions(10, 3)], probability: true);
        outcome.Check($"{at}: P(alive)", () => { model.ProbabilityAlive(summary, row); return row; }, probability: true);
        outcome.Check($"{at}: E[X(n, n + 10)]", () => { model.ConditionalExpectedTransactions(summary, 10, row); return row; }, probability: false);
        outcome.Check($"{at}: P(X(n, n + 10) = 2)", () => { model.ConditionalProbabilityOfTransactions(summary, 10, 2, row); return row; }, probability: true);
        outcome.Check($"{at}: DERT", () => { model.DiscountedExpectedTransactions(summary, 0.1, row); return row; }, probability: false);
    }

    private static void Retention(IRetentionModel model, string at, Outcome outcome)
    {
        outcome.Check($"{at}: S(t)", () => [Math.Exp(model.LogSurvival(1)), Math.Exp(model.LogSurvival(1000))], probability: true);
        outcome.Check($"{at}: P(T = t)", () => [Math.Exp(model.LogChurnProbability(1)), Math.Exp(model.LogChurnProbability(1000))], probability: true);
        outcome.Check($"{at}: r(t)", () => [model.RetentionRate(1), model.RetentionRate(1000)], probability: true);
        outcome.Check($"{at}: S(t | n)", () => [model.ConditionalSurvival(5, 10)], probability: true);
        outcome.Check($"{at}: DEL", () => [model.DiscountedExpectedLifetime(0.1)], probability: false);
        outcome.Check($"{at}: DERL", () => [model.DiscountedExpectedResidualLifetime(5, 0.1)], probability: false);
    }

    private sealed class Outcome
    {
        public int Corners { get; init; }

        public int Values { get; private set; }

        public int ClearErrors { get; private set; }

        public List<(string Quantity, string Message)> Wrong { get; } = [];

        public void Check(string what, Func<double[]> compute, bool probability, bool infinityAllowed = false)
        {
            string quantity = what[(what.IndexOf("): ", StringComparison.Ordinal) + 3)..];
            double[] values;
            try
            {
                values = compute();
            }
            catch (Exception e) when (e is ArithmeticException or ConvergenceException or InvalidOperationException or ArgumentOutOfRangeException)
            {
                ClearErrors++;
                return;
            }
            catch (Exception e)
            {
                Wrong.Add((quantity, $"{what}: {e.GetType().Name}: {e.Message}"));
                return;
            }
            foreach (double v in values)
            {
                Values++;
                bool right = probability ? v >= 0 && v <= 1 : v >= 0 && (double.IsFinite(v) || (infinityAllowed && double.IsPositiveInfinity(v)));
                if (!right) Wrong.Add((quantity, $"{what} = {v:R} in ({string.Join(", ", values)})"));
            }
        }
    }
}
