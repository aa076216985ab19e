using Clv.Probabilistic.Data;
using Clv.Probabilistic.Models.BgNbd;
using FsCheck;
using FsCheck.Fluent;
using MathNet.Numerics.Random;

namespace Clv.Probabilistic.Tests.Models.BgNbd;

/// <summary>Generators and fixed parameter sets shared by the BG/NBD tests.</summary>
internal static class BgNbdTestData
{
    /// <summary>Precise CDNOW MLE (FHL 2005 reports 0.243, 4.414, 0.793, 2.426; weeks).</summary>
    public static BgNbdParameters CdnowMle { get; } = new(0.2425945, 4.4136019, 0.7929199, 2.4258881);

    /// <summary>FHL 2005 published (rounded) CDNOW estimates.</summary>
    public static BgNbdParameters Paper { get; } = new(0.243, 4.414, 0.793, 2.426);

    /// <summary>Parameters with each log in a wide range: ln r, ln a, ln b in [−2.5, 2.5], ln α in [−3, 6].</summary>
    public static Gen<BgNbdParameters> Parameters { get; } =
        from lr in Uniform(-2.5, 2.5)
        from lal in Uniform(-3, 6)
        from la in Uniform(-2.5, 2.5)
        from lb in Uniform(-2.5, 2.5)
        select new BgNbdParameters(Math.Exp(lr), Math.Exp(lal), Math.Exp(la), Math.Exp(lb));

    public static Gen<double> Uniform(double low, double high) =>
        Gen.Choose(0, 1_000_000).Select(k => low + (high - low) * k / 1_000_000.0);

    public static Gen<int> Seeds { get; } = Gen.Choose(1, int.MaxValue - 1);

    /// <summary>A random summary of <paramref name="n"/> customers (some x = 0, some large x, integer weights).</summary>
    public static RfmSummary RandomSummary(int seed, int n, bool weighted = false, bool wholeUnits = false) =>
        RandomSummary(seed, n, weighted ? WeightKind.Varied : WeightKind.Unit, wholeUnits, wholeUnits);

    /// <summary>Which weights <see cref="RandomSummary(int, int, WeightKind, bool, bool)"/> gives the rows.</summary>
    public enum WeightKind
    {
        /// <summary>Every weight 1.</summary>
        Unit,

        /// <summary>Weights 1 to 5.</summary>
        Varied,

        /// <summary>Half the rows weight 1, the others 1.5 to 5 (not whole).</summary>
        Mixed,
    }

    /// <summary>
    /// A random summary of <paramref name="n"/> customers with T and t_x each whole or with two decimals, so that
    /// every combination of tabulated and computed durations can be reached.
    /// </summary>
    public static RfmSummary RandomSummary(int seed, int n, WeightKind weights, bool wholeT, bool wholeRecency)
    {
        var rng = new Xoshiro256StarStar(seed);
        var ids = new string[n];
        var x = new double[n];
        var tx = new double[n];
        var t = new double[n];
        var w = new double[n];
        for (int i = 0; i < n; i++)
        {
            ids[i] = i.ToString(System.Globalization.CultureInfo.InvariantCulture);
            t[i] = Math.Round(1 + 99 * rng.NextDouble(), wholeT ? 0 : 2);
            x[i] = rng.NextDouble() < 0.4 ? 0 : Math.Floor(Math.Exp(4 * rng.NextDouble()));
            tx[i] = x[i] == 0 ? 0 : Math.Min(t[i], Math.Max(wholeRecency ? 1 : 0.01, Math.Round(t[i] * rng.NextDouble(), wholeRecency ? 0 : 2)));
            w[i] = weights switch
            {
                WeightKind.Unit => 1,
                WeightKind.Varied => 1 + rng.Next(5),
                _ => rng.NextDouble() < 0.5 ? 1 : 1.5 + 3.5 * rng.NextDouble(),
            };
        }
        return new RfmSummary(ids, x, tx, t, default, TimeUnit.Days, w);
    }
}
