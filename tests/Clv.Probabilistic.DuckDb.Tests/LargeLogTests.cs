using Clv.Probabilistic.Data;
using Clv.Probabilistic.Engines.Tests;
using DuckDB.NET.Data;

namespace Clv.Probabilistic.DuckDb.Tests;

public sealed class LargeLogTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("clv-duckdb-spill-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    /// <summary>
    /// 301,500 transactions generated inside DuckDB, summarised under a 24 MB memory limit (DuckDB spills to the
    /// temporary directory). Customer c buys on day (c mod 50) + 7k of 2020 for k = 0..9, twice on the first day, with
    /// amount k + 1; so in closed form x = 9, t_x = 63 days, T = end − first day, and the mean repeat amount is
    /// (2 + ... + 10) / 9 = 6.
    /// </summary>
    [Fact]
    public void SummaryOfAGeneratedLogUnderAMemoryLimitMatchesTheClosedForm()
    {
        const int customers = 30_000;
        using var connection = new DuckDBConnection("DataSource=:memory:");
        connection.Open();
        using (var setup = connection.CreateCommand())
        {
            // SET does not take bound parameters; the directory is a test-controlled temp path without quotes.
            Assert.DoesNotContain('\'', _directory);
            setup.CommandText = $"SET memory_limit = '24MB'; SET threads = 2; SET temp_directory = '{_directory}';";
            setup.ExecuteNonQuery();
        }
        var source = DuckDbTransactionSource.Query("""
            SELECT 'c' || c AS customer_id, DATE '2020-01-01' + CAST(c % 50 + 7 * k AS INTEGER) AS date, CAST(k + 1 AS DOUBLE) AS amount
            FROM range($customers) r(c), range(10) s(k)
            UNION ALL
            SELECT 'c' || c, DATE '2020-01-01' + CAST(c % 50 AS INTEGER), 0.5 FROM range($customers) r(c) WHERE c % 20 = 0
            """, parameters: new Dictionary<string, object?> { ["customers"] = customers });
        var end = new DateOnly(2020, 6, 30);
        using var summarizer = new DuckDbRfmSummarizer(connection);
        var summary = summarizer.Summarize(source, new SummaryOptions(end, TimeUnit.Days));
        Assert.Equal(customers, summary.Count);
        for (int i = 0; i < summary.Count; i++)
        {
            int c = int.Parse(summary.CustomerIds[i].AsSpan(1), System.Globalization.CultureInfo.InvariantCulture);
            Assert.Equal(9, summary.Frequency[i]);
            Assert.Equal(63, summary.Recency[i]);
            Assert.Equal(end.DayNumber - new DateOnly(2020, 1, 1).DayNumber - c % 50, summary.T[i]);
            Assert.Equal(6.0, summary.MonetaryValue[i], 1e-12);
        }
    }
}
