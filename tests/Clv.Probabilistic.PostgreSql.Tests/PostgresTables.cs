using System.Globalization;
using Clv.Probabilistic.Data;
using Npgsql;
using NpgsqlTypes;

namespace Clv.Probabilistic.PostgreSql.Tests;

/// <summary>How a test log is laid out in PostgreSQL.</summary>
public enum Layout
{
    /// <summary>One plain table on the coordinator.</summary>
    Plain,

    /// <summary>A table hash-partitioned by customer into four partitions on the coordinator.</summary>
    Partitioned,

    /// <summary>A table hash-partitioned by customer into two postgres_fdw foreign partitions, one on each shard.</summary>
    Sharded,
}

/// <summary>
/// A transaction table (customer_id text, date date, amount double precision) with a unique name, loaded by binary COPY
/// through the coordinator, dropped (with its shard tables) on dispose.
/// </summary>
internal sealed class PostgresTable : IDisposable
{
    private readonly Layout _layout;

    private PostgresTable(string name, Layout layout)
    {
        Name = name;
        _layout = layout;
    }

    public string Name { get; }

    public static PostgresTable Create(TransactionLog log, Layout layout, string? name = null)
    {
        name ??= "clv_test_" + Guid.NewGuid().ToString("N")[..12];
        var table = new PostgresTable(name, layout);
        string q = PostgreSqlSql.QuoteIdentifier(name);
        const string columns = "(customer_id text, date date, amount double precision)";
        switch (layout)
        {
            case Layout.Plain:
                Execute(PostgresServers.Coordinator, $"CREATE TABLE {q} {columns}");
                break;
            case Layout.Partitioned:
                Execute(PostgresServers.Coordinator, $"CREATE TABLE {q} {columns} PARTITION BY HASH (customer_id)");
                for (int p = 0; p < 4; p++)
                    Execute(PostgresServers.Coordinator,
                        $"CREATE TABLE {PostgreSqlSql.QuoteIdentifier(name + "_p" + p)} PARTITION OF {q} FOR VALUES WITH (MODULUS 4, REMAINDER {p})");
                break;
            case Layout.Sharded:
                Execute(PostgresServers.Coordinator, $"CREATE TABLE {q} {columns} PARTITION BY HASH (customer_id)");
                for (int k = 1; k <= 2; k++)
                {
                    string part = name + "_s" + k;
                    Execute(PostgresServers.Shard(k), $"CREATE TABLE {PostgreSqlSql.QuoteIdentifier(part)} {columns}");
                    Execute(PostgresServers.Coordinator, string.Create(CultureInfo.InvariantCulture,
                        $"CREATE FOREIGN TABLE {PostgreSqlSql.QuoteIdentifier(part)} PARTITION OF {q} FOR VALUES WITH (MODULUS 2, REMAINDER {k - 1}) SERVER shard{k} OPTIONS (table_name '{part.Replace("'", "''", StringComparison.Ordinal)}')"));
                }
                break;
        }
        table.Load(log);
        return table;
    }

    private void Load(TransactionLog log)
    {
        using var connection = new NpgsqlConnection(PostgresServers.Coordinator);
        connection.Open();
        using (var writer = connection.BeginBinaryImport($"COPY {PostgreSqlSql.QuoteIdentifier(Name)} (customer_id, date, amount) FROM STDIN (FORMAT BINARY)"))
        {
            for (int i = 0; i < log.Count; i++)
            {
                writer.StartRow();
                writer.Write(log.GetCustomerId(i), NpgsqlDbType.Text);
                writer.Write(log.GetDate(i), NpgsqlDbType.Date);
                writer.Write(log.Amounts[i], NpgsqlDbType.Double);
            }
            writer.Complete();
        }
        Execute(PostgresServers.Coordinator, $"ANALYZE {PostgreSqlSql.QuoteIdentifier(Name)}");
        if (_layout != Layout.Sharded) return;
        // The rows really live on the shards, split between them.
        long[] counts = [Count(PostgresServers.Shard(1), Name + "_s1"), Count(PostgresServers.Shard(2), Name + "_s2")];
        Assert.All(counts, c => Assert.True(c > 0));
        Assert.Equal(log.Count, counts.Sum());
    }

    private static long Count(string connectionString, string table)
    {
        using var connection = new NpgsqlConnection(connectionString);
        connection.Open();
        using var command = new NpgsqlCommand($"SELECT count(*) FROM {PostgreSqlSql.QuoteIdentifier(table)}", connection);
        return (long)command.ExecuteScalar()!;
    }

    public static void Execute(string connectionString, string sql)
    {
        using var connection = new NpgsqlConnection(connectionString);
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        command.ExecuteNonQuery();
    }

    public void Dispose()
    {
        Execute(PostgresServers.Coordinator, $"DROP TABLE IF EXISTS {PostgreSqlSql.QuoteIdentifier(Name)}");
        if (_layout == Layout.Sharded)
            for (int k = 1; k <= 2; k++)
                Execute(PostgresServers.Shard(k), $"DROP TABLE IF EXISTS {PostgreSqlSql.QuoteIdentifier(Name + "_s" + k)}");
    }
}
