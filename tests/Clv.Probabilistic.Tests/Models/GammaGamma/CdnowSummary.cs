using Clv.Probabilistic.Data;

namespace Clv.Probabilistic.Tests.Models.GammaGamma;

/// <summary>The CDNOW calibration summary with mean repeat spend (weeks), read once per test run.</summary>
internal static class CdnowSummary
{
    private static readonly Lazy<RfmSummary> Cached = new(Clv.Probabilistic.Datasets.CdnowSummaryWithMonetaryValue);

    public static RfmSummary Load() => Cached.Value;
}
