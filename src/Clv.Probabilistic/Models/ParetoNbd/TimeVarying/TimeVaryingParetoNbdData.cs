using System.Globalization;
using Clv.Probabilistic.Data;
using Clv.Probabilistic.Data.Covariates.TimeVarying;

namespace Clv.Probabilistic.Models.ParetoNbd.TimeVarying;

/// <summary>
/// Customers prepared for the Pareto/NBD with time-varying covariates: each customer's repeat purchases (same-day
/// purchases merged), recency and age in the estimation period (first purchase to the calibration end), the covariates
/// in force at each repeat purchase, and the covariate path over the period.
/// </summary>
/// <remarks>
/// Customer i's clock starts at the first purchase; a covariate row dated d applies on [d, d + step). The path must
/// cover the closed period from the first purchase to the calibration end (Bachmann, Meierer &amp; Näf 2021, section 3).
/// Customers whose first purchase falls after the calibration end are left out.
/// </remarks>
public sealed class TimeVaryingParetoNbdData
{
    private readonly int[] _pathIndex;
    private readonly int[] _firstDay;

    private TimeVaryingParetoNbdData(TimeVaryingRows rows, string[] customerIds, int[] pathIndex, int[] firstDay,
        CovariatePaths paths, DateOnly calibrationEnd, TimeUnit timeUnit)
    {
        Rows = rows;
        CustomerIds = customerIds;
        _pathIndex = pathIndex;
        _firstDay = firstDay;
        CovariateNames = paths.CovariateNames.ToArray();
        StepDays = paths.StepDays;
        CalibrationEnd = calibrationEnd;
        TimeUnit = timeUnit;
    }

    internal TimeVaryingRows Rows { get; }

    /// <summary>The customers, in the order of the transaction log.</summary>
    public IReadOnlyList<string> CustomerIds { get; }

    /// <summary>The covariate names.</summary>
    public IReadOnlyList<string> CovariateNames { get; }

    /// <summary>Days per grid step of the covariate paths.</summary>
    public int StepDays { get; }

    /// <summary>Last day of the estimation period (inclusive).</summary>
    public DateOnly CalibrationEnd { get; }

    /// <summary>Unit of x's time axis: recency and T are in this unit.</summary>
    public TimeUnit TimeUnit { get; }

    /// <summary>Number of customers.</summary>
    public int Count => CustomerIds.Count;

    /// <summary>Repeat purchases (distinct purchase days after the first) in the estimation period.</summary>
    public ReadOnlySpan<double> Frequency => Rows.X;

    /// <summary>Time from the first to the last purchase.</summary>
    public ReadOnlySpan<double> Recency => Rows.Recency;

    /// <summary>Time from the first purchase to the calibration end.</summary>
    public ReadOnlySpan<double> T => Rows.T;

    /// <summary>
    /// Joins <paramref name="log"/> (purchases up to <paramref name="calibrationEnd"/>) with <paramref name="paths"/>.
    /// </summary>
    /// <exception cref="ClvDataException">
    /// A customer of the log has no covariate rows, a path does not cover its customer's estimation period, or the
    /// covariate file names a customer the log does not have (each message names the file, line and customer).
    /// </exception>
    public static TimeVaryingParetoNbdData Create(TransactionLog log, CovariatePaths paths, DateOnly calibrationEnd, TimeUnit timeUnit)
    {
        ArgumentNullException.ThrowIfNull(log);
        ArgumentNullException.ThrowIfNull(paths);
        if (!(timeUnit.DaysPerUnit > 0)) throw new ArgumentException("A time unit is needed (for example TimeUnit.Weeks).", nameof(timeUnit));
        int end = calibrationEnd.DayNumber, k = paths.CovariateCount, step = paths.StepDays;
        double perUnit = timeUnit.DaysPerUnit;
        var days = PurchaseDays(log, end);
        var logIds = new HashSet<string>(log.CustomerIds, StringComparer.Ordinal);
        for (int c = 0; c < paths.CustomerIds.Count; c++)
            if (!logIds.Contains(paths.CustomerIds[c]))
                throw new ClvDataException($"Customer '{paths.CustomerIds[c]}' has covariate rows but no transactions in {log.SourceName ?? "the transaction log"}.",
                    paths.SourceName, paths.LineNumber(c, 0), null, paths.CustomerIds[c]);

        var ids = new List<string>();
        var pathIndex = new List<int>();
        var firstDays = new List<int>();
        var x = new List<double>();
        var recency = new List<double>();
        var t = new List<double>();
        var purchased = new List<double>();
        var builder = new SegmentBuilder(k);
        for (int c = 0; c < days.Length; c++)
        {
            var own = days[c];
            if (own is null) continue;
            string id = log.CustomerIds[c];
            int p = paths.IndexOf(id);
            if (p < 0)
                throw new ClvDataException($"Customer '{id}' has transactions but no rows in the covariate file.", paths.SourceName, null, null, id);
            int first = own[0];
            if (paths.FirstDayNumber(p) > first || paths.EndDate(p).DayNumber <= end)
                throw paths.NotCovering(p, first, end, "the estimation period (first purchase to calibration end)");
            builder.AddCustomer(paths, p, first, end, perUnit);
            var sum = new double[k];
            for (int j = 1; j < own.Count; j++)
            {
                var z = paths.Values(p, (own[j] - paths.FirstDayNumber(p)) / step);
                for (int m = 0; m < k; m++) sum[m] += z[m];
            }
            ids.Add(id);
            pathIndex.Add(p);
            firstDays.Add(first);
            x.Add(own.Count - 1);
            recency.Add((own[^1] - first) / perUnit);
            t.Add((end - first) / perUnit);
            purchased.AddRange(sum);
        }
        if (ids.Count == 0)
            throw new ClvDataException(string.Create(CultureInfo.InvariantCulture, $"No customer purchased on or before the calibration end {calibrationEnd:yyyy-MM-dd}."), log.SourceName);
        var rows = new TimeVaryingRows(x.ToArray(), recency.ToArray(), t.ToArray(), purchased.ToArray(), builder.Build());
        return new TimeVaryingParetoNbdData(rows, ids.ToArray(), pathIndex.ToArray(), firstDays.ToArray(), paths, calibrationEnd, timeUnit);
    }

    /// <summary>
    /// Each customer's covariate path from the calibration end over <paramref name="horizon"/> time units, taken from
    /// <paramref name="future"/> (which must have the same covariates and grid step).
    /// </summary>
    /// <exception cref="ClvDataException">A customer has no future rows, or they do not cover the horizon.</exception>
    internal CovariateSegments FuturePath(CovariatePaths future, double horizon)
    {
        ArgumentNullException.ThrowIfNull(future);
        if (!future.CovariateNames.SequenceEqual(CovariateNames, StringComparer.Ordinal))
            throw new ClvDataException($"The future covariates ({string.Join(", ", future.CovariateNames)}) differ from the fitted ones ({string.Join(", ", CovariateNames)}).", future.SourceName, 1);
        if (future.StepDays != StepDays)
            throw new ClvDataException($"The future covariate grid has {future.StepDays}-day steps, the fitted one {StepDays}-day steps.", future.SourceName);
        if (!(horizon >= 0) || !double.IsFinite(horizon)) throw new ArgumentOutOfRangeException(nameof(horizon), horizon, "The horizon must be finite and non-negative.");
        int start = CalibrationEnd.DayNumber;
        double endDay = start + horizon * TimeUnit.DaysPerUnit;
        var builder = new SegmentBuilder(CovariateNames.Count);
        for (int i = 0; i < Count; i++)
        {
            int p = future.IndexOf(CustomerIds[i]);
            if (p < 0)
                throw new ClvDataException($"Customer '{CustomerIds[i]}' has no rows in the future covariate file.", future.SourceName, null, null, CustomerIds[i]);
            if (horizon > 0 && (future.FirstDayNumber(p) > start || future.EndDate(p).DayNumber < endDay))
                throw future.NotCovering(p, start, (int)Math.Ceiling(endDay) - 1, "the prediction horizon");
            builder.AddCustomer(future, p, start, endDay, TimeUnit.DaysPerUnit);
        }
        return builder.Build();
    }

    /// <summary>Each customer's distinct purchase days up to <paramref name="end"/>, ascending; null for customers without any.</summary>
    private static List<int>?[] PurchaseDays(TransactionLog log, int end)
    {
        var days = new List<int>?[log.CustomerCount];
        var customerOf = log.CustomerIndices;
        var dayOf = log.DayNumbers;
        for (int row = 0; row < customerOf.Length; row++)
        {
            if (dayOf[row] > end) continue;
            (days[customerOf[row]] ??= []).Add(dayOf[row]);
        }
        foreach (var own in days)
        {
            if (own is null) continue;
            own.Sort();
            int write = 1;
            for (int read = 1; read < own.Count; read++)
                if (own[read] != own[write - 1]) own[write++] = own[read];
            own.RemoveRange(write, own.Count - write);
        }
        return days;
    }

    /// <summary>Cuts customers' periods at grid dates into <see cref="CovariateSegments"/>, interning the covariate vectors.</summary>
    private sealed class SegmentBuilder(int covariates)
    {
        private readonly List<int> _start = [0];
        private readonly List<double> _length = [];
        private readonly List<int> _vector = [];
        private readonly List<double> _vectors = [];
        private readonly Dictionary<string, int> _index = new(StringComparer.Ordinal);

        /// <summary>Segments of path <paramref name="p"/> from day <paramref name="from"/> to day <paramref name="to"/>.</summary>
        public void AddCustomer(CovariatePaths paths, int p, double from, double to, double daysPerUnit)
        {
            int origin = paths.FirstDayNumber(p), step = paths.StepDays;
            double day = from;
            while (day < to)
            {
                int index = (int)Math.Floor((day - origin) / step);
                double next = Math.Min(origin + (index + 1.0) * step, to);
                var z = paths.Values(p, index);
                _length.Add((next - day) / daysPerUnit);
                _vector.Add(Intern(z));
                day = next;
            }
            _start.Add(_length.Count);
        }

        private int Intern(ReadOnlySpan<double> z)
        {
            string key = string.Join(",", z.ToArray().Select(v => BitConverter.DoubleToInt64Bits(v).ToString(CultureInfo.InvariantCulture)));
            if (_index.TryGetValue(key, out int q)) return q;
            q = _vectors.Count / covariates;
            _index.Add(key, q);
            foreach (double v in z) _vectors.Add(v);
            return q;
        }

        public CovariateSegments Build() =>
            new(covariates, _start.ToArray(), _length.ToArray(), _vector.ToArray(), _vectors.ToArray());
    }
}
