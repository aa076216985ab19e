using Clv.Probabilistic.Data;
using Clv.Probabilistic.Engines.Tests;
using Npgsql;

namespace Clv.Probabilistic.PostgreSql.Tests;

public sealed class PostgreSqlTransactionLogTests
{
    [PostgresTheory]
    [InlineData(Layout.Plain)]
    [InlineData(Layout.Partitioned)]
    [InlineData(Layout.Sharded)]
    public void CdnowSummariesAndRowsEqualTheInProcessSummarizerInEveryUnit(Layout layout)
    {
        var log = Datasets.CdnowSample();
        using var table = PostgresTable.Create(log, layout);
        using var db = PostgresServers.CoordinatorSource();
        IEngineTransactionLog engine = PostgreSqlTransactionLog.Table(db, [table.Name]);
        foreach (var unit in new[] { TimeUnit.Days, TimeUnit.Weeks, TimeUnit.Months })
        {
            var options = new SummaryOptions(Datasets.CdnowObservationEnd, unit);
            Assert.Equal(2357, EngineAssert.AssertAnswers(log, engine, options, Datasets.CdnowCalibrationEnd).Count);
        }
    }

    [PostgresTheory]
    [InlineData(1, "days", false, false, Layout.Plain)]
    [InlineData(2, "weeks", true, false, Layout.Sharded)]
    [InlineData(3, "months", false, true, Layout.Partitioned)]
    [InlineData(4, "weeks", true, true, Layout.Sharded)]
    public void SyntheticLogSummariesAndRowsEqualTheInProcessSummarizer(int seed, string unitName, bool includeFirst, bool dropAfterEnd, Layout layout)
    {
        var end = new DateOnly(2020, 12, 31);
        var log = EngineAssert.Synthetic(seed, 1500, end, withAfterEnd: dropAfterEnd);
        using var table = PostgresTable.Create(log, layout);
        using var db = PostgresServers.CoordinatorSource();
        var engine = PostgreSqlTransactionLog.Table(db, [table.Name]);
        var options = new SummaryOptions(end, TimeUnit.Parse(unitName)) { IncludeFirstPurchaseInMonetaryValue = includeFirst, DropTransactionsAfterEnd = dropAfterEnd };
        EngineAssert.AssertAnswers(log, engine, options, new DateOnly(2020, 8, 31));
    }

    [PostgresFact]
    public void EveryRegisteredModelFitsTheShardedRowsAsItFitsTheSummary()
    {
        var log = Datasets.CdnowSample();
        using var table = PostgresTable.Create(log, Layout.Sharded);
        using var db = PostgresServers.CoordinatorSource();
        var engine = PostgreSqlTransactionLog.Table(db, [table.Name]);
        var options = new SummaryOptions(Datasets.CdnowCalibrationEnd, TimeUnit.Weeks) { DropTransactionsAfterEnd = true };
        EngineAssert.AssertFitsEqual(engine, RfmSummarizer.Summarize(log, options), options);
    }

    [PostgresFact]
    public void QueryWithOtherColumnNamesTypesAndQuotedTableNamesIsSummarised()
    {
        string name = "Odd \"Name\"; DROP TABLE x; --";
        string q = PostgreSqlSql.QuoteIdentifier(name);
        PostgresTable.Execute(PostgresServers.Coordinator, $"DROP TABLE IF EXISTS {q}");
        PostgresTable.Execute(PostgresServers.Coordinator,
            $"CREATE TABLE {q} (who bigint, \"When\" timestamp, spent numeric(10, 2)); " +
            $"INSERT INTO {q} VALUES (7, '2020-01-01 10:00', 10.5), (7, '2020-01-01 23:59', 4.5), (7, '2020-01-08 00:00', 20), (8, '2020-01-02 12:00', 3)");
        try
        {
            using var db = PostgresServers.CoordinatorSource();
            var columns = new PostgreSqlTransactionColumns { CustomerColumn = "who", DateColumn = "When", AmountColumn = "spent" };
            var options = new SummaryOptions(new DateOnly(2020, 1, 15), TimeUnit.Days);
            var summary = PostgreSqlTransactionLog.Table(db, PostgreSqlSql.SplitName($"public.{q}"), columns).Summarize(options);
            Assert.Equal(["7", "8"], summary.CustomerIds);
            Assert.Equal([1.0, 0.0], summary.Frequency.ToArray());
            Assert.Equal([7.0, 0.0], summary.Recency.ToArray());
            Assert.Equal([14.0, 13.0], summary.T.ToArray());
            Assert.Equal([20.0, 0.0], summary.MonetaryValue.ToArray());
            var query = PostgreSqlTransactionLog.Query(db, $"SELECT who AS customer_id, \"When\" AS date, spent AS amount FROM {q} WHERE who = 7");
            Assert.Equal(["7"], query.Summarize(options).CustomerIds);
        }
        finally
        {
            PostgresTable.Execute(PostgresServers.Coordinator, $"DROP TABLE {q}");
        }
    }

    [PostgresFact]
    public void MissingTableAndMissingColumnAreNamed()
    {
        using var db = PostgresServers.CoordinatorSource();
        var options = new SummaryOptions(new DateOnly(2020, 2, 1), TimeUnit.Weeks);
        var table = Assert.Throws<ClvDataException>(() => PostgreSqlTransactionLog.Table(db, ["no_such_table"]).Summarize(options));
        Assert.Equal("postgres table no_such_table", table.SourceName);
        Assert.Contains("does not exist", table.Message);
        var column = Assert.Throws<ClvDataException>(() =>
            PostgreSqlTransactionLog.Query(db, "SELECT 'a' AS customer_id, DATE '2020-01-01' AS day, 1.0 AS amount").Summarize(options));
        Assert.Equal("date", column.Column);
        Assert.Equal("postgres query", column.SourceName);
        Assert.Contains("'day'", column.Message);
    }

    [PostgresFact]
    public void WrongColumnTypesAreNamedWithTheType()
    {
        using var db = PostgresServers.CoordinatorSource();
        var options = new SummaryOptions(new DateOnly(2020, 2, 1), TimeUnit.Weeks);
        var date = Assert.Throws<ClvDataException>(() =>
            PostgreSqlTransactionLog.Query(db, "SELECT 'a' AS customer_id, '2020-01-01' AS date, 1.0 AS amount").Summarize(options));
        Assert.Equal("date", date.Column);
        Assert.Contains("type text", date.Message);
        var amount = Assert.Throws<ClvDataException>(() =>
            PostgreSqlTransactionLog.Query(db, "SELECT 'a' AS customer_id, DATE '2020-01-01' AS date, '1.0' AS amount").Summarize(options));
        Assert.Equal("amount", amount.Column);
        Assert.Contains("type text", amount.Message);
    }

    [PostgresFact]
    public void NullIdsDatesAndAmountsAreCountedAndLocated()
    {
        using var db = PostgresServers.CoordinatorSource();
        var options = new SummaryOptions(new DateOnly(2020, 2, 1), TimeUnit.Days);
        ClvDataException Fail(string values) => Assert.Throws<ClvDataException>(() => PostgreSqlTransactionLog.Query(db,
            $"SELECT * FROM (VALUES {values}) v(customer_id, date, amount)").Summarize(options));

        var id = Fail("('a', DATE '2020-01-01', 1.0), (NULL, DATE '2020-01-03', 2.5), ('', DATE '2020-01-04', 1.0)");
        Assert.Equal("customer_id", id.Column);
        Assert.Equal(2, id.Count);
        Assert.Contains("2020-01-03", id.Message);
        var date = Fail("('a', DATE '2020-01-01', 1.0), ('b', NULL::date, 2.0)");
        Assert.Equal(("date", "b", 1L), (date.Column, date.CustomerId, date.Count));
        var amount = Fail("('a', DATE '2020-01-01', 1.0::float8), ('c', DATE '2020-01-02', NULL), ('d', DATE '2020-01-02', 'NaN'::float8)");
        Assert.Equal(("amount", "c", 2L), (amount.Column, amount.CustomerId, amount.Count));
        var negative = Fail("('a', DATE '2020-01-01', 1.0), ('a', DATE '2020-01-05', -2.0)");
        Assert.Equal(("amount", "a"), (negative.Column, negative.CustomerId));
        Assert.Contains("negative", negative.Message);
        var allowed = PostgreSqlTransactionLog.Query(db, "SELECT * FROM (VALUES ('a', DATE '2020-01-01', 1.0), ('a', DATE '2020-01-05', -2.0)) v(customer_id, date, amount)",
            new PostgreSqlTransactionColumns { AllowNegativeAmounts = true }).Summarize(options);
        Assert.Equal(-2.0, allowed.MonetaryValue[0]);
        var empty = Assert.Throws<ClvDataException>(() => PostgreSqlTransactionLog.Query(db,
            "SELECT 'a' AS customer_id, DATE '2020-01-01' AS date, 1.0 AS amount WHERE false").Summarize(options));
        Assert.Contains("no transactions", empty.Message);
    }

    [PostgresFact]
    public void TransactionsAfterTheEndAreAnErrorNamingACustomerUnlessDropped()
    {
        using var db = PostgresServers.CoordinatorSource();
        var log = PostgreSqlTransactionLog.Query(db,
            "SELECT * FROM (VALUES ('a', DATE '2020-01-01', 1.0), ('a', DATE '2020-03-01', 1.0), ('b', DATE '2020-03-02', 1.0)) v(customer_id, date, amount)");
        var options = new SummaryOptions(new DateOnly(2020, 2, 1), TimeUnit.Days);
        var e = Assert.Throws<ClvDataException>(() => log.Summarize(options));
        Assert.Equal(("b", 1L), (e.CustomerId, e.Count));
        var dropped = log.Summarize(options with { DropTransactionsAfterEnd = true });
        Assert.Equal(["a"], dropped.CustomerIds);
        Assert.Equal(0, dropped.Frequency[0]);
        var late = PostgreSqlTransactionLog.Query(db,
            "SELECT * FROM (VALUES ('a', DATE '2020-01-01', 1.0), ('a', DATE '2020-03-01', 1.0)) v(customer_id, date, amount)");
        var after = Assert.Throws<ClvDataException>(() => late.Summarize(options));
        Assert.Equal(("date", "a", 1L), (after.Column, after.CustomerId, after.Count));
    }

    [Fact]
    public void AnUnreachableServerIsAnIOErrorNamingEngineHostAndPort()
    {
        // Port 1 on loopback: nothing listens there, so the connection is refused at once.
        using var db = NpgsqlDataSource.Create("Host=127.0.0.1;Port=1;Username=postgres;Database=postgres;Timeout=3");
        var e = Assert.Throws<IOException>(() => PostgreSqlTransactionLog.Table(db, ["tx"]).Summarize(new SummaryOptions(new DateOnly(2020, 2, 1), TimeUnit.Days)));
        Assert.StartsWith("postgres: cannot reach the server at 127.0.0.1:1", e.Message);
        Assert.Contains("table tx", e.Message);
    }

    [Fact]
    public void NamesSplitAsPostgreSqlReadsThem()
    {
        Assert.Equal(["sales", "tx"], PostgreSqlSql.SplitName("Sales.TX"));
        Assert.Equal(["Sales", "a.b\"c"], PostgreSqlSql.SplitName("\"Sales\".\"a.b\"\"c\""));
        Assert.Throws<ArgumentException>(() => PostgreSqlSql.SplitName("\"open"));
        Assert.Throws<ArgumentException>(() => PostgreSqlSql.SplitName("a..b"));
        Assert.Equal("\"a\"\"b\"", PostgreSqlSql.QuoteIdentifier("a\"b"));
    }
}
