using Clv.Probabilistic.Data;
using Clv.Probabilistic.Data.Covariates.TimeVarying;
using Clv.Probabilistic.Models.ParetoNbd.TimeVarying;

namespace Clv.Probabilistic.Tests.Models.ParetoNbd.TimeVarying;

/// <summary>
/// The apparel data of CLVTools' walkthrough (copied into TestData/Apparel; the covariate file cut after 2007-12-30):
/// estimation period 2005-01-02 to 2006-12-31 in weeks, covariates High.Season, Gender, Channel.
/// </summary>
internal static class ApparelData
{
    public static readonly DateOnly CalibrationEnd = new(2006, 12, 31);

    public static string Directory => Path.Combine(AppContext.BaseDirectory, "TestData", "Apparel");

    public static string TransactionsPath => Path.Combine(Directory, "apparelTrans.csv");

    public static string CovariatesPath => Path.Combine(Directory, "apparelDynCov_2005_2007.csv");

    public static TransactionLog Transactions() => TransactionLogReader.Read(TransactionsPath,
        new TransactionLogReaderOptions { CustomerColumn = "Id", DateColumn = "Date", AmountColumn = "Price" });

    public static CovariatePaths Paths(params string[] columns) => CovariatePathReader.Read(CovariatesPath,
        new CovariatePathReaderOptions { CustomerColumn = "Id", DateColumn = "Cov.Date", CovariateColumns = columns.Length == 0 ? null : columns });

    private static readonly Lazy<TimeVaryingParetoNbdData> Cached = new(() =>
        TimeVaryingParetoNbdData.Create(Transactions(), Paths("High.Season", "Gender", "Channel"), CalibrationEnd, TimeUnit.Weeks));

    public static TimeVaryingParetoNbdData Data => Cached.Value;
}
