using System.Globalization;
using System.Runtime.CompilerServices;

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
/// Rows follow the order in which customers first appear in the log. The work is O(rows + customers): the log is walked
/// once in its order, each row added to its customer's running history (on several processors for large logs, each
/// with its own customers); only customers whose rows are not in date order have their rows grouped by a counting sort
/// and sorted by day.
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

    internal readonly record struct Result(RfmSummary Summary, double[]? FrequencyHoldout, double[]? MonetaryValueHoldout);

    private static Result Run(TransactionLog log, SummaryOptions options, int calibrationEnd, bool holdout) =>
        Run(log, options, calibrationEnd, holdout, Math.Clamp(log.Count / RowsPerWorker, 1, Math.Min(Environment.ProcessorCount, 8)));

    /// <summary>Logs with at least this many rows per processor are walked on several processors.</summary>
    private const int RowsPerWorker = 1 << 18;

    /// <summary>Summarises with <paramref name="workers"/> threads, each walking the whole log for its own range of customers (for tests: the summary must not depend on it).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static Result Run(TransactionLog log, SummaryOptions options, int calibrationEnd, bool holdout, int workers)
    {
        int end = options.ObservationEnd.DayNumber;
        int customers = log.CustomerCount;
        var scratch = Scratch<History>.From(log.TakeSpare(), customers);
        var afterEnd = new int[workers];
        var unsorted = new bool[workers];
        ForEach(workers, k =>
        {
            int from = (int)((long)customers * k / workers), to = (int)((long)customers * (k + 1) / workers);
            var (late, disorder) = Walk(log, end, calibrationEnd, scratch, from, to);
            afterEnd[k] = late;
            unsorted[k] = disorder;
        });
        int rowsAfterEnd = afterEnd.Sum();
        if (rowsAfterEnd > 0 && !options.DropTransactionsAfterEnd) ThrowAfterEnd(log, end, rowsAfterEnd);
        var histories = scratch.Span;
        if (unsorted.Contains(true)) SortAndWalk(log, end, calibrationEnd, histories);

        double daysPerUnit = options.TimeUnit.DaysPerUnit;
        bool includeFirst = options.IncludeFirstPurchaseInMonetaryValue;
        var ids = new string[customers];
        var frequency = FreshMemory.Array<double>(customers);
        var recency = FreshMemory.Array<double>(customers);
        var t = FreshMemory.Array<double>(customers);
        var monetary = FreshMemory.Array<double>(customers);
        var frequencyHoldout = holdout ? new double[customers] : null;
        var monetaryHoldout = holdout ? new double[customers] : null;
        int row = 0;
        for (int c = 0; c < customers; c++)
        {
            ref readonly History h = ref histories[c];
            if (h.Rows == 0) continue; // every transaction was after the end and dropped
            if (h.First > calibrationEnd) continue; // first seen in the holdout period

            ids[row] = log.CustomerIds[c];
            frequency[row] = h.RepeatDays;
            recency[row] = (h.Last - h.First) / daysPerUnit;
            t[row] = (calibrationEnd - h.First) / daysPerUnit;
            monetary[row] = includeFirst ? (h.FirstAmount + h.RepeatAmount) / (h.RepeatDays + 1)
                : h.RepeatDays > 0 ? h.RepeatAmount / h.RepeatDays : 0.0;
            if (holdout)
            {
                frequencyHoldout![row] = h.HoldoutDays;
                monetaryHoldout![row] = h.HoldoutDays > 0 ? h.HoldoutAmount / h.HoldoutDays : 0.0;
            }
            CheckSums(log, c, h.FirstAmount, h.RepeatAmount, h.HoldoutAmount);
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
        var weights = FreshMemory.Array<double>(row);
        Array.Fill(weights, 1.0);
        // Rows satisfy the summary invariants by construction and ids are distinct, so validation is skipped.
        var summary = new RfmSummary(ids, frequency, recency, t, monetary, weights, options.TimeUnit, validate: false);
        return new Result(summary, frequencyHoldout, monetaryHoldout);
    }

    /// <summary>
    /// One customer's purchase days, taken in date order: same-day amounts summed in the order of the log (from 0), the
    /// first day's sum kept apart, each later day's sum added to the calibration or holdout total as the day ends.
    /// </summary>
    private struct History
    {
        public int Rows;
        public int First;
        public int Day;
        public int Last;
        public int RepeatDays;
        public int HoldoutDays;
        public double DayAmount;
        public double FirstAmount;
        public double RepeatAmount;
        public double HoldoutAmount;
        public bool Unsorted;

        public void Add(int day, double amount, int calibrationEnd)
        {
            if (Rows++ == 0)
            {
                First = Day = Last = day;
                DayAmount = 0.0 + amount;
                return;
            }
            if (day != Day)
            {
                EndDay(calibrationEnd);
                Day = day;
                DayAmount = 0.0;
            }
            DayAmount += amount;
        }

        /// <summary>Adds the day that is running to its total; called once more after the last row.</summary>
        public void EndDay(int calibrationEnd)
        {
            if (Day == First)
            {
                FirstAmount = DayAmount;
            }
            else if (Day <= calibrationEnd)
            {
                RepeatDays++;
                RepeatAmount += DayAmount;
                Last = Day;
            }
            else
            {
                HoldoutDays++;
                HoldoutAmount += DayAmount;
            }
        }
    }

    /// <summary>
    /// Walks the rows up to the end of the customers <paramref name="from"/> to <paramref name="to"/> − 1, in the order
    /// of the log (O(rows), no sort: logs are usually in date order, at least per customer). A customer whose rows go
    /// back in time is marked unsorted and left to <see cref="SortAndWalk"/>. Returns the rows after the end and
    /// whether some customer is unsorted.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static (int AfterEnd, bool Unsorted) Walk(TransactionLog log, int end, int calibrationEnd, Scratch<History> scratch, int from, int to)
    {
        var histories = scratch.Span;
        if (!scratch.Zeroed) histories[from..to].Clear();
        var customerOf = log.CustomerIndices;
        var dayOf = log.DayNumbers;
        var amountOf = log.Amounts;
        int afterEnd = 0;
        bool unsorted = false;
        uint width = (uint)(to - from);
        const int Ahead = 32;
        int touched = 0;
        for (int i = 0; i < customerOf.Length; i++)
        {
            // Every Ahead rows, the histories of the next Ahead rows are touched in a short loop, so that their loads
            // from memory are in flight together (see TransactionLineParser): first and last field, as a history may
            // straddle two cache lines.
            if (i % Ahead == 0)
            {
                foreach (int next in customerOf.Slice(i, Math.Min(Ahead, customerOf.Length - i)))
                    if ((uint)(next - from) < width) touched ^= histories[next].Rows ^ (histories[next].Unsorted ? 1 : 0);
            }
            int c = customerOf[i];
            if ((uint)(c - from) >= width) continue;
            int day = dayOf[i];
            if (day > end)
            {
                afterEnd++;
                continue;
            }
            ref History h = ref histories[c];
            if (h.Rows > 0 && day < h.Day)
            {
                h.Unsorted = unsorted = true;
                continue;
            }
            h.Add(day, amountOf[i], calibrationEnd);
        }
        for (int c = from; c < to; c++)
            if (histories[c].Rows > 0 && !histories[c].Unsorted) histories[c].EndDay(calibrationEnd);
        GC.KeepAlive(touched);
        return (afterEnd, unsorted);
    }

    /// <summary>
    /// The histories of the customers marked unsorted, from their rows grouped by a counting sort and each sorted by
    /// day (stable for short histories, so same-day amounts keep the order of the log).
    /// </summary>
    private static void SortAndWalk(TransactionLog log, int end, int calibrationEnd, Span<History> histories)
    {
        var customerOf = log.CustomerIndices;
        var dayOf = log.DayNumbers;
        var amountOf = log.Amounts;
        int customers = histories.Length;
        var start = new int[customers + 1];
        for (int i = 0; i < dayOf.Length; i++)
            if (dayOf[i] <= end && histories[customerOf[i]].Unsorted) start[customerOf[i] + 1]++;
        for (int c = 0; c < customers; c++) start[c + 1] += start[c];

        var purchases = new Purchase[start[customers]];
        var next = start.AsSpan(0, customers).ToArray();
        for (int i = 0; i < dayOf.Length; i++)
        {
            int day = dayOf[i];
            if (day > end || !histories[customerOf[i]].Unsorted) continue;
            purchases[next[customerOf[i]]++] = new Purchase(day, amountOf[i]);
        }
        for (int c = 0; c < customers; c++)
        {
            if (!histories[c].Unsorted) continue;
            var rows = purchases.AsSpan(start[c], start[c + 1] - start[c]);
            SortByDay(rows);
            var h = new History();
            foreach (var purchase in rows) h.Add(purchase.Day, purchase.Amount, calibrationEnd);
            h.EndDay(calibrationEnd);
            histories[c] = h;
        }
    }

    /// <summary>Runs <paramref name="body"/> for 0 … <paramref name="count"/> − 1, on several threads when there is more than one.</summary>
    private static void ForEach(int count, Action<int> body)
    {
        if (count == 1) body(0);
        else Parallel.For(0, count, body);
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
