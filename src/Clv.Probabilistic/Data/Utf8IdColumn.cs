using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Unicode;

namespace Clv.Probabilistic.Data;

/// <summary>
/// Customer ids in row order, kept as UTF-8 bytes packed one after another in chunks of the column's own, so that a
/// summary of millions of rows is read without a string per row (strings are made only when asked for) and without
/// keeping the file's text: about the ids' own bytes plus 4 bytes a row.
/// </summary>
/// <remarks>
/// Each row stores where its id starts: the chunk's number in the high bits, the offset in it in the low bits. A chunk
/// is filled by one writer (<see cref="Writer"/>) with the ids of consecutive rows, so an id ends where the next row's
/// starts when that is in the same chunk, and at the chunk's end otherwise. Several writers can fill disjoint rows at
/// once, each in chunks of its own. Ids are compared as the text they decode to: bytes that are not valid UTF-8 are
/// stored in their decoded form (U+FFFD for each invalid sequence), as <see cref="Encoding.UTF8"/> would turn them into
/// strings, so equal bytes mean equal strings.
/// </remarks>
internal sealed class Utf8IdColumn
{
    private const int ChunkBits = 22;

    /// <summary>Offsets within a chunk stay below this; one id longer than it gets a chunk of its own.</summary>
    private const int ChunkBytes = 1 << ChunkBits;

    /// <summary>Chunk numbers that fit in the high bits of a non-negative start (ids of up to 2 GiB in all).</summary>
    private const int MaxChunks = 1 << (31 - ChunkBits);

    /// <summary>Start of the row after the last: in no chunk, so the last id ends at its chunk's end.</summary>
    private const int NoRow = -1;

    private const int BucketBits = 8;

    /// <summary>From this many rows on, <see cref="FirstRepeat"/> runs on every processor.</summary>
    private const int ParallelRows = 1 << 16;

    private readonly Lock _gate = new();
    private Chunk[] _chunks;
    private int _chunkCount;
    private int[] _starts;
    private Writer? _appender;
    private int _spareChunks;

    /// <summary>A column with room for <paramref name="capacity"/> rows, filled by <see cref="Add"/> (growing as needed) or by writers (<see cref="WriterAt"/>).</summary>
    public Utf8IdColumn(int capacity = 1024)
    {
        _chunks = new Chunk[4];
        _starts = FreshMemory.Array<int>(Math.Max(capacity, 16) + 1);
        _starts[0] = NoRow;
    }

    private Utf8IdColumn(Chunk[] chunks, int[] starts, int count)
    {
        (_chunks, _chunkCount, _starts, Count) = (chunks, chunks.Length, starts, count);
    }

    /// <summary>Number of ids.</summary>
    public int Count { get; private set; }

    /// <summary>The id of a row as UTF-8 bytes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ReadOnlySpan<byte> Utf8At(int row)
    {
        int start = _starts[row], next = _starts[row + 1];
        var chunk = _chunks[start >> ChunkBits];
        int from = start & (ChunkBytes - 1);
        int to = next >> ChunkBits == start >> ChunkBits ? next & (ChunkBytes - 1) : chunk.End;
        return chunk.Bytes.AsSpan(from, to - from);
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

    /// <summary>Appends the id as the next row (its bytes are copied); not with writers at work.</summary>
    public void Add(ReadOnlySpan<byte> utf8)
    {
        _appender ??= new Writer(this, Count, 0);
        _appender.Add(utf8);
        _starts[++Count] = NoRow;
    }

    /// <summary>
    /// A writer of the ids of rows <paramref name="firstRow"/>, <paramref name="firstRow"/> + 1, … (which the column has
    /// room for), each writer its own rows; <see cref="SetCount"/> then says how many rows there are.
    /// </summary>
    /// <param name="firstRow">Row of the first id written.</param>
    /// <param name="expectedBytes">About how many bytes the writer's ids take (sizes its first chunk), or 0 if unknown.</param>
    public Writer WriterAt(int firstRow, long expectedBytes) => new(this, firstRow, expectedBytes);

    /// <summary>
    /// Empties the column and returns the one writer of its new rows from row 0 on, which fills the chunks the column
    /// already has before it makes new ones: a column refilled block after block touches no fresh memory.
    /// </summary>
    /// <param name="expectedBytes">About how many bytes the new ids take (sizes a new first chunk), or 0 if unknown.</param>
    public Writer Restart(long expectedBytes)
    {
        _spareChunks = _chunkCount;
        _chunkCount = 0;
        _appender = null;
        SetCount(0);
        return new Writer(this, 0, expectedBytes);
    }

    /// <summary>Moves the ids of <paramref name="count"/> rows from row <paramref name="from"/> down to row <paramref name="to"/>.</summary>
    public void Move(int from, int to, int count)
    {
        if (from == to || count == 0) return;
        Array.Copy(_starts, from, _starts, to, count);
    }

    /// <summary>Says that rows 0 … <paramref name="count"/> − 1 are set (by writers, and moved into place).</summary>
    public void SetCount(int count)
    {
        Count = count;
        _starts[count] = NoRow;
    }

    /// <summary>The ids of rows <paramref name="start"/> … <paramref name="start"/> + <paramref name="length"/> − 1, as a column of their own (sharing the bytes).</summary>
    public Utf8IdColumn Slice(int start, int length)
    {
        // The row after the last stays as it is: where the last id ends, if that is in the same chunk.
        var starts = _starts.AsSpan(start, length + 1).ToArray();
        var chunks = new Chunk[_chunkCount];
        for (int c = 0; c < chunks.Length; c++) chunks[c] = new Chunk(_chunks[c].Bytes) { End = _chunks[c].End };
        return new Utf8IdColumn(chunks, starts, length);
    }

    /// <summary>A chunk of at least <paramref name="atLeast"/> bytes left by <see cref="Restart"/>, emptied and added, or null.</summary>
    private (Chunk Chunk, int Number)? ReuseChunk(int atLeast)
    {
        lock (_gate)
        {
            if (_chunkCount >= _spareChunks || _chunks[_chunkCount].Bytes.Length < atLeast) return null;
            var chunk = _chunks[_chunkCount];
            chunk.End = 0;
            return (chunk, _chunkCount++);
        }
    }

    private int AddChunk(Chunk chunk)
    {
        lock (_gate)
        {
            _spareChunks = 0;
            if (_chunkCount == MaxChunks)
                throw new InvalidDataException($"The customer ids take more than {(long)MaxChunks * ChunkBytes >> 30} GiB, more than a summary can hold.");
            if (_chunkCount == _chunks.Length) Array.Resize(ref _chunks, Math.Max(2 * _chunks.Length, 4));
            _chunks[_chunkCount] = chunk;
            return _chunkCount++;
        }
    }

    /// <summary>
    /// Among the first <paramref name="rows"/> rows, the first row whose id is also the id of an earlier row, and the
    /// first row with that id; null when the ids are distinct.
    /// </summary>
    /// <remarks>
    /// Ids in strictly increasing order (byte by byte, or shorter first and then byte by byte, as whole numbers without
    /// leading zeros sort) are distinct: one pass comparing neighbours settles it. Otherwise the rows are grouped by the
    /// top bits of their ids' hash (a counting pass, then a scattering pass of row number and half the hash, 8 bytes a
    /// row), and each group, small enough to stay in cache, is checked with its own open-addressing table.
    /// </remarks>
    public (int Row, int Earlier)? FirstRepeat(int rows)
    {
        int workers = rows < ParallelRows ? 1 : Math.Clamp(Environment.ProcessorCount, 1, 8);
        if (rows < 2 || Increasing(rows, workers)) return null;
        const int Buckets = 1 << BucketBits;
        var counts = new int[workers][];
        ForEach(workers, w =>
        {
            var count = counts[w] = new int[Buckets];
            for (int row = (int)(w * (long)rows / workers), end = (int)((w + 1) * (long)rows / workers); row < end; row++)
                count[Bucket(Hash(Utf8At(row)))]++;
        });
        // Bucket b holds the rows of worker 0, then of worker 1, …: in row order.
        var starts = new int[Buckets + 1];
        var next = new int[workers][];
        for (int w = 0; w < workers; w++) next[w] = new int[Buckets];
        int largest = 0;
        for (int b = 0; b < Buckets; b++)
        {
            int at = starts[b];
            for (int w = 0; w < workers; w++)
            {
                next[w][b] = at;
                at += counts[w][b];
            }
            starts[b + 1] = at;
            largest = Math.Max(largest, at - starts[b]);
        }
        // Each row goes to its group with the low half of its hash, so that the groups are checked without reading the ids
        // again but where two hashes agree.
        var grouped = FreshMemory.Array<ulong>(rows);
        ForEach(workers, w =>
        {
            var at = next[w];
            for (int row = (int)(w * (long)rows / workers), end = (int)((w + 1) * (long)rows / workers); row < end; row++)
            {
                ulong hash = Hash(Utf8At(row));
                grouped[at[Bucket(hash)]++] = hash << 32 | (uint)row;
            }
        });
        int tableLength = (int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(2 * largest, 2));
        // The groups are independent: each processor checks a range of them, and the earliest repeat of all is the answer.
        var found = new (int Row, int Earlier)?[workers];
        ForEach(workers, worker =>
        {
            var table = new ulong[tableLength];
            (int Row, int Earlier)? first = null;
            for (int b = worker * Buckets / workers; b < (worker + 1) * Buckets / workers; b++)
            {
                var group = grouped.AsSpan(starts[b], starts[b + 1] - starts[b]);
                int mask = (int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(2 * group.Length, 2)) - 1;
                var slots = table.AsSpan(0, mask + 1);
                slots.Clear();
                for (int k = 0; k < group.Length; k++)
                {
                    int row = (int)(uint)group[k];
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
        });
        (int Row, int Earlier)? repeat = null;
        foreach (var candidate in found)
            if (candidate is { } c && (repeat is not { } r || c.Row < r.Row)) repeat = c;
        return repeat;
    }

    private static int Bucket(ulong hash) => (int)(hash >> (64 - BucketBits));

    /// <summary>
    /// Whether each of the first <paramref name="rows"/> ids is greater than the one before, in one of the two orders
    /// (byte by byte; shorter first, then byte by byte): then no id repeats.
    /// </summary>
    private bool Increasing(int rows, int workers)
    {
        bool bytewise = true, shorterFirst = true;
        var increasing = new (bool Bytewise, bool ShorterFirst)[workers];
        ForEach(workers, w =>
        {
            bool inBytes = true, inLength = true;
            int end = (int)((w + 1) * (long)rows / workers);
            var previous = Utf8At(Math.Max((int)(w * (long)rows / workers) - 1, 0));
            for (int row = Math.Max((int)(w * (long)rows / workers), 1); row < end && (inBytes || inLength); row++)
            {
                var id = Utf8At(row);
                var (afterInBytes, afterInLength) = Follows(previous, id);
                inBytes &= afterInBytes;
                inLength &= afterInLength;
                previous = id;
            }
            increasing[w] = (inBytes, inLength);
        });
        foreach (var (inBytes, inLength) in increasing)
        {
            bytewise &= inBytes;
            shorterFirst &= inLength;
        }
        return bytewise || shorterFirst;
    }

    /// <summary>Whether <paramref name="id"/> comes after <paramref name="previous"/> byte by byte, and shorter first then byte by byte.</summary>
    internal static (bool Bytewise, bool ShorterFirst) Follows(ReadOnlySpan<byte> previous, ReadOnlySpan<byte> id)
    {
        int order = previous.SequenceCompareTo(id);
        return (order < 0, previous.Length < id.Length || (previous.Length == id.Length && order < 0));
    }

    /// <summary>Runs <paramref name="body"/> for 0 … <paramref name="count"/> − 1, on several threads when there is more than one.</summary>
    private static void ForEach(int count, Action<int> body)
    {
        if (count == 1) body(0);
        else Parallel.For(0, count, body);
    }

    /// <summary>
    /// Adds member <paramref name="k"/> of a group (each member: the low half of its id's hash, then its row) to the
    /// group's table (the hash half and k + 1 per slot); returns the earlier row with the same id, or -1.
    /// </summary>
    private int Insert(Span<ulong> slots, int mask, ReadOnlySpan<ulong> group, int k)
    {
        ulong member = group[k];
        ulong tag = member & 0xFFFF_FFFF_0000_0000UL;
        for (int i = (int)(member >> 32) & mask; ; i = (i + 1) & mask)
        {
            ulong slot = slots[i];
            if (slot == 0)
            {
                slots[i] = tag | (uint)(k + 1);
                return -1;
            }
            if ((slot & 0xFFFF_FFFF_0000_0000UL) != tag) continue;
            int row = (int)(uint)member, other = (int)(uint)group[(int)(uint)slot - 1];
            if (Utf8At(other).SequenceEqual(Utf8At(row))) return other;
        }
    }

    /// <summary>A 64-bit multiply-rotate hash over 8-byte words with a final mix, so every bit depends on every byte.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static ulong Hash(ReadOnlySpan<byte> utf8)
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

    /// <summary>Bytes of ids, filled by one writer from the start; <see cref="End"/> is where its last id ends.</summary>
    private sealed class Chunk(byte[] bytes)
    {
        public byte[] Bytes { get; } = bytes;

        public int End { get; set; }
    }

    /// <summary>Writes the ids of consecutive rows into chunks of its own (<see cref="WriterAt"/>).</summary>
    internal sealed class Writer
    {
        /// <summary>The first chunk of a writer whose bytes are not known is this small, and each next one twice as large.</summary>
        private const int FirstChunkBytes = 256;

        private readonly Utf8IdColumn _column;
        private Chunk? _chunk;
        private int _chunkNumber;
        private int _nextChunkBytes;
        private int _row;
        private int _last;

        internal Writer(Utf8IdColumn column, int firstRow, long expectedBytes)
        {
            _column = column;
            _row = firstRow;
            _nextChunkBytes = (int)Math.Clamp(expectedBytes, FirstChunkBytes, ChunkBytes);
        }

        /// <summary>The id written last.</summary>
        public ReadOnlySpan<byte> Last => _chunk!.Bytes.AsSpan(_last, _chunk.End - _last);

        /// <summary>
        /// Makes the first chunk now (of the expected size) rather than at the first id: a reader that makes every
        /// large array before it writes any lets the system back each with 2 MiB pages (a block of 2 MiB touched while
        /// only part of it is committed is filled 4 KiB page by page, ≈ 512 faults).
        /// </summary>
        public Writer Reserve()
        {
            if (_chunk is null) NewChunk(0);
            return this;
        }

        /// <summary>Sets the next row's id to a copy of <paramref name="utf8"/> (invalid UTF-8 stored as it decodes).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Add(ReadOnlySpan<byte> utf8)
        {
            if (!Utf8.IsValid(utf8)) utf8 = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(utf8));
            var chunk = _chunk;
            if (chunk is null || chunk.End >= ChunkBytes || utf8.Length > chunk.Bytes.Length - chunk.End) chunk = NewChunk(utf8.Length);
            _last = chunk.End;
            utf8.CopyTo(chunk.Bytes.AsSpan(_last));
            if (_row + 1 >= _column._starts.Length) Array.Resize(ref _column._starts, 2 * _column._starts.Length); // only one writer: the column's length was not known
            _column._starts[_row++] = _chunkNumber << ChunkBits | _last;
            chunk.End = _last + utf8.Length;
        }

        private Chunk NewChunk(int atLeast)
        {
            if (_column.ReuseChunk(atLeast) is ({ } reused, int number))
            {
                _chunkNumber = number;
                return _chunk = reused;
            }
            var bytes = GC.AllocateUninitializedArray<byte>(Math.Max(atLeast, _nextChunkBytes));
            FreshMemory.Advise(bytes);
            var chunk = new Chunk(bytes);
            _nextChunkBytes = Math.Min(2 * _nextChunkBytes, ChunkBytes);
            _chunkNumber = _column.AddChunk(chunk);
            return _chunk = chunk;
        }
    }
}
