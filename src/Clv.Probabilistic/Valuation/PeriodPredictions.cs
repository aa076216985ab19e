using System.Numerics.Tensors;
using Clv.Probabilistic.Data;
using Clv.Probabilistic.Models;

namespace Clv.Probabilistic.Valuation;

/// <summary>
/// Each customer's expected purchases, and with a spend model expected value and discounted value, in each period of
/// the valuation horizon (month 1, 2, … K): E[Y(kΔ) − Y((k−1)Δ) | x, t_x, T] for k = 1..K, Δ one period.
/// </summary>
/// <remarks>
/// Value in period k is margin × E[Z | x, z̄] × expected purchases in period k (spend independent of the purchase
/// process, Fader, Hardie &amp; Lee 2005, "RFM and CLV"); discounted value divides it by (1 + d)^k, d the rate per period.
/// The discounted values of a customer sum to its discrete-discounting CLV (<see cref="CustomerLifetimeValue"/>) and the
/// purchases to E[Y(KΔ) | x, t_x, T]. Memory is customers × periods doubles per quantity.
/// </remarks>
public sealed class PeriodPredictions
{
    private readonly double[][] _purchases;
    private readonly double[][]? _value;
    private readonly double[][]? _discountedValue;

    private PeriodPredictions(ClvOptions options, RfmSummary customers, double[][] purchases, double[][]? value, double[][]? discountedValue)
    {
        Options = options;
        Customers = customers;
        _purchases = purchases;
        _value = value;
        _discountedValue = discountedValue;
    }

    /// <summary>Horizon, period, discount rate and margin.</summary>
    public ClvOptions Options { get; }

    /// <summary>The customers, in the order of every column.</summary>
    public RfmSummary Customers { get; }

    /// <summary>Number of periods K.</summary>
    public int Periods => _purchases.Length;

    /// <summary>Whether value columns exist (a spend model was given).</summary>
    public bool HasValue => _value is not null;

    /// <summary>Expected purchases of every customer in period <paramref name="period"/> (1 to <see cref="Periods"/>).</summary>
    public ReadOnlySpan<double> PurchasesIn(int period) => _purchases[Index(period)];

    /// <summary>Expected undiscounted value (margin × spend × purchases) of every customer in period <paramref name="period"/>.</summary>
    /// <exception cref="InvalidOperationException">No spend model was given.</exception>
    public ReadOnlySpan<double> ValueIn(int period) => RequireValue(_value)[Index(period)];

    /// <summary>Expected value in period <paramref name="period"/> discounted to the start of the horizon.</summary>
    /// <exception cref="InvalidOperationException">No spend model was given.</exception>
    public ReadOnlySpan<double> DiscountedValueIn(int period) => RequireValue(_discountedValue)[Index(period)];

    /// <summary>One customer's expected purchases in periods 1..K.</summary>
    public double[] PurchasesOf(int customer) => Row(_purchases, customer);

    /// <summary>One customer's discounted value in periods 1..K.</summary>
    /// <exception cref="InvalidOperationException">No spend model was given.</exception>
    public double[] DiscountedValueOf(int customer) => Row(RequireValue(_discountedValue), customer);

    /// <summary>Computes the periods of <paramref name="options"/> (its <see cref="ClvOptions.Period"/> and whole horizon).</summary>
    /// <param name="purchases">The fitted purchase model.</param>
    /// <param name="customers">Customers in the purchase model's time unit.</param>
    /// <param name="options">Horizon (a whole number of periods), period, discount rate (discrete discounting) and margin.</param>
    /// <param name="spend">The fitted spend model, or null for purchases only.</param>
    /// <exception cref="ArgumentException">Continuous discounting, a fractional horizon, or time units that differ.</exception>
    /// <exception cref="InvalidOperationException">A model returned a non-finite value (the message names the customer).</exception>
    public static PeriodPredictions Compute(IPurchaseModel purchases, RfmSummary customers, ClvOptions options, ISpendModel? spend = null)
    {
        ArgumentNullException.ThrowIfNull(purchases);
        ArgumentNullException.ThrowIfNull(customers);
        ArgumentNullException.ThrowIfNull(options);
        if (options.Discounting != DiscountingKind.Discrete)
            throw new ArgumentException("Period-by-period values discount each period at its end: use discrete discounting.", nameof(options));
        if (options.FractionalPeriodsProblem(options.Horizon) is { } problem) throw new ArgumentException(problem, nameof(options));
        if (customers.TimeUnit.DaysPerUnit != purchases.TimeUnit.DaysPerUnit)
            throw new ArgumentException($"The customers are in {customers.TimeUnit} but the purchase model in {purchases.TimeUnit}.", nameof(customers));

        int n = customers.Count, periods = options.PeriodCount;
        double step = options.Period.ConvertTo(1.0, purchases.TimeUnit);
        var cumulative = new double[n];
        var previous = new double[n];
        var perPeriod = new double[periods][];
        for (int k = 1; k <= periods; k++)
        {
            purchases.ConditionalExpectedPurchases(customers, k * step, cumulative);
            for (int i = 0; i < n; i++)
                if (!double.IsFinite(cumulative[i]))
                    throw new InvalidOperationException($"Customer '{customers.CustomerIds[i]}': the purchase model returned a non-finite expectation at period {k}.");
            perPeriod[k - 1] = new double[n];
            TensorPrimitives.Subtract(cumulative, previous, perPeriod[k - 1]);
            (previous, cumulative) = (cumulative, previous);
        }
        if (spend is null) return new PeriodPredictions(options, customers, perPeriod, null, null);

        var expectedSpend = spend.ConditionalExpectedSpend(customers);
        for (int i = 0; i < n; i++)
            if (!double.IsFinite(expectedSpend[i]))
                throw new InvalidOperationException($"Customer '{customers.CustomerIds[i]}': the spend model returned a non-finite expected spend ({expectedSpend[i]}).");
        double delta = options.DiscountRate.ContinuousRate(options.Period);
        var value = new double[periods][];
        var discounted = new double[periods][];
        for (int k = 1; k <= periods; k++)
        {
            value[k - 1] = new double[n];
            TensorPrimitives.Multiply(perPeriod[k - 1], expectedSpend, value[k - 1]);
            TensorPrimitives.Multiply(value[k - 1], options.Margin, value[k - 1]);
            discounted[k - 1] = new double[n];
            TensorPrimitives.Multiply(value[k - 1], Math.Exp(-delta * k), discounted[k - 1]);
        }
        return new PeriodPredictions(options, customers, perPeriod, value, discounted);
    }

    private int Index(int period)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(period, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(period, Periods);
        return period - 1;
    }

    private static double[][] RequireValue(double[][]? columns) =>
        columns ?? throw new InvalidOperationException("No spend model was given, so there are no value columns.");

    private double[] Row(double[][] columns, int customer)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(customer);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(customer, Customers.Count);
        var row = new double[Periods];
        for (int k = 0; k < row.Length; k++) row[k] = columns[k][customer];
        return row;
    }
}
