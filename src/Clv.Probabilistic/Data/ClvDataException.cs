using System.Globalization;
using System.Text;

namespace Clv.Probabilistic.Data;

/// <summary>
/// Invalid input data: a transaction log or summary that cannot be read or summarised as given.
/// The message says what is wrong and where; the same facts are available as properties.
/// </summary>
public sealed class ClvDataException : Exception
{
    /// <summary>Creates the exception; every location argument is optional and is written into the message when given.</summary>
    /// <param name="problem">What is wrong, in plain words.</param>
    /// <param name="source">File name (or other source name) of the input.</param>
    /// <param name="lineNumber">1-based line number in <paramref name="source"/>.</param>
    /// <param name="column">Column name.</param>
    /// <param name="customerId">Customer concerned.</param>
    /// <param name="row">0-based row index, for in-memory input.</param>
    /// <param name="count">How many rows or customers share the problem.</param>
    public ClvDataException(string problem, string? source = null, long? lineNumber = null, string? column = null,
        string? customerId = null, long? row = null, long? count = null)
        : base(Compose(problem, source, lineNumber, column, customerId, row))
    {
        Problem = problem;
        SourceName = source;
        LineNumber = lineNumber;
        Column = column;
        CustomerId = customerId;
        Row = row;
        Count = count;
    }

    /// <summary>What is wrong, without the location.</summary>
    public string Problem { get; }

    /// <summary>File name (or other source name) of the input, when it came from a file or stream.</summary>
    public string? SourceName { get; }

    /// <summary>1-based line number in <see cref="SourceName"/>, when known.</summary>
    public long? LineNumber { get; }

    /// <summary>Name of the offending column, when known.</summary>
    public string? Column { get; }

    /// <summary>Identifier of the offending customer, when known.</summary>
    public string? CustomerId { get; }

    /// <summary>0-based row index of in-memory input, when known.</summary>
    public long? Row { get; }

    /// <summary>How many rows or customers share the problem, when the error counts them.</summary>
    public long? Count { get; }

    private static string Compose(string problem, string? source, long? line, string? column, string? customer, long? row)
    {
        var where = new StringBuilder();
        void Add(string part)
        {
            if (where.Length > 0) where.Append(", ");
            where.Append(part);
        }
        if (source is not null) Add(source);
        if (line is not null) Add(string.Create(CultureInfo.InvariantCulture, $"line {line}"));
        if (row is not null) Add(string.Create(CultureInfo.InvariantCulture, $"row {row}"));
        if (column is not null) Add($"column '{column}'");
        if (customer is not null) Add($"customer '{customer}'");
        return where.Length == 0 ? problem : $"{where}: {problem}";
    }
}
