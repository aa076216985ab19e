namespace Clv.Probabilistic.Models.Covariates;

/// <summary>
/// Which covariates act on which process of a model, and which share one coefficient across processes. Names are a
/// covariate column (expanded to all its dummies) or one encoded name (<c>Channel[web]</c>).
/// </summary>
public sealed record CovariateSpecification
{
    /// <summary>Covariates on the transaction process; null for every covariate (when the model has the process).</summary>
    public IReadOnlyList<string>? Transaction { get; init; }

    /// <summary>Covariates on the lifetime (drop-out) process; null for every covariate (when the model has the process).</summary>
    public IReadOnlyList<string>? Lifetime { get; init; }

    /// <summary>Covariates on spend per transaction; null for every covariate (when the model has the process).</summary>
    public IReadOnlyList<string>? Spend { get; init; }

    /// <summary>Covariates with one coefficient for every process they act on (named without a process prefix).</summary>
    public IReadOnlyCollection<string> Constrained { get; init; } = [];

    /// <summary>Every covariate on every process of the model, none constrained.</summary>
    public static CovariateSpecification All { get; } = new();

    /// <summary>The covariates named for <paramref name="process"/>, or null for all.</summary>
    public IReadOnlyList<string>? For(CovariateProcess process) => process switch
    {
        CovariateProcess.Transaction => Transaction,
        CovariateProcess.Lifetime => Lifetime,
        _ => Spend,
    };
}
