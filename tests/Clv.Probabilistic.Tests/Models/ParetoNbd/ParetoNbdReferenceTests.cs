using System.Globalization;
using Clv.Probabilistic.Data;
using Clv.Probabilistic.Models.ParetoNbd;
using Xunit.Abstractions;

namespace Clv.Probabilistic.Tests.Models.ParetoNbd;

/// <summary>
/// The likelihood, its gradient, P(alive), E[Y(t) | history] and P(X(t) = n) against values computed once with mpmath at
/// 30 digits from the defining integrals, without any hypergeometric function (reference.py, reference.csv in this folder).
/// </summary>
public class ParetoNbdReferenceTests(ITestOutputHelper output)
{
    private static readonly Lazy<IReadOnlyList<ReferenceRow>> Rows = new(ReferenceRow.Load);

    // Seven parameter points (α < β, α > β, α = β, α ≈ β to 10⁻⁸, α ≫ β, α ≪ β, s > 1) × seven histories (x = 0 to 1000,
    // t_x = T among them): ln L to 10⁻¹³ relative (10⁻¹³ absolute where ln L is near 0), ∂ ln L/∂θ to 10⁻⁹ of max(|g|, 1).
    [Fact]
    public void LogLikelihoodAndGradientMatchMpmath()
    {
        double worstValue = 0, worstGradient = 0;
        int count = 0;
        foreach (var row in Rows.Value.Where(r => r.Kind == "loglik"))
        {
            var summary = new RfmSummary(["c"], [row.X], [row.Recency], [row.T], default, TimeUnit.Weeks);
            var density = new ParetoNbdLogLikelihood(ParetoNbdData.From(summary));
            double[] theta = [Math.Log(row.R), Math.Log(row.Alpha), Math.Log(row.S), Math.Log(row.Beta)];
            var gradient = new double[4];
            double value = density.Evaluate(theta, gradient);
            double valueError = Math.Abs(value - row.Value) / Math.Max(Math.Abs(row.Value), 1);
            Assert.True(valueError <= 1e-13, $"{row}: ln L = {value:R}, mpmath {row.Value:R}");
            for (int j = 0; j < 4; j++)
            {
                double error = Math.Abs(gradient[j] - row.Gradient[j]) / Math.Max(Math.Abs(row.Gradient[j]), 1);
                Assert.True(error <= 1e-9, $"{row}: ∂/∂θ{j} = {gradient[j]:R}, mpmath {row.Gradient[j]:R}");
                worstGradient = Math.Max(worstGradient, error);
            }
            worstValue = Math.Max(worstValue, valueError);
            count++;
        }
        Assert.Equal(49, count);
        output.WriteLine($"{count} rows: largest relative error of ln L {worstValue:G3}, of the gradient {worstGradient:G3}");
    }

    // CDNOW customer 1 (x = 2, t_x = 30.43, T = 38.86) and two others at the published estimate: P(alive) and E[Y(39)]
    // against mpmath's quadrature of the posterior over (λ, μ) given the history, to 10⁻¹² relative.
    [Fact]
    public void ProbabilityAliveAndConditionalExpectationMatchMpmath()
    {
        var model = new ParetoNbdModel(new ParetoNbdParameters(0.553, 10.578, 0.606, 11.669), TimeUnit.Weeks);
        foreach (var row in Rows.Value.Where(r => r.Kind is "alive" or "expected"))
        {
            var summary = new RfmSummary(["c"], [row.X], [row.Recency], [row.T], default, TimeUnit.Weeks);
            var result = new double[1];
            if (row.Kind == "alive") model.ProbabilityAlive(summary, result);
            else model.ConditionalExpectedPurchases(summary, row.Horizon, result);
            output.WriteLine($"{row.Kind} x = {row.X}, t_x = {row.Recency}, T = {row.T}: {result[0]:R} (mpmath {row.Value:R})");
            Assert.True(Math.Abs(result[0] - row.Value) <= 1e-12 * row.Value, $"{row}: {result[0]:R}");
        }
    }

    // P(X(t) = n) at the published estimate for t = 1 to 260 weeks, to 10⁻¹² relative.
    [Fact]
    public void ProbabilityOfPurchasesMatchesMpmath()
    {
        var model = new ParetoNbdModel(new ParetoNbdParameters(0.553, 10.578, 0.606, 11.669), TimeUnit.Weeks);
        foreach (var row in Rows.Value.Where(r => r.Kind == "pmf"))
        {
            double p = Math.Exp(model.LogProbabilityOfPurchases(row.Horizon, row.N));
            Assert.True(Math.Abs(p - row.Value) <= 1e-12 * row.Value, $"P(X({row.Horizon}) = {row.N}) = {p:R}, mpmath {row.Value:R}");
        }
    }

    private sealed record ReferenceRow(string Kind, double R, double Alpha, double S, double Beta, double X, double Recency, double T,
        double Horizon, int N, double Value, double[] Gradient)
    {
        public static IReadOnlyList<ReferenceRow> Load()
        {
            var lines = File.ReadAllLines(Path.Combine(Folder(), "reference.csv"));
            var rows = new List<ReferenceRow>();
            foreach (var line in lines.Skip(1))
            {
                var f = line.Split(',');
                double D(int i) => f[i].Length == 0 ? 0 : double.Parse(f[i], CultureInfo.InvariantCulture);
                rows.Add(new ReferenceRow(f[0], D(1), D(2), D(3), D(4), D(5), D(6), D(7), D(8), (int)D(9), D(10),
                    [D(11), D(12), D(13), D(14)]));
            }
            return rows;
        }

        private static string Folder()
        {
            for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
            {
                string candidate = Path.Combine(folder.FullName, "tests", "Clv.Probabilistic.Tests", "Models", "ParetoNbd");
                if (File.Exists(Path.Combine(candidate, "reference.csv"))) return candidate;
            }
            throw new DirectoryNotFoundException($"No folder above {AppContext.BaseDirectory} holds tests/Clv.Probabilistic.Tests/Models/ParetoNbd/reference.csv.");
        }

        public override string ToString() =>
            string.Create(CultureInfo.InvariantCulture, $"{Kind} (r, α, s, β) = ({R}, {Alpha}, {S}, {Beta}), (x, t_x, T) = ({X}, {Recency}, {T})");
    }
}
