using Clv.Probabilistic.Models.ParetoNbd.TimeVarying;
using MathNet.Numerics.Distributions;
using Xunit.Abstractions;

namespace Clv.Probabilistic.Tests.Models.ParetoNbd.TimeVarying;

/// <summary>
/// P(alive) and the expected transactions over a future covariate path against customers simulated from the model
/// itself (drop-out by inverting C, purchases by inverting A): within groups of customers with the same number of
/// repeat purchases, the mean P(alive) must match the share alive at T and the summed expectations the purchases made.
/// </summary>
public class TimeVaryingSimulationTests(ITestOutputHelper output)
{
    private const int Customers = 20_000;
    private const double Horizon = 20;

    [Fact]
    public void Predictions_match_simulated_customers()
    {
        var p = new TimeVaryingParetoNbdParameters(1.2, 8, 0.9, 12, ["season", "group"], [0.8, -0.4], [-0.7, 0.6]);
        var random = new Random(20261205);
        var x = new double[Customers];
        var recency = new double[Customers];
        var t = new double[Customers];
        var sumZ = new double[Customers * 2];
        var (start, length, vector) = (new List<int> { 0 }, new List<double>(), new List<int>());
        var (fStart, fLength, fVector) = (new List<int> { 0 }, new List<double>(), new List<int>());
        // Vectors: 0 = (0,0), 1 = (1,0), 2 = (0,1), 3 = (1,1).
        double[] vectors = [0, 0, 1, 0, 0, 1, 1, 1];
        var alive = new bool[Customers];
        var future = new double[Customers];
        for (int i = 0; i < Customers; i++)
        {
            int group = random.Next(2);
            double offset = random.NextDouble() * 6;   // calendar time of the first purchase; season: weeks [0,3) of every 6
            double T = 10 + random.Next(0, 31) + random.NextDouble();
            var segs = Path(offset, T + Horizon, group);
            double lambda = Gamma.Sample(random, p.R, p.Alpha), mu = Gamma.Sample(random, p.S, p.Beta);
            double death = Inverse(segs, p.GammaLifetime, -Math.Log(random.NextDouble()) / mu);
            var purchases = new List<double>();
            double a = 0;
            while (true)
            {
                a += -Math.Log(random.NextDouble()) / lambda;
                double time = Inverse(segs, p.GammaTransaction, a);
                if (time >= Math.Min(death, T + Horizon)) break;
                purchases.Add(time);
            }
            var calibration = purchases.Where(u => u <= T).ToList();
            x[i] = calibration.Count;
            recency[i] = calibration.Count == 0 ? 0 : calibration[^1];
            t[i] = T;
            foreach (double u in calibration)
            {
                int q = VectorAt(segs, u);
                sumZ[2 * i] += vectors[2 * q];
                sumZ[2 * i + 1] += vectors[2 * q + 1];
            }
            alive[i] = death > T;
            future[i] = purchases.Count - calibration.Count;
            Cut(segs, 0, T, length, vector);
            start.Add(length.Count);
            Cut(segs, T, T + Horizon, fLength, fVector);
            fStart.Add(fLength.Count);
        }
        var rows = new TimeVaryingRows(x, recency, t, sumZ, new CovariateSegments(2, [.. start], [.. length], [.. vector], vectors));
        var futurePath = new CovariateSegments(2, [.. fStart], [.. fLength], [.. fVector], vectors);
        var model = new TimeVaryingParetoNbdModel(p);
        var states = model.States(rows);
        var expected = model.FutureExpectations(states, futurePath, 0);

        foreach (var (lo, hi) in new[] { (0, 0), (1, 1), (2, 3), (4, int.MaxValue) })
        {
            var members = Enumerable.Range(0, Customers).Where(i => x[i] >= lo && x[i] <= hi).ToArray();
            double meanAlive = members.Average(i => states[i].Alive), share = members.Average(i => alive[i] ? 1.0 : 0.0);
            double seAlive = Math.Sqrt(share * (1 - share) / members.Length);
            double predicted = members.Sum(i => expected[i]), actual = members.Sum(i => future[i]);
            double meanFuture = actual / members.Length;
            double seFuture = Math.Sqrt(members.Sum(i => (future[i] - meanFuture) * (future[i] - meanFuture)));
            output.WriteLine($"x in [{lo},{hi}] n {members.Length}: P(alive) {meanAlive:F4} vs {share:F4} (se {seAlive:F4}); E[Y] {predicted:F1} vs {actual} (se {seFuture:F1})");
            Assert.True(Math.Abs(meanAlive - share) < 4 * seAlive, $"P(alive) for x in [{lo},{hi}]");
            Assert.True(Math.Abs(predicted - actual) < 4 * seFuture, $"E[Y] for x in [{lo},{hi}]");
        }
    }

    /// <summary>Segments (start, end, vector) on the customer's clock from 0 to <paramref name="end"/>, on a unit grid of calendar time.</summary>
    private static List<(double Start, double End, int Vector)> Path(double offset, double end, int group)
    {
        var segs = new List<(double, double, int)>();
        double u = 0;
        while (u < end)
        {
            double calendar = offset + u, next = Math.Min(Math.Floor(calendar) + 1 - offset, end);
            int season = (int)Math.Floor(calendar) % 6 < 3 ? 1 : 0;
            segs.Add((u, next, season + 2 * group));
            u = next;
        }
        return segs;
    }

    private static double Rate(IReadOnlyList<double> gamma, int vector) =>
        Math.Exp(gamma[0] * (vector & 1) + gamma[1] * (vector >> 1));

    /// <summary>The time at which ∫₀ᵗ exp(γ·z) reaches <paramref name="target"/> (∞ beyond the path).</summary>
    private static double Inverse(List<(double Start, double End, int Vector)> segs, IReadOnlyList<double> gamma, double target)
    {
        double acc = 0;
        foreach (var (s, e, v) in segs)
        {
            double rate = Rate(gamma, v);
            if (acc + rate * (e - s) >= target) return s + (target - acc) / rate;
            acc += rate * (e - s);
        }
        return double.PositiveInfinity;
    }

    private static int VectorAt(List<(double Start, double End, int Vector)> segs, double u) =>
        segs.First(s => u < s.End).Vector;

    private static void Cut(List<(double Start, double End, int Vector)> segs, double from, double to, List<double> length, List<int> vector)
    {
        foreach (var (s, e, v) in segs)
        {
            double lo = Math.Max(s, from), hi = Math.Min(e, to);
            if (hi <= lo) continue;
            length.Add(hi - lo);
            vector.Add(v);
        }
    }
}
