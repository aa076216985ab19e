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
    private const string Register = "__clv_writers";
    private readonly ClickHouseConnection _connection;
    private readonly string _source;

    private ClickHouseWriterTable(ClickHouseConnection connection, string name, string source)
    {
        _connection = connection;
        Name = name;
        _source = source;
    }

    /// <summary>The writer table, quoted (database.table), for INSERTs.</summary>
    public string Name { get; }

    /// <summary>
    /// Creates this run's writer table in front of <paramref name="target"/> (which exists) and names it in the register
    /// of writer tables (the table <c>&lt;target&gt;__clv_writers</c>), then drops the writer tables of earlier runs named
    /// there, waiting for the INSERTs still running through them, and strikes them from the register.
    /// </summary>
    /// <remarks>
    /// The register, not system.tables, says which writer tables exist: an 18.16 server reading system.tables reads the
    /// metadata of every table of the database and fails when another client drops a table meanwhile. A name is struck
    /// only once its table is dropped, and names are never reused, so two runs starting together fence each other.
    /// </remarks>
    public static ClickHouseWriterTable Open(ClickHouseConnection connection, IReadOnlyList<string> target, string source)
    {
        string database = target.Count == 2 ? target[0] : ClickHouseSchema.CurrentDatabase(connection, source);
        string table = target[^1];
        string own = table + Marker + Guid.NewGuid().ToString("N")[..12];
        string quoted = ClickHouseSql.QuoteName([database, own]);
        string register = ClickHouseSql.QuoteName([database, table + Register]);
        connection.Execute($"CREATE TABLE IF NOT EXISTS {register} (name String) ENGINE = MergeTree() ORDER BY name", source);
        connection.Execute($"""
            CREATE TABLE {quoted} AS {ClickHouseSql.QuoteName([database, table])}
            ENGINE = Buffer({ClickHouseSql.Literal(database)}, {ClickHouseSql.Literal(table)}, 1, 0, 0, 0, 0, 0, 0)
            """, source);
        connection.Execute($"INSERT INTO {register} (name) VALUES ({ClickHouseSql.Literal(own)})", source);
        var earlier = new List<string>();
        using (var rows = connection.Query($"SELECT DISTINCT name FROM {register} WHERE name != {ClickHouseSql.Literal(own)}", source, 1))
            while (rows.Read()) earlier.Add(rows.GetString(0));
        foreach (var name in earlier) connection.Execute($"DROP TABLE IF EXISTS {ClickHouseSql.QuoteName([database, name])}", source);
        if (earlier.Count > 0)
            connection.Execute($"ALTER TABLE {register} DELETE WHERE name IN ({string.Join(", ", earlier.Select(ClickHouseSql.Literal))})", source);
        return new ClickHouseWriterTable(connection, quoted, source);
    }

    /// <summary>Drops this run's writer table (waiting for any INSERT still running through it).</summary>
    public void Close() => _connection.Execute($"DROP TABLE IF EXISTS {Name}", _source);
}
