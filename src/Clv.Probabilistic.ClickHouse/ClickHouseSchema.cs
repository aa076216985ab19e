namespace Clv.Probabilistic.ClickHouse;

/// <summary>Column names and ClickHouse type names of a table or query, and what those types can hold.</summary>
internal static class ClickHouseSchema
{
    /// <summary>The column types of <paramref name="relation"/> by name.</summary>
    public static Dictionary<string, string> Columns(ClickHouseConnection connection, string relation, string source)
    {
        var types = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, type) in ColumnList(connection, relation, source)) types.TryAdd(name, type);
        return types;
    }

    /// <summary>The columns of <paramref name="relation"/> in order, read from a zero-row answer's header.</summary>
    public static List<(string Name, string Type)> ColumnList(ClickHouseConnection connection, string relation, string source)
    {
        using var rows = connection.Query($"SELECT * FROM {relation} LIMIT 0", source, -1, "TabSeparatedWithNamesAndTypes");
        var names = new List<string>();
        var columns = new List<(string, string)>();
        if (rows.Read())
            for (int i = 0; i < rows.FieldCount; i++) names.Add(rows.GetString(i));
        if (rows.Read())
            for (int i = 0; i < rows.FieldCount && i < names.Count; i++) columns.Add((names[i], rows.GetString(i)));
        return columns;
    }

    /// <summary>The database that unqualified table names refer to.</summary>
    public static string CurrentDatabase(ClickHouseConnection connection, string source)
    {
        using var rows = connection.Query("SELECT currentDatabase()", source, 1);
        return rows.Read() ? rows.GetString(0)
            : throw new IOException($"clickhouse: the server at {connection.Server} did not say its current database.");
    }

    /// <summary>The type inside <c>Nullable(...)</c> and <c>LowCardinality(...)</c> wrappers.</summary>
    public static string Inner(string type)
    {
        while (true)
        {
            if (type.StartsWith("Nullable(", StringComparison.Ordinal) && type.EndsWith(')')) type = type["Nullable(".Length..^1];
            else if (type.StartsWith("LowCardinality(", StringComparison.Ordinal) && type.EndsWith(')')) type = type["LowCardinality(".Length..^1];
            else return type;
        }
    }

    public static bool IsNullable(string type) => type.Contains("Nullable(", StringComparison.Ordinal);

    public static bool IsDate(string type)
    {
        string inner = Inner(type);
        return inner is "Date" or "Date32" or "DateTime" || inner.StartsWith("DateTime(", StringComparison.Ordinal)
            || inner.StartsWith("DateTime64", StringComparison.Ordinal);
    }

    public static bool IsNumeric(string type)
    {
        string inner = Inner(type);
        return inner is "Int8" or "Int16" or "Int32" or "Int64" or "Int128" or "Int256" or "UInt8" or "UInt16" or "UInt32" or "UInt64"
                or "UInt128" or "UInt256" or "Float32" or "Float64" or "BFloat16"
            || inner.StartsWith("Decimal", StringComparison.Ordinal);
    }
}
