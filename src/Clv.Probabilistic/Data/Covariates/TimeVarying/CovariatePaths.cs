using System.Globalization;

namespace Clv.Probabilistic.Data.Covariates.TimeVarying;

/// <summary>
/// Time-varying covariates of customers on a regular grid of dates: each customer's rows are consecutive grid steps,
/// and a row's values apply from its date up to (not including) the next grid date (Bachmann, Meierer &amp; Näf 2021,
/// "The role of time-varying contextual factors in latent attrition models for customer base analysis", Marketing
/// Science 40(4), where covariates are constant within each period).
/// </summary>
/// <remarks>Read by <see cref="CovariatePathReader"/>, which checks that the grid has no gaps, overlaps or duplicates.</remarks>
public sealed class CovariatePaths
{
    private readonly string[] _names;
    private readonly string[] _customerIds;
    private readonly Dictionary<string, int> _index;
    private readonly int[] _firstDay;
    private readonly int[] _start;
    private readonly long[] _line;
    private readonly double[] _values;

    internal CovariatePaths(string? sourceName, string[] names, int stepDays, string[] customerIds, int[] firstDay,
        int[] start, long[] line, double[] values)
    {
        SourceName = sourceName;
        _names = names;
        StepDays = stepDays;
        _customerIds = customerIds;
        _firstDay = firstDay;
        _start = start;
        _line = line;
        _values = values;
        _index = new Dictionary<string, int>(customerIds.Length, StringComparer.Ordinal);
        for (int i = 0; i < customerIds.Length; i++) _index.Add(customerIds[i], i);
    }

    /// <summary>File name (or other source name) the paths were read from, for messages.</summary>
    public string? SourceName { get; }

    /// <summary>The covariate names, in column order.</summary>
    public IReadOnlyList<string> CovariateNames => _names;

    /// <summary>Number of covariates.</summary>
    public int CovariateCount => _names.Length;

    /// <summary>Days between consecutive grid dates.</summary>
    public int StepDays { get; }

    /// <summary>The customers, in order of first appearance.</summary>
    public IReadOnlyList<string> CustomerIds => _customerIds;

    /// <summary>Index of <paramref name="customerId"/> in <see cref="CustomerIds"/>, or −1.</summary>
    public int IndexOf(string customerId) => _index.TryGetValue(customerId, out int i) ? i : -1;

    /// <summary>Date of customer <paramref name="customer"/>'s first row.</summary>
    public DateOnly FirstDate(int customer) => DateOnly.FromDayNumber(_firstDay[customer]);

    /// <summary>Number of grid steps (rows) of customer <paramref name="customer"/>.</summary>
    public int StepCount(int customer) => _start[customer + 1] - _start[customer];

    /// <summary>The day after customer <paramref name="customer"/>'s path ends (its last date plus one step).</summary>
    public DateOnly EndDate(int customer) => DateOnly.FromDayNumber(_firstDay[customer] + StepCount(customer) * StepDays);

    /// <summary>Covariate values of customer <paramref name="customer"/> in step <paramref name="step"/> (0 = first row).</summary>
    public ReadOnlySpan<double> Values(int customer, int step) =>
        _values.AsSpan((_start[customer] + step) * _names.Length, _names.Length);

    /// <summary>Line in <see cref="SourceName"/> of customer <paramref name="customer"/>'s row <paramref name="step"/>.</summary>
    public long LineNumber(int customer, int step) => _line[_start[customer] + step];

    internal int FirstDayNumber(int customer) => _firstDay[customer];

    /// <summary>Error for a customer whose path does not cover [from, to] (day numbers, inclusive).</summary>
    internal ClvDataException NotCovering(int customer, int from, int to, string what)
    {
        var c = CultureInfo.InvariantCulture;
        var first = FirstDate(customer);
        var lastDate = DateOnly.FromDayNumber(_firstDay[customer] + (StepCount(customer) - 1) * StepDays);
        bool early = from < _firstDay[customer];
        long line = early ? LineNumber(customer, 0) : LineNumber(customer, StepCount(customer) - 1);
        return new ClvDataException(string.Create(c,
            $"The covariate path of customer '{_customerIds[customer]}' runs from {first:yyyy-MM-dd} to {lastDate:yyyy-MM-dd} (rows of {StepDays} days) but must cover {what} from {DateOnly.FromDayNumber(from):yyyy-MM-dd} to {DateOnly.FromDayNumber(to):yyyy-MM-dd}: it {(early ? "starts too late" : "ends too early")}."),
            SourceName, line, null, _customerIds[customer]);
    }
}
