using System.Runtime.ExceptionServices;
using System.Numerics.Tensors;
using Clv.Probabilistic.Data;
using Clv.Probabilistic.Models;

namespace Clv.Probabilistic.Valuation;

/// <summary>
/// Expected discounted customer lifetime value from a purchase model and a spend model:
/// CLV_i = margin × E[Z_i] × Σ_k (E[Y_i(t_k)] − E[Y_i(t_(k−1))]) / (1 + d)^k (discrete), or
/// margin × E[Z_i] × ∫₀^H e^(−δt) dE[Y_i(t)] (continuous).
/// </summary>
/// <remarks>
/// Fader, Hardie &amp; Lee (2005), "RFM and CLV", JMR 42(4), section on CLV: expected value is margin × expected spend ×
/// discounted expected transactions, spend being independent of the transaction process (the Gamma-Gamma assumption).
/// The discrete form is the per-period convention of the lifetimes / PyMC-Marketing libraries; the continuous form
/// uses integration by parts: ∫₀^H e^(−δt) dE[Y(t)] = e^(−δH) E[Y(H)] + δ ∫₀^H e^(−δt) E[Y(t)] dt.
/// Expected spend and per-customer sums run in fixed blocks of rows over threads (<see cref="RowPredictions"/>,
/// <see cref="FactoredValuation"/>), so the values are the same bits for any thread count; models without per-history
/// predictions are valued per customer in one block per processor, E[Y(t)] evaluated for all rows of a block at each time.
/// </remarks>
public static class CustomerLifetimeValue
{
    private const int MinimumRowsPerBlock = 1 << 14;

    /// <summary>Values every customer of <paramref name="customers"/>.</summary>
    /// <param name="purchases">The fitted purchase model.</param>
    /// <param name="spend">The fitted spend model.</param>
    /// <param name="customers">Customers, in the purchase model's time unit.</param>
    /// <param name="options">Horizon, period, discount rate, discounting kind and margin.</param>
    /// <exception cref="ArgumentException">The summary's time unit differs from the purchase model's.</exception>
    /// <exception cref="InvalidOperationException">A model returned a non-finite value (the message names the customer).</exception>
    public static ClvResult Compute(IPurchaseModel purchases, ISpendModel spend, RfmSummary customers, ClvOptions options) =>
        Compute(purchases, spend, customers, options, probabilityAlive: null, maxDegreeOfParallelism: -1);

    /// <summary>
    /// Values every customer; a model whose predictions depend on the history alone (<see cref="IHistoryPurchaseModel"/>)
    /// is evaluated once per distinct history (<see cref="FactoredValuation"/> for discrete discounting of a model that
    /// factors E[Y] through P(alive), else <see cref="HistoryValuation"/>), any other per customer.
    /// </summary>
    /// <param name="purchases">The fitted purchase model.</param>
    /// <param name="spend">The fitted spend model.</param>
    /// <param name="customers">Customers, in the purchase model's time unit.</param>
    /// <param name="options">Valuation options.</param>
    /// <param name="probabilityAlive">P(alive) of every customer from <paramref name="purchases"/> if the caller has it, or null.</param>
    /// <param name="maxDegreeOfParallelism">Thread limit (−1: none); the values do not depend on it.</param>
    /// <param name="blockLength">Rows per block of the per-row passes, a multiple of four; the values do not depend on it.</param>
    /// <param name="buffers">The reused memory of a file predicted block by block, or null.</param>
    internal static ClvResult Compute(IPurchaseModel purchases, ISpendModel spend, RfmSummary customers, ClvOptions options,
        double[]? probabilityAlive, int maxDegreeOfParallelism, int blockLength = RowBlocks.DefaultLength, BlockBuffers? buffers = null)
    {
        ArgumentNullException.ThrowIfNull(purchases);
        ArgumentNullException.ThrowIfNull(spend);
        ArgumentNullException.ThrowIfNull(customers);
        ArgumentNullException.ThrowIfNull(options);
        return purchases switch
        {
            IAliveFactoredPurchaseModel factored when options.Discounting == DiscountingKind.Discrete =>
                Compute(purchases, spend, customers, options, maxDegreeOfParallelism, blockLength, (step, expectedSpend) =>
                    FactoredValuation.Value(factored, customers, options, step, probabilityAlive, expectedSpend, maxDegreeOfParallelism, blockLength, buffers),
                    buffers),
            IHistoryPurchaseModel history => Compute(purchases, spend, customers, options, maxDegreeOfParallelism, blockLength,
                Discounting(customers, options, (step, discounted, expected) =>
                    HistoryValuation.Discount(history, customers, options, step, discounted, expected, maxDegreeOfParallelism))),
            _ => Compute(purchases, spend, customers, options, RowsPerBlock(customers.Count)),
        };
    }

    /// <summary>
    /// One block per processor (at least 16 384 rows each): few, large blocks keep the purchase model's own caches
    /// (for example BG/NBD's per-(x, T) cache) effective while using every core.
    /// </summary>
    private static int RowsPerBlock(int rows) =>
        Math.Max(MinimumRowsPerBlock, (rows + Environment.ProcessorCount - 1) / Environment.ProcessorCount);

    /// <summary>Values every customer per customer, in blocks of <paramref name="rowsPerBlock"/> rows valued in parallel.</summary>
    internal static ClvResult Compute(IPurchaseModel purchases, ISpendModel spend, RfmSummary customers, ClvOptions options, int rowsPerBlock) =>
        Compute(purchases, spend, customers, options, -1, RowBlocks.DefaultLength, Discounting(customers, options, (step, discounted, expected) =>
        {
            int n = discounted.Length, blocks = (n + rowsPerBlock - 1) / rowsPerBlock;
            var errorBounds = new double[blocks];
            Parallel.For(0, blocks, block =>
            {
                int start = block * rowsPerBlock, length = Math.Min(rowsPerBlock, n - start);
                var rows = blocks == 1 ? customers : SummaryRows.Range(customers, start, length);
                errorBounds[block] = DiscountBlock(purchases, rows, options, step, discounted.AsSpan(start, length), expected.AsSpan(start, length));
            });
            return blocks == 0 ? 0 : errorBounds.Max();
        }));

    /// <summary>
    /// The checks and the expected spend around <paramref name="value"/>(step, expected spend), which values the customers.
    /// </summary>
    private static ClvResult Compute(IPurchaseModel purchases, ISpendModel spend, RfmSummary customers, ClvOptions options,
        int maxDegreeOfParallelism, int blockLength, Func<double, double[], ClvResult> value, BlockBuffers? buffers = null)
    {
        ArgumentNullException.ThrowIfNull(purchases);
        ArgumentNullException.ThrowIfNull(spend);
        ArgumentNullException.ThrowIfNull(customers);
        ArgumentNullException.ThrowIfNull(options);
        var unit = purchases.TimeUnit;
        if (customers.TimeUnit.DaysPerUnit != unit.DaysPerUnit)
            throw new ArgumentException(
                $"The customers' durations are in {customers.TimeUnit} but the purchase model works in {unit}; summarise the customers in the model's unit.",
                nameof(customers));
        if (options.FractionalPeriodsProblem(options.Horizon) is { } problem) throw new ArgumentException(problem, nameof(options));

        int n = customers.Count;
        var expectedSpend = buffers?.Column(n) ?? new double[n];
        RowPredictions.ExpectedSpend(spend, customers, expectedSpend, maxDegreeOfParallelism, blockLength);
        for (int i = 0; i < n; i++)
            if (!double.IsFinite(expectedSpend[i]))
                throw new InvalidOperationException($"Customer '{customers.CustomerIds[i]}': the spend model returned a non-finite expected spend ({expectedSpend[i]}).");

        try
        {
            return value(options.Period.ConvertTo(1.0, unit), expectedSpend);
        }
        catch (AggregateException e) when (e.InnerExceptions.Count > 0)
        {
            ExceptionDispatchInfo.Capture(e.InnerExceptions[0]).Throw();
            throw;
        }
    }

    /// <summary>
    /// Values the customers from <paramref name="discount"/>(step, discounted, expected), which fills the discounted and
    /// undiscounted expected purchases and returns the quadrature error bound.
    /// </summary>
    private static Func<double, double[], ClvResult> Discounting(RfmSummary customers, ClvOptions options, Func<double, double[], double[], double> discount) =>
        (step, expectedSpend) =>
        {
            int n = expectedSpend.Length;
            var discounted = new double[n];
            var expected = new double[n];
            double errorBound = discount(step, discounted, expected);
            // (E[Z] · discounted) · margin, element by element (a plain loop: the tool compiles this ahead of time).
            var values = new double[n];
            double margin = options.Margin;
            for (int i = 0; i < n; i++) values[i] = expectedSpend[i] * discounted[i] * margin;
            return new ClvResult(options, customers, values, expectedSpend, expected, discounted,
                errorBound == 0 ? 0 : options.Margin * errorBound * MaxAbs(expectedSpend));
        };

    /// <summary>Discounted and undiscounted expected purchases of one block; returns the quadrature error bound.</summary>
    internal static double DiscountBlock(IPurchaseModel purchases, RfmSummary rows, ClvOptions options, double step,
        Span<double> discounted, Span<double> expected)
    {
        if (options.Discounting == DiscountingKind.Discrete)
        {
            DiscountedPurchases.Discrete(purchases, rows, step, options.PeriodCount,
                options.DiscountRate.ContinuousRate(options.Period), discounted, expected);
            return 0;
        }
        return DiscountedPurchases.Continuous(purchases, rows, options.Horizon * step,
            options.DiscountRate.ContinuousRate(purchases.TimeUnit), options.QuadratureTolerance, discounted, expected);
    }

    private static double MaxAbs(ReadOnlySpan<double> values) => values.IsEmpty ? 0 : TensorPrimitives.MaxMagnitude(values);
}
