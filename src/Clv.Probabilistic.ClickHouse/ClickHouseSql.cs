using System.Globalization;
using System.Text;

namespace Clv.Probabilistic.ClickHouse;

/// <summary>SQL text helpers for ClickHouse: identifiers and strings are always quoted, never spliced as given.</summary>
public static class ClickHouseSql
{
    /// <summary>Quotes an identifier in back quotes, backslashes and back quotes escaped with a backslash.</summary>
    /// <exception cref="ArgumentException">The name is empty or contains a NUL character.</exception>
    public static string QuoteIdentifier(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (name.Length == 0) throw new ArgumentException("An identifier cannot be empty.", nameof(name));
        if (name.Contains('\0')) throw new ArgumentException("An identifier cannot contain a NUL character.", nameof(name));
        return "`" + Escape(name, '`') + "`";
    }

    /// <summary>A table name, optionally qualified by its database (one or two parts), each part quoted.</summary>
    /// <exception cref="ArgumentException">No part, more than two, or an invalid part.</exception>
    public static string QuoteName(IReadOnlyList<string> nameParts)
    {
        ArgumentNullException.ThrowIfNull(nameParts);
        if (nameParts.Count is 0 or > 2) throw new ArgumentException("A ClickHouse table name has one or two parts (database, table).", nameof(nameParts));
        return string.Join(".", nameParts.Select(QuoteIdentifier));
    }

    /// <summary>
    /// Splits <c>database.table</c> at dots outside back quotes or double quotes (ClickHouse names are case-sensitive, so
    /// nothing is folded); quoted parts lose their quotes, with doubled or backslash-escaped quotes undone.
    /// </summary>
    /// <exception cref="ArgumentException">An empty part, an unclosed quote, or more than two parts.</exception>
    public static IReadOnlyList<string> SplitName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var parts = new List<string>();
        var part = new StringBuilder();
        bool quotedPart = false;
        for (int i = 0; i < name.Length; i++)
        {
            char c = name[i];
            if (c is '`' or '"')
            {
                char quote = c;
                int j = i + 1;
                for (; ; j++)
                {
                    if (j >= name.Length) throw new ArgumentException($"Unclosed quote in the table name {name}.", nameof(name));
                    if (name[j] == '\\' && j + 1 < name.Length) { part.Append(name[++j]); continue; }
                    if (name[j] != quote) { part.Append(name[j]); continue; }
                    if (j + 1 < name.Length && name[j + 1] == quote) { part.Append(quote); j++; continue; }
                    break;
                }
                quotedPart = true;
                i = j;
            }
            else if (c == '.')
            {
                Add();
            }
            else
            {
                part.Append(c);
            }
        }
        Add();
        if (parts.Count > 2) throw new ArgumentException($"The table name {name} has more than two parts (database.table).", nameof(name));
        return parts;

        void Add()
        {
            string text = quotedPart ? part.ToString() : part.ToString().Trim();
            if (text.Length == 0) throw new ArgumentException($"The table name {name} has an empty part.", nameof(name));
            parts.Add(text);
            part.Clear();
            quotedPart = false;
        }
    }

    /// <summary>A string literal in single quotes, backslashes and single quotes escaped.</summary>
    internal static string Literal(string value) => "'" + Escape(value, '\'') + "'";

    /// <summary>The day number of a date as the server counts days (<c>toRelativeDayNum</c>), as an Int64 expression.</summary>
    internal static string DayNumber(DateOnly date) =>
        "toInt64(toRelativeDayNum(toDate('" + date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + "')))";

    /// <summary>A Float64 constant bit for bit (reinterpreted from its little-endian bytes, whatever the server's float parser).</summary>
    internal static string Float64(double value)
    {
        Span<byte> bytes = stackalloc byte[8];
        BitConverter.TryWriteBytes(bytes, value);
        if (!BitConverter.IsLittleEndian) bytes.Reverse();
        return "reinterpretAsFloat64(unhex('" + Convert.ToHexString(bytes) + "'))";
    }

    private static string Escape(string value, char quote)
    {
        var builder = new StringBuilder(value.Length + 2);
        foreach (char c in value)
        {
            if (c == '\\' || c == quote) builder.Append('\\');
            builder.Append(c);
        }
        return builder.ToString();
    }
}
