using Clv.Probabilistic.Data;
using Clv.Probabilistic.DuckDb;
using Clv.Probabilistic.PostgreSql;
using DuckDB.NET.Data;

namespace Clv.Probabilistic.Cli.Commands;

/// <summary><c>--engine duckdb</c>: the DuckDB database of <c>--connection</c> and the transaction source DuckDB reads.</summary>
internal static class DuckDbEngine
{
    /// <summary>
    /// Opens the database (a file path, a DuckDB connection string, or in memory when null); a malformed connection
    /// string or an unopenable file is an input error naming the option.
    /// </summary>
    public static DuckDBConnection Connect(string? connection)
    {
        string text = connection is null ? "DataSource=:memory:"
            : connection.Contains('=', StringComparison.Ordinal) ? connection : "DataSource=" + connection;
        var db = new DuckDBConnection(text);
        try
        {
            db.Open();
            return db;
        }
        catch (Exception e) when (e is DuckDBException or ArgumentException or InvalidOperationException)
        {
            db.Dispose();
            throw new ArgumentException($"--connection: DuckDB cannot open '{connection}': {e.Message}", e);
        }
    }

    /// <summary>The transaction log: exactly one of a Parquet or CSV file, a table or a query.</summary>
    public static (IEngineTransactionLog Log, IDisposable Handle) Open(string? connection, string? input, string? table, string? query,
        DuckDbTransactionColumns columns, string? delimiter)
    {
        if (new[] { input, table, query }.Count(x => x is not null) != 1)
            throw new ArgumentException("--engine duckdb needs exactly one of --input (a Parquet or CSV file), --table and --query.");
        DuckDbTransactionSource source;
        if (input is not null)
        {
            bool parquet = input.EndsWith(".parquet", StringComparison.OrdinalIgnoreCase) || input.EndsWith(".parq", StringComparison.OrdinalIgnoreCase);
            if (!parquet && !input.Contains('*', StringComparison.Ordinal) && !File.Exists(input))
                throw new FileNotFoundException($"--input: the file '{input}' does not exist.", input);
            source = parquet ? DuckDbTransactionSource.Parquet(input, columns)
                : DuckDbTransactionSource.Csv(input, columns, Delimiter(delimiter));
        }
        else source = table is not null ? DuckDbTransactionSource.Table(PostgreSqlSql.SplitName(table), columns) : DuckDbTransactionSource.Query(query!, columns);
        var db = Connect(connection);
        var summarizer = new DuckDbRfmSummarizer(db);
        return (new DuckDbTransactionLog(summarizer, source), new Handle(summarizer, db));
    }

    /// <summary>Writes the summary into a table of the --connection database.</summary>
    public static long WriteSummaryTable(DuckDbTransactionLog log, string table, SummaryOptions options) =>
        log.WriteSummaryTable(PostgreSqlSql.SplitName(table), options);

    /// <summary>The CLI's --date-format as a DuckDB strptime format: null for ISO dates.</summary>
    public static string? DateFormat(string? format) => format switch
    {
        null or "iso" or "yyyy-MM-dd" => null,
        "yyyyMMdd" => "%Y%m%d",
        _ when format.Contains('%', StringComparison.Ordinal) => format,
        _ => throw new ArgumentException($"--date-format: with --engine duckdb give 'iso', 'yyyyMMdd' or a DuckDB strptime format such as '%d/%m/%Y', not '{format}'."),
    };

    private static char Delimiter(string? text) => SummarizeCommand.ParseDelimiter(text ?? ",")
        ?? throw new ArgumentException("--delimiter whitespace is not available with --engine duckdb: give one character or 'tab'.");

    private sealed class Handle(DuckDbRfmSummarizer summarizer, DuckDBConnection connection) : IDisposable
    {
        public void Dispose()
        {
            summarizer.Dispose();
            connection.Dispose();
        }
    }
}
