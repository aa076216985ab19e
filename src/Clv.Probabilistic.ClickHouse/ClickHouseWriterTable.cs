using System.Globalization;
using System.Text.RegularExpressions;

namespace Clv.Probabilistic.ClickHouse;

/// <summary>
/// The table one scoring run inserts through: a <c>Buffer</c> table in front of the prediction table whose thresholds
/// are all 0, so that every INSERT block goes straight to the prediction table (one part, written before the INSERT
/// returns); its name is the prediction table's, <c>__clv_writer_</c> and a random suffix.
/// </summary>
/// <remarks>
/// It fences runs off from each other, which ClickHouse, without transactions, does not do by itself: an INSERT that
/// a run sent may still be executed by the server after that run is gone (a killed process's request is still in the
/// server's socket, or a broken connection's INSERT still runs). A run therefore drops the writer tables of earlier
/// runs before it reads which customers are written. DROP waits until the INSERTs running through the dropped table
/// have finished (they hold its structure lock), and an INSERT that reaches the server later fails because its table
/// is gone (or, if it had just found it, because it is marked dropped): once the earlier writers are dropped, nothing an
/// earlier run sent can land in the prediction table, so what the run reads as written stays written, and what it reads
/// as missing is written by this run alone. A run drops its own writer table when it ends, in success or failure (on a
/// failure this also fences the INSERT that failed on a broken connection); one left behind belongs to a run that was
/// killed, and is dropped by the next run.
/// </remarks>
internal sealed class ClickHouseWriterTable
{
    private const string Marker = "__clv_writer_";
    private readonly ClickHouseConnection _connection;
    private readonly string _source;

    private ClickHouseWriterTable(ClickHouseConnection connection, string name, string source, int fenced)
    {
        _connection = connection;
        Name = name;
        _source = source;
        Fenced = fenced;
    }

    /// <summary>The writer table, quoted (database.table), for INSERTs.</summary>
    public string Name { get; }

    /// <summary>Writer tables of earlier runs dropped by <see cref="Open"/>.</summary>
    public int Fenced { get; }

    /// <summary>
    /// Creates this run's writer table in front of <paramref name="target"/> (which exists), then drops the writer
    /// tables of earlier runs, waiting for the INSERTs still running through them.
    /// </summary>
    public static ClickHouseWriterTable Open(ClickHouseConnection connection, IReadOnlyList<string> target, string source)
    {
        string database = target.Count == 2 ? target[0] : CurrentDatabase(connection, source);
        string table = target[^1];
        string own = table + Marker + Guid.NewGuid().ToString("N")[..12];
        string quoted = ClickHouseSql.QuoteName([database, own]);
        connection.Execute($"""
            CREATE TABLE {quoted} AS {ClickHouseSql.QuoteName([database, table])}
            ENGINE = Buffer({ClickHouseSql.Literal(database)}, {ClickHouseSql.Literal(table)}, 1, 0, 0, 0, 0, 0, 0)
            """, source);
        var earlier = new List<string>();
        var writer = new Regex("^" + Regex.Escape(table + Marker) + "[0-9a-f]{12}$", RegexOptions.CultureInvariant);
        using (var rows = connection.Query(
                   $"SELECT name FROM system.tables WHERE database = {ClickHouseSql.Literal(database)} AND engine = 'Buffer'", source, 1))
            while (rows.Read())
            {
                string name = rows.GetString(0);
                if (name != own && writer.IsMatch(name)) earlier.Add(name);
            }
        foreach (var name in earlier) connection.Execute($"DROP TABLE IF EXISTS {ClickHouseSql.QuoteName([database, name])}", source);
        return new ClickHouseWriterTable(connection, quoted, source, earlier.Count);
    }

    /// <summary>Drops this run's writer table (waiting for any INSERT still running through it).</summary>
    public void Close() => _connection.Execute($"DROP TABLE IF EXISTS {Name}", _source);

    private static string CurrentDatabase(ClickHouseConnection connection, string source)
    {
        using var rows = connection.Query("SELECT currentDatabase()", source, 1);
        return rows.Read() ? rows.GetString(0)
            : throw new IOException(string.Create(CultureInfo.InvariantCulture, $"clickhouse: the server at {connection.Server} did not say its current database."));
    }
}
