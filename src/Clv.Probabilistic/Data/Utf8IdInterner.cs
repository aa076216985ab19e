using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Unicode;

namespace Clv.Probabilistic.Data;

/// <summary>
/// Maps customer ids given as UTF-8 bytes to dense indices 0, 1, 2, ... in order of first appearance. An
/// open-addressing table whose slots hold ids of up to 24 bytes inline, so that looking up a known id usually touches
/// one cache line (a <see cref="Dictionary{TKey,TValue}"/> touches three). The ids' bytes are also kept in order of
/// appearance, and strings are made only when asked for (<see cref="IdAt"/>, <see cref="ToArray"/>).
/// </summary>
/// <remarks>
/// Looking up millions of ids in a table of many megabytes is bound by the latency of memory: a caller that knows the
/// next ids ahead can compute their <see cref="Tag"/>s and <see cref="Touch"/> their slots first, so that several
/// slots are on their way from memory at once, and then <see cref="Intern(ReadOnlySpan{byte}, int)"/> them in order.
/// </remarks>
internal sealed class Utf8IdInterner
{
    private const int InlineBytes = 24;
    private const int SmallestTable = 1 << 12;

    [InlineArray(InlineBytes)]
    private struct KeyBytes
    {
        private byte _first;
    }

    /// <summary>
    /// Tag: the hash with its low 8 bits replaced by the key length (capped at 255); 0 index = empty slot. A key of up
    /// to <see cref="InlineBytes"/> bytes is followed by zeros.
    /// </summary>
    private struct Slot
    {
        public int Tag;
        public int IndexPlusOne;
        public KeyBytes Key; // the key itself, or for longer keys its offset in the id bytes
    }

    private Slot[] _slots;
    private int _shift;
    private byte[] _bytes;
    private int[] _ends;

    /// <summary>An empty interner with room for about <paramref name="expectedIds"/> ids before its table grows.</summary>
    public Utf8IdInterner(int expectedIds = 0)
    {
        int slots = SmallestTable;
        while (slots < 2L * expectedIds && slots < 1 << 30) slots *= 2;
        _slots = FreshMemory.Array<Slot>(slots);
        _shift = 32 - int.Log2(slots);
        _ends = FreshMemory.Array<int>(Math.Max(slots / 2, 16));
        _bytes = FreshMemory.Array<byte>(Math.Max(slots / 2, 16) * 8);
    }

    public int Count { get; private set; }

    /// <summary>The id as UTF-8 bytes.</summary>
    public ReadOnlySpan<byte> Utf8At(int index)
    {
        int start = index == 0 ? 0 : _ends[index - 1];
        return _bytes.AsSpan(start, _ends[index] - start);
    }

    public string IdAt(int index) => Encoding.UTF8.GetString(Utf8At(index));

    /// <summary>The ids as strings in order of first appearance (made on every processor when there are many).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public string[] ToArray()
    {
        var ids = new string[Count];
        const int Block = 1 << 15;
        if (ids.Length <= Block)
        {
            for (int i = 0; i < ids.Length; i++) ids[i] = IdAt(i);
            return ids;
        }
        Parallel.For(0, (ids.Length + Block - 1) / Block, block =>
        {
            int end = Math.Min(ids.Length, (block + 1) * Block);
            for (int i = block * Block; i < end; i++) ids[i] = IdAt(i);
        });
        return ids;
    }

    /// <summary>The tag of an id, which <see cref="Touch"/> and <see cref="Intern(ReadOnlySpan{byte}, int)"/> take.</summary>
    public static int Tag(ReadOnlySpan<byte> utf8)
    {
        var hash = new HashCode();
        hash.AddBytes(utf8);
        return (hash.ToHashCode() & ~0xFF) | Math.Min(utf8.Length, 255);
    }

    /// <summary>
    /// Reads the first slot an id of this tag would probe, to bring it into the cache before it is needed: its first and
    /// last bytes, as a slot may straddle two cache lines (the array's elements start 16 bytes into a line).
    /// </summary>
    public int Touch(int tag)
    {
        ref Slot slot = ref _slots[(uint)tag >> _shift];
        return slot.Tag ^ ((ReadOnlySpan<byte>)slot.Key)[InlineBytes - 1];
    }

    /// <summary>Index of the id, adding it if new; -1 if it is new and not valid UTF-8.</summary>
    public int Intern(ReadOnlySpan<byte> utf8) => Intern(utf8, Tag(utf8));

    /// <summary>Index of the id whose <see cref="Tag"/> is <paramref name="tag"/>, adding it if new; -1 if it is new and not valid UTF-8.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public int Intern(ReadOnlySpan<byte> utf8, int tag)
    {
        ref Slot slot = ref Probe(utf8, tag);
        return slot.IndexPlusOne == 0 ? Add(ref slot, tag, utf8) : slot.IndexPlusOne - 1;
    }

    /// <summary>An id of up to <see cref="PaddedId.Bytes"/> bytes followed by zeros, as <see cref="Intern(in PaddedId, int, int)"/> takes it.</summary>
    [InlineArray(Bytes)]
    internal struct PaddedId
    {
        public const int Bytes = 32;
        private byte _first;
    }

    /// <summary>
    /// <see cref="Intern(ReadOnlySpan{byte}, int)"/> of the first <paramref name="length"/> bytes of <paramref name="id"/>,
    /// whose other bytes are zero: an id short enough to sit in a slot is compared as three 8-byte words.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public int Intern(in PaddedId id, int length, int tag)
    {
        if (length > InlineBytes) return Intern(((ReadOnlySpan<byte>)id)[..length], tag);
        ReadOnlySpan<ulong> words = MemoryMarshal.Cast<byte, ulong>((ReadOnlySpan<byte>)id);
        ulong w0 = words[0], w1 = words[1], w2 = words[2];
        var slots = _slots;
        int mask = slots.Length - 1;
        int i = (int)((uint)tag >> _shift);
        while (true)
        {
            ref Slot slot = ref slots[i];
            if (slot.IndexPlusOne == 0) return Add(ref slot, tag, ((ReadOnlySpan<byte>)id)[..length]);
            if (slot.Tag == tag)
            {
                ReadOnlySpan<ulong> key = MemoryMarshal.Cast<byte, ulong>((ReadOnlySpan<byte>)slot.Key);
                if (((key[0] ^ w0) | (key[1] ^ w1) | (key[2] ^ w2)) == 0) return slot.IndexPlusOne - 1;
            }
            i = (i + 1) & mask;
        }
    }

    /// <summary>Index of the id, or -1 if it is not here. Only reads the table, so several threads may look up at once.</summary>
    public int Find(ReadOnlySpan<byte> utf8, int tag) => Probe(utf8, tag).IndexPlusOne - 1;

    /// <summary>The id's slot, or the empty slot where it would go.</summary>
    private ref Slot Probe(ReadOnlySpan<byte> utf8, int tag)
    {
        var slots = _slots;
        int mask = slots.Length - 1;
        int i = (int)((uint)tag >> _shift);
        while (true)
        {
            ref Slot slot = ref slots[i];
            if (slot.IndexPlusOne == 0 || (slot.Tag == tag && KeyOf(ref slot, utf8.Length).SequenceEqual(utf8))) return ref slot;
            i = (i + 1) & mask;
        }
    }

    /// <summary>
    /// The table's memory offered for reuse (<see cref="SpareMemory"/>): afterwards the interner can no longer look up or
    /// add ids, only give those it has (<see cref="Utf8At"/>, <see cref="IdAt"/>, <see cref="ToArray"/>).
    /// </summary>
    public SpareMemory ReleaseTable()
    {
        var spare = SpareMemory.Of(_slots);
        _slots = [];
        return spare;
    }

    /// <summary>Index of the id, adding it if new.</summary>
    public int Intern(string id) => Intern(Encoding.UTF8.GetBytes(id));

    /// <summary>
    /// Interns every id of <paramref name="other"/> in its order of first appearance, and returns for each of its
    /// indices the index here: the ids new here come after this interner's own, in the order <paramref name="other"/>
    /// first saw them, as if its ids had been read after these.
    /// </summary>
    /// <remarks>The ids already here are looked up on every processor (the table is only read), then the new ones added in order.</remarks>
    public int[] InternAll(Utf8IdInterner other)
    {
        const int Block = 1 << 16;
        var map = new int[other.Count];
        int blocks = (map.Length + Block - 1) / Block;
        if (blocks <= 1) FindAll(other, map, 0, map.Length);
        else Parallel.For(0, blocks, b => FindAll(other, map, b * Block, Math.Min(map.Length, (b + 1) * Block)));
        for (int k = 0; k < map.Length; k++)
            if (map[k] < 0) map[k] = Intern(other.Utf8At(k));
        return map;
    }

    /// <summary>Sets <paramref name="map"/>[k] to the index here of <paramref name="other"/>'s id k (-1 if absent), for k from <paramref name="from"/> to <paramref name="to"/> − 1.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void FindAll(Utf8IdInterner other, int[] map, int from, int to)
    {
        const int Ahead = 32;
        Span<int> tags = stackalloc int[Ahead];
        int touched = 0;
        for (int start = from; start < to; start += Ahead)
        {
            int count = Math.Min(Ahead, to - start);
            for (int k = 0; k < count; k++) tags[k] = Tag(other.Utf8At(start + k));
            for (int k = 0; k < count; k++) touched ^= Touch(tags[k]);
            for (int k = 0; k < count; k++) map[start + k] = Find(other.Utf8At(start + k), tags[k]);
        }
        GC.KeepAlive(touched);
    }

    private ReadOnlySpan<byte> KeyOf(ref Slot slot, int length)
    {
        ReadOnlySpan<byte> key = slot.Key;
        if (length <= InlineBytes) return key[..length];
        return _bytes.AsSpan(BinaryPrimitives.ReadInt32LittleEndian(key), length);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private int Add(ref Slot slot, int tag, ReadOnlySpan<byte> utf8)
    {
        // Invalid bytes would decode to U+FFFD, so two different ids could become the same string.
        if (!Utf8.IsValid(utf8)) return -1;
        int index = Count;
        int start = index == 0 ? 0 : _ends[index - 1];
        if (_bytes.Length - start < utf8.Length)
            Array.Resize(ref _bytes, (int)Math.Min(Array.MaxLength, Math.Max(2L * _bytes.Length, (long)start + utf8.Length)));
        utf8.CopyTo(_bytes.AsSpan(start));
        if (index == _ends.Length) Array.Resize(ref _ends, 2 * _ends.Length);
        _ends[index] = start + utf8.Length;

        slot.Tag = tag;
        slot.IndexPlusOne = index + 1;
        Span<byte> key = slot.Key;
        if (utf8.Length <= InlineBytes) utf8.CopyTo(key);
        else BinaryPrimitives.WriteInt32LittleEndian(key, start);
        Count++;
        if (2 * Count > _slots.Length) Grow();
        return index;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Grow()
    {
        var old = _slots;
        _slots = FreshMemory.Array<Slot>(2 * old.Length);
        _shift--;
        int mask = _slots.Length - 1;
        foreach (ref readonly Slot slot in old.AsSpan())
        {
            if (slot.IndexPlusOne == 0) continue;
            int i = (int)((uint)slot.Tag >> _shift);
            while (_slots[i].IndexPlusOne != 0) i = (i + 1) & mask;
            _slots[i] = slot;
        }
    }
}
