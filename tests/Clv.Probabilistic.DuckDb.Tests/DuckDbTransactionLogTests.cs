using Clv.Probabilistic.Data;
using Clv.Probabilistic.Engines.Tests;

namespace Clv.Probabilistic.DuckDb.Tests;

public sealed class DuckDbTransactionLogTests
{
    [Theory]
    [InlineData("days", false)]
    [InlineData("weeks", true)]
    public void CdnowCompressedRowsAreTheInProcessSummarysDistinctRows(string unitName, bool includeFirst)
    {
        var log = Datasets.CdnowSample();
        using var summarizer = new DuckDbRfmSummarizer();
        TestLogs.CreateTable(summarizer.Connection, "cdnow", log);
        IEngineTransactionLog engine = new DuckDbTransactionLog(summarizer, DuckDbTransactionSource.Table("cdnow"));
        var options = new SummaryOptions(Datasets.CdnowObservationEnd, TimeUnit.Parse(unitName)) { IncludeFirstPurchaseInMonetaryValue = includeFirst };
        var expected = RfmSummarizer.Summarize(log, options);
        EngineAssert.AssertEqual(expected, engine.Summarize(options));
        EngineAssert.AssertPurchaseRows(expected, engine.PurchaseRows(options));
        EngineAssert.AssertSpendRows(expected, engine.SpendRows(options));
    }

    [Fact]
    public void SyntheticCompressedRowsWithDroppedLateTransactionsAreTheInProcessSummarysDistinctRows()
    {
        var end = new DateOnly(2020, 12, 31);
        var log = EngineAssert.Synthetic(11, 2000, end, withAfterEnd: true);
        using var summarizer = new DuckDbRfmSummarizer();
        TestLogs.CreateTable(summarizer.Connection, "tx", log);
        var engine = new DuckDbTransactionLog(summarizer, DuckDbTransactionSource.Table("tx"));
        var options = new SummaryOptions(end, TimeUnit.Months) { DropTransactionsAfterEnd = true };
        var expected = RfmSummarizer.Summarize(log, options);
        EngineAssert.AssertPurchaseRows(expected, engine.PurchaseRows(options));
        EngineAssert.AssertSpendRows(expected, engine.SpendRows(options));
        Assert.Equal("duckdb", engine.Engine);
        Assert.Equal("table tx", engine.Name);
    }

    [Fact]
    public void EveryRegisteredModelFitsTheCompressedRowsAsItFitsTheSummary()
    {
        var log = Datasets.CdnowSample();
        using var summarizer = new DuckDbRfmSummarizer();
        TestLogs.CreateTable(summarizer.Connection, "cdnow", log);
        var engine = new DuckDbTransactionLog(summarizer, DuckDbTransactionSource.Table("cdnow"));
        var options = new SummaryOptions(Datasets.CdnowCalibrationEnd, TimeUnit.Weeks) { DropTransactionsAfterEnd = true };
        EngineAssert.AssertFitsEqual(engine, RfmSummarizer.Summarize(log, options), options);
    }
}
