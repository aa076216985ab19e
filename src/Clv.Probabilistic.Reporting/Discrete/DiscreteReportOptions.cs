namespace Clv.Probabilistic.Reporting.Discrete;

/// <summary>What a <see cref="DiscreteReport"/> shows besides the fit.</summary>
public sealed record DiscreteReportOptions
{
    /// <summary>Page title.</summary>
    public string Title { get; init; } = "Discrete-opportunity report";

    /// <summary>Line under the title (data and dates); null for none.</summary>
    public string? Subtitle { get; init; }

    /// <summary>
    /// Each summary row's transactions at the <see cref="HoldoutPeriods"/> opportunities after calibration (the total
    /// of the row's customers when rows carry weights, as the summary counts them); null for no holdout check.
    /// </summary>
    public double[]? HoldoutTransactions { get; init; }

    /// <summary>n*, the holdout opportunities; required with <see cref="HoldoutTransactions"/>.</summary>
    public int HoldoutPeriods { get; init; }

    /// <summary>
    /// The cohort's repeat transactions at opportunity 1, 2, … of the period grid (element k − 1 is opportunity k;
    /// opportunity 0 is the grid's first period), over calibration and holdout; null for no tracking plot.
    /// </summary>
    public double[]? PeriodTransactions { get; init; }

    /// <summary>Labels of <see cref="PeriodTransactions"/> for the table (for example the years); null numbers them 1, 2, ….</summary>
    public IReadOnlyList<string>? PeriodLabels { get; init; }

    /// <summary>d, the discount rate per period of DERT (Fader, Hardie &amp; Shang 2010 use 0.10).</summary>
    public double DiscountRate { get; init; } = 0.1;

    /// <summary>At most this many rows in the per-customer DERT table (the highest DERT first when there are more).</summary>
    public int MaxCustomerRows { get; init; } = 100;
}
