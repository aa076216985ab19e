using System.Globalization;
using Clv.Probabilistic.Data;
using Clv.Probabilistic.Models.GGomNbd;
using Clv.Probabilistic.Models.ParetoNbd;
using Xunit.Abstractions;

namespace Clv.Probabilistic.Tests.Models.GGomNbd;

/// <summary>
/// The likelihood, its gradient, P(alive), E[Y(t) | history], E[X(t)] and P(X(t) = n) against values computed once with
/// mpmath at 30 digits from the defining integrals over the latent rates (reference.py, reference.csv in this folder).
/// </summary>
public class GGomNbdReferenceTests(ITestOutputHelper output)
{
    private static readonly Lazy<IReadOnlyList<ReferenceRow>> Rows = new(ReferenceRow.Load);

    // Six parameter points (β < 1, β > 1, b = 10⁻⁶ near the Pareto/NBD limit, b T up to 150, α ≫ β/b, α ≪ 1/b) × six
    // histories (x = 0 to 1000, t_x = T among them): ln L to 10⁻¹³ relative (absolute where |ln L| < 1), ∂ ln L/∂θ to
    // 10⁻⁹ of max(|g|, 1).
    [Fact]
    public void LogLikelihoodAndGradientMatchMpmath()
    {
        double worstValue = 0, worstGradient = 0;
        int count = 0;
        foreach (var row in Rows.Value.Where(r => r.Kind == "loglik"))
        {
            var summary = new RfmSummary(["c"], [row.X], [row.Recency], [row.T], default, TimeUnit.Weeks);
            var density = new GGomNbdLogLikelihood(ParetoNbdData.From(summary));
            double[] theta = [Math.Log(row.R), Math.Log(row.Alpha), Math.Log(row.B), Math.Log(row.S), Math.Log(row.Beta)];
            var gradient = new double[5];
            double value = density.Evaluate(theta, gradient);
            double valueError = Math.Abs(value - row.Value) / Math.Max(Math.Abs(row.Value), 1);
            output.WriteLine($"{row}: ln L error {valueError:G3}");
            Assert.True(valueError <= 1e-13, $"{row}: ln L = {value:R}, mpmath {row.Value:R}");
            for (int j = 0; j < 5; j++)
            {
                double error = Math.Abs(gradient[j] - row.Gradient[j]) / Math.Max(Math.Abs(row.Gradient[j]), 1);
                Assert.True(error <= 1e-9, $"{row}: ∂/∂θ{j} = {gradient[j]:R}, mpmath {row.Gradient[j]:R}");
                worstGradient = Math.Max(worstGradient, error);
            }
            worstValue = Math.Max(worstValue, valueError);
            count++;
        }
        Assert.Equal(36, count);
        output.WriteLine($"{count} rows: largest relative error of ln L {worstValue:G3}, of the gradient {worstGradient:G3}");
    }

    // Two parameter points × three histories: P(alive) and E[Y(39)] against mpmath's quadrature over (λ, η) given the
    // history; E[X(t)] for t = 1, 39, 260 against the double integral over η and the lifetime; to 10⁻¹² relative.
    [Fact]
    public void ConditionalPredictionsMatchMpmath()
    {
        int count = 0;
        foreach (var row in Rows.Value.Where(r => r.Kind is "alive" or "expected" or "mean"))
        {
            var model = new GGomNbdModel(new GGomNbdParameters(row.R, row.Alpha, row.B, row.S, row.Beta), TimeUnit.Weeks);
            var summary = new RfmSummary(["c"], [row.X], [row.Recency], [row.T], default, TimeUnit.Weeks);
            var result = new double[1];
            if (row.Kind == "alive") model.ProbabilityAlive(summary, result);
            else if (row.Kind == "expected") model.ConditionalExpectedPurchases(summary, row.Horizon, result);
            else result[0] = model.ExpectedPurchases(row.Horizon);
            output.WriteLine($"{row} t = {row.Horizon}: {result[0]:R} (mpmath {row.Value:R})");
            Assert.True(Math.Abs(result[0] - row.Value) <= 1e-12 * row.Value, $"{row}: {result[0]:R}");
            count++;
        }
        Assert.Equal(18, count);
    }

    // P(X(t) = n) at two parameter points for t = 1 to 260 weeks, to 10⁻¹² relative.
    [Fact]
    public void ProbabilityOfPurchasesMatchesMpmath()
    {
        int count = 0;
        foreach (var row in Rows.Value.Where(r => r.Kind == "pmf"))
        {
            var model = new GGomNbdModel(new GGomNbdParameters(row.R, row.Alpha, row.B, row.S, row.Beta), TimeUnit.Weeks);
            double p = Math.Exp(model.LogProbabilityOfPurchases(row.Horizon, row.N));
            Assert.True(Math.Abs(p - row.Value) <= 1e-12 * row.Value, $"{row}: P(X({row.Horizon}) = {row.N}) = {p:R}, mpmath {row.Value:R}");
            count++;
        }
        Assert.Equal(10, count);
    }

    private sealed record ReferenceRow(string Kind, double R, double Alpha, double B, double S, double Beta, double X, double Recency,
        double T, double Horizon, int N, double Value, double[] Gradient)
    {
        public static IReadOnlyList<ReferenceRow> Load()
        {
            var lines = File.ReadAllLines(Path.Combine(Folder(), "reference.csv"));
            var rows = new List<ReferenceRow>();
            foreach (var line in lines.Skip(1))
            {
                var f = line.Split(',');
                double D(int i) => f[i].Length == 0 ? 0 : double.Parse(f[i], CultureInfo.InvariantCulture);
                rows.Add(new ReferenceRow(f[0], D(1), D(2), D(3), D(4), D(5), D(6), D(7), D(8), D(9), (int)D(10), D(11),
                    [D(12), D(13), D(14), D(15), D(16)]));
            }
            return rows;
        }

        private static string Folder()
        {
            for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
            {
                string candidate = Path.Combine(folder.FullName, "tests", "Clv.Probabilistic.Tests", "Models", "GGomNbd");
                if (File.Exists(Path.Combine(candidate, "reference.csv"))) return candidate;
            }
            throw new DirectoryNotFoundException($"No folder above {AppContext.BaseDirectory} holds tests/Clv.Probabilistic.Tests/Models/GGomNbd/reference.csv.");
        }

        public override string ToString() =>
            string.Create(CultureInfo.InvariantCulture, $"{Kind} (r, α, b, s, β) = ({R}, {Alpha}, {B}, {S}, {Beta}), (x, t_x, T) = ({X}, {Recency}, {T})");
    }
}
