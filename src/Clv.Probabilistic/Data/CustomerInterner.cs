namespace Clv.Probabilistic.Data;

/// <summary>Maps customer ids to dense integer indices 0, 1, 2, ... in order of first appearance.</summary>
internal sealed class CustomerInterner
{
    private readonly Dictionary<string, int> _indexOf;
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _lookup;
    private readonly List<string> _ids;

    public CustomerInterner(int capacity = 0)
    {
        _indexOf = new Dictionary<string, int>(capacity, StringComparer.Ordinal);
        _lookup = _indexOf.GetAlternateLookup<ReadOnlySpan<char>>();
        _ids = new List<string>(capacity);
    }

    public int Count => _ids.Count;

    /// <summary>Index of the id, adding it if new; allocates a string only for new ids.</summary>
    public int Intern(ReadOnlySpan<char> id)
    {
        if (_lookup.TryGetValue(id, out int index)) return index;
        return Add(id.ToString());
    }

    /// <summary>Index of the id, adding it if new.</summary>
    public int Intern(string id) => _indexOf.TryGetValue(id, out int index) ? index : Add(id);

    public string IdAt(int index) => _ids[index];

    public string[] ToArray() => _ids.ToArray();

    private int Add(string id)
    {
        int index = _ids.Count;
        _indexOf.Add(id, index);
        _ids.Add(id);
        return index;
    }
}
