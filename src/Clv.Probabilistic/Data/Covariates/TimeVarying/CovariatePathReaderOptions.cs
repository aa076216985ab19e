namespace Clv.Probabilistic.Data.Covariates.TimeVarying;

/// <summary>How to read a long table of time-varying covariates (one row per customer and grid date).</summary>
public sealed record CovariatePathReaderOptions
{
    /// <summary>The defaults: columns <c>customer_id</c> and <c>date</c>, every other column a covariate, comma-delimited, ISO dates.</summary>
    public static CovariatePathReaderOptions Default { get; } = new();

    /// <summary>Name of the customer id column.</summary>
    public string CustomerColumn { get; init; } = "customer_id";

    /// <summary>Name of the column holding the date at which each row's covariate values start to apply.</summary>
    public string DateColumn { get; init; } = "date";

    /// <summary>The covariate columns, in order; null for every column other than the customer and date columns.</summary>
    public IReadOnlyList<string>? CovariateColumns { get; init; }

    /// <summary>Field delimiter (null: any run of spaces and tabs).</summary>
    public char? Delimiter { get; init; } = ',';

    /// <summary>Date format: null or <c>iso</c> for ISO 8601, <c>yyyyMMdd</c>, or any .NET exact format.</summary>
    public string? DateFormat { get; init; }

    /// <summary>
    /// The grid step in days; null to infer it as the most frequent difference between a customer's consecutive dates
    /// (every other difference is then reported as a gap or an overlap).
    /// </summary>
    public int? StepDays { get; init; }
}
