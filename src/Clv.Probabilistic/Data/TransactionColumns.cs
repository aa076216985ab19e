using System.Runtime.CompilerServices;

namespace Clv.Probabilistic.Data;

/// <summary>
/// The columns of a transaction log being read: customer index, day number and amount per row. Either growable (a
/// stream of unknown length), or a window of rows of columns allocated once for a whole file, into which one stretch of
/// its lines is read while other stretches fill other windows.
/// </summary>
internal sealed class TransactionColumns
{
    private readonly int _start;
    private int _length;
    private readonly bool _growable;
    private int[] _customer;
    private int[] _day;
    private double[] _amount;

    /// <summary>Growable columns with room for <paramref name="capacity"/> rows.</summary>
    public TransactionColumns(int capacity)
        : this(FreshMemory.Array<int>(capacity), FreshMemory.Array<int>(capacity), FreshMemory.Array<double>(capacity), 0, capacity, growable: true)
    {
    }

    private TransactionColumns(int[] customer, int[] day, double[] amount, int start, int length, bool growable)
    {
        _customer = customer;
        _day = day;
        _amount = amount;
        _start = start;
        _length = length;
        _growable = growable;
    }

    /// <summary>Rows added.</summary>
    public int Count { get; private set; }

    /// <summary>Rows <paramref name="start"/> to <paramref name="start"/> + <paramref name="length"/> − 1 of these columns, to be filled from the window's first row.</summary>
    public TransactionColumns Window(int start, int length) => new(_customer, _day, _amount, start, length, growable: false);

    /// <summary>Adds a row and returns its position in the columns.</summary>
    public int Add()
    {
        if (Count == _length)
        {
            if (!_growable) throw new InvalidOperationException("More rows than the lines counted.");
            int grown = checked(_customer.Length * 2);
            Array.Resize(ref _customer, grown);
            Array.Resize(ref _day, grown);
            Array.Resize(ref _amount, grown);
            _length = grown;
        }
        return _start + Count++;
    }

    public void Set(int row, int day, double amount)
    {
        _day[row] = day;
        _amount[row] = amount;
    }

    public void SetCustomer(int row, int customer) => _customer[row] = customer;

    /// <summary>Replaces each row's customer index c by <paramref name="map"/>[c].</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Renumber(int[] map)
    {
        foreach (ref int customer in _customer.AsSpan(_start, Count)) customer = map[customer];
    }

    /// <summary>Moves the windows' rows (in order) together from the first row, where blank lines left gaps; returns how many rows there are.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public int Join(TransactionColumns[] windows)
    {
        int rows = 0;
        foreach (var window in windows)
        {
            if (window._start != rows)
            {
                Array.Copy(_customer, window._start, _customer, rows, window.Count);
                Array.Copy(_day, window._start, _day, rows, window.Count);
                Array.Copy(_amount, window._start, _amount, rows, window.Count);
            }
            rows += window.Count;
        }
        Count = rows;
        return rows;
    }

    public TransactionLog ToLog(string[] customerIds, string? sourceName) =>
        new(customerIds, _customer, _day, _amount, Count) { SourceName = sourceName };
}
