using System.Globalization;
using Clv.Probabilistic.Data;

namespace Clv.Probabilistic.Tests.Models.BgNbd;

/// <summary>
/// The CDNOW data (2,357 customers, weeks): the shipped summary through the Datasets API, and a summary with unrounded
/// durations rebuilt here from the raw transaction log.
/// </summary>
internal static class CdnowData
{
    private static readonly Lazy<RfmSummary> Cached = new(Clv.Probabilistic.Datasets.CdnowSummary);

    private static readonly Lazy<(RfmSummary Calibration, double[] Holdout)> CachedRaw = new(LoadRaw);

    /// <summary>The shipped summary (durations rounded to 2 decimals).</summary>
    public static RfmSummary Summary => Cached.Value;

    /// <summary>
    /// The summary rebuilt from the raw transaction log (CDNOW_sample.txt) with unrounded durations: calibration
    /// 1997-01-01 to 1997-09-30 (39 weeks), x counting distinct repeat purchase days, durations in days / 7.
    /// </summary>
    public static RfmSummary Unrounded => CachedRaw.Value.Calibration;

    /// <summary>Repeat purchase days of each <see cref="Unrounded"/> customer in the 39-week holdout (to 1998-06-30).</summary>
    public static double[] Holdout => CachedRaw.Value.Holdout;

    private static (RfmSummary, double[]) LoadRaw()
    {
        var assembly = typeof(RfmSummary).Assembly;
        using var stream = assembly.GetManifestResourceStream("Clv.Probabilistic.Datasets.CDNOW_sample.txt")
                           ?? throw new InvalidOperationException("CDNOW raw resource missing.");
        using var reader = new StreamReader(stream);
        var days = new SortedDictionary<string, SortedSet<DateOnly>>(StringComparer.Ordinal);
        while (reader.ReadLine() is { } line)
        {
            var f = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (f.Length < 3) continue;
            var date = DateOnly.ParseExact(f[2], "yyyyMMdd", CultureInfo.InvariantCulture);
            if (!days.TryGetValue(f[0], out var set)) days[f[0]] = set = [];
            set.Add(date);
        }
        var end = new DateOnly(1997, 9, 30);
        var ids = new List<string>();
        var x = new List<double>();
        var tx = new List<double>();
        var t = new List<double>();
        var holdout = new List<double>();
        foreach (var (id, set) in days)
        {
            var firstDay = set.Min;
            var calibration = set.Where(d => d <= end).ToList();
            ids.Add(id);
            x.Add(calibration.Count - 1);
            tx.Add((calibration[^1].DayNumber - firstDay.DayNumber) / 7.0);
            t.Add((end.DayNumber - firstDay.DayNumber) / 7.0);
            holdout.Add(set.Count(d => d > end));
        }
        return (new RfmSummary(ids, x.ToArray(), tx.ToArray(), t.ToArray(), default, TimeUnit.Weeks), holdout.ToArray());
    }
}
