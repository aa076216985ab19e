using System.Runtime.CompilerServices;

namespace Clv.Probabilistic.Data;

/// <summary>
/// The shortest round-trip text of recently formatted numbers, for columns that repeat a few values (frequencies,
/// durations in whole days over a unit): a direct-mapped table from a double's bits to its text, so a repeated value
/// is copied instead of formatted again. The text (UTF-8) is that of <c>value.TryFormat(…, "R", InvariantCulture)</c> either way (<see cref="ShortestDouble"/>).
/// </summary>
internal sealed class RepeatedNumbers
{
    private const int Entries = 1 << 11;
    private const int LongestText = 24; // "-1.2345678901234567E-308"

    private readonly ulong[] _bits = new ulong[Entries];
    private readonly byte[] _lengths = new byte[Entries];
    private readonly byte[] _texts = new byte[Entries * LongestText];

    /// <summary>Writes <paramref name="value"/> into <paramref name="destination"/>; false when it does not fit.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool TryFormat(double value, Span<byte> destination, out int written)
    {
        ulong bits = BitConverter.DoubleToUInt64Bits(value);
        int entry = (int)((bits * 0x9E3779B97F4A7C15UL) >> (64 - 11));
        var text = _texts.AsSpan(entry * LongestText, LongestText);
        if (_lengths[entry] > 0 && _bits[entry] == bits)
        {
            written = _lengths[entry];
            return text[..written].TryCopyTo(destination);
        }
        if (!ShortestDouble.TryFormat(value, destination, out written)) return false;
        if (written <= LongestText)
        {
            destination[..written].CopyTo(text);
            _bits[entry] = bits;
            _lengths[entry] = (byte)written;
        }
        return true;
    }
}
