using System.Globalization;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace Clv.Probabilistic.Data;

/// <summary>
/// Reads a number written as UTF-8 text exactly as <c>double.TryParse(text, NumberStyles.Float,
/// CultureInfo.InvariantCulture)</c> does, with a fast path for the plain decimals that fill summary files.
/// </summary>
/// <remarks>
/// The fast path takes <c>[+|-]digits[.digits]</c> with at most 19 digits. When the integer mantissa m is at most 2^53
/// and the scale k (digits after the point) at most 22, m and 10^k are exact doubles and one IEEE division m / 10^k is
/// the correctly rounded value of the decimal (Clinger 1990, "How to read floating point numbers accurately", the fast
/// path); above 2^53 (the 16–17 digits of shortest round-trip text) with k ≤ 19, exact 128-bit integer division rounds
/// it (<see cref="RoundedQuotient"/>). Everything else (more digits, exponents, blanks, NaN, infinities, malformed text) goes
/// to the runtime's parser, so results and failures are those of <see cref="double.TryParse(ReadOnlySpan{byte}, NumberStyles, IFormatProvider?, out double)"/>.
/// </remarks>
internal static class Utf8Number
{
    /// <summary>The largest integer mantissa of the fast path (every integer up to 2^53 is an exact double).</summary>
    internal const ulong MaxExactMantissa = 1UL << 53;

    /// <summary>10^0 … 10^22, the powers of ten that are exact doubles.</summary>
    internal static ReadOnlySpan<double> ExactPowersOfTen =>
    [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    ];

    /// <summary>Parses <paramref name="text"/>; false (and 0) when the runtime's invariant parser would fail.</summary>
    public static bool TryParse(ReadOnlySpan<byte> text, out double value) =>
        TryParsePlainDecimal(text, out value)
        || double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value);

    /// <summary>
    /// Whether <paramref name="text"/> is a plain decimal (<c>[+|-]digits[.digits]</c>, as the fast path reads, but with
    /// any number of digits after the point) with at most <paramref name="integerDigits"/> digits before the point: then
    /// <see cref="TryParse"/> reads it, and its value is finite with magnitude at most 10^<paramref name="integerDigits"/>
    /// (below it before rounding). Checks a number that is not kept without reading it; false says nothing.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static bool IsPlainDecimal(ReadOnlySpan<byte> text, int integerDigits)
    {
        int i = text.Length > 0 && (text[0] == (byte)'-' || text[0] == (byte)'+') ? 1 : 0;
        ReadDigits(text, ref i, out int whole, out int scale, out _);
        return i == text.Length && whole + scale > 0 && whole <= integerDigits;
    }

    /// <summary>
    /// Reads <c>digits[.digits]</c> from position <paramref name="i"/> of <paramref name="text"/>, leaving
    /// <paramref name="i"/> at the first byte after them: the digits as one integer (the mantissa), exact when at most 19
    /// of them count from the first non-zero one (<paramref name="exact"/>; otherwise it has wrapped around), with the
    /// number of digits before the point (<paramref name="whole"/>) and after it (<paramref name="scale"/>).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static ulong ReadDigits(ReadOnlySpan<byte> text, ref int i, out int whole, out int scale, out bool exact)
    {
        ulong mantissa = 0;
        int significant = 0, start = i;
        uint digit;
        while (i < text.Length && (digit = (uint)(text[i] - '0')) <= 9)
        {
            mantissa = mantissa * 10 + digit;
            if (digit != 0 || significant != 0) significant++;
            i++;
        }
        whole = i - start;
        scale = 0;
        if (i < text.Length && text[i] == (byte)'.')
        {
            for (i++; i < text.Length && (digit = (uint)(text[i] - '0')) <= 9; i++, scale++)
            {
                mantissa = mantissa * 10 + digit;
                if (digit != 0 || significant != 0) significant++;
            }
        }
        exact = significant <= 19;
        return mantissa;
    }

    /// <summary>The fast path alone: false when the text is not a plain decimal it can read exactly.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static bool TryParsePlainDecimal(ReadOnlySpan<byte> text, out double value)
    {
        value = 0;
        int i = 0;
        bool negative = false;
        if (text.Length > 0 && (text[0] == (byte)'-' || text[0] == (byte)'+'))
        {
            negative = text[0] == (byte)'-';
            i = 1;
        }
        ulong mantissa = ReadDigits(text, ref i, out int whole, out int scale, out bool exact);
        if (i != text.Length || whole + scale == 0 || !exact || !TryCompose(mantissa, scale, out double magnitude)) return false;
        value = negative ? -magnitude : magnitude;
        return true;
    }

    /// <summary>
    /// The double nearest mantissa / 10^scale (ties to even), for a mantissa of at most 19 digits: by one IEEE division
    /// of exact doubles up to 2^53 (scale ≤ 22), above it by exact integer division (scale ≤ 19, <see cref="RoundedQuotient"/>);
    /// false outside these ranges.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static bool TryCompose(ulong mantissa, int scale, out double magnitude)
    {
        if (mantissa <= MaxExactMantissa && scale < ExactPowersOfTen.Length)
        {
            magnitude = scale == 0 ? mantissa : mantissa / ExactPowersOfTen[scale];
            return true;
        }
        if (mantissa > MaxExactMantissa && scale <= MaxQuotientScale)
        {
            magnitude = RoundedQuotient(mantissa, scale);
            return true;
        }
        magnitude = 0;
        return false;
    }

    /// <summary>The largest scale <see cref="RoundedQuotient"/> takes (10^19 is the largest power of ten below 2^64).</summary>
    private const int MaxQuotientScale = 19;

    /// <summary>
    /// m / 10^s correctly rounded (ties to even) for 2^53 &lt; m &lt; 2^64 and s ≤ 19, where m is not an exact double:
    /// q = ⌊m·2^k / 10^s⌋ is taken with 56 or 57 bits by exact 128-bit division, cut to 53 bits and rounded on the bits
    /// cut and the remainder (any remainder makes a cut half more than half), then scaled by 2^−k: the value IEEE division
    /// of the exact quotient would give, which is what the runtime's parser gives for the decimal text.
    /// </summary>
    internal static double RoundedQuotient(ulong m, int s)
    {
        ulong p = PowersOfTen[s];
        int k = 56 - (64 - BitOperations.LeadingZeroCount(m)) + (64 - BitOperations.LeadingZeroCount(p));
        UInt128 numerator = (UInt128)m << Math.Max(k, 0), divisor = (UInt128)p << Math.Max(-k, 0);
        var (quotient, remainder) = UInt128.DivRem(numerator, divisor);
        ulong q = (ulong)quotient;
        int cut = 64 - BitOperations.LeadingZeroCount(q) - 53;
        ulong kept = q >> cut, rest = q & ((1UL << cut) - 1), half = 1UL << (cut - 1);
        if (rest > half || rest == half && (remainder != UInt128.Zero || (kept & 1) != 0)) kept++;
        return Math.ScaleB(kept, cut - k);
    }

    private static ReadOnlySpan<ulong> PowersOfTen =>
    [
        1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000, 1_000_000_000, 10_000_000_000,
        100_000_000_000, 1_000_000_000_000, 10_000_000_000_000, 100_000_000_000_000, 1_000_000_000_000_000,
        10_000_000_000_000_000, 100_000_000_000_000_000, 1_000_000_000_000_000_000, 10_000_000_000_000_000_000,
    ];
}
