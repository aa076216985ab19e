using System.Text;

namespace Clv.Probabilistic.Reporting.Html;

/// <summary>Escaping of text for HTML element content and quoted attribute values.</summary>
internal static class HtmlText
{
    /// <summary>
    /// Escapes &amp;, &lt;, &gt;, double and single quotes, and replaces control characters other than tab, line feed
    /// and carriage return by U+FFFD, so any string is safe as element content or as a quoted attribute value.
    /// </summary>
    public static string Escape(string? text)
    {
        if (string.IsNullOrEmpty(text)) return string.Empty;
        var builder = new StringBuilder(text.Length + 16);
        foreach (char ch in text)
        {
            switch (ch)
            {
                case '&': builder.Append("&amp;"); break;
                case '<': builder.Append("&lt;"); break;
                case '>': builder.Append("&gt;"); break;
                case '"': builder.Append("&quot;"); break;
                case '\'': builder.Append("&#39;"); break;
                case '\t' or '\n' or '\r': builder.Append(ch); break;
                case < ' ' or '\u007F': builder.Append('\uFFFD'); break;
                default: builder.Append(ch); break;
            }
        }
        return builder.ToString();
    }
}
