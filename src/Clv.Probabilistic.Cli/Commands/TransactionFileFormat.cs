using System.CommandLine;
using Clv.Probabilistic.Data;
using Clv.Probabilistic.DuckDb;

namespace Clv.Probabilistic.Cli.Commands;

/// <summary>
/// <c>clv summarize --format csv|parquet</c>: how the <c>--input</c> file is read. Delimited text is read by the
/// library's reader; Parquet by DuckDB (<c>Clv.Probabilistic.DuckDb</c>); both logs are then summarised in process, so
/// the summaries are identical. Without <c>--format</c> the extension decides (<c>.parquet</c> or <c>.parq</c> is
/// Parquet), else the file's first bytes (Parquet's magic <c>PAR1</c>; standard input has no extension).
/// </summary>
internal static class TransactionFileFormat
{
    public static Option<string?> Option() => new("--format")
    {
        Description = "How --input is read: 'csv' (delimited text) or 'parquet' (read by DuckDB). Default: by extension (.parquet, .parq), else by the file's first bytes (Parquet's PAR1), else csv.",
    };

    /// <summary>
    /// Whether the input is Parquet: <c>--format</c> if given, else the file's extension, else (for standard input or a
    /// file with another extension) Parquet's magic bytes <c>PAR1</c> at the start of the file.
    /// </summary>
    /// <param name="format">The <c>--format</c> value, if given.</param>
    /// <param name="inputOption">The <c>--input</c> value as the user wrote it (its extension counts, not the temporary copy's).</param>
    /// <param name="inputPath">The file to read (for <c>-</c>, the copy of standard input).</param>
    public static bool IsParquet(string? format, string? inputOption, string inputPath) => format?.Trim().ToLowerInvariant() switch
    {
        "parquet" => true,
        "csv" => false,
        null => inputOption is not null && Path.GetExtension(inputOption).ToLowerInvariant() is ".parquet" or ".parq" || StartsWithParquetMagic(inputPath),
        _ => throw new ArgumentException($"--format: '{format}' is not a supported format (csv, parquet)."),
    };

    private static bool StartsWithParquetMagic(string path)
    {
        if (!File.Exists(path)) return false;
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1);
        Span<byte> start = stackalloc byte[4];
        return file.ReadAtLeast(start, 4, throwOnEndOfStream: false) == 4 && start.SequenceEqual("PAR1"u8);
    }

    /// <summary>
    /// A Parquet log read by DuckDB (<see cref="DuckDbRfmSummarizer.ReadLog"/>, on an in-memory database) in the file's
    /// row order, to be summarised in process exactly as the same log read from text.
    /// </summary>
    /// <param name="path">The file to read (already resolved from <c>-</c>).</param>
    /// <param name="readerOptions">The column names, date format and negative-amount rule of the text reader.</param>
    public static TransactionLog ReadParquet(string path, TransactionLogReaderOptions readerOptions)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"--input {path}: the file does not exist.", path);
        var columns = new DuckDbTransactionColumns
        {
            CustomerColumn = readerOptions.CustomerColumn,
            DateColumn = readerOptions.DateColumn,
            AmountColumn = readerOptions.AmountColumn,
            DateFormat = StrptimeFormat(readerOptions.DateFormat),
            AllowNegativeAmounts = readerOptions.AllowNegativeAmounts,
        };
        using var duckDb = new DuckDbRfmSummarizer();
        return duckDb.ReadLog(DuckDbTransactionSource.Parquet(path, columns));
    }

    /// <summary>
    /// The DuckDB <c>strptime</c> format of a text date column: none for 'iso' (DATE and TIMESTAMP columns need none
    /// either), <c>%Y%m%d</c> for 'yyyyMMdd', or a format already in strptime form (starting with '%').
    /// </summary>
    private static string? StrptimeFormat(string? format) => format switch
    {
        null or "iso" => null,
        "yyyyMMdd" => "%Y%m%d",
        _ when format.StartsWith('%') => format,
        _ => throw new ArgumentException($"--date-format '{format}': a Parquet file's text dates take 'iso', 'yyyyMMdd' or a strptime format such as '%d/%m/%Y'."),
    };
}
