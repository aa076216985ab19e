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
    public static RfmSummary RandomSummary(int seed, int n, bool weighted = false, bool wholeUnits = false)
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
            t[i] = Math.Round(1 + 99 * rng.NextDouble(), wholeUnits ? 0 : 2);
            x[i] = rng.NextDouble() < 0.4 ? 0 : Math.Floor(Math.Exp(4 * rng.NextDouble()));
            tx[i] = x[i] == 0 ? 0 : Math.Round(t[i] * rng.NextDouble(), wholeUnits ? 0 : 2);
            w[i] = weighted ? 1 + rng.Next(5) : 1;
        }
        return new RfmSummary(ids, x, tx, t, default, TimeUnit.Days, w);
    }
}
