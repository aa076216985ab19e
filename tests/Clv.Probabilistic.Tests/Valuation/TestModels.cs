using Clv.Probabilistic.Data;
using Clv.Probabilistic.Models;

namespace Clv.Probabilistic.Tests.Valuation;

/// <summary>
/// Purchase model with closed-form discounted values: customer i buys at rate λ_i = (x_i + 1)/T_i per unit while alive
/// and dies at rate μ, so E[Y_i(t)] = λ_i t (μ = 0) or λ_i (1 − e^(−μt))/μ.
/// </summary>
internal sealed class DecayingPoissonModel(TimeUnit timeUnit, double mu = 0.0) : IPurchaseModel
{
    public TimeUnit TimeUnit { get; } = timeUnit;

    public double Mu { get; } = mu;

    public static double Rate(RfmSummary summary, int i) => (summary.Frequency[i] + 1) / summary.T[i];

    public double Expected(double lambda, double t) => Mu == 0 ? lambda * t : lambda * -double.ExpM1(-Mu * t) / Mu;

    public void ConditionalExpectedPurchases(RfmSummary summary, double t, Span<double> destination)
    {
        for (int i = 0; i < summary.Count; i++) destination[i] = Expected(Rate(summary, i), t);
    }

    /// <summary>Σ_(k=1..K) (E[Y(kΔ)] − E[Y((k−1)Δ)]) v^k in closed form (geometric series).</summary>
    public double DiscreteClosedForm(double lambda, double step, int periods, double v)
    {
        if (Mu == 0) return lambda * step * v * (1 - Math.Pow(v, periods)) / (1 - v);
        double r = v * Math.Exp(-Mu * step);
        return lambda / Mu * -double.ExpM1(-Mu * step) * v * (1 - Math.Pow(r, periods)) / (1 - r);
    }

    /// <summary>∫₀^H e^(−δt) λ e^(−μt) dt = λ (1 − e^(−(δ+μ)H))/(δ + μ).</summary>
    public double ContinuousClosedForm(double lambda, double horizon, double delta) =>
        lambda * -double.ExpM1(-(delta + Mu) * horizon) / (delta + Mu);

    public double ExpectedPurchases(double t) => throw Unused();

    public double LogProbabilityOfPurchases(double t, int n) => throw Unused();

    public void ProbabilityAlive(RfmSummary summary, Span<double> destination) => throw Unused();

    public void ExpectedCumulativeRepeatPurchases(ReadOnlySpan<double> firstPurchaseOffsets, ReadOnlySpan<double> times, Span<double> destination) =>
        throw Unused();

    public int SimulateFuturePurchases(double x, double recency, double t, double horizon, Random random) => throw Unused();

    public PurchaseSimulation Simulate(ReadOnlySpan<double> observationLengths, int seed, double holdoutLength = 0, bool wholeUnits = false) =>
        throw Unused();

    /// <summary>The valuation layer asks only for conditional expectations; anything else is a bug in the test.</summary>
    internal static NotSupportedException Unused() => new("The valuation tests define only the conditional expectations of their test models.");
}

/// <summary>Spend model returning z̄ + 1 for every customer, so spend differs across customers and is never zero.</summary>
internal sealed class ShiftedMeanSpendModel : ISpendModel
{
    public static double Spend(RfmSummary summary, int i) => summary.MonetaryValue[i] + 1;

    public void ConditionalExpectedSpend(RfmSummary summary, Span<double> destination)
    {
        for (int i = 0; i < summary.Count; i++) destination[i] = Spend(summary, i);
    }

    public double PopulationMeanSpend => throw DecayingPoissonModel.Unused();

    public double SimulateFutureValue(double x, double meanSpend, int purchases, Random random) => throw DecayingPoissonModel.Unused();

    public double[] SimulateMeanSpend(ReadOnlySpan<double> frequency, int seed) => throw DecayingPoissonModel.Unused();
}

internal static class TestCustomers
{
    /// <summary>A few customers with durations in <paramref name="unit"/>, given in weeks and converted.</summary>
    public static RfmSummary Create(TimeUnit unit, double[]? weights = null)
    {
        double[] x = [0, 1, 4, 12, 2, 7, 0, 30, 3, 1];
        double[] recencyWeeks = [0, 5, 20, 35, 8, 30, 0, 38, 12, 1];
        double[] tWeeks = [10, 20, 30, 39, 15, 39, 3, 39, 25, 2];
        double[] spend = [0, 12, 30.5, 8, 100, 45, 0, 22, 17, 60];
        var ids = Enumerable.Range(0, x.Length).Select(i => $"c{i}").ToArray();
        double ToUnit(double weeks) => TimeUnit.Weeks.ConvertTo(weeks, unit);
        return new RfmSummary(ids, x, recencyWeeks.Select(ToUnit).ToArray(), tWeeks.Select(ToUnit).ToArray(), spend, unit, weights);
    }
}
