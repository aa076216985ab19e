using System.Numerics.Tensors;
using Clv.Probabilistic.Data;

namespace Clv.Probabilistic.Valuation;

/// <summary>
/// Expected discounted customer lifetime value per customer, with its components, and totals for the whole base or
/// any subset. A row of weight w stands for w customers with that value, so totals are weighted sums.
/// </summary>
public sealed class ClvResult
{
    private readonly RfmSummary _customers;
    private readonly double[] _values;
    private readonly double[] _expectedSpend;
    private readonly double[] _expectedPurchases;
    private readonly Lazy<double[]> _discountedPurchases;

    internal ClvResult(ClvOptions options, RfmSummary customers, double[] values, double[] expectedSpend,
        double[] expectedPurchases, double[] discountedPurchases, double quadratureErrorBound)
        : this(options, customers, values, expectedSpend, expectedPurchases, new Lazy<double[]>(discountedPurchases), quadratureErrorBound)
    {
    }

    /// <summary>A result whose discounted purchases are made when first asked for.</summary>
    internal ClvResult(ClvOptions options, RfmSummary customers, double[] values, double[] expectedSpend,
        double[] expectedPurchases, Lazy<double[]> discountedPurchases, double quadratureErrorBound)
    {
        Options = options;
        _customers = customers;
        _values = values;
        _expectedSpend = expectedSpend;
        _expectedPurchases = expectedPurchases;
        _discountedPurchases = discountedPurchases;
        QuadratureErrorBound = quadratureErrorBound;
    }

    /// <summary>The options the values were computed with.</summary>
    public ClvOptions Options { get; }

    /// <summary>Number of customers (rows).</summary>
    public int Count => _values.Length;

    /// <summary>The customers valued (the summary is immutable, so it is referenced, not copied).</summary>
    public RfmSummary Customers => _customers;

    /// <summary>Customer identifiers, one per row.</summary>
    public IReadOnlyList<string> CustomerIds => _customers.CustomerIds;

    /// <summary>Expected discounted value per customer: margin × E[Z] × discounted expected purchases.</summary>
    public ReadOnlySpan<double> Values => _values;

    /// <summary>E[Z | x, z̄]: expected spend per purchase from the spend model.</summary>
    public ReadOnlySpan<double> ExpectedSpend => _expectedSpend;

    /// <summary>E[Y(H)]: expected purchases over the horizon, undiscounted.</summary>
    public ReadOnlySpan<double> ExpectedPurchases => _expectedPurchases;

    /// <summary>The array behind <see cref="ExpectedPurchases"/>, for callers in this solution that only read it.</summary>
    internal double[] ExpectedPurchasesColumn => _expectedPurchases;

    /// <summary>Discounted expected purchases over the horizon (value per unit of margin × spend).</summary>
    public ReadOnlySpan<double> DiscountedPurchases => _discountedPurchases.Value;

    /// <summary>How many customers each row stands for.</summary>
    public ReadOnlySpan<double> Weights => _customers.Weights;

    /// <summary>
    /// Continuous discounting: a bound on the quadrature error of any customer's value, margin × max E[Z] ×
    /// max over customers of δ Σ |K15 − G7| over the panels (0 for discrete discounting, an exact finite sum).
    /// </summary>
    public double QuadratureErrorBound { get; }

    /// <summary>Total value of the whole base: Σ w_i CLV_i.</summary>
    public double Total => TensorPrimitives.Dot(Weights, _values);

    /// <summary>Total value of the rows where <paramref name="mask"/> is true.</summary>
    /// <exception cref="ArgumentException">The mask's length differs from <see cref="Count"/>.</exception>
    public double TotalFor(ReadOnlySpan<bool> mask)
    {
        if (mask.Length != Count) throw new ArgumentException($"The mask has {mask.Length} entries for {Count} customers.", nameof(mask));
        double total = 0;
        ReadOnlySpan<double> weights = Weights;
        for (int i = 0; i < mask.Length; i++)
            if (mask[i]) total += weights[i] * _values[i];
        return total;
    }

    /// <summary>Total value of the customers named in <paramref name="customerIds"/>, each counted once.</summary>
    /// <exception cref="KeyNotFoundException">An identifier is not among the customers.</exception>
    public double TotalFor(IEnumerable<string> customerIds)
    {
        ArgumentNullException.ThrowIfNull(customerIds);
        var mask = new bool[Count];
        foreach (var id in customerIds) mask[IndexOf(id)] = true;
        return TotalFor(mask);
    }

    /// <summary>Row of the customer <paramref name="customerId"/>.</summary>
    /// <exception cref="KeyNotFoundException">No such customer.</exception>
    public int IndexOf(string customerId)
    {
        ArgumentNullException.ThrowIfNull(customerId);
        int row = _customers.RowOf(customerId);
        return row >= 0 ? row : throw new KeyNotFoundException($"Customer '{customerId}' is not among the {Count} valued customers.");
    }
}
