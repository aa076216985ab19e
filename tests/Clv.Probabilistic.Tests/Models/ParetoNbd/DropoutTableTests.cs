using Clv.Probabilistic.Data;
using Clv.Probabilistic.Models.ParetoNbd;
using Xunit.Abstractions;

namespace Clv.Probabilistic.Tests.Models.ParetoNbd;

/// <summary>
/// The drop-out table (segments between the rows' durations, summed in double-double) against the direct quadrature of
/// each row's own integral: ln(E + s I) to 10⁻¹³ relative and its derivatives to 10⁻¹⁰ of max(|g|, 1), for every row
/// of random summaries (whole and real durations, x from 0 to 1,000, t_x = T among them) at random parameters over the
/// conformance fixture's ranges (α &lt; β, α ≈ β, α &gt; β).
/// </summary>
public class DropoutTableTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(true, 1)]
    [InlineData(false, 2)]
    [InlineData(true, 3)]
    public void RowsMatchTheirOwnQuadrature(bool wholeDays, int seed)
    {
        var random = new Random(seed);
        var data = ParetoNbdData.From(Customers(random, 3000, wholeDays));
        var table = new DropoutTable(data);
        double worstValue = 0, worstGradient = 0;
        for (int point = 0; point < 12; point++)
        {
            double r = Math.Exp(-2.5 + 5 * random.NextDouble()), s = Math.Exp(-2.5 + 5 * random.NextDouble());
            double alpha = Math.Exp(-3 + 9 * random.NextDouble());
            double beta = point % 4 == 0 ? alpha : point % 4 == 1 ? alpha * (1 + 1e-7) : Math.Exp(-3 + 9 * random.NextDouble());
            using var values = table.Compute(r, alpha, s, beta, point % 2 == 0 ? 1 : -1);
            var groups = table.GroupRows;
            for (int g = 0; g + 1 < groups.Length; g++)
            {
                for (int i = groups[g]; i < groups[g + 1]; i++)
                {
                    var actual = table.Row(values, i, g);
                    var expected = ParetoNbdLogLikelihood.Row.Evaluate(r, alpha, s, beta, data.X[i], data.Recency[i], data.T[i]);
                    string where = $"(r, α, s, β) = ({r:R}, {alpha:R}, {s:R}, {beta:R}), (x, t_x, T) = ({data.X[i]}, {data.Recency[i]:R}, {data.T[i]:R})";
                    double valueError = Math.Abs(actual.Value - expected.Value) / Math.Max(1, Math.Abs(expected.Value));
                    Assert.True(valueError <= 1e-13, $"{where}: {actual.Value:R}, direct {expected.Value:R}");
                    worstValue = Math.Max(worstValue, valueError);
                    foreach (var (a, e) in new[] { (actual.R, expected.R), (actual.Alpha, expected.Alpha), (actual.S, expected.S), (actual.Beta, expected.Beta) })
                    {
                        double error = Math.Abs(a - e) / Math.Max(1, Math.Abs(e));
                        Assert.True(error <= 1e-10, $"{where}: derivative {a:R}, direct {e:R}");
                        worstGradient = Math.Max(worstGradient, error);
                    }
                }
            }
        }
        output.WriteLine($"{data.CompressedRows} rows, {table.Points} grid points: largest relative difference of ln L {worstValue:G3}, of its derivatives {worstGradient:G3}");
    }

    /// <summary>Histories over up to 100 weeks; x mostly small, some up to 1,000; t_x = T for some.</summary>
    private static RfmSummary Customers(Random random, int n, bool wholeDays)
    {
        double[] x = new double[n], recency = new double[n], t = new double[n];
        for (int i = 0; i < n; i++)
        {
            double length = wholeDays ? random.Next(1, 701) / 7.0 : 100 * random.NextDouble() + 1e-3;
            x[i] = random.NextDouble() < 0.3 ? 0 : random.NextDouble() < 0.9 ? random.Next(1, 20) : random.Next(20, 1001);
            double last = x[i] == 0 ? 0 : random.NextDouble() < 0.1 ? length : length * random.NextDouble();
            recency[i] = wholeDays ? Math.Floor(last * 7) / 7 : last;
            t[i] = length;
        }
        return new RfmSummary(Enumerable.Range(0, n).Select(i => $"c{i}").ToArray(), x, recency, t, default, TimeUnit.Weeks);
    }
}
