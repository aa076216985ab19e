using Clv.Probabilistic.Data;
using Clv.Probabilistic.Models.ParetoNbd;
using MathNet.Numerics.Random;

namespace Clv.Probabilistic.Tests.Models.ParetoNbd;

/// <summary>
/// P(Y(t) = n | x, t_x, T) of the Pareto/NBD: brute-force sums over n (total probability 1, mean E[Y(t) | history]) and
/// the frequencies of the exact posterior simulator.
/// </summary>
public class ParetoNbdConditionalPmfTests
{
    private static readonly ParetoNbdModel Model = new(new ParetoNbdParameters(0.553, 10.578, 0.606, 11.669), TimeUnit.Weeks);

    private static readonly RfmSummary Customers =
        new(["a", "b", "c", "d"], [0, 2, 10, 25], [0, 30.43, 5, 60], [38.86, 38.86, 70, 60.25], default, TimeUnit.Weeks);

    // Σ_n P(Y = n) = 1 and Σ_n n P(Y = n) = E[Y(t)], summed until the terms are negligible (n ≤ 400).
    [Theory]
    [InlineData(1.0)]
    [InlineData(39.0)]
    [InlineData(104.0)]
    public void SumsToOneWithTheConditionalMean(double t)
    {
        int rows = Customers.Count;
        var total = new double[rows];
        var mean = new double[rows];
        var p = new double[rows];
        for (int n = 0; n <= 400; n++)
        {
            Model.ConditionalProbabilityOfPurchases(Customers, t, n, p);
            for (int i = 0; i < rows; i++)
            {
                Assert.True(p[i] >= 0 && p[i] <= 1, $"row {i}, n = {n}: {p[i]}");
                total[i] += p[i];
                mean[i] += n * p[i];
            }
        }
        var expected = new double[rows];
        Model.ConditionalExpectedPurchases(Customers, t, expected);
        for (int i = 0; i < rows; i++)
        {
            Assert.True(Math.Abs(total[i] - 1) <= 1e-10, $"row {i}: Σ P = {total[i]:R}");
            Assert.True(Math.Abs(mean[i] - expected[i]) <= 1e-8 * Math.Max(1, expected[i]), $"row {i}: Σ n P = {mean[i]:R}, E[Y] = {expected[i]:R}");
        }
    }

    // 200,000 draws of the posterior simulator per customer; P(Y(39) = n) for n = 0..5 within 4.5 standard errors.
    [Fact]
    public void MatchesTheSimulator()
    {
        const int Draws = 200_000;
        var random = new Xoshiro256StarStar(2026);
        var p = new double[Customers.Count];
        var counts = new int[Customers.Count, 6];
        for (int i = 0; i < Customers.Count; i++)
            for (int k = 0; k < Draws; k++)
            {
                int y = Model.SimulateFuturePurchases(Customers.Frequency[i], Customers.Recency[i], Customers.T[i], 39, random);
                if (y < 6) counts[i, y]++;
            }
        for (int n = 0; n < 6; n++)
        {
            Model.ConditionalProbabilityOfPurchases(Customers, 39, n, p);
            for (int i = 0; i < Customers.Count; i++)
            {
                double frequency = counts[i, n] / (double)Draws, se = Math.Sqrt(Math.Max(p[i] * (1 - p[i]), 1e-12) / Draws);
                Assert.True(Math.Abs(frequency - p[i]) <= 4.5 * se + 1e-6, $"row {i}, n = {n}: simulated {frequency:G6}, formula {p[i]:G6}");
            }
        }
    }

    [Fact]
    public void NothingHappensInNoTime()
    {
        var p = new double[Customers.Count];
        Model.ConditionalProbabilityOfPurchases(Customers, 0, 0, p);
        Assert.All(p, v => Assert.Equal(1.0, v, 1e-15));
        Model.ConditionalProbabilityOfPurchases(Customers, 0, 1, p);
        Assert.All(p, v => Assert.Equal(0.0, v));
    }
}
