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

    /// <summary>
    /// The donations data of Fader, Hardie &amp; Shang (2010): the recency/frequency matrix of the 11,104 first-time donors
    /// of 1995 over the six calibration years 1996–2001 (x, t_x, n = 6 in years, weight = donors with the row), 22 rows
    /// with ids 1..22 in file order (<c>donations_calibration.csv</c>, from the R package BTYD 2.4.3).
    /// </summary>
    public static RfmSummary DonationsSummary()
    {
        using var stream = Open("donations_calibration.csv");
        return Data.Discrete.DiscreteSummaryCsv.Read(stream, TimeUnit.Years, "donations_calibration.csv");
    }

    /// <summary>
    /// Total donations in the five holdout years 2002–2006 of the donors of each row of <see cref="DonationsSummary"/>
    /// (the column <c>holdout_transactions</c>).
    /// </summary>
    public static double[] DonationsHoldoutTransactions()
    {
        using var reader = new StreamReader(Open("donations_calibration.csv"));
        string[] header = reader.ReadLine()!.Split(',');
        int column = Array.IndexOf(header, "holdout_transactions");
        var totals = new List<double>();
        while (reader.ReadLine() is { Length: > 0 } line)
            totals.Add(double.Parse(line.Split(',')[column], CultureInfo.InvariantCulture));
        return totals.ToArray();
    }

    /// <summary>Repeat donations of the 1995 cohort in each year 1996–2006 (<c>donations_annual_transactions.csv</c>).</summary>
    public static IReadOnlyList<(int Year, double Transactions)> DonationsAnnualTransactions()
    {
        using var reader = new StreamReader(Open("donations_annual_transactions.csv"));
        reader.ReadLine();
        var rows = new List<(int, double)>();
        while (reader.ReadLine() is { Length: > 0 } line)
        {
            var fields = line.Split(',');
            rows.Add((int.Parse(fields[0], CultureInfo.InvariantCulture), double.Parse(fields[1], CultureInfo.InvariantCulture)));
        }
        return rows;
    }

    /// <summary>End of the apparel estimation period: 2006-12-31, 104 weeks after the data's start on 2005-01-02.</summary>
    public static DateOnly ApparelCalibrationEnd { get; } = new(2006, 12, 31);

    /// <summary>
    /// The apparel transactions of the R package CLVTools (<c>apparelTrans.csv</c>: <c>Id,Date,Price</c>; 600 customers,
    /// 3,187 transactions, 2005-01-02 to 2010), the data of CLVTools' covariate walkthrough.
    /// </summary>
    public static TransactionLog ApparelTransactions()
    {
        using var stream = Open("apparelTrans.csv");
        return TransactionLogReader.Read(stream, new TransactionLogReaderOptions
        {
            CustomerColumn = "Id",
            DateColumn = "Date",
            AmountColumn = "Price",
            DateFormat = "yyyy-MM-dd",
        }, "apparelTrans.csv");
    }

    /// <summary>
    /// The apparel customers' estimation-period summary in weeks: transactions up to <see cref="ApparelCalibrationEnd"/>,
    /// same-day purchases merged.
    /// </summary>
    public static RfmSummary ApparelSummary() =>
        RfmSummarizer.Summarize(ApparelTransactions(), new SummaryOptions(ApparelCalibrationEnd, TimeUnit.Weeks) { DropTransactionsAfterEnd = true });

    /// <summary>
    /// The apparel customers' static covariates (<c>apparelStaticCov.csv</c>: <c>Id,Gender,Channel</c>, both 0/1), as a
    /// covariate table keyed by <c>Id</c>.
    /// </summary>
    public static Data.Covariates.CovariateTable ApparelStaticCovariates()
    {
        using var reader = new StreamReader(Open("apparelStaticCov.csv"));
        return Data.Covariates.CovariateTable.Read(reader, "apparelStaticCov.csv", "Id");
    }

    private static Stream Open(string name) =>
        typeof(Datasets).Assembly.GetManifestResourceStream(ResourcePrefix + name)
        ?? throw new InvalidOperationException($"The embedded resource {ResourcePrefix + name} is missing from the assembly.");
}
