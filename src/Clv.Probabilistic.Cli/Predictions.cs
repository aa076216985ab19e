using System.Globalization;
using Clv.Probabilistic.Data;
using Clv.Probabilistic.Models;
using Clv.Probabilistic.Persistence;
using Clv.Probabilistic.Valuation;

namespace Clv.Probabilistic.Cli;

/// <summary>
/// Per-customer predictions as <c>clv predict</c> and <c>clv demo</c> write them: expected purchases over the horizon and
/// P(alive), and with a spend model the expected spend per purchase and the discounted CLV.
/// </summary>
internal sealed class Predictions
{
    private Predictions(RfmSummary customers, double[] expectedPurchases, double[] probabilityAlive, ClvResult? value)
    {
        Customers = customers;
        ExpectedPurchases = expectedPurchases;
        ProbabilityAlive = probabilityAlive;
        Value = value;
    }

    private Predictions(RfmSummary customers, double[] discountedPurchases, double[] probabilityAlive, double[]? expectedSpend, double[]? values)
    {
        Customers = customers;
        ExpectedPurchases = discountedPurchases;
        ProbabilityAlive = probabilityAlive;
        Unbounded = true;
        UnboundedSpend = expectedSpend;
        UnboundedValues = values;
    }

    /// <summary>Whether <see cref="ExpectedPurchases"/> holds DERT, the discounted purchases over an unbounded horizon.</summary>
    public bool Unbounded { get; }

    private double[]? UnboundedSpend { get; }

    private double[]? UnboundedValues { get; }

    public RfmSummary Customers { get; }

    public double[] ExpectedPurchases { get; }

    public double[] ProbabilityAlive { get; }

    /// <summary>Expected spend and CLV, when a spend model was given.</summary>
    public ClvResult? Value { get; }

    /// <summary>Per-customer intervals (<c>clv predict --interval</c>), or null.</summary>
    public Valuation.Intervals.CustomerIntervals? Intervals { get; set; }

    /// <summary>Predictive intervals of the realised purchases (and undiscounted value) in the horizon, written after the columns.</summary>
    public Valuation.Intervals.CustomerIntervals? PredictiveIntervals { get; set; }

    /// <summary>Predicts over <paramref name="horizon"/> periods of <paramref name="horizonUnit"/>.</summary>
    /// <param name="model">The purchase model.</param>
    /// <param name="customers">Customers in the model's time unit.</param>
    /// <param name="horizon">Horizon length.</param>
    /// <param name="horizonUnit">Unit of <paramref name="horizon"/>.</param>
    /// <param name="spend">A spend model to value customers with, or null.</param>
    /// <param name="valuation">Discounting, horizon and margin of the value (with <paramref name="spend"/>).</param>
    public static Predictions Compute(IPurchaseModel model, RfmSummary customers, double horizon, TimeUnit horizonUnit,
        ISpendModel? spend = null, ClvOptions? valuation = null)
    {
        if (!(horizon > 0) || !double.IsFinite(horizon))
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"--horizon: {horizon} is not a positive number of periods."));
        if (!SameUnit(customers.TimeUnit, model.TimeUnit))
            throw new ArgumentException($"The summary is in {customers.TimeUnit.Name} but the model in {model.TimeUnit.Name}: summarise the data in {model.TimeUnit.Name}.");
        if (spend is not null && double.IsPositiveInfinity(spend.PopulationMeanSpend))
        {
            int first = customers.Frequency.IndexOf(0.0);
            if (first >= 0)
                throw new ArgumentException(
                    $"The spend model has no finite population mean spend: customers without repeat purchases (the first is '{customers.CustomerIds[first]}') cannot be valued.");
        }
        var expected = FreshMemory.Array<double>(customers.Count);
        var alive = FreshMemory.Array<double>(customers.Count);
        model.ConditionalExpectedPurchases(customers, horizonUnit.ConvertTo(horizon, model.TimeUnit), expected);
        model.ProbabilityAlive(customers, alive);
        ClvResult? value = spend is null ? null
            : CustomerLifetimeValue.Compute(model, spend, customers, valuation ?? throw new ArgumentException("A spend model needs valuation options."));
        return new Predictions(customers, expected, alive, value);
    }

    /// <summary>
    /// DERT at δ = ln(1 + d) in the model's unit and P(alive) per customer; with a spend model also E[Z | x, z̄] and
    /// clv = margin × E[Z] × DERT (Fader, Hardie &amp; Lee 2005, "RFM and CLV": CLV = margin × E[spend] × DERT).
    /// </summary>
    public static Predictions ComputeUnbounded(IDiscountedResidualPurchases model, RfmSummary customers, DiscountRate rate, ISpendModel? spend, double margin)
    {
        if (!SameUnit(customers.TimeUnit, model.TimeUnit))
            throw new ArgumentException($"The summary is in {customers.TimeUnit.Name} but the model in {model.TimeUnit.Name}: summarise the data in {model.TimeUnit.Name}.");
        if (!double.IsFinite(margin))
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"--margin: {margin} is not a finite number."));
        int n = customers.Count;
        var dert = new double[n];
        var alive = new double[n];
        model.DiscountedExpectedResidualPurchases(customers, rate.ContinuousRate(model.TimeUnit), dert);
        model.ProbabilityAlive(customers, alive);
        for (int i = 0; i < n; i++)
            if (!double.IsFinite(dert[i]))
                throw new InvalidOperationException($"Customer '{customers.CustomerIds[i]}': the discounted expected purchases are not finite ({dert[i]}).");
        if (spend is null) return new Predictions(customers, dert, alive, null, null);
        var expectedSpend = new double[n];
        spend.ConditionalExpectedSpend(customers, expectedSpend);
        var values = new double[n];
        for (int i = 0; i < n; i++)
        {
            if (!double.IsFinite(expectedSpend[i]))
                throw new InvalidOperationException($"Customer '{customers.CustomerIds[i]}': the spend model returned a non-finite expected spend ({expectedSpend[i]}).");
            values[i] = margin * expectedSpend[i] * dert[i];
        }
        return new Predictions(customers, dert, alive, expectedSpend, values);
    }

    /// <summary>Whether two units are the same unit (same name and length).</summary>
    public static bool SameUnit(TimeUnit x, TimeUnit y) =>
        string.Equals(x.Name, y.Name, StringComparison.OrdinalIgnoreCase) && x.DaysPerUnit == y.DaysPerUnit;

    /// <summary>
    /// Writes <c>customer_id,expected_purchases,p_alive[,expected_spend,clv]</c> in full precision, invariant culture;
    /// atomically but not flushed to disk: a table derived from the inputs by one command (AtomicFile's remarks).
    /// </summary>
    public void WriteCsv(string path) => AtomicFile.WriteText(path, WriteCsv, flushToDisk: false);

    private void WriteCsv(TextWriter writer)
    {
        if (Unbounded)
        {
            WriteUnbounded(writer);
            return;
        }
        string[] columns = Value is null ? ["expected_purchases", "p_alive"] : ["expected_purchases", "p_alive", "expected_spend", "clv"];
        writer.Write("customer_id");
        foreach (var column in columns)
        {
            writer.Write(',' + column);
            if (Intervals is not null) writer.Write($",{column}_lower,{column}_upper");
        }
        if (PredictiveIntervals is { } predictive)
            foreach (var quantity in predictive.Quantities) writer.Write($",{quantity.Name}_lower,{quantity.Name}_upper");
        writer.Write('\n');
        var bounds = Intervals is null ? null : columns.Select(column => Intervals[column]).ToArray();
        var future = PredictiveIntervals?.Quantities.ToArray();
        CsvRows.Write(writer, Customers.Count, (line, i) =>
        {
            line.Id(Customers, i);
            Column(line, 0, ExpectedPurchases[i], i);
            Column(line, 1, ProbabilityAlive[i], i);
            if (Value is not null)
            {
                Column(line, 2, Value.ExpectedSpend[i], i);
                Column(line, 3, Value.Values[i], i);
            }
            if (future is not null)
                foreach (var quantity in future)
                {
                    line.Number(quantity.Lower[i]);
                    line.Number(quantity.Upper[i]);
                }
            line.NewLine();
        });

        void Column(CsvLine line, int k, double value, int row)
        {
            line.Number(value);
            if (bounds?[k] is not { } interval) return;
            line.Number(interval.Lower[row]);
            line.Number(interval.Upper[row]);
        }
    }

    /// <summary><c>customer_id,discounted_expected_purchases,p_alive[,expected_spend,clv]</c>.</summary>
    private void WriteUnbounded(TextWriter writer)
    {
        writer.Write(UnboundedValues is null ? "customer_id,discounted_expected_purchases,p_alive\n" : "customer_id,discounted_expected_purchases,p_alive,expected_spend,clv\n");
        CsvRows.Write(writer, Customers.Count, (line, i) =>
        {
            line.Id(Customers, i);
            line.Number(ExpectedPurchases[i]);
            line.Number(ProbabilityAlive[i]);
            if (UnboundedValues is not null)
            {
                line.Number(UnboundedSpend![i]);
                line.Number(UnboundedValues[i]);
            }
            line.NewLine();
        });
    }

    internal static string Quote(string id) =>
        id.AsSpan().IndexOfAny(",\"\r\n") >= 0 || id.Length == 0 || char.IsWhiteSpace(id[0]) || char.IsWhiteSpace(id[^1])
            ? "\"" + id.Replace("\"", "\"\"", StringComparison.Ordinal) + "\""
            : id;
}
