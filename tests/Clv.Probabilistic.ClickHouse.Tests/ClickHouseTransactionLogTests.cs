using Clv.Probabilistic.Data;
using Clv.Probabilistic.Engines.Tests;

namespace Clv.Probabilistic.ClickHouse.Tests;

public sealed class ClickHouseTransactionLogTests
{
    private static readonly SummaryOptions Days = new(new DateOnly(2020, 2, 1), TimeUnit.Days);

    [ClickHouseTheory]
    [InlineData(Layout.Plain)]
    [InlineData(Layout.Distributed)]
    public void CdnowSummariesAndRowsEqualTheInProcessSummarizerInEveryUnit(Layout layout)
    {
        var log = Datasets.CdnowSample();
        using var table = ClickHouseTable.Create(log, layout);
        using var server = new ClickHouseConnection(ClickHouseServers.Shard1);
        IEngineTransactionLog engine = ClickHouseTransactionLog.Table(server, [table.Name]);
        foreach (var unit in new[] { TimeUnit.Days, TimeUnit.Weeks, TimeUnit.Months })
        {
            var options = new SummaryOptions(Datasets.CdnowObservationEnd, unit);
            Assert.Equal(2357, EngineAssert.AssertAnswers(log, engine, options, Datasets.CdnowCalibrationEnd).Count);
        }
    }

    [ClickHouseTheory]
    [InlineData(1, "days", false, false, Layout.Plain)]
    [InlineData(2, "weeks", true, false, Layout.Distributed)]
    [InlineData(3, "months", false, true, Layout.Plain)]
    [InlineData(4, "weeks", true, true, Layout.Distributed)]
    public void SyntheticLogSummariesAndRowsEqualTheInProcessSummarizer(int seed, string unitName, bool includeFirst, bool dropAfterEnd, Layout layout)
    {
        var end = new DateOnly(2020, 12, 31);
        var log = EngineAssert.Synthetic(seed, 1500, end, withAfterEnd: dropAfterEnd);
        using var table = ClickHouseTable.Create(log, layout);
        using var server = new ClickHouseConnection(ClickHouseServers.Shard1);
        var engine = ClickHouseTransactionLog.Table(server, [table.Name]);
        var options = new SummaryOptions(end, TimeUnit.Parse(unitName)) { IncludeFirstPurchaseInMonetaryValue = includeFirst, DropTransactionsAfterEnd = dropAfterEnd };
        EngineAssert.AssertAnswers(log, engine, options, new DateOnly(2020, 8, 31));
    }

    [ClickHouseFact]
    public void EveryRegisteredModelFitsTheDistributedRowsAsItFitsTheSummary()
    {
        var log = Datasets.CdnowSample();
        using var table = ClickHouseTable.Create(log, Layout.Distributed);
        using var server = new ClickHouseConnection(ClickHouseServers.Shard1);
        var engine = ClickHouseTransactionLog.Table(server, [table.Name]);
        var options = new SummaryOptions(Datasets.CdnowCalibrationEnd, TimeUnit.Weeks) { DropTransactionsAfterEnd = true };
        EngineAssert.AssertFitsEqual(engine, RfmSummarizer.Summarize(log, options), options);
    }

    /// <summary>A Memory table with the given columns and rows (SQL VALUES), dropped on dispose.</summary>
    private sealed class Values : IDisposable
    {
        public Values(string columns, string rows, string? name = null)
        {
            Name = name ?? "clv_test_" + Guid.NewGuid().ToString("N")[..12];
            ClickHouseTable.Execute(ClickHouseServers.Shard1, $"DROP TABLE IF EXISTS {ClickHouseSql.QuoteIdentifier(Name)}");
            ClickHouseTable.Execute(ClickHouseServers.Shard1, $"CREATE TABLE {ClickHouseSql.QuoteIdentifier(Name)} ({columns}) ENGINE = Memory");
            if (rows.Length > 0) ClickHouseTable.Execute(ClickHouseServers.Shard1, $"INSERT INTO {ClickHouseSql.QuoteIdentifier(Name)} VALUES {rows}");
        }

        public string Name { get; }

        public void Dispose() => ClickHouseTable.Execute(ClickHouseServers.Shard1, $"DROP TABLE IF EXISTS {ClickHouseSql.QuoteIdentifier(Name)}");
    }

    [ClickHouseFact]
    public void QueryWithOtherColumnNamesTypesAndQuotedTableNamesIsSummarised()
    {
        using var table = new Values("who UInt64, `When` DateTime, spent Decimal(10, 2)",
            "(7, '2020-01-01 10:00:00', 10.5), (7, '2020-01-01 23:59:00', 4.5), (7, '2020-01-08 00:00:00', 20), (8, '2020-01-02 12:00:00', 3)",
            "Odd `Name`; DROP TABLE x; --" + Guid.NewGuid().ToString("N")[..6]);
        using var server = new ClickHouseConnection(ClickHouseServers.Shard1);
        var columns = new ClickHouseTransactionColumns { CustomerColumn = "who", DateColumn = "When", AmountColumn = "spent" };
        var options = new SummaryOptions(new DateOnly(2020, 1, 15), TimeUnit.Days);
        var summary = ClickHouseTransactionLog.Table(server, ClickHouseSql.SplitName("default." + ClickHouseSql.QuoteIdentifier(table.Name)), columns).Summarize(options);
        Assert.Equal(["7", "8"], summary.CustomerIds);
        Assert.Equal([1.0, 0.0], summary.Frequency.ToArray());
        Assert.Equal([7.0, 0.0], summary.Recency.ToArray());
        Assert.Equal([14.0, 13.0], summary.T.ToArray());
        Assert.Equal([20.0, 0.0], summary.MonetaryValue.ToArray());
        var query = ClickHouseTransactionLog.Query(server, $"SELECT who AS customer_id, `When` AS date, spent AS amount FROM {ClickHouseSql.QuoteIdentifier(table.Name)} WHERE who = 7");
        Assert.Equal(["7"], query.Summarize(options).CustomerIds);
    }

    [ClickHouseFact]
    public void MissingTableAndMissingColumnAreNamed()
    {
        using var server = new ClickHouseConnection(ClickHouseServers.Shard1);
        var table = Assert.Throws<ClvDataException>(() => ClickHouseTransactionLog.Table(server, ["no_such_table"]).Summarize(Days));
        Assert.Equal("clickhouse table no_such_table", table.SourceName);
        Assert.Contains("no_such_table", table.Message);
        Assert.Contains("exist", table.Message);
        var column = Assert.Throws<ClvDataException>(() =>
            ClickHouseTransactionLog.Query(server, "SELECT 'a' AS customer_id, toDate('2020-01-01') AS day, 1.0 AS amount").Summarize(Days));
        Assert.Equal("date", column.Column);
        Assert.Equal("clickhouse query", column.SourceName);
        Assert.Contains("'day'", column.Message);
    }

    [ClickHouseFact]
    public void WrongColumnTypesAreNamedWithTheType()
    {
        using var server = new ClickHouseConnection(ClickHouseServers.Shard1);
        var date = Assert.Throws<ClvDataException>(() =>
            ClickHouseTransactionLog.Query(server, "SELECT 'a' AS customer_id, '2020-01-01' AS date, 1.0 AS amount").Summarize(Days));
        Assert.Equal("date", date.Column);
        Assert.Contains("type String", date.Message);
        var amount = Assert.Throws<ClvDataException>(() =>
            ClickHouseTransactionLog.Query(server, "SELECT 'a' AS customer_id, toDate('2020-01-01') AS date, '1.0' AS amount").Summarize(Days));
        Assert.Equal("amount", amount.Column);
        Assert.Contains("type String", amount.Message);
    }

    [ClickHouseFact]
    public void NullIdsDatesAndAmountsAreCountedAndLocated()
    {
        using var server = new ClickHouseConnection(ClickHouseServers.Shard1);
        ClvDataException Fail(string rows)
        {
            using var table = new Values("customer_id Nullable(String), date Nullable(Date), amount Nullable(Float64)", rows);
            return Assert.Throws<ClvDataException>(() => ClickHouseTransactionLog.Table(server, [table.Name]).Summarize(Days));
        }

        var id = Fail("('a', '2020-01-01', 1.0), (NULL, '2020-01-03', 2.5), ('', '2020-01-04', 1.0)");
        Assert.Equal("customer_id", id.Column);
        Assert.Equal(2, id.Count);
        Assert.Contains("2020-01-03", id.Message);
        var date = Fail("('a', '2020-01-01', 1.0), ('b', NULL, 2.0)");
        Assert.Equal(("date", "b", 1L), (date.Column, date.CustomerId, date.Count));
        var amount = Fail("('a', '2020-01-01', 1.0), ('c', '2020-01-02', NULL), ('d', '2020-01-02', nan)");
        Assert.Equal(("amount", "c", 2L), (amount.Column, amount.CustomerId, amount.Count));
        var negative = Fail("('a', '2020-01-01', 1.0), ('a', '2020-01-05', -2.0)");
        Assert.Equal(("amount", "a"), (negative.Column, negative.CustomerId));
        Assert.Contains("negative", negative.Message);
        using (var returns = new Values("customer_id String, date Date, amount Float64", "('a', '2020-01-01', 1.0), ('a', '2020-01-05', -2.0)"))
        {
            var allowed = ClickHouseTransactionLog.Table(server, [returns.Name], new ClickHouseTransactionColumns { AllowNegativeAmounts = true }).Summarize(Days);
            Assert.Equal(-2.0, allowed.MonetaryValue[0]);
        }
        using var empty = new Values("customer_id String, date Date, amount Float64", "");
        Assert.Contains("no transactions", Assert.Throws<ClvDataException>(() => ClickHouseTransactionLog.Table(server, [empty.Name]).Summarize(Days)).Message);
    }

    [ClickHouseFact]
    public void TransactionsAfterTheEndAreAnErrorNamingACustomerUnlessDropped()
    {
        using var server = new ClickHouseConnection(ClickHouseServers.Shard1);
        using var table = new Values("customer_id String, date Date, amount Float64", "('a', '2020-01-01', 1.0), ('a', '2020-03-01', 1.0), ('b', '2020-03-02', 1.0)");
        var log = ClickHouseTransactionLog.Table(server, [table.Name]);
        var e = Assert.Throws<ClvDataException>(() => log.Summarize(Days));
        Assert.Equal(("b", 1L), (e.CustomerId, e.Count));
        var dropped = log.Summarize(Days with { DropTransactionsAfterEnd = true });
        Assert.Equal(["a"], dropped.CustomerIds);
        Assert.Equal(0, dropped.Frequency[0]);
        var late = ClickHouseTransactionLog.Query(server, $"SELECT * FROM {table.Name} WHERE customer_id = 'a'");
        var after = Assert.Throws<ClvDataException>(() => late.Summarize(Days));
        Assert.Equal(("date", "a", 1L), (after.Column, after.CustomerId, after.Count));
    }

    [Fact]
    public void AnUnreachableServerIsAnIOErrorNamingEngineHostAndPort()
    {
        // Port 1 on loopback: nothing listens there, so the connection is refused at once.
        using var server = new ClickHouseConnection("http://127.0.0.1:1/?user=default&password=secret");
        var e = Assert.Throws<IOException>(() => ClickHouseTransactionLog.Table(server, ["tx"]).Summarize(Days));
        Assert.StartsWith("clickhouse: cannot reach the server at 127.0.0.1:1", e.Message);
        Assert.Contains("table tx", e.Message);
        Assert.DoesNotContain("secret", e.Message);
    }

    [Theory]
    [InlineData(false, "ended the connection")]
    [InlineData(true, "Memory limit (for query) exceeded")]
    public void AServerThatFailsMidStreamIsAnIOErrorNamingServerTableAndRows(bool inBand, string expected)
    {
        using var fake = new FakeServer(inBand);
        using var server = new ClickHouseConnection(fake.Url);
        var e = Assert.Throws<IOException>(() => ClickHouseTransactionLog.Table(server, ["tx"]).Summarize(Days));
        Assert.StartsWith("clickhouse: the server at 127.0.0.1:", e.Message);
        Assert.Contains("table tx after 2 rows", e.Message);
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void NamesSplitAsClickHouseReadsThem()
    {
        Assert.Equal(["Sales", "TX"], ClickHouseSql.SplitName("Sales.TX"));
        Assert.Equal(["Sales", "a.b`c"], ClickHouseSql.SplitName("`Sales`.`a.b\\`c`"));
        Assert.Equal(["a\"b"], ClickHouseSql.SplitName("\"a\"\"b\""));
        Assert.Throws<ArgumentException>(() => ClickHouseSql.SplitName("`open"));
        Assert.Throws<ArgumentException>(() => ClickHouseSql.SplitName("a..b"));
        Assert.Throws<ArgumentException>(() => ClickHouseSql.SplitName("a.b.c"));
        Assert.Equal("`a\\`b\\\\c`", ClickHouseSql.QuoteIdentifier("a`b\\c"));
    }
}
