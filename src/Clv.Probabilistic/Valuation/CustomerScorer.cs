using Clv.Probabilistic.Data;
using Clv.Probabilistic.Models;
using Clv.Probabilistic.Valuation.Intervals;

namespace Clv.Probabilistic.Valuation;

/// <summary>
/// The prediction columns a database scorer writes for a batch of customers: <c>expected_purchases</c>, <c>p_alive</c>
/// and, with a spend model, <c>expected_spend</c>, <c>expected_revenue</c> (expected purchases × expected spend,
/// undiscounted) and, with valuation options, <c>clv</c>; with interval options each of <c>expected_purchases</c>,
/// <c>p_alive</c>, <c>expected_spend</c> and <c>clv</c> is followed by its <c>_lower</c> and <c>_upper</c> bound.
/// </summary>
/// <remarks>
/// The values are those of <see cref="IPurchaseModel.ConditionalExpectedPurchases"/>, <see cref="IPurchaseModel.ProbabilityAlive"/>,
/// <see cref="ISpendModel.ConditionalExpectedSpend"/>, <see cref="CustomerLifetimeValue.Compute(IPurchaseModel, ISpendModel, RfmSummary, ClvOptions)"/> (Fader, Hardie &amp; Lee
/// 2005, "RFM and CLV": margin × E[Z] × discounted expected transactions) and <see cref="PredictionIntervals.Compute"/>
/// (equal-tailed intervals over the fits' parameter draws); each customer's value depends on that customer only, so
/// scoring in batches, in any order or in parallel, gives what scoring all customers at once gives, up to rounding
/// (vectorised kernels round an element by its position in the batch: a few ulps).
/// </remarks>
public sealed class CustomerScorer
{
    private readonly IPurchaseModel _purchases;
    private readonly ISpendModel? _spend;
    private readonly ModelFit? _purchaseFit, _spendFit;
    private readonly double _horizon;
    private readonly ClvOptions? _valuation;
    private readonly IntervalOptions? _intervals;

    /// <summary>Scores with fitted models, without intervals.</summary>
    /// <param name="purchases">The purchase model.</param>
    /// <param name="spend">A spend model, or null.</param>
    /// <param name="horizon">Horizon of the expected purchases, in the purchase model's time unit; &gt; 0.</param>
    /// <param name="valuation">With a spend model: the CLV's horizon, discounting and margin; null for no <c>clv</c> column.</param>
    /// <exception cref="ArgumentException">The horizon is not positive and finite, or valuation options come without a spend model.</exception>
    public CustomerScorer(IPurchaseModel purchases, ISpendModel? spend, double horizon, ClvOptions? valuation = null)
    {
        ArgumentNullException.ThrowIfNull(purchases);
        if (!(horizon > 0) || !double.IsFinite(horizon))
            throw new ArgumentOutOfRangeException(nameof(horizon), horizon, "The horizon must be a positive number of periods.");
        if (valuation is not null && spend is null) throw new ArgumentException("Valuing customers (clv) needs a spend model.", nameof(valuation));
        if (valuation?.FractionalPeriodsProblem(valuation.Horizon) is { } problem) throw new ArgumentException(problem, nameof(valuation));
        _purchases = purchases;
        _spend = spend;
        _horizon = horizon;
        _valuation = valuation;
        Columns = ColumnNames(spend is not null, valuation is not null, intervals: false);
    }

    /// <summary>Scores with model fits; with <paramref name="intervals"/> adds the interval columns from the fits' draws.</summary>
    /// <param name="purchases">The purchase-model fit.</param>
    /// <param name="spend">A spend-model fit, or null.</param>
    /// <param name="horizon">Horizon of the expected purchases, in the purchase model's time unit; &gt; 0.</param>
    /// <param name="valuation">With a spend fit: the CLV's horizon, discounting and margin; or null.</param>
    /// <param name="intervals">Level and draws of the intervals (its horizon and CLV options are replaced by <paramref name="horizon"/> and <paramref name="valuation"/>), or null for none.</param>
    /// <exception cref="ArgumentException">As the other constructor, or the interval options are invalid.</exception>
    public CustomerScorer(ModelFit purchases, ModelFit? spend, double horizon, ClvOptions? valuation, IntervalOptions? intervals)
        : this((purchases ?? throw new ArgumentNullException(nameof(purchases))).PurchaseModel(), spend?.SpendModel(), horizon, valuation)
    {
        _purchaseFit = purchases;
        _spendFit = spend;
        if (intervals is null) return;
        _intervals = intervals with { Horizon = horizon, Clv = valuation };
        _intervals.Validate();
        Columns = ColumnNames(spend is not null, valuation is not null, intervals: true);
    }

    /// <summary>The column names, in the order <see cref="Score"/> fills them.</summary>
    public IReadOnlyList<string> Columns { get; }

    /// <summary>The purchase model's time unit: the unit of the customers' recency and T.</summary>
    public TimeUnit TimeUnit => _purchases.TimeUnit;

    /// <summary>Whether the customers' monetary values are used (with a spend model).</summary>
    public bool NeedsMonetaryValue => _spend is not null;

    /// <summary>Scores <paramref name="customers"/> into <paramref name="columns"/> (one array per <see cref="Columns"/> entry, each at least as long as the batch).</summary>
    /// <exception cref="ArgumentException">Wrong number or length of columns, or the customers' time unit is not the model's.</exception>
    /// <exception cref="InvalidOperationException">A model gives a non-finite value (the message names the customer).</exception>
    public void Score(RfmSummary customers, double[][] columns)
    {
        ArgumentNullException.ThrowIfNull(customers);
        ArgumentNullException.ThrowIfNull(columns);
        int n = customers.Count;
        if (columns.Length != Columns.Count || columns.Any(c => c is null || c.Length < n))
            throw new ArgumentException($"Give {Columns.Count} columns of at least {n} values each.", nameof(columns));
        if (customers.TimeUnit.DaysPerUnit != TimeUnit.DaysPerUnit)
            throw new ArgumentException($"The customers are in {customers.TimeUnit.Name} but the model in {TimeUnit.Name}.", nameof(customers));
        var expected = columns[Index("expected_purchases")].AsSpan(0, n);
        _purchases.ConditionalExpectedPurchases(customers, _horizon, expected);
        _purchases.ProbabilityAlive(customers, columns[Index("p_alive")].AsSpan(0, n));
        if (_spend is not null)
        {
            var spend = columns[Index("expected_spend")].AsSpan(0, n);
            _spend.ConditionalExpectedSpend(customers, spend);
            var revenue = columns[Index("expected_revenue")].AsSpan(0, n);
            for (int i = 0; i < n; i++) revenue[i] = expected[i] * spend[i];
        }
        if (_valuation is not null)
            CustomerLifetimeValue.Compute(_purchases, _spend!, customers, _valuation).Values.CopyTo(columns[Index("clv")]);
        if (_intervals is null) return;
        var computed = PredictionIntervals.Compute(_purchaseFit!, _spendFit, customers, _intervals);
        foreach (var quantity in computed.Quantities)
        {
            quantity.Lower.CopyTo(columns[Index(quantity.Name + "_lower")]);
            quantity.Upper.CopyTo(columns[Index(quantity.Name + "_upper")]);
        }
    }

    private int Index(string name)
    {
        for (int i = 0; i < Columns.Count; i++)
            if (Columns[i] == name) return i;
        throw new InvalidOperationException($"No column {name}.");
    }

    private static string[] ColumnNames(bool spend, bool valuation, bool intervals)
    {
        var names = new List<string>();
        void Add(string name, bool withInterval)
        {
            names.Add(name);
            if (withInterval && intervals)
            {
                names.Add(name + "_lower");
                names.Add(name + "_upper");
            }
        }
        Add("expected_purchases", true);
        Add("p_alive", true);
        if (spend)
        {
            Add("expected_spend", true);
            Add("expected_revenue", false);
        }
        if (valuation) Add("clv", true);
        return [.. names];
    }

}
