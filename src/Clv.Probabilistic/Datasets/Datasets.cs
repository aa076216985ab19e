using System.Globalization;
using Clv.Probabilistic.Data;

namespace Clv.Probabilistic;

/// <summary>
/// Data sets embedded in the library (no file access): the CDNOW sample used throughout the BG/NBD literature.
/// </summary>
/// <remarks>
/// The class lives in the root namespace (its file in <c>Datasets/</c>), so that <c>Datasets.CdnowSample()</c> reads the
/// same from every namespace of the library.
/// The CDNOW sample holds the purchases of a 1/10th sample (2,357 customers) of the cohort that first bought at CDNOW in
/// the first quarter of 1997, up to 1998-06-30. Fader, Hardie &amp; Lee (2005), "Counting Your Customers the Easy Way",
/// calibrate on the 39 weeks up to <see cref="CdnowCalibrationEnd"/> and hold out the 39 weeks up to
/// <see cref="CdnowObservationEnd"/>; the two published summaries are of the calibration period, in weeks.
/// </remarks>
public static class Datasets
{
    private const string ResourcePrefix = "Clv.Probabilistic.Datasets.";

    /// <summary>End of the CDNOW calibration period: 1997-09-30 (inclusive).</summary>
    public static DateOnly CdnowCalibrationEnd { get; } = new(1997, 9, 30);

    /// <summary>End of the CDNOW holdout period and of the data: 1998-06-30 (inclusive).</summary>
    public static DateOnly CdnowObservationEnd { get; } = new(1998, 6, 30);

    /// <summary>
    /// How the raw <c>CDNOW_sample.txt</c> is laid out: whitespace-separated, no header, columns master id, sample id
    /// (the customer), date <c>yyyyMMdd</c>, number of CDs, dollar value (the amount).
    /// </summary>
    public static TransactionLogReaderOptions CdnowSampleFormat { get; } = new()
    {
        HasHeader = false,
        ColumnNames = ["master_id", "customer_id", "date", "cds", "amount"],
        Delimiter = null,
        DateFormat = "yyyyMMdd",
    };

    /// <summary>
    /// The CDNOW sample transactions (6,919 rows, 2,357 customers, 1997-01-01 to 1998-06-30). Customer ids are the sample
    /// ids without leading zeros (<c>"1"</c> to <c>"2357"</c>), matching the ids of the published summaries.
    /// </summary>
    public static TransactionLog CdnowSample()
    {
        using var stream = Open("CDNOW_sample.txt");
        var log = TransactionLogReader.Read(stream, CdnowSampleFormat, "CDNOW_sample.txt");
        var ids = new string[log.CustomerCount];
        for (int c = 0; c < ids.Length; c++)
            ids[c] = int.Parse(log.CustomerIds[c], NumberStyles.None, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture);
        return log.WithCustomerIds(ids);
    }

    /// <summary>
    /// The published calibration summary <c>cdnow_customers_summary.csv</c> (<c>ID,frequency,recency,T</c>, rounded to
    /// 2 decimals), in weeks, monetary value 0.
    /// </summary>
    public static RfmSummary CdnowSummary()
    {
        using var stream = Open("cdnow_customers_summary.csv");
        return RfmSummaryCsv.Read(stream, TimeUnit.Weeks, "cdnow_customers_summary.csv");
    }

    /// <summary>
    /// The published calibration summary with spend, <c>cdnow_customers_summary_with_transactions.csv</c>
    /// (<c>ID,x,t_x,T,zbar</c>, rounded to 2 decimals), in weeks; monetary value = zbar, the mean repeat purchase amount.
    /// </summary>
    public static RfmSummary CdnowSummaryWithMonetaryValue()
    {
        using var stream = Open("cdnow_customers_summary_with_transactions.csv");
        return RfmSummaryCsv.Read(stream, TimeUnit.Weeks, "cdnow_customers_summary_with_transactions.csv");
    }

    private static Stream Open(string name) =>
        typeof(Datasets).Assembly.GetManifestResourceStream(ResourcePrefix + name)
        ?? throw new InvalidOperationException($"The embedded resource {ResourcePrefix + name} is missing from the assembly.");
}
