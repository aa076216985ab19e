using System.Text;

namespace Clv.Probabilistic.PostgreSql;

/// <summary>SQL text helpers for PostgreSQL: identifiers are always quoted, never spliced as given.</summary>
public static class PostgreSqlSql
{
    /// <summary>Quotes an identifier: wrapped in double quotes, inner double quotes doubled.</summary>
    /// <exception cref="ArgumentException">The name is empty or contains a NUL character.</exception>
    public static string QuoteIdentifier(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (name.Length == 0) throw new ArgumentException("An identifier cannot be empty.", nameof(name));
        if (name.Contains('\0')) throw new ArgumentException("An identifier cannot contain a NUL character.", nameof(name));
        return new StringBuilder(name.Length + 2).Append('"').Append(name.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"').ToString();
    }

    /// <summary>A possibly schema-qualified name (one to three parts), each part quoted.</summary>
    /// <exception cref="ArgumentException">No part, more than three, or an invalid part.</exception>
    public static string QuoteName(IReadOnlyList<string> nameParts)
    {
        ArgumentNullException.ThrowIfNull(nameParts);
        if (nameParts.Count is 0 or > 3) throw new ArgumentException("A table name has one to three parts (database, schema, table).", nameof(nameParts));
        return string.Join(".", nameParts.Select(QuoteIdentifier));
    }

    /// <summary>
    /// Splits <c>schema.table</c> as PostgreSQL reads it: at dots outside double quotes; quoted parts keep their case
    /// (quotes removed, doubled quotes undone), unquoted parts are folded to lower case.
    /// </summary>
    /// <exception cref="ArgumentException">An unbalanced quote or an empty part.</exception>
    public static IReadOnlyList<string> SplitName(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var parts = new List<string>();
        var part = new StringBuilder();
        bool quoted = false, wasQuoted = false;
        for (int i = 0; i < name.Length; i++)
        {
            char c = name[i];
            if (quoted)
            {
                if (c != '"') part.Append(c);
                else if (i + 1 < name.Length && name[i + 1] == '"')
                {
                    part.Append('"');
                    i++;
                }
                else quoted = false;
            }
            else if (c == '"') quoted = wasQuoted = true;
            else if (c == '.') Flush();
            else part.Append(c);
        }
        if (quoted) throw new ArgumentException($"Unbalanced double quote in the table name '{name}'.", nameof(name));
        Flush();
        return parts;

        void Flush()
        {
            // PostgreSQL folds unquoted names to lower case.
            string text = wasQuoted ? part.ToString() : part.ToString().Trim().ToLowerInvariant();
            if (text.Length == 0) throw new ArgumentException($"Empty part in the table name '{name}'.", nameof(name));
            parts.Add(text);
            part.Clear();
            wasQuoted = false;
        }
    }
}
