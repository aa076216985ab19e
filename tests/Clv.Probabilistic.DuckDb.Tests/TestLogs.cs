using System.Globalization;
using Clv.Probabilistic.Data;
using DuckDB.NET.Data;
using MathNet.Numerics.Random;

namespace Clv.Probabilistic.DuckDb.Tests;

/// <summary>Transaction logs written into DuckDB tables and files for the tests.</summary>
internal static class TestLogs
{
    /// <summary>Creates table <paramref name="table"/>(customer_id VARCHAR, date DATE, amount DOUBLE) holding the log's rows.</summary>
    public static void CreateTable(DuckDBConnection connection, string table, TransactionLog log)
    {
        using (var create = connection.CreateCommand())
        {
            create.CommandText = $"CREATE OR REPLACE TABLE {DuckDbTransactionSource.QuoteIdentifier(table)} (customer_id VARCHAR, date DATE, amount DOUBLE)";
            create.ExecuteNonQuery();
        }
        using var appender = connection.CreateAppender(table);
        for (int i = 0; i < log.Count; i++)
        {
            appender.CreateRow()
                .AppendValue(log.GetCustomerId(i))
                .AppendValue(log.GetDate(i))
                .AppendValue(log.Amounts[i])
                .EndRow();
        }
    }

    /// <summary>COPY table TO path (format csv with header, or parquet); the path is passed as a literal DuckDB requires.</summary>
    public static void Copy(DuckDBConnection connection, string table, string path, string format)
    {
        using var copy = connection.CreateCommand();
        // COPY takes no bound parameters; the path is a test-controlled temp path without quotes.
        Assert.DoesNotContain('\'', path);
        copy.CommandText = $"COPY {DuckDbTransactionSource.QuoteIdentifier(table)} TO '{path}' (FORMAT {format}{(format == "csv" ? ", HEADER" : "")})";
        copy.ExecuteNonQuery();
    }

    /// <summary>
    /// A random log: customers with 1 to 12 transactions over 400 days from 2020-01-01, many on the same day, some after
    /// <paramref name="end"/>, amounts with cents.
    /// </summary>
    public static TransactionLog Synthetic(int seed, int customers, DateOnly end, bool withAfterEnd)
    {
        var random = new Xoshiro256StarStar(seed);
        var start = new DateOnly(2020, 1, 1);
        var ids = new List<string>();
        var dates = new List<DateOnly>();
        var amounts = new List<double>();
        int span = end.DayNumber - start.DayNumber + (withAfterEnd ? 60 : 1);
        for (int c = 0; c < customers; c++)
        {
            string id = "c" + c.ToString("D5", CultureInfo.InvariantCulture);
            int n = 1 + random.Next(12);
            int first = random.Next(span);
            for (int k = 0; k < n; k++)
            {
                int day = random.NextDouble() < 0.3 ? first : first + random.Next(span - first);
                ids.Add(id);
                dates.Add(start.AddDays(day));
                amounts.Add(Math.Round(random.NextDouble() * 200, 2));
            }
        }
        // Shuffle so that neither customers nor days are in order.
        for (int i = ids.Count - 1; i > 0; i--)
        {
            int j = random.Next(i + 1);
            (ids[i], ids[j]) = (ids[j], ids[i]);
            (dates[i], dates[j]) = (dates[j], dates[i]);
            (amounts[i], amounts[j]) = (amounts[j], amounts[i]);
        }
        return TransactionLog.FromArrays(ids, dates.ToArray(), amounts.ToArray());
    }
}
