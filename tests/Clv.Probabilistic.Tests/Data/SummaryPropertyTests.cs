using Clv.Probabilistic.Data;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Clv.Probabilistic.Tests.Data;

/// <summary>Invariants of summaries on random logs, and agreement with a plain reference implementation.</summary>
public class SummaryPropertyTests
{
    private static readonly DateOnly Origin = new(2020, 1, 1);

    public sealed record Tx(string Id, int Day, double Amount);

    public sealed record Case(Tx[] Rows, int EndDay);

    private static readonly Gen<Tx> TxGen =
        from customer in Gen.Choose(0, 6)
        from day in Gen.Choose(0, 90)
        from cents in Gen.Choose(0, 50_000)
        select new Tx("c" + customer, day, cents / 100.0);

    private static readonly Arbitrary<Case> Cases = Arb.From(
        from rows in Gen.NonEmptyListOf(TxGen)
        let maxDay = rows.Max(r => r.Day)
        from extra in Gen.Choose(0, 30)
        select new Case(rows.ToArray(), maxDay + extra));

    private static TransactionLog LogOf(Tx[] rows) =>
        TransactionLog.FromArrays(rows.Select(r => r.Id).ToArray(), rows.Select(r => Origin.AddDays(r.Day)).ToArray(),
            rows.Select(r => r.Amount).ToArray());

    private static RfmSummary Summarize(Case c, TimeUnit unit) =>
        RfmSummarizer.Summarize(LogOf(c.Rows), new SummaryOptions(Origin.AddDays(c.EndDay), unit));

    /// <summary>The definitions written out directly with grouping, one customer at a time.</summary>
    private static Dictionary<string, (double X, double Tx, double T, double M)> Reference(Tx[] rows, int endDay, double daysPerUnit) =>
        rows.Where(r => r.Day <= endDay).GroupBy(r => r.Id).ToDictionary(g => g.Key, g =>
        {
            var days = g.GroupBy(r => r.Day).OrderBy(d => d.Key).Select(d => (Day: d.Key, Amount: d.Sum(r => r.Amount))).ToList();
            int x = days.Count - 1;
            return ((double)x, (days[^1].Day - days[0].Day) / daysPerUnit, (endDay - days[0].Day) / daysPerUnit,
                x == 0 ? 0.0 : days.Skip(1).Average(d => d.Amount));
        });

    [Property]
    public Property AgreesWithReferenceImplementation() => Prop.ForAll(Cases, c =>
    {
        var s = Summarize(c, TimeUnit.Weeks);
        var expected = Reference(c.Rows, c.EndDay, 7.0);
        if (s.Count != expected.Count) return false;
        for (int i = 0; i < s.Count; i++)
        {
            var e = expected[s.CustomerIds[i]];
            if (s.Frequency[i] != e.X || !Close(s.Recency[i], e.Tx) || !Close(s.T[i], e.T) || !Close(s.MonetaryValue[i], e.M)) return false;
        }
        return true;
    });

    [Property]
    public Property SummaryInvariantsHold() => Prop.ForAll(Cases, c =>
    {
        var s = Summarize(c, TimeUnit.Days);
        for (int i = 0; i < s.Count; i++)
        {
            string id = s.CustomerIds[i];
            int distinctDays = c.Rows.Where(r => r.Id == id).Select(r => r.Day).Distinct().Count();
            if (!(0 <= s.Recency[i] && s.Recency[i] <= s.T[i])) return false;
            if (s.Frequency[i] != distinctDays - 1) return false;
            if (s.Frequency[i] == 0 && (s.Recency[i] != 0 || s.MonetaryValue[i] != 0)) return false;
        }
        return s.Count == c.Rows.Select(r => r.Id).Distinct().Count();
    });

    [Property]
    public Property TimeUnitsAreConsistent() => Prop.ForAll(Cases, c =>
    {
        var days = Summarize(c, TimeUnit.Days);
        var months = Summarize(c, TimeUnit.Months);
        for (int i = 0; i < days.Count; i++)
        {
            if (!Close(TimeUnit.Months.ConvertTo(months.Recency[i], TimeUnit.Days), days.Recency[i])) return false;
            if (!Close(TimeUnit.Months.ConvertTo(months.T[i], TimeUnit.Days), days.T[i])) return false;
            if (months.Frequency[i] != days.Frequency[i] || months.MonetaryValue[i] != days.MonetaryValue[i]) return false;
        }
        return true;
    });

    [Property]
    public Property RowOrderDoesNotMatter() => Prop.ForAll(Cases, c =>
    {
        var s = Summarize(c, TimeUnit.Weeks);
        var reversed = Summarize(c with { Rows = c.Rows.Reverse().ToArray() }, TimeUnit.Weeks);
        var back = reversed.CustomerIds.Select((id, i) => (id, i)).ToDictionary(p => p.id, p => p.i);
        for (int i = 0; i < s.Count; i++)
        {
            int j = back[s.CustomerIds[i]];
            if (s.Frequency[i] != reversed.Frequency[j] || s.Recency[i] != reversed.Recency[j] || s.T[i] != reversed.T[j]
                || !Close(s.MonetaryValue[i], reversed.MonetaryValue[j])) return false;
        }
        return true;
    });

    [Property]
    public Property CalibrationPlusHoldoutEqualsWholePeriod() => Prop.ForAll(Cases, c =>
    {
        int calibrationEnd = c.Rows.Min(r => r.Day) + (c.EndDay - c.Rows.Min(r => r.Day)) / 2;
        if (calibrationEnd >= c.EndDay) return true;
        var whole = Summarize(c, TimeUnit.Days);
        var split = RfmSummarizer.SummarizeCalibrationHoldout(LogOf(c.Rows), Origin.AddDays(calibrationEnd),
            new SummaryOptions(Origin.AddDays(c.EndDay), TimeUnit.Days));
        var calibrationOnly = RfmSummarizer.Summarize(LogOf(c.Rows.Where(r => r.Day <= calibrationEnd).ToArray()),
            new SummaryOptions(Origin.AddDays(calibrationEnd), TimeUnit.Days));
        var wholeIndex = whole.CustomerIds.Select((id, i) => (id, i)).ToDictionary(p => p.id, p => p.i);
        var calibrationIndex = calibrationOnly.CustomerIds.Select((id, i) => (id, i)).ToDictionary(p => p.id, p => p.i);
        if (split.Count != calibrationOnly.Count) return false;
        for (int i = 0; i < split.Count; i++)
        {
            var cal = split.Calibration;
            int k = calibrationIndex[cal.CustomerIds[i]];
            if (cal.Frequency[i] != calibrationOnly.Frequency[k] || cal.Recency[i] != calibrationOnly.Recency[k]
                || cal.T[i] != calibrationOnly.T[k] || cal.MonetaryValue[i] != calibrationOnly.MonetaryValue[k]) return false;
            int w = wholeIndex[cal.CustomerIds[i]];
            if (cal.Frequency[i] + split.FrequencyHoldout[i] != whole.Frequency[w]) return false;
            if (split.DurationHoldout[i] != c.EndDay - calibrationEnd) return false;
            double totalRepeat = cal.Frequency[i] * cal.MonetaryValue[i] + split.FrequencyHoldout[i] * split.MonetaryValueHoldout[i];
            if (!Close(totalRepeat, whole.Frequency[w] * whole.MonetaryValue[w])) return false;
        }
        return true;
    });

    [Property]
    public Property CompressionPreservesTotalsAndExpandsBack() => Prop.ForAll(Cases, c =>
    {
        var s = Summarize(c, TimeUnit.Weeks);
        var compressed = s.Compress();
        var rows = compressed.Rows;
        var x = compressed.Expand(rows.Frequency);
        var tx = compressed.Expand(rows.Recency);
        var t = compressed.Expand(rows.T);
        double weightedSpend = 0, spend = 0;
        for (int r = 0; r < rows.Count; r++) weightedSpend += rows.Weights[r] * rows.MonetaryValue[r];
        for (int i = 0; i < s.Count; i++)
        {
            if (x[i] != s.Frequency[i] || tx[i] != s.Recency[i] || t[i] != s.T[i]) return false;
            spend += s.MonetaryValue[i];
        }
        var distinct = Enumerable.Range(0, s.Count).Select(i => (s.Frequency[i], s.Recency[i], s.T[i])).Distinct().Count();
        return rows.TotalWeight == s.TotalWeight && compressed.CustomerCount == s.Count && rows.Count == distinct
            && Close(weightedSpend, spend);
    });

    [Property]
    public Property CompressionByMonetaryValueKeepsExactValues() => Prop.ForAll(Cases, c =>
    {
        var s = Summarize(c, TimeUnit.Weeks);
        var compressed = s.Compress(byMonetaryValue: true);
        var m = compressed.Expand(compressed.Rows.MonetaryValue);
        return m.SequenceEqual(s.MonetaryValue.ToArray()) && compressed.Rows.TotalWeight == s.Count;
    });

    private static bool Close(double a, double b) => Math.Abs(a - b) <= 1e-9 * Math.Max(1.0, Math.Abs(b));
}
