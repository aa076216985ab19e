using System.Globalization;
using Clv.Probabilistic.Data;
using Clv.Probabilistic.Models.BgNbd;
using Clv.Probabilistic.Models.MbgNbd;

namespace Clv.Probabilistic.Tests.Models.BgNbd;

/// <summary>
/// Issue 16, item 6: P(alive), E[Y(t)] and P(Y(t) = 0) keep full precision at large x with large α (where
/// ln((α+T)/(α+t_x)) is near 0 and multiplied by r + x; the quotient form lost up to 7.6e-13 relative) and at r down to
/// 1e-6 (where P(Y = 0) reached 1 + 3e-11). References: 60-digit mpmath values of the defining formulas
/// (Reference/extremes.py, Reference/extremes.csv).
/// </summary>
public sealed class BgNbdPrecisionAtExtremesTests
{
    private sealed record Row(string Kind, BgNbdParameters Parameters, double X, double Recency, double T, double Horizon, double Value);

    private static IReadOnlyList<Row> Rows() => File.ReadAllLines(Path.Combine(Folder(), "extremes.csv")).Skip(1).Select(line =>
    {
        var f = line.Split(',');
        double D(int i) => double.Parse(f[i], CultureInfo.InvariantCulture);
        return new Row(f[0], new BgNbdParameters(D(1), D(2), D(3), D(4)), D(5), D(6), D(7), D(8), D(9));
    }).ToArray();

    private static string Folder()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            string candidate = Path.Combine(folder.FullName, "tests", "Clv.Probabilistic.Tests", "Models", "BgNbd", "Reference");
            if (Directory.Exists(candidate)) return candidate;
        }
        throw new DirectoryNotFoundException("tests/Clv.Probabilistic.Tests/Models/BgNbd/Reference");
    }

    [Theory]
    [InlineData("alive", 2e-16 * 8)]
    [InlineData("zero", 2e-16 * 8)]
    [InlineData("expected", 2e-16 * 40)]
    public void AgreeWithSixtyDigitReferences(string kind, double tolerance)
    {
        var rows = Rows().Where(r => r.Kind == kind && r.Parameters.A < HugeA).ToArray();
        Assert.True(rows.Length >= 8, $"{rows.Length} {kind} rows");
        double worst = 0;
        string? where = null;
        foreach (var row in rows)
        {
            var p = row.Parameters;
            double value = kind switch
            {
                "alive" => BgNbdFormulas.ProbabilityAlive(p, row.X, row.Recency, row.T),
                "zero" => Math.Exp(BgNbdFormulas.ConditionalLogProbabilityOfPurchases(p, row.X, row.Recency, row.T, row.Horizon, 0)),
                _ => BgNbdFormulas.ConditionalExpectedPurchases(p, row.X, row.Recency, row.T, row.Horizon),
            };
            double error = Math.Abs(value - row.Value) / row.Value;
            if (error > worst) (worst, where) = (error, $"{row} gives {value:R}");
            if (kind == "alive")
            {
                // The vectorised path of the model, four identical customers (one vector).
                var summary = new RfmSummary(["a", "b", "c", "d"], [row.X, row.X, row.X, row.X], [row.Recency, row.Recency, row.Recency, row.Recency],
                    [row.T, row.T, row.T, row.T], default, TimeUnit.Days);
                var vector = new double[4];
                new BgNbdModel(p, TimeUnit.Days).ProbabilityAlive(summary, vector);
                foreach (double v in vector)
                {
                    double e = Math.Abs(v - row.Value) / row.Value;
                    if (e > worst) (worst, where) = (e, $"{row} gives {v:R} (vector path)");
                }
            }
        }
        Assert.True(worst <= tolerance, $"worst relative error {worst:G3} at {where}");
    }

    private const double HugeA = 1e50;

    /// <summary>
    /// At a = 1e100 (the corner of the supported range) with x = 1000, T = 1e5, E[Y] was NaN (the scale of the E[X]
    /// integral lost b); P(alive) and E[Y] are about e^{-329} there, so their relative error is measured per unit of
    /// |ln value| (an error of ε in ln value is one of ε·|ln value| in the value).
    /// </summary>
    [Theory]
    [InlineData("alive")]
    [InlineData("expected")]
    public void AgreeWithReferencesAtHugeA(string kind)
    {
        var rows = Rows().Where(r => r.Kind == kind && r.Parameters.A >= HugeA).ToArray();
        Assert.Equal(3, rows.Length);
        foreach (var row in rows)
        {
            double value = kind == "alive"
                ? BgNbdFormulas.ProbabilityAlive(row.Parameters, row.X, row.Recency, row.T)
                : BgNbdFormulas.ConditionalExpectedPurchases(row.Parameters, row.X, row.Recency, row.T, row.Horizon);
            double error = Math.Abs(value - row.Value) / row.Value / Math.Max(1, Math.Abs(Math.Log(row.Value)));
            Assert.True(error <= 2e-16 * 8, $"{row} gives {value:R}: {error:G3} per unit of |ln value|");
        }
    }

    /// <summary>The quotient form ln((α+T)/(α+t_x)) these replace misses the references by far more (the test can fail).</summary>
    [Fact]
    public void TheQuotientFormWouldMissTheReferences()
    {
        double worst = 0;
        foreach (var row in Rows().Where(r => r.Kind == "alive" && r.X > 0))
        {
            var p = row.Parameters;
            double d = Math.Log(p.A / (p.B + row.X - 1)) + (p.R + row.X) * Math.Log((p.Alpha + row.T) / (p.Alpha + row.Recency));
            worst = Math.Max(worst, Math.Abs(1 / (1 + Math.Exp(d)) - row.Value) / row.Value);
        }
        Assert.True(worst > 1e-13, $"{worst:G3}");
    }

    [Fact]
    public void TheProbabilityOfNoPurchaseNeverExceedsOne()
    {
        foreach (double r in new[] { 1e-9, 1e-8, 1e-7, 1e-6, 3e-6, 1e-5, 1e-3, 0.1, 1 })
        foreach (double alpha in new[] { 1e-3, 4.41, 1e3, 1e6 })
        foreach (double a in new[] { 0.05, 0.79, 2.5 })
        foreach (var (x, recency) in new[] { (0.0, 0.0), (1.0, 1.0), (3.0, 20.0), (50.0, 38.0) })
        foreach (double horizon in new[] { 1e-6, 1.0, 39, 1e4 })
        {
            var p = new BgNbdParameters(r, alpha, a, 2.43);
            double bg = BgNbdFormulas.ConditionalLogProbabilityOfPurchases(p, x, recency, 38.86, horizon, 0);
            Assert.True(bg <= 0, $"BG/NBD ln P(Y(t) = 0) = {bg:R} at r {r}, alpha {alpha}, a {a}, x {x}, t {horizon}");
            double mbg = MbgNbdFormulas.ConditionalLogPmf(r, alpha, a, 2.43, x, recency, 38.86, horizon, 0);
            Assert.True(mbg <= 0, $"MBG/NBD ln P(Y(t) = 0) = {mbg:R} at r {r}, alpha {alpha}, a {a}, x {x}, t {horizon}");
            double unconditional = BgNbdFormulas.LogProbabilityOfPurchases(p, horizon, 0);
            Assert.True(unconditional <= 0, $"ln P(X(t) = 0) = {unconditional:R} at r {r}, alpha {alpha}, a {a}, t {horizon}");
        }
    }
}
