using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Unicode;

namespace Clv.Probabilistic.Data;

/// <summary>
/// Maps customer ids given as UTF-8 bytes to dense indices 0, 1, 2, ... in order of first appearance, allocating a
/// string only for a new id. An open-addressing table whose slots hold ids of up to 24 bytes inline, so that looking
/// up a known id usually touches one cache line (a <see cref="Dictionary{TKey,TValue}"/> touches three).
/// </summary>
internal sealed class Utf8IdInterner
{
    private const int InlineBytes = 24;

    [InlineArray(InlineBytes)]
    private struct KeyBytes
    {
        private byte _first;
    }

    /// <summary>Tag: the hash with its low 8 bits replaced by the key length (capped at 255); 0 index = empty slot.</summary>
    private struct Slot
    {
        public int Tag;
        public int IndexPlusOne;
        public KeyBytes Key; // the key itself, or for longer keys its offset and length in the overflow buffer
    }

    private Slot[] _slots = new Slot[1 << 12];
    private int _shift = 32 - 12;
    private string[] _ids = new string[1 << 11];
    private byte[] _overflow = [];
    private int _overflowUsed;

    public int Count { get; private set; }

    public string IdAt(int index) => _ids[index];

    public string[] ToArray() => _ids.AsSpan(0, Count).ToArray();

    /// <summary>Index of the id, adding it if new; -1 if it is new and not valid UTF-8.</summary>
    public int Intern(ReadOnlySpan<byte> utf8)
    {
        var hash = new HashCode();
        hash.AddBytes(utf8);
        int tag = (hash.ToHashCode() & ~0xFF) | Math.Min(utf8.Length, 255);
        int mask = _slots.Length - 1;
        int i = (int)((uint)tag >> _shift);
        while (true)
        {
            ref Slot slot = ref _slots[i];
            if (slot.IndexPlusOne == 0) return Add(ref slot, tag, utf8);
            if (slot.Tag == tag && KeyOf(ref slot, utf8.Length).SequenceEqual(utf8)) return slot.IndexPlusOne - 1;
            i = (i + 1) & mask;
        }
    }

    /// <summary>Index of the id, adding it if new.</summary>
    public int Intern(string id) => Intern(Encoding.UTF8.GetBytes(id));

    private ReadOnlySpan<byte> KeyOf(ref Slot slot, int length)
    {
        ReadOnlySpan<byte> key = slot.Key;
        if (length <= InlineBytes) return key[..length];
        return _overflow.AsSpan(BinaryPrimitives.ReadInt32LittleEndian(key), BinaryPrimitives.ReadInt32LittleEndian(key[4..]));
    }

    private int Add(ref Slot slot, int tag, ReadOnlySpan<byte> utf8)
    {
        // Invalid bytes would decode to U+FFFD, so two different ids could become the same string.
        if (!Utf8.IsValid(utf8)) return -1;
        int index = Count;
        slot.Tag = tag;
        slot.IndexPlusOne = index + 1;
        Span<byte> key = slot.Key;
        if (utf8.Length <= InlineBytes)
        {
            utf8.CopyTo(key);
        }
        else
        {
            if (_overflow.Length - _overflowUsed < utf8.Length)
                Array.Resize(ref _overflow, Math.Max(2 * _overflow.Length, _overflowUsed + utf8.Length + 4096));
            utf8.CopyTo(_overflow.AsSpan(_overflowUsed));
            BinaryPrimitives.WriteInt32LittleEndian(key, _overflowUsed);
            BinaryPrimitives.WriteInt32LittleEndian(key[4..], utf8.Length);
            _overflowUsed += utf8.Length;
        }
        if (index == _ids.Length) Array.Resize(ref _ids, 2 * _ids.Length);
        _ids[index] = Encoding.UTF8.GetString(utf8);
        Count++;
        if (2 * Count > _slots.Length) Grow();
        return index;
    }

    private void Grow()
    {
        var old = _slots;
        _slots = new Slot[2 * old.Length];
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
