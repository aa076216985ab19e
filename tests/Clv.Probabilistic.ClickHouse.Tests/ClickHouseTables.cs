using System.Buffers.Binary;
using System.Text;
using Clv.Probabilistic.Data;

namespace Clv.Probabilistic.ClickHouse.Tests;

/// <summary>How a test log is laid out in ClickHouse.</summary>
public enum Layout
{
    /// <summary>One MergeTree table on shard 1.</summary>
    Plain,

    /// <summary>A MergeTree table on each shard, customers split between them, behind a Distributed table on shard 1.</summary>
    Distributed,
}

/// <summary>
/// A transaction table (customer_id String, date Date, amount Float64) with a unique name, loaded exactly with RowBinary
/// INSERTs, dropped (with its shard tables) on dispose.
/// </summary>
internal sealed class ClickHouseTable : IDisposable
{
    private readonly Layout _layout;

    private ClickHouseTable(string name, Layout layout)
    {
        Name = name;
        _layout = layout;
    }

    public string Name { get; }

    public static ClickHouseTable Create(TransactionLog log, Layout layout, string? name = null)
    {
        name ??= "clv_test_" + Guid.NewGuid().ToString("N")[..12];
        var table = new ClickHouseTable(name, layout);
        string q = ClickHouseSql.QuoteIdentifier(name);
        const string columns = "(customer_id String, date Date, amount Float64) ENGINE = MergeTree() ORDER BY (customer_id, date)";
        if (layout == Layout.Plain)
        {
            Execute(ClickHouseServers.Shard1, $"CREATE TABLE {q} {columns}");
            Insert(ClickHouseServers.Shard1, name, log, _ => true);
            return table;
        }
        string local = ClickHouseSql.QuoteIdentifier(name + "_local");
        foreach (var shard in new[] { ClickHouseServers.Shard1, ClickHouseServers.Shard2 }) Execute(shard, $"CREATE TABLE {local} {columns}");
        Execute(ClickHouseServers.Shard1,
            $"CREATE TABLE {q} (customer_id String, date Date, amount Float64) ENGINE = Distributed({ClickHouseServers.Cluster}, currentDatabase(), {local}, cityHash64(customer_id))");
        // Customers split by a hash of their id: each shard holds whole customers, as a Distributed table sharded by customer does.
        static bool First(string id) => (id.Aggregate(17, (h, c) => unchecked((h * 31) + c)) & 1) == 0;
        int first = Insert(ClickHouseServers.Shard1, name + "_local", log, First);
        int second = Insert(ClickHouseServers.Shard2, name + "_local", log, id => !First(id));
        Assert.True(first > 0 && second > 0);
        Assert.Equal(log.Count, first + second);
        return table;
    }

    /// <summary>Inserts the rows whose customer passes <paramref name="keep"/>; returns how many.</summary>
    private static int Insert(string server, string table, TransactionLog log, Func<string, bool> keep)
    {
        var body = new MemoryStream();
        Span<byte> eight = stackalloc byte[8];
        int rows = 0;
        var epoch = new DateOnly(1970, 1, 1);
        for (int i = 0; i < log.Count; i++)
        {
            string id = log.GetCustomerId(i);
            if (!keep(id)) continue;
            WriteString(body, id);
            BinaryPrimitives.WriteUInt16LittleEndian(eight, checked((ushort)(log.GetDate(i).DayNumber - epoch.DayNumber)));
            body.Write(eight[..2]);
            BinaryPrimitives.WriteDoubleLittleEndian(eight, log.Amounts[i]);
            body.Write(eight);
            rows++;
        }
        using var connection = new ClickHouseConnection(server);
        connection.Insert($"INSERT INTO {ClickHouseSql.QuoteIdentifier(table)} (customer_id, date, amount)", body.ToArray(), "test table " + table);
        return rows;
    }

    public static void WriteString(Stream body, string value)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(value);
        uint length = (uint)bytes.Length;
        do
        {
            byte b = (byte)(length & 0x7F);
            length >>= 7;
            body.WriteByte(length == 0 ? b : (byte)(b | 0x80));
        }
        while (length != 0);
        body.Write(bytes);
    }

    public static void Execute(string server, string sql)
    {
        using var connection = new ClickHouseConnection(server);
        connection.Execute(sql, "test");
    }

    public static List<string[]> Rows(string server, string sql, int fields)
    {
        using var connection = new ClickHouseConnection(server);
        using var rows = connection.Query(sql, "test", fields);
        var result = new List<string[]>();
        while (rows.Read()) result.Add(Enumerable.Range(0, fields).Select(i => rows.IsNull(i) ? "NULL" : rows.GetString(i)).ToArray());
        return result;
    }

    public void Dispose()
    {
        Execute(ClickHouseServers.Shard1, $"DROP TABLE IF EXISTS {ClickHouseSql.QuoteIdentifier(Name)}");
        if (_layout == Layout.Distributed)
            foreach (var shard in new[] { ClickHouseServers.Shard1, ClickHouseServers.Shard2 })
                Execute(shard, $"DROP TABLE IF EXISTS {ClickHouseSql.QuoteIdentifier(Name + "_local")}");
    }
}
