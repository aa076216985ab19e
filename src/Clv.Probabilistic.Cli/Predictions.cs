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

    public RfmSummary Customers { get; }

    public double[] ExpectedPurchases { get; }

    public double[] ProbabilityAlive { get; }

    /// <summary>Expected spend and CLV, when a spend model was given.</summary>
    public ClvResult? Value { get; }

    /// <summary>Per-customer intervals (<c>clv predict --interval</c>), or null.</summary>
    public Valuation.Intervals.CustomerIntervals? Intervals { get; set; }

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
        var expected = new double[customers.Count];
        var alive = new double[customers.Count];
        model.ConditionalExpectedPurchases(customers, horizonUnit.ConvertTo(horizon, model.TimeUnit), expected);
        model.ProbabilityAlive(customers, alive);
        ClvResult? value = spend is null ? null
            : CustomerLifetimeValue.Compute(model, spend, customers, valuation ?? throw new ArgumentException("A spend model needs valuation options."));
        return new Predictions(customers, expected, alive, value);
    }

    /// <summary>Whether two units are the same unit (same name and length).</summary>
    public static bool SameUnit(TimeUnit x, TimeUnit y) =>
        string.Equals(x.Name, y.Name, StringComparison.OrdinalIgnoreCase) && x.DaysPerUnit == y.DaysPerUnit;

    /// <summary>Writes <c>customer_id,expected_purchases,p_alive[,expected_spend,clv]</c> in full precision, invariant culture.</summary>
    public void WriteCsv(string path) => AtomicFile.WriteText(path, WriteCsv);

    private void WriteCsv(TextWriter writer)
    {
        string[] columns = Value is null ? ["expected_purchases", "p_alive"] : ["expected_purchases", "p_alive", "expected_spend", "clv"];
        writer.Write("customer_id");
        foreach (var column in columns)
        {
            writer.Write(',' + column);
            if (Intervals is not null) writer.Write($",{column}_lower,{column}_upper");
        }
        writer.Write('\n');
        var ids = Customers.CustomerIds;
        for (int i = 0; i < ids.Count; i++)
        {
            writer.Write(Quote(ids[i]));
            WriteWithInterval(writer, "expected_purchases", ExpectedPurchases[i], i);
            WriteWithInterval(writer, "p_alive", ProbabilityAlive[i], i);
            if (Value is not null)
            {
                WriteWithInterval(writer, "expected_spend", Value.ExpectedSpend[i], i);
                WriteWithInterval(writer, "clv", Value.Values[i], i);
            }
            writer.Write('\n');
        }
    }

    private void WriteWithInterval(TextWriter writer, string name, double value, int row)
    {
        Write(writer, value);
        if (Intervals?[name] is not { } interval) return;
        Write(writer, interval.Lower[row]);
        Write(writer, interval.Upper[row]);
    }

    private static void Write(TextWriter writer, double value)
    {
        writer.Write(',');
        writer.Write(value.ToString("R", CultureInfo.InvariantCulture));
    }

    internal static string Quote(string id) =>
        id.AsSpan().IndexOfAny(",\"\r\n") >= 0 || id.Length == 0 || char.IsWhiteSpace(id[0]) || char.IsWhiteSpace(id[^1])
            ? "\"" + id.Replace("\"", "\"\"", StringComparison.Ordinal) + "\""
            : id;
}
