using System.Globalization;
using System.Numerics;

namespace Clv.Probabilistic.Data.Discrete;

/// <summary>
/// Each customer's binary history on a <see cref="PeriodGrid"/>: whether the customer transacted in each period (several
/// transactions in one period count once), stored as bits.
/// </summary>
public sealed class BinaryHistories
{
    private readonly ulong[] _bits;
    private readonly int _words;

    private BinaryHistories(PeriodGrid grid, IReadOnlyList<string> customerIds, ulong[] bits, int words)
    {
        Grid = grid;
        CustomerIds = customerIds;
        _bits = bits;
        _words = words;
    }

    /// <summary>The periods.</summary>
    public PeriodGrid Grid { get; }

    /// <summary>Customer identifiers, in the order of the log's customers.</summary>
    public IReadOnlyList<string> CustomerIds { get; }

    /// <summary>Number of customers.</summary>
    public int Count => CustomerIds.Count;

    /// <summary>Whether customer <paramref name="customer"/> transacted in period <paramref name="period"/>.</summary>
    public bool IsActive(int customer, int period)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(period);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(period, Grid.Count);
        return (Row(customer)[period >> 6] >> (period & 63) & 1) != 0;
    }

    /// <summary>The first period in which customer <paramref name="customer"/> transacted.</summary>
    public int FirstPeriod(int customer)
    {
        var row = Row(customer);
        for (int w = 0; w < row.Length; w++)
            if (row[w] != 0) return 64 * w + BitOperations.TrailingZeroCount(row[w]);
        throw new InvalidOperationException($"Customer '{CustomerIds[customer]}' has no transaction.");
    }

    /// <summary>Periods with a transaction in [<paramref name="from"/>, <paramref name="to"/>).</summary>
    public int ActivePeriods(int customer, int from, int to)
    {
        var row = Row(customer);
        int count = 0;
        for (int w = from >> 6; w <= (to - 1) >> 6 && from < to; w++) count += BitOperations.PopCount(row[w] & Mask(w, from, to));
        return count;
    }

    /// <summary>The last period with a transaction in [<paramref name="from"/>, <paramref name="to"/>), or −1.</summary>
    public int LastActivePeriod(int customer, int from, int to)
    {
        var row = Row(customer);
        for (int w = (to - 1) >> 6; w >= from >> 6 && from < to; w--)
        {
            ulong bits = row[w] & Mask(w, from, to);
            if (bits != 0) return 64 * w + 63 - BitOperations.LeadingZeroCount(bits);
        }
        return -1;
    }

    /// <summary>
    /// Builds the histories of the customers of <paramref name="log"/> on <paramref name="grid"/>.
    /// </summary>
    /// <exception cref="ClvDataException">A transaction lies before the grid's start or after its end (the customer, row and date are named).</exception>
    public static BinaryHistories Build(TransactionLog log, PeriodGrid grid)
    {
        ArgumentNullException.ThrowIfNull(log);
        ArgumentNullException.ThrowIfNull(grid);
        var periodOfDay = grid.PeriodOfDay();
        int words = (grid.Count + 63) >> 6;
        var bits = new ulong[(long)log.CustomerCount * words];
        ReadOnlySpan<int> customers = log.CustomerIndices, days = log.DayNumbers;
        int start = grid.Start.DayNumber;
        for (int r = 0; r < customers.Length; r++)
        {
            uint offset = (uint)(days[r] - start);
            if (offset >= (uint)periodOfDay.Length) throw Outside(log, grid, r);
            int period = periodOfDay[offset];
            bits[(long)customers[r] * words + (period >> 6)] |= 1UL << (period & 63);
        }
        return new BinaryHistories(grid, log.CustomerIds, bits, words);
    }

    private static ClvDataException Outside(TransactionLog log, PeriodGrid grid, int row) => new(
        string.Create(CultureInfo.InvariantCulture,
            $"The transaction of {log.GetDate(row):yyyy-MM-dd} lies outside the period grid, {grid.Start:yyyy-MM-dd} to {grid.End.AddDays(-1):yyyy-MM-dd} (1 + {grid.CalibrationPeriods} calibration + {grid.HoldoutPeriods} holdout {grid.Length.ToString().ToLowerInvariant()}s); move the start or add holdout periods."),
        customerId: log.GetCustomerId(row), row: row);

    private ReadOnlySpan<ulong> Row(int customer)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(customer);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(customer, Count);
        return _bits.AsSpan(customer * _words, _words);
    }

    /// <summary>The bits of word <paramref name="w"/> that lie in [from, to).</summary>
    private static ulong Mask(int w, int from, int to)
    {
        int lo = Math.Max(from - 64 * w, 0), hi = Math.Min(to - 64 * w, 64);
        ulong upper = hi == 64 ? ulong.MaxValue : (1UL << hi) - 1;
        return upper & ~((1UL << lo) - 1);
    }
}
