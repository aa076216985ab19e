using System.Globalization;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace Clv.Probabilistic.Data;

/// <summary>
/// The text <c>value.ToString("R", CultureInfo.InvariantCulture)</c> gives, written without the runtime's formatter:
/// the shortest decimal in the double's rounding interval (the closest one when several are as short, ties to an even
/// last digit) found by Schubfach (R. Giulietti, "The Schubfach way to render doubles", 2020: one scaling by a 126-bit
/// power of ten, rounded to odd, then at most four candidates), laid out as the runtime lays out "R": fixed notation
/// when the position of the decimal point, counted from the left of the first digit, lies in −3..max(digits, 17),
/// else <c>d.dddE±XX</c> with at least two exponent digits.
/// </summary>
/// <remarks>
/// The cases the scaled candidates cannot settle with certainty are handed to the runtime: NaN and infinities, the two
/// smallest subnormals (fewer than ten units at the scale), products within the power's rounding error of an integer
/// when the power is not exact and the value too large to divide exactly (above about 10^28; see
/// <see cref="ScaleToOdd"/>), and the powers of two whose text depends on how the runtime bounds them (see
/// <see cref="FormatOwn(double, Span{byte})"/>).
/// </remarks>
internal static partial class ShortestDouble
{
    /// <summary>The longest text: "-1.2345678901234567E-308".</summary>
    public const int LongestText = 24;

    // Room for the digits before the point is placed (one more than the text).
    internal const int Room = LongestText + 1;

    private static ReadOnlySpan<byte> Pairs =>
        "00010203040506070809101112131415161718192021222324252627282930313233343536373839"u8 +
        "40414243444546474849505152535455565758596061626364656667686970717273747576777879"u8 +
        "8081828384858687888990919293949596979899"u8;

    private static ReadOnlySpan<ulong> PowersOfTen =>
    [
        1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000, 1_000_000_000, 10_000_000_000,
        100_000_000_000, 1_000_000_000_000, 10_000_000_000_000, 100_000_000_000_000, 1_000_000_000_000_000,
        10_000_000_000_000_000, 100_000_000_000_000_000, 1_000_000_000_000_000_000, 10_000_000_000_000_000_000,
    ];

    /// <summary>Writes the text of <paramref name="value"/> as UTF-8 (ASCII); false (nothing written) when it does not fit.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool TryFormat(double value, Span<byte> destination, out int written)
    {
        if (destination.Length >= Room)
        {
            written = Format(value, destination);
            return true;
        }
        return TryFormatShort(value, destination, out written);
    }

    /// <summary>
    /// Writes the text of <paramref name="value"/> as UTF-8 (ASCII) into <paramref name="text"/>, at least
    /// <see cref="Room"/> long, and returns its length.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static int Format(double value, Span<byte> text)
    {
        int written = FormatOwn(value, text);
        return written >= 0 ? written : FormatByRuntime(value, text);
    }

    /// <summary>The runtime's text, for the values <see cref="FormatOwn"/> leaves to it (kept apart: its frame is large).</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static int FormatByRuntime(double value, Span<byte> text)
    {
        if (!value.TryFormat(text, out int written, "R", CultureInfo.InvariantCulture))
            throw new InvalidOperationException($"The text of {value} does not fit {text.Length} bytes.");
        return written;
    }

    /// <summary><see cref="TryFormat"/> into a destination shorter than <see cref="Room"/>, through a buffer of that length.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static bool TryFormatShort(double value, Span<byte> destination, out int written)
    {
        Span<byte> text = stackalloc byte[Room];
        written = Format(value, text);
        if (text[..written].TryCopyTo(destination)) return true;
        written = 0;
        return false;
    }

    /// <summary>
    /// Writes the text as UTF-8 (ASCII) into <paramref name="text"/> (at least <see cref="Room"/> long); −1 when the
    /// runtime must.
    /// </summary>
    /// <remarks>
    /// Compiled at run time, not ahead of time: the ReadyToRun code of this method formats at half the speed (measured:
    /// 2·10^6 numbers in 198 ms on one core against 92 ms), which costs more than the 10–25 ms of compiling it.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static int FormatOwn(double value, Span<byte> text)
    {
        ulong bits = BitConverter.DoubleToUInt64Bits(value);
        int sign = (int)(bits >> 63);
        int biased = (int)(bits >> 52) & 0x7FF;
        ulong fraction = bits & ((1UL << 52) - 1);
        if (sign != 0) text[0] = (byte)'-';
        if (biased == 0x7FF) return -1;
        if (biased == 0 && fraction == 0)
        {
            text[sign] = (byte)'0';
            return sign + 1;
        }
        ulong c = biased == 0 ? fraction : fraction | (1UL << 52);
        int q = biased == 0 ? -1074 : biased - 1075;
        if (q is < 0 and > -53)
        {
            // An integer below 10^15 is its own shortest text (its neighbours are at most 1 apart, and a shorter decimal
            // than the integer would be another integer), in fixed notation.
            ulong whole = c >> -q;
            if (whole << -q == c && whole < 1_000_000_000_000_000)
            {
                int length = DigitCount(whole);
                WriteDigits(text.Slice(sign, length), whole);
                return sign + length;
            }
        }
        if (!TryShortest(c, q, regular: true, out ulong digits, out int exponent)) return -1;
        if (biased > 1 && fraction == 0)
        {
            // A power of two has a neighbour below at half the distance of the one above. The runtime's fast path
            // (Grisu3) takes both as far as the one above, its exact fallback (Dragon4) does not: where the two
            // intervals give different text the runtime's choice depends on which ran, so it formats.
            if (!TryShortestIrregular(c, q, out ulong closer, out int closerExponent)
                || closer * PowersOfTen[Math.Max(0, closerExponent - exponent)] != digits * PowersOfTen[Math.Max(0, exponent - closerExponent)])
                return -1;
        }
        return Layout(text, sign, digits, exponent);
    }

    /// <summary>
    /// The shortest decimal <paramref name="digits"/> × 10^<paramref name="exponent"/> in the rounding interval of
    /// c·2^q (closed when c is even), the closest to it among the shortest, ties to even (Giulietti 2020, figure 7:
    /// the candidates are the multiples of 10^(k+1) around v, else s·10^k and (s+1)·10^k with s = ⌊v·10^−k⌋).
    /// </summary>
    /// <param name="c">The significand as an integer.</param>
    /// <param name="q">The binary exponent of its last bit.</param>
    /// <param name="regular">Whether the neighbours below and above are equally far (not so for 2^52·2^q above the first binade).</param>
    /// <param name="digits">The decimal significand (may end in zeros).</param>
    /// <param name="exponent">Its decimal exponent.</param>
    /// <returns>False when the scaled values cannot settle it with certainty (the runtime then formats).</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool TryShortest(ulong c, int q, bool regular, out ulong digits, out int exponent)
    {
        // v = c·2^q; its interval [vl, vr] is (cbl, cbr)·2^(q−2) with cb = 4c. k puts the interval's width, 2^q (or
        // ¾·2^q), in [10^k, 10^(k+1)), so a multiple of 10^(k+1) in it is unique and a multiple of 10^k always exists.
        ulong cb = c << 2;
        ulong cbr = cb + 2;
        ulong cbl;
        int k;
        if (regular)
        {
            cbl = cb - 2;
            k = FloorLog10Pow2(q);
        }
        else
        {
            cbl = cb - 1;
            k = FloorLog10ThreeQuartersPow2(q);
        }
        // 4·x·10^−k = (x·4 << h)·g·2^−128 with 10^−k = g·2^(e−125), e = ⌊log2 10^−k⌋; h is 3..6.
        int h = q + FloorLog2Pow10(-k) + 3;
        var (gHigh, gLow) = Power(k);
        bool exact = IsExactPower(k);
        bool uncertain = false;
        ulong vb = ScaleToOdd(gHigh, gLow, cb << h, exact, ref uncertain);
        ulong vbl = ScaleToOdd(gHigh, gLow, cbl << h, exact, ref uncertain);
        ulong vbr = ScaleToOdd(gHigh, gLow, cbr << h, exact, ref uncertain);
        if (uncertain && k is >= 1 and <= ExactDivisionMaxK)
        {
            // Large integers: 4·x·10^−k may be an integer the rounded-up power cannot show; divide exactly instead.
            vb = DivideToOdd(cb, q, k);
            vbl = DivideToOdd(cbl, q, k);
            vbr = DivideToOdd(cbr, q, k);
            uncertain = false;
        }
        exponent = k;
        digits = 0;
        ulong s = vb >> 2;
        // Below 10 units the runtime starts its digits below 10^(k+1), so a multiple of 10^(k+1) is not a candidate.
        if (uncertain || s < 10) return false;

        // Rounded to odd, a scaled value compares with an even integer as the exact value does; an odd significand's
        // interval is open, hence the extra 1.
        ulong open = c & 1;
        ulong sp10 = s / 10 * 10, tp10 = sp10 + 10;
        bool upin = vbl + open <= sp10 << 2;
        bool wpin = (tp10 << 2) + open <= vbr;
        if (upin != wpin)
        {
            digits = upin ? sp10 : tp10;
            return true;
        }
        ulong t = s + 1;
        bool uin = vbl + open <= s << 2;
        bool win = (t << 2) + open <= vbr;
        if (uin != win)
        {
            digits = uin ? s : t;
            return true;
        }
        // Both in the interval: the closer to v, on a tie the even one.
        ulong middle = (s + t) << 1;
        digits = vb < middle || vb == middle && (s & 1) == 0 ? s : t;
        return true;
    }

    /// <summary><see cref="TryShortest"/> for a power of two's narrower interval below, compiled apart (and only when one comes).</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static bool TryShortestIrregular(ulong c, int q, out ulong digits, out int exponent) =>
        TryShortest(c, q, regular: false, out digits, out exponent);

    /// <summary>
    /// ⌊p·g·2^−128⌋ with its last bit set when the exact p·10^−k·2^(125−e)·2^−128 is not an integer (rounding to odd,
    /// Giulietti 2020, section 9). With an exact g that is the product's own fraction. With g rounded up (g − β in
    /// (0, 1)), the exact value lies in [x − p·2^−128, x) below the product x, so a fraction above p·2^−128 proves the
    /// same floor and a non-integer; a smaller fraction is reported as <paramref name="uncertain"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong ScaleToOdd(ulong gHigh, ulong gLow, ulong p, bool exact, ref bool uncertain)
    {
        ulong lowHigh = Math.BigMul(p, gLow, out ulong lowLow);
        ulong highHigh = Math.BigMul(p, gHigh, out ulong highLow);
        ulong middle = highLow + lowHigh;
        ulong integer = highHigh + (middle < highLow ? 1UL : 0UL);
        if (exact) return integer | ((middle | lowLow) != 0 ? 1UL : 0UL);
        uncertain |= middle == 0 && lowLow <= p;
        return integer | 1;
    }

    private const int ExactDivisionMaxK = 27;

    /// <summary>
    /// cbx·2^q·10^−k rounded to odd by exact division, for 1 ≤ k ≤ <see cref="ExactDivisionMaxK"/> (where q ≥ k, 5^k
    /// fits 64 bits and cbx·2^(q−k) fits 128).
    /// </summary>
    private static ulong DivideToOdd(ulong cbx, int q, int k)
    {
        ulong power = (ulong)PowersOfFive[k];
        var (quotient, remainder) = UInt128.DivRem((UInt128)cbx << (q - k), power);
        return (ulong)quotient | (remainder != 0 ? 1UL : 0UL);
    }

    private static ReadOnlySpan<long> PowersOfFive =>
    [
        1, 5, 25, 125, 625, 3125, 15625, 78125, 390625, 1953125, 9765625, 48828125, 244140625, 1220703125, 6103515625,
        30517578125, 152587890625, 762939453125, 3814697265625, 19073486328125, 95367431640625, 476837158203125,
        2384185791015625, 11920928955078125, 59604644775390625, 298023223876953125, 1490116119384765625,
        7450580596923828125,
    ];

    /// <summary>The table's g of 10^−k: its high and low 64 bits.</summary>
    internal static (ulong High, ulong Low) Power(int k) => (Powers[2 * (k - PowerMinK)], Powers[2 * (k - PowerMinK) + 1]);

    /// <summary>Whether the table's g of 10^−k is exact (not rounded up).</summary>
    internal static bool IsExactPower(int k) => k is >= ExactMinK and <= ExactMaxK;

    /// <summary>⌊log10 2^q⌋ for |q| ≤ 1100 (checked against exact powers in the tests).</summary>
    internal static int FloorLog10Pow2(int q) => (q * 315653) >> 20;

    /// <summary>⌊log10(¾·2^q)⌋ for |q| ≤ 1100.</summary>
    internal static int FloorLog10ThreeQuartersPow2(int q) => (q * 315653 - 131008) >> 20;

    /// <summary>⌊log2 10^e⌋ for |e| ≤ 340.</summary>
    internal static int FloorLog2Pow10(int e) => (e * 1741647) >> 19;

    /// <summary>
    /// Lays out digits·10^exponent as "R" does: the decimal point position is the digit count plus exponent; fixed
    /// notation when it lies in −3..max(significant digits, 17) (the runtime's round-trip digit count for doubles),
    /// else scientific with "E+XX"/"E-XX".
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Layout(Span<byte> text, int sign, ulong digits, int exponent)
    {
        int length = DigitCount(digits);
        int point = length + exponent;
        if (point is <= 0 and >= -3)
        {
            int first = sign + 2 - point;
            WriteDigits(text.Slice(first, length), digits);
            int end = first + length;
            while (text[end - 1] == '0') end--;
            text[sign] = (byte)'0';
            text[sign + 1] = (byte)'.';
            for (int i = sign + 2; i < first; i++) text[i] = (byte)'0';
            return end;
        }
        // The digits go one place right of where they start, so the few before the point move left, not those after.
        WriteDigits(text.Slice(sign + 1, length), digits);
        int significant = length;
        while (text[sign + significant] == '0') significant--;
        if (point > 0 && point <= Math.Max(significant, 17))
        {
            int whole = Math.Min(point, length);
            for (int i = sign; i < sign + whole; i++) text[i] = text[i + 1];
            if (point >= significant)
            {
                for (int i = sign + whole; i < sign + point; i++) text[i] = (byte)'0';
                return sign + point;
            }
            text[sign + point] = (byte)'.';
            return sign + significant + 1;
        }
        text[sign] = text[sign + 1];
        int at = sign + 1;
        if (significant > 1)
        {
            text[sign + 1] = (byte)'.';
            at = sign + significant + 1;
        }
        int power = point - 1;
        text[at++] = (byte)'E';
        text[at++] = (byte)(power < 0 ? '-' : '+');
        if (power < 0) power = -power;
        if (power >= 100)
        {
            text[at++] = (byte)('0' + power / 100);
            power %= 100;
        }
        text[at++] = Pairs[2 * power];
        text[at++] = Pairs[2 * power + 1];
        return at;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int DigitCount(ulong value)
    {
        int guess = ((BitOperations.Log2(value) + 1) * 1233) >> 12;
        return guess + (value >= PowersOfTen[guess] ? 1 : 0);
    }

    /// <summary>Writes the decimal digits of <paramref name="value"/> to fill <paramref name="destination"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void WriteDigits(Span<byte> destination, ulong value)
    {
        int at = destination.Length;
        while (at > 8)
        {
            ulong rest = value / 100_000_000;
            WriteEight(destination.Slice(at - 8, 8), (uint)(value - rest * 100_000_000));
            value = rest;
            at -= 8;
        }
        uint small = (uint)value;
        while (at >= 2)
        {
            uint rest = small / 100;
            WritePair(destination, at - 2, small - rest * 100);
            small = rest;
            at -= 2;
        }
        if (at == 1) destination[0] = (byte)('0' + small);
    }

    /// <summary>Eight digits with leading zeros, as two independent halves.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void WriteEight(Span<byte> destination, uint value)
    {
        uint high = value / 10_000, low = value - high * 10_000;
        uint a = high / 100, c = low / 100;
        WritePair(destination, 0, a);
        WritePair(destination, 2, high - a * 100);
        WritePair(destination, 4, c);
        WritePair(destination, 6, low - c * 100);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void WritePair(Span<byte> destination, int at, uint pair)
    {
        destination[at] = Pairs[(int)(2 * pair)];
        destination[at + 1] = Pairs[(int)(2 * pair + 1)];
    }
}
