using System.Globalization;
using Clv.Probabilistic.Data;
using Clv.Probabilistic.Models.ParetoNbd;
using Clv.Probabilistic.Numerics;

namespace Clv.Probabilistic.Tests.Models.ParetoNbd;

/// <summary>
/// Issue 16, item 6: Pareto/NBD P(alive) and E[Y(t)] keep full precision at large x with large α and β, α close to or
/// equal to β, r or s from 1e-6 to 1e4, T up to 1e5 and α, β up to 1e100 (where the drop-out integral's interval
/// [ln(q + t_x), ln(q + T)] rounded to a point and P(alive) was NaN). References: 300-digit mpmath values of the
/// hypergeometric closed form, each checked against a 60-digit quadrature (Reference/extremes.py, Reference/extremes.csv).
/// </summary>
public sealed class ParetoNbdPrecisionAtExtremesTests
{
    private sealed record Row(string Kind, ParetoNbdParameters Parameters, double X, double Recency, double T, double Horizon, double Value);

    private static IReadOnlyList<Row> Rows() => File.ReadAllLines(Path.Combine(Folder(), "extremes.csv")).Skip(1).Select(line =>
    {
        var f = line.Split(',');
        double D(int i) => double.Parse(f[i], CultureInfo.InvariantCulture);
        return new Row(f[0], new ParetoNbdParameters(D(1), D(2), D(3), D(4)), D(5), D(6), D(7), D(8), D(9));
    }).ToArray();

    private static string Folder()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            string candidate = Path.Combine(folder.FullName, "tests", "Clv.Probabilistic.Tests", "Models", "ParetoNbd", "Reference");
            if (Directory.Exists(candidate)) return candidate;
        }
        throw new DirectoryNotFoundException("tests/Clv.Probabilistic.Tests/Models/ParetoNbd/Reference");
    }

    [Theory]
    [InlineData("alive", 2e-16 * 8)]
    [InlineData("dead", 2e-16 * 8)]
    [InlineData("expected", 2e-16 * 16)]
    public void AgreeWithHighPrecisionReferences(string kind, double tolerance)
    {
        var rows = Rows().Where(r => r.Kind == kind).ToArray();
        Assert.True(rows.Length >= 20, $"{rows.Length} {kind} rows");
        double worst = 0;
        string? where = null;
        foreach (var row in rows)
        {
            var summary = new RfmSummary(["a"], [row.X], [row.Recency], [row.T], default, TimeUnit.Days);
            var model = new ParetoNbdModel(row.Parameters, TimeUnit.Days);
            var value = new double[1];
            if (kind == "alive") model.ProbabilityAlive(summary, value);
            else if (kind == "dead") value[0] = Math.Exp(-LogMath.Log1pExp(-ParetoNbdFormulas.LogOddsDead(row.Parameters, row.X, row.Recency, row.T)));
            else model.ConditionalExpectedPurchases(summary, row.Horizon, value);
            Assert.InRange(value[0], 0, kind == "expected" ? double.MaxValue : 1);
            // A probability reached through its logarithm carries a relative error of about ε |ln p| (ε per unit of the
            // logarithm), so the error is measured per unit of max(1, |ln value|).
            double error = row.Value == 0 ? (value[0] < 1e-300 ? 0 : 1)
                : Math.Abs(value[0] - row.Value) / row.Value / Math.Max(1, Math.Abs(Math.Log(row.Value)));
            if (error > worst) (worst, where) = (error, $"{row} gives {value[0]:R}");
        }
        Assert.True(worst <= tolerance, $"worst relative error {worst:G3} at {where}");
    }
}
