using System.Runtime.CompilerServices;
using System.Globalization;
using Clv.Probabilistic.Data;
using Clv.Probabilistic.Inference.Optimization;
using Clv.Probabilistic.Models;
using Clv.Probabilistic.Persistence;
using Clv.Probabilistic.Valuation.Intervals;

namespace Clv.Probabilistic.Valuation;

/// <summary>
/// One table of per-customer predictions: expected purchases over the horizon (or DERT over an unbounded one) and
/// P(alive); with a spend model the expected spend per purchase and the CLV; and, when attached, intervals of every
/// quantity. This is what <c>clv predict</c> writes; rows are in the order of <see cref="Customers"/>.
/// </summary>
/// <remarks>
/// Expected purchases: E[Y(t) | x, t_x, T] of the purchase model (for BG/NBD, Fader, Hardie &amp; Lee 2005a, eq. 10);
/// CLV: margin × E[Z | x, z̄] × discounted expected purchases (Fader, Hardie &amp; Lee 2005b, "RFM and CLV"), see
/// <see cref="CustomerLifetimeValue"/>; over an unbounded horizon, DERT (Fader, Hardie &amp; Lee 2005b, eq. 2) in place of
/// the expected purchases and clv = margin × E[Z] × DERT.
/// </remarks>
public sealed class CustomerPredictions
{
    private readonly double[] _expectedPurchases;
    private readonly double[] _probabilityAlive;
    private readonly double[]? _unboundedSpend;
    private readonly double[]? _unboundedClv;

    private CustomerPredictions(RfmSummary customers, double horizon, bool unbounded, double[] expectedPurchases, double[] probabilityAlive,
        double[]? unboundedSpend, double[]? unboundedClv, ClvResult? value, CustomerIntervals? credible, CustomerIntervals? predictive)
    {
        Customers = customers;
        Horizon = horizon;
        IsUnbounded = unbounded;
        _expectedPurchases = expectedPurchases;
        _probabilityAlive = probabilityAlive;
        _unboundedSpend = unboundedSpend;
        _unboundedClv = unboundedClv;
        Value = value;
        CredibleIntervals = credible;
        PredictiveIntervals = predictive;
    }

    /// <summary>The customers, in the order of every column.</summary>
    public RfmSummary Customers { get; }

    /// <summary>Number of customers (rows).</summary>
    public int Count => Customers.Count;

    /// <summary>The horizon in the purchase model's time unit; +∞ for an unbounded horizon.</summary>
    public double Horizon { get; }

    /// <summary>
    /// Whether the horizon is unbounded: <see cref="ExpectedPurchases"/> then holds DERT, the discounted expected residual
    /// purchases, and the column is written as <c>discounted_expected_purchases</c>.
    /// </summary>
    public bool IsUnbounded { get; }

    /// <summary>E[Y(t) | x, t_x, T] over the horizon (DERT when <see cref="IsUnbounded"/>).</summary>
    public ReadOnlySpan<double> ExpectedPurchases => _expectedPurchases;

    /// <summary>P(alive | x, t_x, T).</summary>
    public ReadOnlySpan<double> ProbabilityAlive => _probabilityAlive;

    /// <summary>Whether a spend model valued the customers (<see cref="ExpectedSpend"/> and <see cref="Clv"/> exist).</summary>
    public bool HasValue => Value is not null || _unboundedClv is not null;

    /// <summary>E[Z | x, z̄], the expected spend per purchase.</summary>
    /// <exception cref="InvalidOperationException">No spend model was given.</exception>
    public ReadOnlySpan<double> ExpectedSpend => Value is { } value ? value.ExpectedSpend : _unboundedSpend ?? throw NoValue();

    /// <summary>The customer lifetime value of each customer.</summary>
    /// <exception cref="InvalidOperationException">No spend model was given.</exception>
    public ReadOnlySpan<double> Clv => Value is { } value ? value.Values : _unboundedClv ?? throw NoValue();

    /// <summary>The valuation behind <see cref="Clv"/> over a finite horizon (options, totals, discounted purchases); otherwise null.</summary>
    public ClvResult? Value { get; }

    /// <summary>Parameter-uncertainty intervals of the expected quantities (<see cref="PredictionIntervals.Compute"/>), if attached.</summary>
    public CustomerIntervals? CredibleIntervals { get; }

    /// <summary>Predictive intervals of the realised purchases and value (<see cref="PredictionIntervals.Predictive"/>), if attached.</summary>
    public CustomerIntervals? PredictiveIntervals { get; }

    /// <summary>Predicts over <paramref name="horizon"/> periods of <paramref name="horizonUnit"/>.</summary>
    /// <param name="purchases">The fitted purchase model.</param>
    /// <param name="customers">Customers in the purchase model's time unit (with monetary values when a spend model is given).</param>
    /// <param name="horizon">Horizon length, &gt; 0 and finite (see <see cref="ComputeUnbounded"/> for an unbounded one).</param>
    /// <param name="horizonUnit">Unit of <paramref name="horizon"/>; null for the purchase model's unit.</param>
    /// <param name="spend">A spend model to value the customers with, or null.</param>
    /// <param name="valuation">Horizon, discounting and margin of the value; required with <paramref name="spend"/>.</param>
    /// <exception cref="ArgumentException">A horizon that is not positive and finite, time units that differ, a spend model
    /// without valuation, or a spend model without a finite population mean for customers without repeat purchases.</exception>
    /// <exception cref="InvalidOperationException">A model returned a non-finite value (the message names the customer).</exception>
    public static CustomerPredictions Compute(IPurchaseModel purchases, RfmSummary customers, double horizon, TimeUnit? horizonUnit = null,
        ISpendModel? spend = null, ClvOptions? valuation = null) =>
        Compute(purchases, customers, horizon, horizonUnit, spend, valuation, maxDegreeOfParallelism: -1, RowBlocks.DefaultLength);

    /// <summary>
    /// <see cref="Compute(IPurchaseModel, RfmSummary, double, TimeUnit?, ISpendModel?, ClvOptions?)"/> with a thread limit
    /// and the rows per block of the per-row passes: the values do not depend on either.
    /// </summary>
    /// <remarks>For the blocks of a file predicted block by block, <paramref name="buffers"/> keeps g across the blocks and gives the columns (valid until its next block).</remarks>
    internal static CustomerPredictions Compute(IPurchaseModel purchases, RfmSummary customers, double horizon, TimeUnit? horizonUnit,
        ISpendModel? spend, ClvOptions? valuation, int maxDegreeOfParallelism, int blockLength, BlockBuffers? buffers = null)
    {
        ArgumentNullException.ThrowIfNull(purchases);
        ArgumentNullException.ThrowIfNull(customers);
        if (!(horizon > 0) || !double.IsFinite(horizon))
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"The horizon {horizon} is not a positive number of periods."));
        CheckUnit(purchases, customers);
        if (spend is not null && double.IsPositiveInfinity(spend.PopulationMeanSpend))
        {
            int first = customers.Frequency.IndexOf(0.0);
            if (first >= 0)
                throw new ArgumentException(
                    $"The spend model has no finite population mean spend: customers without repeat purchases (the first is '{customers.CustomerIds[first]}') cannot be valued.");
        }
        if (spend is not null && valuation is null) throw new ArgumentException("A spend model needs valuation options.");
        double t = (horizonUnit ?? purchases.TimeUnit).ConvertTo(horizon, purchases.TimeUnit);
        var alive = buffers?.Column(customers.Count) ?? FreshMemory.Array<double>(customers.Count);
        RowPredictions.ProbabilityAlive(purchases, customers, alive, maxDegreeOfParallelism, blockLength);
        ClvResult? value = spend is null ? null
            : CustomerLifetimeValue.Compute(purchases, spend, customers, valuation!, alive, maxDegreeOfParallelism, blockLength, buffers);
        // A history model's valuation has E[Y] at its last period: this column when that period ends at the same t (bit for bit).
        double[] expected;
        if (value is not null && purchases is IHistoryPurchaseModel && valuation!.Discounting == DiscountingKind.Discrete
            && valuation.PeriodCount * valuation.Period.ConvertTo(1.0, purchases.TimeUnit) == t)
            expected = value.ExpectedPurchasesColumn;
        else
            RowPredictions.ExpectedPurchases(purchases, customers, t, alive, expected = buffers?.Column(customers.Count) ?? FreshMemory.Array<double>(customers.Count),
                maxDegreeOfParallelism, blockLength, buffers);
        return new CustomerPredictions(customers, t, false, expected, alive, null, null, value, null, null);
    }

    /// <summary>
    /// Over an unbounded horizon: DERT at δ = ln(1 + d) in the model's unit and P(alive) per customer; with a spend model
    /// also E[Z | x, z̄] and clv = margin × E[Z] × DERT (Fader, Hardie &amp; Lee 2005b, "RFM and CLV").
    /// </summary>
    /// <param name="purchases">A purchase model with the closed form of DERT.</param>
    /// <param name="customers">Customers in the purchase model's time unit.</param>
    /// <param name="rate">The discount rate (continuous discounting at δ = ln(1 + d)).</param>
    /// <param name="spend">A spend model, or null.</param>
    /// <param name="margin">Margin applied to the value.</param>
    /// <exception cref="ArgumentException">Time units differ or the margin is not finite.</exception>
    /// <exception cref="InvalidOperationException">A model returned a non-finite value (the message names the customer).</exception>
    public static CustomerPredictions ComputeUnbounded(IDiscountedResidualPurchases purchases, RfmSummary customers, DiscountRate rate,
        ISpendModel? spend = null, double margin = 1)
    {
        ArgumentNullException.ThrowIfNull(purchases);
        ArgumentNullException.ThrowIfNull(customers);
        CheckUnit(purchases, customers);
        if (!double.IsFinite(margin))
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"The margin {margin} is not a finite number."));
        int n = customers.Count;
        var dert = new double[n];
        var alive = new double[n];
        purchases.DiscountedExpectedResidualPurchases(customers, rate.ContinuousRate(purchases.TimeUnit), dert);
        purchases.ProbabilityAlive(customers, alive);
        for (int i = 0; i < n; i++)
            if (!double.IsFinite(dert[i]))
                throw new InvalidOperationException($"Customer '{customers.CustomerIds[i]}': the discounted expected purchases are not finite ({dert[i]}).");
        if (spend is null) return new CustomerPredictions(customers, double.PositiveInfinity, true, dert, alive, null, null, null, null, null);
        var expectedSpend = new double[n];
        spend.ConditionalExpectedSpend(customers, expectedSpend);
        var values = new double[n];
        for (int i = 0; i < n; i++)
        {
            if (!double.IsFinite(expectedSpend[i]))
                throw new InvalidOperationException($"Customer '{customers.CustomerIds[i]}': the spend model returned a non-finite expected spend ({expectedSpend[i]}).");
            values[i] = margin * expectedSpend[i] * dert[i];
        }
        return new CustomerPredictions(customers, double.PositiveInfinity, true, dert, alive, expectedSpend, values, null, null, null);
    }

    /// <summary>
    /// This table with <paramref name="intervals"/> attached: credible intervals from <see cref="PredictionIntervals.Compute"/>
    /// or predictive ones from <see cref="PredictionIntervals.Predictive"/> (told apart by their quantities).
    /// </summary>
    /// <param name="intervals">Intervals computed for the same customers and horizon.</param>
    /// <exception cref="ArgumentException">The intervals are of other customers, or an unbounded horizon (no intervals exist there).</exception>
    public CustomerPredictions WithIntervals(CustomerIntervals intervals)
    {
        ArgumentNullException.ThrowIfNull(intervals);
        if (IsUnbounded) throw new ArgumentException("Intervals over an unbounded horizon are not available; predict over a finite horizon.");
        if (!ReferenceEquals(intervals.Customers, Customers))
            throw new ArgumentException("The intervals were computed for other customers than the predictions.");
        bool predictive = intervals.FuturePurchases is not null;
        return new CustomerPredictions(Customers, Horizon, IsUnbounded, _expectedPurchases, _probabilityAlive, _unboundedSpend, _unboundedClv, Value,
            predictive ? CredibleIntervals : intervals, predictive ? intervals : PredictiveIntervals);
    }

    /// <summary>Everything predicted for the customer in row <paramref name="row"/>.</summary>
    public CustomerPrediction this[int row]
    {
        get
        {
            ArgumentOutOfRangeException.ThrowIfNegative(row);
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(row, Count);
            return new CustomerPrediction(Customers.CustomerIds[row], _expectedPurchases[row], _probabilityAlive[row],
                HasValue ? ExpectedSpend[row] : null, HasValue ? Clv[row] : null,
                Interval(CredibleIntervals?.ExpectedPurchases, row), Interval(CredibleIntervals?.ProbabilityAlive, row),
                Interval(CredibleIntervals?.ExpectedSpend, row), Interval(CredibleIntervals?.Clv, row),
                Interval(PredictiveIntervals?.FuturePurchases, row), Interval(PredictiveIntervals?.FutureValue, row));
        }
    }

    /// <summary>The predictions of the customer with id <paramref name="customerId"/>, or null if the table has no such customer.</summary>
    public CustomerPrediction? Find(string customerId)
    {
        ArgumentNullException.ThrowIfNull(customerId);
        int row = Customers.RowOf(customerId);
        return row >= 0 ? this[row] : null;
    }

    /// <summary>
    /// The CSV columns: <c>customer_id</c>, <c>expected_purchases</c> (or <c>discounted_expected_purchases</c>),
    /// <c>p_alive</c>, with a spend model <c>expected_spend</c> and <c>clv</c>, each followed by <c>_lower</c>/<c>_upper</c>
    /// with credible intervals, then <c>future_purchases_lower/_upper</c> (and <c>future_value_lower/_upper</c>) with
    /// predictive intervals.
    /// </summary>
    public IReadOnlyList<string> ColumnNames
    {
        get
        {
            var names = new List<string> { "customer_id" };
            foreach (var column in ValueColumns())
            {
                names.Add(column);
                if (CredibleIntervals is not null) names.AddRange([column + "_lower", column + "_upper"]);
            }
            if (PredictiveIntervals is { } predictive)
                foreach (var quantity in predictive.Quantities) names.AddRange([quantity.Name + "_lower", quantity.Name + "_upper"]);
            return names;
        }
    }

    /// <summary>
    /// Writes the table as CSV (<see cref="ColumnNames"/>; numbers in full round-trip precision, invariant culture),
    /// replacing the file atomically but without flushing it to disk: a table derived from the inputs by one call
    /// (see the remarks of <see cref="AtomicFile"/>).
    /// </summary>
    /// <param name="path">The file to write.</param>
    public void WriteCsv(string path) => AtomicFile.Write(path, stream => WriteCsv(stream), flushToDisk: false);

    /// <summary>Writes the table as CSV to <paramref name="writer"/>.</summary>
    /// <param name="writer">Where the text goes.</param>
    public void WriteCsv(TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        CsvRows.Write(writer, CsvHeader(), Count, CsvRowFormatter());
    }

    /// <summary>Writes the table as CSV in UTF-8 (the bytes of the text <see cref="WriteCsv(TextWriter)"/> writes).</summary>
    internal void WriteCsv(Stream stream) => CsvRows.Write(stream, CsvHeader(), Count, CsvRowFormatter());

    internal string CsvHeader() => string.Join(',', ColumnNames) + "\n";

    internal Action<CsvLine, int> CsvRowFormatter()
    {
        var columns = ValueColumns();
        var bounds = CredibleIntervals is null ? null : columns.Select(column => CredibleIntervals[column]).ToArray();
        var future = PredictiveIntervals?.Quantities.ToArray();
        bool hasValue = HasValue;
        return (line, i) =>
        {
            line.Id(Customers, i);
            Column(line, 0, _expectedPurchases[i], i);
            Column(line, 1, _probabilityAlive[i], i);
            if (hasValue)
            {
                Column(line, 2, ExpectedSpend[i], i);
                Column(line, 3, Clv[i], i);
            }
            if (future is not null)
                foreach (var quantity in future)
                {
                    line.Number(quantity.Lower[i]);
                    line.Number(quantity.Upper[i]);
                }
            line.NewLine();
        };

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        void Column(CsvLine line, int k, double value, int row)
        {
            line.Number(value);
            if (bounds?[k] is not { } interval) return;
            line.Number(interval.Lower[row]);
            line.Number(interval.Upper[row]);
        }
    }

    private string[] ValueColumns()
    {
        string purchases = IsUnbounded ? "discounted_expected_purchases" : PredictionIntervals.ExpectedPurchases;
        return !HasValue
            ? [purchases, PredictionIntervals.ProbabilityAlive]
            : [purchases, PredictionIntervals.ProbabilityAlive, PredictionIntervals.ExpectedSpend, PredictionIntervals.Clv];
    }

    private static ConfidenceInterval? Interval(QuantityIntervals? quantity, int row) =>
        quantity is null ? null : new ConfidenceInterval(quantity.Lower[row], quantity.Upper[row], quantity.Level);

    private static void CheckUnit(IPurchaseModel purchases, RfmSummary customers)
    {
        if (!customers.TimeUnit.IsSameAs(purchases.TimeUnit))
            throw new ArgumentException($"The summary is in {customers.TimeUnit.Name} but the model in {purchases.TimeUnit.Name}: summarise the data in {purchases.TimeUnit.Name}.");
    }

    private static InvalidOperationException NoValue() => new("No spend model was given, so there are no expected spend and CLV columns.");
}
