using System.Buffers.Binary;
using System.Numerics;
using System.Text;
using System.Text.Unicode;

namespace Clv.Probabilistic.Data;

/// <summary>
/// Customer ids in row order, kept as UTF-8 bytes with a 64-bit hash each, so that a summary of millions of rows is read
/// without a string per row (strings are made only when asked for) and repeated ids are found in one cache-friendly
/// pass at the end (<see cref="FirstRepeat"/>) instead of a random probe per row.
/// </summary>
/// <remarks>
/// A column read from a file's text points into that text (a start and a length per row: no copy of the ids' bytes);
/// ids that are not found in the text as they decode (quoted with doubled quotes, or not valid UTF-8) and ids added
/// one by one (<see cref="Add"/>) are kept in a buffer of the column's own, and their start is stored as its bitwise
/// complement. Ids are compared as the text they decode to: bytes that are not valid UTF-8 are stored in their decoded
/// form (U+FFFD for each invalid sequence), as <see cref="Encoding.UTF8"/> would turn them into strings.
/// </remarks>
internal sealed class Utf8IdColumn
{
    private const int BucketBits = 8;

    /// <summary>From this many rows on, the groups of <see cref="FirstRepeat"/> are checked on every processor.</summary>
    private const int ParallelRows = 1 << 16;

    private readonly byte[] _text;
    private byte[] _own;
    private int _ownUsed;
    private int[] _starts;
    private int[] _lengths;
    private ulong[] _hashes;

    /// <summary>A column whose ids are added one by one (<see cref="Add"/>).</summary>
    public Utf8IdColumn(int capacity = 1024)
        : this([], capacity)
    {
    }

    /// <summary>A column of <paramref name="capacity"/> rows whose ids are stretches of <paramref name="text"/>, set by row (<see cref="SetInText"/>).</summary>
    public Utf8IdColumn(byte[] text, int capacity)
    {
        capacity = Math.Max(capacity, 16);
        _text = text;
        _own = [];
        _starts = FreshMemory.Array<int>(capacity);
        _lengths = FreshMemory.Array<int>(capacity);
        _hashes = FreshMemory.Array<ulong>(capacity);
    }

    private Utf8IdColumn(byte[] text, byte[] own, int[] starts, int[] lengths, ulong[] hashes, int count)
    {
        (_text, _own, _ownUsed, _starts, _lengths, _hashes, Count) = (text, own, own.Length, starts, lengths, hashes, count);
    }

    /// <summary>Number of ids.</summary>
    public int Count { get; private set; }

    /// <summary>The id of a row as UTF-8 bytes.</summary>
    public ReadOnlySpan<byte> Utf8At(int row)
    {
        int start = _starts[row];
        return start >= 0 ? _text.AsSpan(start, _lengths[row]) : _own.AsSpan(~start, _lengths[row]);
    }

    /// <summary>The id of a row as a string.</summary>
    public string this[int row] => Encoding.UTF8.GetString(Utf8At(row));

    /// <summary>The id of a row set by <see cref="SetInText"/> or <see cref="SetOwn"/> with <paramref name="own"/>, before <see cref="TakeOwn"/>.</summary>
    public string Decode(int row, byte[] own)
    {
        int start = _starts[row];
        return Encoding.UTF8.GetString(start >= 0 ? _text.AsSpan(start, _lengths[row]) : own.AsSpan(~start, _lengths[row]));
    }

    /// <summary>Every id as a string, in row order.</summary>
    public string[] ToStrings()
    {
        var ids = new string[Count];
        for (int row = 0; row < ids.Length; row++) ids[row] = this[row];
        return ids;
    }

    /// <summary>Appends the id as the next row (its bytes are copied).</summary>
    public void Add(ReadOnlySpan<byte> utf8)
    {
        if (Count == _starts.Length)
        {
            int capacity = Math.Max(2 * Count, 16);
            Array.Resize(ref _starts, capacity);
            Array.Resize(ref _lengths, capacity);
            Array.Resize(ref _hashes, capacity);
        }
        SetOwn(Count, utf8, ref _own, ref _ownUsed);
        Count++;
    }

    /// <summary>
    /// Sets row <paramref name="row"/> to the id at <paramref name="start"/> of the text, <paramref name="length"/>
    /// bytes long, when they are valid UTF-8 (true); false, setting nothing, when they are not. Rows are set from several
    /// threads at once, each its own rows; <see cref="SetCount"/> then says how many there are.
    /// </summary>
    public bool SetInText(int row, int start, int length)
    {
        var utf8 = _text.AsSpan(start, length);
        if (!Utf8.IsValid(utf8)) return false;
        _starts[row] = start;
        _lengths[row] = length;
        _hashes[row] = Hash(utf8);
        return true;
    }

    /// <summary>
    /// Sets row <paramref name="row"/> to a copy of <paramref name="utf8"/> in a buffer of the caller's
    /// (<paramref name="own"/>, <paramref name="used"/> bytes filled); the buffer is taken in by <see cref="TakeOwn"/>.
    /// </summary>
    public void SetOwn(int row, ReadOnlySpan<byte> utf8, ref byte[] own, ref int used)
    {
        if (!Utf8.IsValid(utf8)) utf8 = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(utf8));
        if (used + utf8.Length > own.Length) Array.Resize(ref own, Math.Max(Math.Max(2 * own.Length, 256), used + utf8.Length));
        utf8.CopyTo(own.AsSpan(used));
        _starts[row] = ~used;
        _lengths[row] = utf8.Length;
        _hashes[row] = Hash(utf8);
        used += utf8.Length;
    }

    /// <summary>
    /// Appends the bytes of a buffer filled by <see cref="SetOwn"/> for rows <paramref name="from"/> … <paramref name="to"/> − 1
    /// to the column's own, and points those rows' ids into it.
    /// </summary>
    public void TakeOwn(byte[] own, int used, int from, int to)
    {
        if (used == 0) return;
        int offset = _ownUsed;
        if (offset + used > _own.Length) Array.Resize(ref _own, Math.Max(2 * _own.Length, offset + used));
        own.AsSpan(0, used).CopyTo(_own.AsSpan(offset));
        _ownUsed += used;
        for (int row = from; row < to; row++)
            if (_starts[row] < 0) _starts[row] = ~(~_starts[row] + offset);
    }

    /// <summary>Moves the ids of <paramref name="count"/> rows from row <paramref name="from"/> down to row <paramref name="to"/>.</summary>
    public void Move(int from, int to, int count)
    {
        if (from == to || count == 0) return;
        Array.Copy(_starts, from, _starts, to, count);
        Array.Copy(_lengths, from, _lengths, to, count);
        Array.Copy(_hashes, from, _hashes, to, count);
    }

    /// <summary>Says that rows 0 … <paramref name="count"/> − 1 are set (rows set by <see cref="SetInText"/> or <see cref="SetOwn"/>).</summary>
    public void SetCount(int count) => Count = count;

    /// <summary>The ids of rows <paramref name="start"/> … <paramref name="start"/> + <paramref name="length"/> − 1, as a column of their own (sharing the text).</summary>
    public Utf8IdColumn Slice(int start, int length) => new(_text, _own.AsSpan(0, _ownUsed).ToArray(),
        _starts.AsSpan(start, length).ToArray(), _lengths.AsSpan(start, length).ToArray(), _hashes.AsSpan(start, length).ToArray(), length);

    /// <summary>
    /// Among the first <paramref name="rows"/> rows, the first row whose id is also the id of an earlier row, and the
    /// first row with that id; null when the ids are distinct.
    /// </summary>
    /// <remarks>
    /// The rows are grouped by the top bits of their hash (one counting pass and one scattering pass of row numbers, 4
    /// bytes a row), then each group, small enough to stay in cache, is checked with its own open-addressing table.
    /// </remarks>
    public (int Row, int Earlier)? FirstRepeat(int rows)
    {
        const int Buckets = 1 << BucketBits;
        var starts = new int[Buckets + 1];
        for (int row = 0; row < rows; row++) starts[(_hashes[row] >> (64 - BucketBits)) + 1]++;
        int largest = 0;
        for (int b = 0; b < Buckets; b++)
        {
            largest = Math.Max(largest, starts[b + 1]);
            starts[b + 1] += starts[b];
        }
        var grouped = FreshMemory.Array<int>(rows);
        var next = starts.AsSpan(0, Buckets).ToArray();
        for (int row = 0; row < rows; row++) grouped[next[_hashes[row] >> (64 - BucketBits)]++] = row;
        int tableLength = (int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(2 * largest, 2));
        // The groups are independent: each processor checks a range of them, and the earliest repeat of all is the answer.
        int workers = rows < ParallelRows ? 1 : Math.Clamp(Environment.ProcessorCount, 1, 8);
        var found = new (int Row, int Earlier)?[workers];
        void Check(int worker)
        {
            var table = new int[tableLength];
            (int Row, int Earlier)? first = null;
            for (int b = worker * Buckets / workers; b < (worker + 1) * Buckets / workers; b++)
            {
                var group = grouped.AsSpan(starts[b], starts[b + 1] - starts[b]);
                int mask = (int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(2 * group.Length, 2)) - 1;
                var slots = table.AsSpan(0, mask + 1);
                slots.Clear();
                for (int k = 0; k < group.Length; k++)
                {
                    int row = group[k];
                    if (first is { } earliest && row >= earliest.Row) break;
                    int earlier = Insert(slots, mask, group, k);
                    if (earlier >= 0)
                    {
                        first = (row, earlier);
                        break;
                    }
                }
            }
            found[worker] = first;
        }
        if (workers == 1) Check(0);
        else Parallel.For(0, workers, Check);
        (int Row, int Earlier)? repeat = null;
        foreach (var candidate in found)
            if (candidate is { } c && (repeat is not { } r || c.Row < r.Row)) repeat = c;
        return repeat;
    }

    /// <summary>Adds the group member to the group's table; returns the earlier row with the same id, or -1.</summary>
    private int Insert(Span<int> slots, int mask, ReadOnlySpan<int> group, int k)
    {
        int row = group[k];
        ulong hash = _hashes[row];
        for (int i = (int)hash & mask; ; i = (i + 1) & mask)
        {
            int member = slots[i] - 1;
            if (member < 0)
            {
                slots[i] = k + 1;
                return -1;
            }
            int other = group[member];
            if (_hashes[other] == hash && Utf8At(other).SequenceEqual(Utf8At(row))) return other;
        }
    }

    /// <summary>A 64-bit multiply-rotate hash over 8-byte words with a final mix, so every bit depends on every byte.</summary>
    private static ulong Hash(ReadOnlySpan<byte> utf8)
    {
        const ulong K = 0x9E37_79B9_7F4A_7C15UL;
        ulong h = (ulong)utf8.Length * K;
        while (utf8.Length >= 8)
        {
            h = BitOperations.RotateLeft((h ^ BinaryPrimitives.ReadUInt64LittleEndian(utf8)) * K, 29);
            utf8 = utf8[8..];
        }
        ulong tail = 0;
        for (int i = 0; i < utf8.Length; i++) tail |= (ulong)utf8[i] << (8 * i);
        h = (h ^ tail) * K;
        h ^= h >> 31;
        h *= 0xBF58_476D_1CE4_E5B9UL;
        return h ^ (h >> 29);
    }
}
