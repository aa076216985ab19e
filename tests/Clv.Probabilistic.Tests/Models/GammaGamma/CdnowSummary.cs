using System.Globalization;
using Clv.Probabilistic.Data;

namespace Clv.Probabilistic.Tests.Models.GammaGamma;

/// <summary>
/// Reads the CDNOW summary (ID,x,t_x,T,zbar; durations in weeks) embedded in the core assembly, until the Datasets API lands.
/// </summary>
internal static class CdnowSummary
{
    private const string ResourceName = "Clv.Probabilistic.Datasets.cdnow_customers_summary_with_transactions.csv";
    private static readonly Lazy<RfmSummary> Cached = new(Read);

    public static RfmSummary Load() => Cached.Value;

    private static RfmSummary Read()
    {
        using var stream = typeof(RfmSummary).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"Resource {ResourceName} is missing.");
        using var reader = new StreamReader(stream);
        string header = reader.ReadLine() ?? throw new InvalidDataException("Empty CDNOW file.");
        Assert.Equal("ID,x,t_x,T,zbar", header.Trim());
        var ids = new List<string>();
        var x = new List<double>();
        var tx = new List<double>();
        var t = new List<double>();
        var z = new List<double>();
        while (reader.ReadLine() is { } line)
        {
            if (line.Length == 0) continue;
            var f = line.Split(',');
            ids.Add(f[0]);
            x.Add(double.Parse(f[1], CultureInfo.InvariantCulture));
            tx.Add(double.Parse(f[2], CultureInfo.InvariantCulture));
            t.Add(double.Parse(f[3], CultureInfo.InvariantCulture));
            z.Add(double.Parse(f[4], CultureInfo.InvariantCulture));
        }
        return new RfmSummary(ids, x.ToArray(), tx.ToArray(), t.ToArray(), z.ToArray(), TimeUnit.Weeks);
    }
}
