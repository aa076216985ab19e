using Clv.Probabilistic.Data;
using Clv.Probabilistic.Engines.Tests;
using Clv.Probabilistic.Models;

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
        var summary = RfmSummarizer.Summarize(log, options);
        foreach (var model in ModelRegistry.All)
        {
            var data = EngineModelData.Prepare(model, engine, options);
            var expected = model.Prepare(summary).Description;
            Assert.Equal(expected.Customers, data.Description.Customers);
            Assert.Equal(expected.ExcludedCustomers, data.Description.ExcludedCustomers);
            Assert.True(data.Description.Rows < summary.Count, $"{model.Name}: {data.Description.Rows} rows pulled for {summary.Count} customers");
            var fromRows = ModelFitter.Fit(model, data);
            var fromSummary = ModelFitter.Fit(model, summary);
            Assert.Equal(fromSummary.Status, fromRows.Status);
            for (int k = 0; k < fromSummary.Values.Count; k++)
                Assert.True(Math.Abs(fromSummary.Values[k] - fromRows.Values[k]) <= 1e-6 * Math.Abs(fromSummary.Values[k]),
                    $"{model.Name} parameter {k}: {fromSummary.Values[k]:R} from the summary, {fromRows.Values[k]:R} from the rows");
            Assert.Equal(fromSummary.LogLikelihood!.Value, fromRows.LogLikelihood!.Value, 1e-6);
        }
    }
}
