using System.Globalization;
using Clv.Probabilistic.Models.GammaGamma;

namespace Clv.Probabilistic.Data;

/// <summary>
/// Collects the distinct (x, z̄) pairs an engine groups its customers into, with their numbers of customers, into the
/// weighted <see cref="GammaGammaData"/> the spend model is fitted to (rows with x = 0 are counted as excluded).
/// </summary>
/// <remarks>For implementations of <see cref="IEngineTransactionLog.SpendRows"/>.</remarks>
public sealed class EngineSpendRows
{
    private readonly List<double> _frequency = [];
    private readonly List<double> _meanSpend = [];
    private readonly List<double> _weight = [];

    /// <summary>Adds one distinct pair.</summary>
    /// <param name="repeatDays">x.</param>
    /// <param name="meanSpend">z̄, the customers' monetary value.</param>
    /// <param name="customers">How many customers share the pair (its weight).</param>
    public void Add(long repeatDays, double meanSpend, long customers)
    {
        if (customers <= 0) throw new ArgumentOutOfRangeException(nameof(customers), customers, "A row stands for at least one customer.");
        _frequency.Add(repeatDays);
        _meanSpend.Add(meanSpend);
        _weight.Add(customers);
    }

    /// <summary>The Gamma-Gamma data of the pairs added; ids are <c>row-k</c>.</summary>
    /// <param name="source">Named in the error when no row was added.</param>
    /// <exception cref="ClvDataException">No row was added.</exception>
    public GammaGammaData ToData(string? source = null)
    {
        if (_frequency.Count == 0)
            throw new ClvDataException("No customer has a purchase on or before the (calibration) end date.", source);
        var ids = new string[_frequency.Count];
        for (int i = 0; i < ids.Length; i++) ids[i] = string.Create(CultureInfo.InvariantCulture, $"row-{i + 1}");
        return new GammaGammaData(_frequency.ToArray(), _meanSpend.ToArray(), _weight.ToArray(), ids);
    }
}
