using System.Buffers.Binary;
using System.Numerics;
using System.Text;
using System.Text.Unicode;

namespace Clv.Probabilistic.Data;

/// <summary>
/// Customer ids in row order, kept as UTF-8 bytes in one buffer with a 64-bit hash each, so that a summary of millions
/// of rows is read without a string per row (strings are made only when asked for) and repeated ids are found in
/// one cache-friendly pass at the end (<see cref="FirstRepeat"/>) instead of a random probe per row.
/// </summary>
/// <remarks>
/// Ids are compared as the text they decode to: bytes that are not valid UTF-8 are stored in their decoded form
/// (U+FFFD for each invalid sequence), as <see cref="Encoding.UTF8"/> would turn them into strings.
/// </remarks>
internal sealed class Utf8IdColumn
{
    private const int BucketBits = 8;

    /// <summary>From this many rows on, the groups of <see cref="FirstRepeat"/> are checked on every processor.</summary>
    private const int ParallelRows = 1 << 16;

    private byte[] _bytes;
    private int[] _ends;
    private ulong[] _hashes;
    private int _used;

    public Utf8IdColumn(int capacity = 1024)
    {
        capacity = Math.Max(capacity, 16);
        _bytes = FreshMemory.Array<byte>(Math.Min(capacity, 1 << 21) * 8); // grows past 16 MiB only when the ids need it
        _ends = FreshMemory.Array<int>(capacity);
        _hashes = FreshMemory.Array<ulong>(capacity);
    }

    /// <summary>Number of ids.</summary>
    public int Count { get; private set; }

    /// <summary>The id of a row as UTF-8 bytes.</summary>
    public ReadOnlySpan<byte> Utf8At(int row)
    {
        int start = row == 0 ? 0 : _ends[row - 1];
        return _bytes.AsSpan(start, _ends[row] - start);
    }

    /// <summary>The id of a row as a string.</summary>
    public string this[int row] => Encoding.UTF8.GetString(Utf8At(row));

    /// <summary>Every id as a string, in row order.</summary>
    public string[] ToStrings()
    {
        var ids = new string[Count];
        for (int row = 0; row < ids.Length; row++) ids[row] = this[row];
        return ids;
    }

    /// <summary>Appends the id as the next row.</summary>
    public void Add(ReadOnlySpan<byte> utf8)
    {
        if (!Utf8.IsValid(utf8)) utf8 = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(utf8));
        if (_used + utf8.Length > _bytes.Length) Array.Resize(ref _bytes, Math.Max(2 * _bytes.Length, _used + utf8.Length));
        if (Count == _ends.Length)
        {
            Array.Resize(ref _ends, 2 * Count);
            Array.Resize(ref _hashes, 2 * Count);
        }
        utf8.CopyTo(_bytes.AsSpan(_used));
        _used += utf8.Length;
        _ends[Count] = _used;
        _hashes[Count++] = Hash(utf8);
    }

    /// <summary>The ids of rows <paramref name="start"/> … <paramref name="start"/> + <paramref name="length"/> − 1, as a column of their own.</summary>
    public Utf8IdColumn Slice(int start, int length)
    {
        var slice = new Utf8IdColumn(length);
        int from = start == 0 ? 0 : _ends[start - 1], to = length == 0 ? from : _ends[start + length - 1];
        if (to - from > slice._bytes.Length) slice._bytes = new byte[to - from];
        _bytes.AsSpan(from, to - from).CopyTo(slice._bytes);
        for (int row = 0; row < length; row++) slice._ends[row] = _ends[start + row] - from;
        _hashes.AsSpan(start, length).CopyTo(slice._hashes);
        slice._used = to - from;
        slice.Count = length;
        return slice;
    }

    /// <summary>Appends every id of <paramref name="other"/>, in order.</summary>
    public void Append(Utf8IdColumn other)
    {
        int count = Count + other.Count, used = _used + other._used;
        if (used > _bytes.Length) Array.Resize(ref _bytes, used);
        if (count > _ends.Length)
        {
            Array.Resize(ref _ends, count);
            Array.Resize(ref _hashes, count);
        }
        other._bytes.AsSpan(0, other._used).CopyTo(_bytes.AsSpan(_used));
        for (int row = 0; row < other.Count; row++) _ends[Count + row] = _used + other._ends[row];
        other._hashes.AsSpan(0, other.Count).CopyTo(_hashes.AsSpan(Count));
        _used = used;
        Count = count;
    }

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
