using System.Text;
using DuckDB.NET.Data;

namespace Clv.Probabilistic.DuckDb;

/// <summary>
/// A transaction log that DuckDB reads: a Parquet or CSV file (or glob of files), a table, or any SQL query.
/// Nothing is read until a <see cref="DuckDbRfmSummarizer"/> uses the source.
/// </summary>
/// <remarks>
/// File paths and other values travel as bound parameters (<c>$clv_path</c>, ...), and table and column names as quoted
/// identifiers, so no user value is spliced into SQL text. The one exception is <see cref="Query"/>, whose SQL is the
/// caller's own; its values can be bound through its <c>parameters</c>.
/// </remarks>
public sealed class DuckDbTransactionSource
{
    private readonly Dictionary<string, object?> _parameters;

    private DuckDbTransactionSource(string relation, Dictionary<string, object?> parameters, string name, DuckDbTransactionColumns? columns)
    {
        Relation = relation;
        _parameters = parameters;
        Name = name;
        Columns = columns ?? DuckDbTransactionColumns.Default;
    }

    /// <summary>A name for the source, used in error messages: the file, table or "query".</summary>
    public string Name { get; }

    /// <summary>Which columns hold customer, date and amount.</summary>
    public DuckDbTransactionColumns Columns { get; }

    /// <summary>The SQL relation (what follows <c>FROM</c>), with <c>$name</c> parameters.</summary>
    internal string Relation { get; }

    /// <summary>The named parameters <see cref="Relation"/> needs.</summary>
    internal IReadOnlyDictionary<string, object?> Parameters => _parameters;

    /// <summary>Parquet file(s): a path, a glob such as <c>data/*.parquet</c>, or a URL DuckDB can read.</summary>
    public static DuckDbTransactionSource Parquet(string path, DuckDbTransactionColumns? columns = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return new("read_parquet($clv_path)", new() { ["clv_path"] = path }, path, columns);
    }

    /// <summary>
    /// Delimited text file(s) with a header line. Every field is read as text and converted by the summariser, so ids
    /// keep their leading zeros and a malformed date or amount is reported, not guessed.
    /// </summary>
    /// <param name="path">A path or glob.</param>
    /// <param name="columns">Column names and date format.</param>
    /// <param name="delimiter">The field separator.</param>
    public static DuckDbTransactionSource Csv(string path, DuckDbTransactionColumns? columns = null, char delimiter = ',')
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return new("read_csv($clv_path, delim = $clv_delim, header = true, all_varchar = true)",
            new() { ["clv_path"] = path, ["clv_delim"] = delimiter.ToString() }, path, columns);
    }

    /// <summary>A table or view of the connection, optionally qualified by schema (and catalog): each part is quoted.</summary>
    /// <param name="nameParts">For example <c>("sales", "transactions")</c> for <c>"sales"."transactions"</c>.</param>
    /// <param name="columns">Column names and date format.</param>
    public static DuckDbTransactionSource Table(IReadOnlyList<string> nameParts, DuckDbTransactionColumns? columns = null)
    {
        ArgumentNullException.ThrowIfNull(nameParts);
        if (nameParts.Count is 0 or > 3) throw new ArgumentException("A table name has one to three parts (catalog, schema, table).", nameof(nameParts));
        var relation = string.Join(".", nameParts.Select(QuoteIdentifier));
        return new(relation, new(), "table " + string.Join(".", nameParts), columns);
    }

    /// <summary>A table or view of the connection, by its unqualified name (quoted as an identifier).</summary>
    public static DuckDbTransactionSource Table(string name, DuckDbTransactionColumns? columns = null) => Table([name], columns);

    /// <summary>
    /// Any SQL query returning the transaction columns. The query is the caller's own SQL; bind values through
    /// <paramref name="parameters"/> (referred to as <c>$name</c> in the query; names must not start with <c>clv_</c>).
    /// </summary>
    public static DuckDbTransactionSource Query(string sql, DuckDbTransactionColumns? columns = null,
        IReadOnlyDictionary<string, object?>? parameters = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(sql);
        var bound = new Dictionary<string, object?>(StringComparer.Ordinal);
        if (parameters is not null)
            foreach (var (key, value) in parameters)
            {
                if (key.StartsWith("clv_", StringComparison.OrdinalIgnoreCase))
                    throw new ArgumentException($"Parameter name '{key}' is reserved (prefix clv_).", nameof(parameters));
                bound[key] = value;
            }
        return new("(" + sql + ")", bound, "query", columns);
    }

    /// <summary>Quotes an identifier for DuckDB: wrapped in double quotes, inner double quotes doubled.</summary>
    public static string QuoteIdentifier(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (name.Length == 0) throw new ArgumentException("An identifier cannot be empty.", nameof(name));
        if (name.Contains('\0')) throw new ArgumentException("An identifier cannot contain a NUL character.", nameof(name));
        return new StringBuilder(name.Length + 2).Append('"').Append(name.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"').ToString();
    }

    internal void Bind(DuckDBCommand command)
    {
        foreach (var (key, value) in _parameters) command.Parameters.Add(new DuckDBParameter(key, value));
    }
}
