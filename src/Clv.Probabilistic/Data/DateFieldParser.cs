using System.Globalization;
using System.Text;
using System.Runtime.CompilerServices;

namespace Clv.Probabilistic.Data;

/// <summary>
/// Parses a date field (UTF-8 bytes) into a day number (<see cref="DateOnly.DayNumber"/>), with allocation-free fast
/// paths for ISO 8601 (<c>yyyy-MM-dd</c>, optionally followed by a time) and <c>yyyyMMdd</c>.
/// </summary>
internal sealed class DateFieldParser
{
    private enum Kind { Iso, Compact, Custom }

    private readonly Kind _kind;
    private readonly string? _format;

    /// <param name="format">null or <c>iso</c> for ISO 8601 dates and date-times; otherwise a .NET exact date format.</param>
    public DateFieldParser(string? format)
    {
        _format = format;
        _kind = format switch
        {
            null or "iso" or "ISO" or "yyyy-MM-dd" => Kind.Iso,
            "yyyyMMdd" => Kind.Compact,
            _ => Kind.Custom,
        };
    }

    /// <summary>Describes the accepted format, for error messages.</summary>
    public string Description => _kind switch
    {
        Kind.Iso => "an ISO 8601 date (yyyy-MM-dd) or date-time (yyyy-MM-ddTHH:mm:ss)",
        Kind.Compact => "a date in the format yyyyMMdd",
        _ => $"a date in the format {_format}",
    };

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool TryParse(ReadOnlySpan<byte> text, out int dayNumber)
    {
        dayNumber = 0;
        switch (_kind)
        {
            case Kind.Compact:
                return text.Length == 8 && TryDayNumber(Digits(text[..4]), Digits(text.Slice(4, 2)), Digits(text.Slice(6, 2)), out dayNumber);
            case Kind.Iso:
                if (text.Length < 10 || text[4] != (byte)'-' || text[7] != (byte)'-') return false;
                if (text.Length > 10 && !((text[10] == (byte)'T' || text[10] == (byte)' ') && IsIsoTime(text[11..]))) return false;
                return TryDayNumber(Digits(text[..4]), Digits(text.Slice(5, 2)), Digits(text.Slice(8, 2)), out dayNumber);
            default:
                return TryParseCustom(text, out dayNumber);
        }
    }

    /// <summary>Parses a date given as text (for dates on the command line and in options).</summary>
    public bool TryParse(string text, out int dayNumber) => TryParse(Encoding.UTF8.GetBytes(text.Trim()), out dayNumber);

    private bool TryParseCustom(ReadOnlySpan<byte> text, out int dayNumber)
    {
        dayNumber = 0;
        if (text.Length > 128) return false;
        Span<char> chars = stackalloc char[128];
        int length = Encoding.UTF8.GetChars(text, chars);
        if (!DateTime.TryParseExact(chars[..length], _format, CultureInfo.InvariantCulture, DateTimeStyles.None, out var dateTime))
            return false;
        dayNumber = DateOnly.FromDateTime(dateTime).DayNumber;
        return true;
    }

    /// <summary>Value of a run of ASCII digits, or -1 if any byte is not a digit.</summary>
    private static int Digits(ReadOnlySpan<byte> text)
    {
        int value = 0;
        foreach (byte b in text)
        {
            int digit = b - '0';
            if ((uint)digit > 9) return -1;
            value = value * 10 + digit;
        }
        return value;
    }

    private static bool TryDayNumber(int year, int month, int day, out int dayNumber)
    {
        dayNumber = 0;
        if (year < 1 || month < 1 || month > 12 || day < 1 || day > DateTime.DaysInMonth(year, month)) return false;
        dayNumber = new DateOnly(year, month, day).DayNumber;
        return true;
    }

    /// <summary>HH:mm[:ss[.fraction]][Z|+HH:mm|-HH:mm|+HHmm|-HHmm].</summary>
    private static bool IsIsoTime(ReadOnlySpan<byte> text)
    {
        if (text.Length < 5 || text[2] != (byte)':' || !InRange(text[..2], 23) || !InRange(text.Slice(3, 2), 59)) return false;
        int i = 5;
        if (i < text.Length && text[i] == (byte)':')
        {
            if (text.Length < i + 3 || !InRange(text.Slice(i + 1, 2), 59)) return false;
            i += 3;
            if (i < text.Length && (text[i] == (byte)'.' || text[i] == (byte)','))
            {
                int start = ++i;
                while (i < text.Length && (uint)(text[i] - '0') <= 9) i++;
                if (i == start) return false;
            }
        }
        if (i == text.Length) return true;
        var zone = text[i..];
        if (zone.Length == 1 && zone[0] == (byte)'Z') return true;
        if (zone[0] != (byte)'+' && zone[0] != (byte)'-') return false;
        zone = zone[1..];
        return zone.Length switch
        {
            2 => InRange(zone, 23),
            4 => InRange(zone[..2], 23) && InRange(zone[2..], 59),
            5 => zone[2] == (byte)':' && InRange(zone[..2], 23) && InRange(zone[3..], 59),
            _ => false,
        };
    }

    private static bool InRange(ReadOnlySpan<byte> digits, int max)
    {
        int value = Digits(digits);
        return value >= 0 && value <= max;
    }
}
