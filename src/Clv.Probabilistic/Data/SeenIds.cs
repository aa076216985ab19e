using System.Numerics;

namespace Clv.Probabilistic.Data;

/// <summary>
/// The customer ids of a summary's rows so far, in a hash set that says, for each new row, on which line its id first
/// appeared (for <see cref="SummaryBlockReader"/> once the ids stop increasing). The ids are kept as bytes, so that a
/// match of hashes is confirmed on the ids themselves.
/// </summary>
internal sealed class SeenIds
{
    private readonly Utf8IdColumn _ids = new(1 << 12);
    private readonly RowLines _lines = new();

    /// <summary>Per slot: the high half of the id's hash, then its row + 1; 0 when empty.</summary>
    private ulong[] _slots = new ulong[1 << 12];

    /// <summary>Ids in the set: the rows added so far.</summary>
    public int Count => _ids.Count;

    /// <summary>Records the lines of the block's rows, which are the next rows to be added.</summary>
    public void AddLines(SummaryBlock block) => _lines.Append(block.Lines, Count);

    /// <summary>Adds the next row's id; returns the line of an earlier row with the same id (then the id is not added), or null.</summary>
    public long? Add(ReadOnlySpan<byte> id)
    {
        ulong hash = Utf8IdColumn.Hash(id);
        int mask = _slots.Length - 1;
        for (int i = (int)hash & mask; ; i = (i + 1) & mask)
        {
            ulong slot = _slots[i];
            if (slot == 0) break;
            if ((slot >> 32) == (hash >> 32) && _ids.Utf8At((int)(uint)slot - 1).SequenceEqual(id)) return _lines[(int)(uint)slot - 1];
        }
        int row = Count;
        _ids.Add(id);
        if (2L * Count > _slots.Length) Grow();
        else Insert(_slots, hash, row);
        return null;
    }

    private static void Insert(ulong[] slots, ulong hash, int row)
    {
        int mask = slots.Length - 1;
        int i = (int)hash & mask;
        while (slots[i] != 0) i = (i + 1) & mask;
        slots[i] = (hash & 0xFFFF_FFFF_0000_0000UL) | (uint)(row + 1);
    }

    private void Grow()
    {
        var slots = new ulong[(int)BitOperations.RoundUpToPowerOf2((uint)(4 * Count))];
        for (int row = 0; row < Count; row++) Insert(slots, Utf8IdColumn.Hash(_ids.Utf8At(row)), row);
        _slots = slots;
    }
}
