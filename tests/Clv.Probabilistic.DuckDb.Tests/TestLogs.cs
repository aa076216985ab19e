using Clv.Probabilistic.Data;
using DuckDB.NET.Data;

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
}
