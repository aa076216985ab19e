using System.Globalization;

namespace Clv.Probabilistic.Data;

/// <summary>
/// Turns the per-customer day counts and amount sums an engine computes into summary rows with the arithmetic of
/// <see cref="RfmSummarizer"/>: durations are whole days divided by the unit's length, monetary value the mean of the
/// repeat days' amounts (0 when x = 0), or of all purchase days when <see cref="SummaryOptions.IncludeFirstPurchaseInMonetaryValue"/>.
/// </summary>
/// <remarks>For implementations of <see cref="IEngineTransactionLog"/>; one builder makes one summary.</remarks>
public sealed class EngineSummaryBuilder
{
    private readonly SummaryOptions _options;
    private readonly List<string> _ids = [];
    private readonly List<double> _frequency = [];
    private readonly List<double> _recency = [];
    private readonly List<double> _t = [];
    private readonly List<double> _monetary = [];
    private readonly List<double> _weight = [];
    private readonly List<double> _frequencyHoldout = [];
    private readonly List<double> _monetaryHoldout = [];

    /// <summary>Starts an empty summary in the options' time unit.</summary>
    public EngineSummaryBuilder(SummaryOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!(options.TimeUnit.DaysPerUnit > 0))
            throw new ArgumentException("The summary options need a time unit (for example TimeUnit.Weeks).", nameof(options));
        _options = options;
    }

    /// <summary>Rows added so far.</summary>
    public int Count => _ids.Count;

    /// <summary>The monetary value <see cref="RfmSummarizer"/> gives for these sums.</summary>
    private static double MonetaryValue(long repeatDays, double firstAmount, double repeatAmount, bool includeFirst) =>
        includeFirst ? (firstAmount + repeatAmount) / (repeatDays + 1)
        : repeatDays > 0 ? repeatAmount / repeatDays : 0.0;

    /// <summary>Adds one customer.</summary>
    /// <param name="customerId">The customer's id.</param>
    /// <param name="repeatDays">x: purchase days after the first, up to the (calibration) end.</param>
    /// <param name="recencyDays">Days from the first to the last purchase day up to the (calibration) end.</param>
    /// <param name="ageDays">Days from the first purchase day to the (calibration) end.</param>
    /// <param name="firstAmount">Sum of the amounts of the first purchase day.</param>
    /// <param name="repeatAmount">Sum of the amounts of the repeat days.</param>
    /// <param name="holdoutDays">Purchase days after the calibration end (0 without a holdout period).</param>
    /// <param name="holdoutAmount">Sum of their amounts.</param>
    public void Add(string customerId, long repeatDays, long recencyDays, long ageDays, double firstAmount, double repeatAmount,
        long holdoutDays = 0, double holdoutAmount = 0)
    {
        ArgumentNullException.ThrowIfNull(customerId);
        double daysPerUnit = _options.TimeUnit.DaysPerUnit;
        _ids.Add(customerId);
        _frequency.Add(repeatDays);
        _recency.Add(recencyDays / daysPerUnit);
        _t.Add(ageDays / daysPerUnit);
        _monetary.Add(MonetaryValue(repeatDays, firstAmount, repeatAmount, _options.IncludeFirstPurchaseInMonetaryValue));
        _weight.Add(1.0);
        _frequencyHoldout.Add(holdoutDays);
        _monetaryHoldout.Add(holdoutDays > 0 ? holdoutAmount / holdoutDays : 0.0);
    }

    /// <summary>Adds one distinct (x, t_x, T) row standing for <paramref name="customers"/> customers.</summary>
    /// <param name="repeatDays">x.</param>
    /// <param name="recencyDays">t_x in days.</param>
    /// <param name="ageDays">T in days.</param>
    /// <param name="customers">How many customers share the row (its weight).</param>
    /// <param name="monetarySum">Sum of those customers' monetary values (the row keeps their mean).</param>
    public void AddRow(long repeatDays, long recencyDays, long ageDays, long customers, double monetarySum)
    {
        if (customers <= 0) throw new ArgumentOutOfRangeException(nameof(customers), customers, "A row stands for at least one customer.");
        double daysPerUnit = _options.TimeUnit.DaysPerUnit;
        _ids.Add(string.Create(CultureInfo.InvariantCulture, $"row-{_ids.Count + 1}"));
        _frequency.Add(repeatDays);
        _recency.Add(recencyDays / daysPerUnit);
        _t.Add(ageDays / daysPerUnit);
        _monetary.Add(monetarySum / customers);
        _weight.Add(customers);
        _frequencyHoldout.Add(0);
        _monetaryHoldout.Add(0);
    }

    /// <summary>The summary of the rows added (validated as any <see cref="RfmSummary"/>).</summary>
    /// <param name="source">Named in the error when no row was added.</param>
    /// <exception cref="ClvDataException">No row was added.</exception>
    public RfmSummary ToSummary(string? source = null)
    {
        if (_ids.Count == 0)
            throw new ClvDataException("No customer has a purchase on or before the (calibration) end date.", source);
        return new RfmSummary(_ids, _frequency.ToArray(), _recency.ToArray(), _t.ToArray(), _monetary.ToArray(),
            _options.TimeUnit, _weight.ToArray());
    }

    /// <summary>The calibration summary with the holdout columns of the customers added.</summary>
    /// <exception cref="ArgumentException">The calibration end is not before the observation end.</exception>
    /// <exception cref="ClvDataException">No row was added.</exception>
    public CalibrationHoldoutSummary ToCalibrationHoldout(DateOnly calibrationEnd, string? source = null)
    {
        _options.CheckCalibrationEnd(calibrationEnd);
        var calibration = ToSummary(source);
        var duration = new double[calibration.Count];
        Array.Fill(duration, _options.TimeUnit.FromDays(_options.ObservationEnd.DayNumber - calibrationEnd.DayNumber));
        return new CalibrationHoldoutSummary(calibration, _frequencyHoldout.ToArray(), _monetaryHoldout.ToArray(), duration);
    }
}
