using Clv.Probabilistic.Data;
using Clv.Probabilistic.Engines.Tests;
using DuckDB.NET.Data;

namespace Clv.Probabilistic.DuckDb.Tests;

public sealed class DuckDbRfmSummarizerTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("clv-duckdb-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    public static TheoryData<string> Units => new() { "days", "weeks", "months" };

    [Fact]
    public void CdnowCsvAndParquetSummariesEqualInProcessSummarizerInEveryUnit()
    {
        var log = Datasets.CdnowSample();
        using var summarizer = new DuckDbRfmSummarizer();
        TestLogs.CreateTable(summarizer.Connection, "cdnow", log);
        string csv = Path.Combine(_directory, "cdnow.csv"), parquet = Path.Combine(_directory, "cdnow.parquet");
        TestLogs.Copy(summarizer.Connection, "cdnow", csv, "csv");
        TestLogs.Copy(summarizer.Connection, "cdnow", parquet, "parquet");
        var sources = new[] { DuckDbTransactionSource.Csv(csv), DuckDbTransactionSource.Parquet(parquet) };
        foreach (var unit in new[] { TimeUnit.Days, TimeUnit.Weeks, TimeUnit.Months })
        {
            var options = new SummaryOptions(Datasets.CdnowObservationEnd, unit);
            var expected = RfmSummarizer.Summarize(log, options);
            var expectedHoldout = RfmSummarizer.SummarizeCalibrationHoldout(log, Datasets.CdnowCalibrationEnd, options);
            Assert.Equal(2357, expected.Count);
            foreach (var source in sources)
            {
                EngineAssert.AssertEqual(expected, summarizer.Summarize(source, options));
                EngineAssert.AssertEqual(expectedHoldout, summarizer.SummarizeCalibrationHoldout(source, Datasets.CdnowCalibrationEnd, options));
            }
        }
    }

    [Fact]
    public void CdnowCalibrationSummaryMatchesThePublishedSummary()
    {
        // Independent reference: the published CDNOW summary (rounded to 2 decimals, in weeks).
        var published = Datasets.CdnowSummary();
        using var summarizer = new DuckDbRfmSummarizer();
        TestLogs.CreateTable(summarizer.Connection, "cdnow", Datasets.CdnowSample());
        var split = summarizer.SummarizeCalibrationHoldout(DuckDbTransactionSource.Table("cdnow"), Datasets.CdnowCalibrationEnd,
            new SummaryOptions(Datasets.CdnowObservationEnd, TimeUnit.Weeks));
        var row = Enumerable.Range(0, split.Count).ToDictionary(i => split.Calibration.CustomerIds[i]);
        Assert.Equal(published.Count, split.Count);
        for (int i = 0; i < published.Count; i++)
        {
            int j = row[published.CustomerIds[i]];
            Assert.Equal(published.Frequency[i], split.Calibration.Frequency[j]);
            Assert.Equal(published.Recency[i], split.Calibration.Recency[j], 0.005 + 1e-9);
            Assert.Equal(published.T[i], split.Calibration.T[j], 0.005 + 1e-9);
        }
    }

    [Theory]
    [InlineData(1, "days", false, false)]
    [InlineData(2, "weeks", true, false)]
    [InlineData(3, "months", false, true)]
    public void SyntheticLogSummariesEqualInProcessSummarizer(int seed, string unitName, bool includeFirst, bool dropAfterEnd)
    {
        var unit = TimeUnit.Parse(unitName);
        var end = new DateOnly(2020, 12, 31);
        var log = EngineAssert.Synthetic(seed, 1500, end, withAfterEnd: dropAfterEnd);
        using var summarizer = new DuckDbRfmSummarizer();
        TestLogs.CreateTable(summarizer.Connection, "tx", log);
        string parquet = Path.Combine(_directory, $"synthetic{seed}.parquet");
        TestLogs.Copy(summarizer.Connection, "tx", parquet, "parquet");
        var options = new SummaryOptions(end, unit) { IncludeFirstPurchaseInMonetaryValue = includeFirst, DropTransactionsAfterEnd = dropAfterEnd };
        var source = DuckDbTransactionSource.Parquet(parquet);
        EngineAssert.AssertEqual(RfmSummarizer.Summarize(log, options), summarizer.Summarize(source, options));
        var calibrationEnd = new DateOnly(2020, 8, 31);
        EngineAssert.AssertEqual(RfmSummarizer.SummarizeCalibrationHoldout(log, calibrationEnd, options),
            summarizer.SummarizeCalibrationHoldout(source, calibrationEnd, options));
    }

    [Fact]
    public void ReadLogGivesTheSameLogAsInProcess()
    {
        var log = EngineAssert.Synthetic(7, 300, new DateOnly(2020, 12, 31), withAfterEnd: false);
        using var summarizer = new DuckDbRfmSummarizer();
        TestLogs.CreateTable(summarizer.Connection, "tx", log);
        var read = summarizer.ReadLog(DuckDbTransactionSource.Query("SELECT * FROM tx"));
        Assert.Equal(log.Count, read.Count);
        Assert.Equal(log.CustomerCount, read.CustomerCount);
        var options = new SummaryOptions(new DateOnly(2020, 12, 31), TimeUnit.Weeks);
        EngineAssert.AssertEqual(RfmSummarizer.Summarize(log, options), RfmSummarizer.Summarize(read, options));
    }

    [Fact]
    public void CsvWithCustomColumnsDateFormatAndLeadingZeroIdsIsReadAsText()
    {
        string path = Path.Combine(_directory, "custom.csv");
        File.WriteAllText(path, "who;when;spent\n007;20200101;10.5\n007;20200101;4.5\n007;20200108;20\n08;20200102;3\n");
        var columns = new DuckDbTransactionColumns { CustomerColumn = "who", DateColumn = "when", AmountColumn = "spent", DateFormat = "%Y%m%d" };
        using var summarizer = new DuckDbRfmSummarizer();
        var summary = summarizer.Summarize(DuckDbTransactionSource.Csv(path, columns, ';'), new SummaryOptions(new DateOnly(2020, 1, 15), TimeUnit.Days));
        Assert.Equal(["007", "08"], summary.CustomerIds);
        Assert.Equal([1.0, 0.0], summary.Frequency.ToArray());
        Assert.Equal([7.0, 0.0], summary.Recency.ToArray());
        Assert.Equal([14.0, 13.0], summary.T.ToArray());
        Assert.Equal([20.0, 0.0], summary.MonetaryValue.ToArray());
    }

    [Fact]
    public void MissingColumnIsNamed()
    {
        using var summarizer = new DuckDbRfmSummarizer();
        var source = DuckDbTransactionSource.Query("SELECT 'a' AS customer_id, DATE '2020-01-01' AS day, 1.0 AS amount");
        var e = Assert.Throws<ClvDataException>(() => summarizer.Summarize(source, new SummaryOptions(new DateOnly(2020, 2, 1), TimeUnit.Weeks)));
        Assert.Equal("date", e.Column);
        Assert.Contains("'day'", e.Message);
    }

    [Fact]
    public void MalformedDateIsReportedWithColumnCustomerAndValue()
    {
        using var summarizer = new DuckDbRfmSummarizer();
        var source = DuckDbTransactionSource.Query("SELECT * FROM (VALUES ('a', '2020-01-01', 1.0), ('b', '2020-13-45', 2.0)) v(customer_id, date, amount)");
        var e = Assert.Throws<ClvDataException>(() => summarizer.Summarize(source, new SummaryOptions(new DateOnly(2020, 2, 1), TimeUnit.Weeks)));
        Assert.Equal("date", e.Column);
        Assert.Equal("b", e.CustomerId);
        Assert.Equal(1, e.Count);
        Assert.Contains("2020-13-45", e.Message);
    }

    [Fact]
    public void NegativeAndNonFiniteAmountsAreRejectedUnlessAllowed()
    {
        using var summarizer = new DuckDbRfmSummarizer();
        var options = new SummaryOptions(new DateOnly(2020, 2, 1), TimeUnit.Days);
        const string sql = "SELECT * FROM (VALUES ('a', DATE '2020-01-01', 1.0), ('a', DATE '2020-01-05', -2.0)) v(customer_id, date, amount)";
        var e = Assert.Throws<ClvDataException>(() => summarizer.Summarize(DuckDbTransactionSource.Query(sql), options));
        Assert.Equal("amount", e.Column);
        Assert.Equal("a", e.CustomerId);
        var allowed = summarizer.Summarize(DuckDbTransactionSource.Query(sql, new DuckDbTransactionColumns { AllowNegativeAmounts = true }), options);
        Assert.Equal(-2.0, allowed.MonetaryValue[0]);
        var nan = DuckDbTransactionSource.Query("SELECT 'z' AS customer_id, DATE '2020-01-01' AS date, 'nan'::DOUBLE AS amount");
        Assert.Equal("z", Assert.Throws<ClvDataException>(() => summarizer.Summarize(nan, options)).CustomerId);
    }

    [Fact]
    public void TransactionsAfterTheEndAreAnErrorNamingACustomerUnlessDropped()
    {
        using var summarizer = new DuckDbRfmSummarizer();
        var source = DuckDbTransactionSource.Query(
            "SELECT * FROM (VALUES ('a', DATE '2020-01-01', 1.0), ('a', DATE '2020-03-01', 1.0), ('b', DATE '2020-03-02', 1.0)) v(customer_id, date, amount)");
        var options = new SummaryOptions(new DateOnly(2020, 2, 1), TimeUnit.Days);
        var e = Assert.Throws<ClvDataException>(() => summarizer.Summarize(source, options));
        Assert.Equal("b", e.CustomerId);
        Assert.Equal(1, e.Count);
        var dropped = summarizer.Summarize(source, options with { DropTransactionsAfterEnd = true });
        Assert.Equal(["a"], dropped.CustomerIds);
        Assert.Equal(0, dropped.Frequency[0]);
    }

    [Fact]
    public void PathsAndTableNamesAreBoundOrQuotedNotSpliced()
    {
        using var summarizer = new DuckDbRfmSummarizer();
        string table = "odd\"name'; DROP TABLE x; --";
        TestLogs.CreateTable(summarizer.Connection, table, EngineAssert.Synthetic(4, 20, new DateOnly(2020, 12, 31), withAfterEnd: false));
        var options = new SummaryOptions(new DateOnly(2020, 12, 31), TimeUnit.Weeks);
        Assert.Equal(20, summarizer.Summarize(DuckDbTransactionSource.Table(table), options).Count);

        string path = Path.Combine(_directory, "it's.csv");
        File.WriteAllText(path, "customer_id,date,amount\nq,2020-01-01,1\n");
        Assert.Equal(["q"], summarizer.Summarize(DuckDbTransactionSource.Csv(path), options).CustomerIds);

        var missing = Assert.Throws<ClvDataException>(() => summarizer.Summarize(DuckDbTransactionSource.Table("no such table"), options));
        Assert.Equal("table no such table", missing.SourceName);
    }

    [Fact]
    public void QueryParametersAreBound()
    {
        using var summarizer = new DuckDbRfmSummarizer();
        TestLogs.CreateTable(summarizer.Connection, "tx", EngineAssert.Synthetic(5, 50, new DateOnly(2020, 12, 31), withAfterEnd: false));
        var source = DuckDbTransactionSource.Query("SELECT * FROM tx WHERE customer_id = $who",
            parameters: new Dictionary<string, object?> { ["who"] = "c00003" });
        var summary = summarizer.Summarize(source, new SummaryOptions(new DateOnly(2020, 12, 31), TimeUnit.Weeks));
        Assert.Equal(["c00003"], summary.CustomerIds);
        Assert.Throws<ArgumentException>(() => DuckDbTransactionSource.Query("SELECT 1", parameters: new Dictionary<string, object?> { ["clv_end"] = 1 }));
    }
}
