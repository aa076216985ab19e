using System.Globalization;

namespace Clv.Probabilistic.Data;

/// <summary>Turns a <see cref="TransactionLog"/> into per-customer recency-frequency-monetary summaries.</summary>
/// <remarks>
/// The conventions of Fader, Hardie &amp; Lee (2005), "Counting Your Customers the Easy Way", section 2, as implemented by
/// the reference libraries (lifetimes, PyMC-Marketing, CLVTools):
/// <list type="bullet">
/// <item>Purchases of one customer on the same day are one purchase; their amounts are summed.</item>
/// <item>Time is the whole number of days between two dates divided by the unit's length in days (fractions kept).</item>
/// <item>Frequency x is the number of purchase days after the first one, up to and including the observation end.</item>
/// <item>Recency t_x is the time from the first to the last purchase day (0 when x = 0).</item>
/// <item>T is the time from the first purchase day to the observation end.</item>
/// <item>Monetary value is the mean amount of the repeat purchase days (0 when x = 0), or optionally of all purchase days.</item>
/// </list>
/// Rows follow the order in which customers first appear in the log. The work is O(rows + customers): rows are grouped
/// by customer with a counting sort, then each customer's days are sorted (usually already in order) and walked once.
/// </remarks>
public static class RfmSummarizer
{
    /// <summary>Summarises the log up to the observation end.</summary>
    /// <exception cref="ClvDataException">
    /// Transactions are dated after the observation end (unless <see cref="SummaryOptions.DropTransactionsAfterEnd"/>):
    /// the error counts them, and names a customer whose first purchase lies after the end if there is one.
    /// </exception>
    public static RfmSummary Summarize(TransactionLog log, SummaryOptions options)
    {
        ArgumentNullException.ThrowIfNull(log);
        CheckOptions(options);
        return Run(log, options, options.ObservationEnd.DayNumber, holdout: false).Summary;
    }

    /// <summary>
    /// Splits the observation into a calibration period (up to <paramref name="calibrationEnd"/>, inclusive) and a
    /// holdout period (after it, up to <see cref="SummaryOptions.ObservationEnd"/>, inclusive): the calibration summary
    /// is what <see cref="Summarize"/> gives with the calibration end as observation end, and the holdout columns count
    /// each customer's later purchase days.
    /// </summary>
    /// <remarks>Customers whose first purchase falls in the holdout period have no calibration history and are left out.</remarks>
    /// <exception cref="ArgumentException">The calibration end is not before the observation end.</exception>
    /// <exception cref="ClvDataException">Transactions are dated after the observation end (see <see cref="Summarize"/>).</exception>
    public static CalibrationHoldoutSummary SummarizeCalibrationHoldout(TransactionLog log, DateOnly calibrationEnd, SummaryOptions options)
    {
        ArgumentNullException.ThrowIfNull(log);
        CheckOptions(options);
        options.CheckCalibrationEnd(calibrationEnd);
        var result = Run(log, options, calibrationEnd.DayNumber, holdout: true);
        var duration = new double[result.Summary.Count];
        Array.Fill(duration, options.TimeUnit.FromDays(options.ObservationEnd.DayNumber - calibrationEnd.DayNumber));
        return new CalibrationHoldoutSummary(result.Summary, result.FrequencyHoldout!, result.MonetaryValueHoldout!, duration);
    }

    private static void CheckOptions(SummaryOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!(options.TimeUnit.DaysPerUnit > 0))
            throw new ArgumentException("The summary options need a time unit (for example TimeUnit.Weeks).", nameof(options));
    }

    private readonly record struct Result(RfmSummary Summary, double[]? FrequencyHoldout, double[]? MonetaryValueHoldout);

    private static Result Run(TransactionLog log, SummaryOptions options, int calibrationEnd, bool holdout)
    {
        int end = options.ObservationEnd.DayNumber;
        var customerOf = log.CustomerIndices;
        var dayOf = log.DayNumbers;
        var amountOf = log.Amounts;
        int customers = log.CustomerCount;

        // Counting sort by customer: start[c] .. start[c + 1] will hold customer c's rows.
        var start = new int[customers + 1];
        int afterEnd = 0;
        for (int i = 0; i < dayOf.Length; i++)
        {
            if (dayOf[i] > end) afterEnd++;
            else start[customerOf[i] + 1]++;
        }
        if (afterEnd > 0 && !options.DropTransactionsAfterEnd) ThrowAfterEnd(log, end, afterEnd);
        for (int c = 0; c < customers; c++) start[c + 1] += start[c];

        // Day and amount travel together, so the scatter writes one cache line per row rather than two.
        var purchases = new Purchase[start[customers]];
        var next = start.AsSpan(0, customers).ToArray();
        for (int i = 0; i < dayOf.Length; i++)
        {
            int day = dayOf[i];
            if (day > end) continue;
            purchases[next[customerOf[i]]++] = new Purchase(day, amountOf[i]);
        }
        next = null;

        double daysPerUnit = options.TimeUnit.DaysPerUnit;
        bool includeFirst = options.IncludeFirstPurchaseInMonetaryValue;
        var ids = new string[customers];
        var frequency = new double[customers];
        var recency = new double[customers];
        var t = new double[customers];
        var monetary = new double[customers];
        var frequencyHoldout = holdout ? new double[customers] : null;
        var monetaryHoldout = holdout ? new double[customers] : null;
        int row = 0;
        for (int c = 0; c < customers; c++)
        {
            int from = start[c], to = start[c + 1];
            if (from == to) continue; // every transaction was after the end and dropped
            var history = purchases.AsSpan(from, to - from);
            SortByDay(history);
            int first = history[0].Day;
            if (first > calibrationEnd) continue; // first seen in the holdout period

            int j = 0, last = first, repeatDays = 0, holdoutDays = 0;
            double firstAmount = 0, repeatAmount = 0, holdoutAmount = 0;
            while (j < history.Length && history[j].Day == first) firstAmount += history[j++].Amount;
            while (j < history.Length)
            {
                int day = history[j].Day;
                double dayAmount = 0;
                while (j < history.Length && history[j].Day == day) dayAmount += history[j++].Amount;
                if (day <= calibrationEnd)
                {
                    repeatDays++;
                    repeatAmount += dayAmount;
                    last = day;
                }
                else
                {
                    holdoutDays++;
                    holdoutAmount += dayAmount;
                }
            }

            ids[row] = log.CustomerIds[c];
            frequency[row] = repeatDays;
            recency[row] = (last - first) / daysPerUnit;
            t[row] = (calibrationEnd - first) / daysPerUnit;
            monetary[row] = includeFirst ? (firstAmount + repeatAmount) / (repeatDays + 1)
                : repeatDays > 0 ? repeatAmount / repeatDays : 0.0;
            if (holdout)
            {
                frequencyHoldout![row] = holdoutDays;
                monetaryHoldout![row] = holdoutDays > 0 ? holdoutAmount / holdoutDays : 0.0;
            }
            CheckSums(log, c, firstAmount, repeatAmount, holdoutAmount);
            string? problem = RfmSummary.CheckObservedRow(frequency[row], recency[row], t[row], monetary[row], 1.0)
                ?? (holdout ? CalibrationHoldoutSummary.CheckRow(frequencyHoldout![row], monetaryHoldout![row], 1.0) : null);
            if (problem is not null)
                throw new ClvDataException(problem, log.SourceName, customerId: log.CustomerIds[c]);
            row++;
        }

        if (row < customers)
        {
            Array.Resize(ref ids, row);
            Array.Resize(ref frequency, row);
            Array.Resize(ref recency, row);
            Array.Resize(ref t, row);
            Array.Resize(ref monetary, row);
            if (holdout)
            {
                Array.Resize(ref frequencyHoldout, row);
                Array.Resize(ref monetaryHoldout, row);
            }
        }
        if (row == 0) throw new ClvDataException("No customer has a purchase on or before the (calibration) end date.");
        var weights = new double[row];
        Array.Fill(weights, 1.0);
        // Rows satisfy the summary invariants by construction and ids are distinct, so validation is skipped.
        var summary = new RfmSummary(ids, frequency, recency, t, monetary, weights, options.TimeUnit, validate: false);
        return new Result(summary, frequencyHoldout, monetaryHoldout);
    }

    /// <summary>
    /// Refuses a customer whose amounts add up past the largest double: the sum (and so the monetary value) would be
    /// infinite, and an "Infinity" in a summary is a number silently wrong.
    /// </summary>
    private static void CheckSums(TransactionLog log, int customer, double first, double repeat, double holdout)
    {
        if (double.IsFinite(first) && double.IsFinite(repeat) && double.IsFinite(holdout)) return;
        string which = !double.IsFinite(first) ? "first-day" : !double.IsFinite(repeat) ? "repeat-purchase" : "holdout";
        throw new ClvDataException($"The customer's {which} amounts add up to more than the largest number a double holds (about 1.8e308): the sum and the mean spend overflow.",
            log.SourceName, column: "amount", customerId: log.CustomerIds[customer]);
    }

    private readonly record struct Purchase(int Day, double Amount);

    /// <summary>Sorts one customer's rows by day; stable for short runs, which keeps same-day amounts in input order.</summary>
    private static void SortByDay(Span<Purchase> history)
    {
        int i = 1;
        while (i < history.Length && history[i - 1].Day <= history[i].Day) i++;
        if (i >= history.Length) return;
        if (history.Length > 64)
        {
            history.Sort(static (a, b) => a.Day.CompareTo(b.Day));
            return;
        }
        for (; i < history.Length; i++)
        {
            var purchase = history[i];
            int k = i - 1;
            while (k >= 0 && history[k].Day > purchase.Day)
            {
                history[k + 1] = history[k];
                k--;
            }
            history[k + 1] = purchase;
        }
    }

    private static void ThrowAfterEnd(TransactionLog log, int end, int afterEnd)
    {
        var firstDay = new int[log.CustomerCount];
        Array.Fill(firstDay, int.MaxValue);
        var customerOf = log.CustomerIndices;
        var dayOf = log.DayNumbers;
        int firstRowAfter = -1, latest = end;
        for (int i = 0; i < dayOf.Length; i++)
        {
            int c = customerOf[i], day = dayOf[i];
            if (day < firstDay[c]) firstDay[c] = day;
            if (day > end)
            {
                if (firstRowAfter < 0) firstRowAfter = i;
                latest = Math.Max(latest, day);
            }
        }
        string endText = Format(end);
        int lateCustomers = 0, example = -1;
        for (int c = 0; c < firstDay.Length; c++)
        {
            if (firstDay[c] <= end) continue;
            lateCustomers++;
            if (example < 0) example = c;
        }
        if (example >= 0)
            throw new ClvDataException(string.Create(CultureInfo.InvariantCulture,
                $"The observation end {endText} is before the customer's first purchase on {Format(firstDay[example])} ({lateCustomers} customers first buy after the observation end). Choose a later observation end, or drop transactions after the end explicitly (DropTransactionsAfterEnd; clv summarize --drop-after-end)."),
                log.SourceName, customerId: log.CustomerIds[example], count: lateCustomers);
        throw new ClvDataException(string.Create(CultureInfo.InvariantCulture,
            $"{afterEnd} of {log.Count} transactions are dated after the observation end {endText} (the first on {Format(log.DayNumbers[firstRowAfter])}, the latest on {Format(latest)}). Choose a later observation end, or drop them explicitly (DropTransactionsAfterEnd; clv summarize --drop-after-end)."),
            log.SourceName, customerId: log.GetCustomerId(firstRowAfter), count: afterEnd);
    }

    private static string Format(int dayNumber) =>
        DateOnly.FromDayNumber(dayNumber).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
