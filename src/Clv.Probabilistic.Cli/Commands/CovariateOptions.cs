using System.CommandLine;
using System.Globalization;
using Clv.Probabilistic.Data.Covariates;
using Clv.Probabilistic.Inference;
using Clv.Probabilistic.Models;
using Clv.Probabilistic.Models.Covariates;
using Clv.Probabilistic.Persistence;
using Clv.Probabilistic.Reporting.CustomerBase;

namespace Clv.Probabilistic.Cli.Commands;

/// <summary>
/// <c>clv fit --covariates</c>: the static-covariate options, read once into a <see cref="CovariateFit"/> that wraps
/// whichever model was asked for in a <see cref="CovariateDefinition"/> (the model's own links decide which processes
/// exist; no model is named here).
/// </summary>
internal sealed class CovariateFitOptions
{
    public Option<string?> Covariates { get; } = new("--covariates") { Description = "Static covariates CSV, one row per customer (the id column and covariate columns): fits the model with covariates on each of its processes (see docs/covariates.md). Numeric columns are used as given, text columns become 0/1 dummies against a reference level." };
    public Option<string?> IdColumn { get; } = new("--covariate-id-column") { Description = "With --covariates or --time-varying-covariates: the customer id column (default customer_id if present, else the first column; customer_id for time-varying covariates)." };
    public Option<string?> Columns { get; } = new("--covariate-columns") { Description = "With --covariates or --time-varying-covariates: the covariate columns to use, comma-separated (default every column but the id and date columns)." };
    public Option<string?> Transaction { get; } = new("--transaction-covariates") { Description = "With --covariates: the covariates on the transaction process, comma-separated column names or dummies such as Channel[web] (default all)." };
    public Option<string?> Lifetime { get; } = new("--lifetime-covariates") { Description = "With --covariates: the covariates on the lifetime (drop-out) process, comma-separated (default all)." };
    public Option<string?> Spend { get; } = new("--spend-covariates") { Description = "With --covariates: the covariates on spend per transaction (spend models), comma-separated (default all)." };
    public Option<string?> Constrain { get; } = new("--constrain") { Description = "With --covariates: covariates with one coefficient shared by every process they act on, comma-separated." };
    public Option<bool> Standardize { get; } = new("--standardize") { Description = "With --covariates: centre and scale numeric covariates to mean 0 and standard deviation 1 (dummies are not scaled); the model file keeps the centre and scale." };
    public Option<string[]> ReferenceLevel { get; } = new("--reference-level") { Description = "With --covariates: COLUMN=LEVEL, the reference level of a categorical covariate (repeatable or comma-separated; default the first level in ordinal order)." };
    public Option<string?> Categorical { get; } = new("--categorical") { Description = "With --covariates: columns to treat as categorical although every value is a number (e.g. a region code), comma-separated." };
    public Option<double?> L2Transaction { get; } = new("--l2-transaction") { Description = "With --covariates and --method mle: L2 penalty weight on the transaction coefficients (the log-likelihood is reported unpenalised)." };
    public Option<double?> L2Dropout { get; } = new("--l2-dropout") { Description = "With --covariates and --method mle: L2 penalty weight on the lifetime (drop-out) coefficients." };
    public Option<double?> L2Spend { get; } = new("--l2-spend") { Description = "With --covariates and --method mle: L2 penalty weight on the spend coefficients." };

    public Option<bool> Tests { get; } = new("--covariate-tests") { Description = "With --covariates and --method mle: also refit without each covariate column and print its likelihood-ratio test (statistic, degrees of freedom, p-value)." };

    public IEnumerable<Option> All => [Covariates, IdColumn, Columns, Transaction, Lifetime, Spend, Constrain, Standardize, ReferenceLevel, Categorical, L2Transaction, L2Dropout, L2Spend, Tests];

    /// <summary>The covariates to fit with, or null without --covariates (any other covariate option is then an error).</summary>
    public CovariateFit? Bind(ParseResult parse, FitMethod method, bool engine)
    {
        if (parse.GetValue(Covariates) is not { } path)
        {
            if (All.Skip(1).FirstOrDefault(o => parse.GetResult(o) is { Implicit: false }) is { } stray)
                throw new ArgumentException($"{stray.Name} shapes the covariates of --covariates: give --covariates FILE too.");
            return null;
        }
        if (engine) throw new ArgumentException("--covariates joins a summary CSV (--input) by customer id; it does not combine with --engine.");
        double l2Transaction = Weight(parse, L2Transaction), l2Lifetime = Weight(parse, L2Dropout), l2Spend = Weight(parse, L2Spend);
        bool tests = parse.GetValue(Tests);
        if (tests && (method != FitMethod.MaximumLikelihood || l2Transaction + l2Lifetime + l2Spend > 0))
            throw new ArgumentException("--covariate-tests compares unpenalised maximum-likelihood fits: use --method mle without --l2-transaction, --l2-dropout or --l2-spend.");
        if (l2Transaction + l2Lifetime + l2Spend > 0 && method != FitMethod.MaximumLikelihood)
            throw new ArgumentException($"--l2-transaction, --l2-dropout and --l2-spend apply to --method mle only; {method.ToName()} regularises the coefficients through their Normal(0, 2.5) priors.");
        var references = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var item in (parse.GetValue(ReferenceLevel) ?? []).SelectMany(List))
        {
            int at = item.IndexOf('=', StringComparison.Ordinal);
            if (at <= 0 || at == item.Length - 1) throw new ArgumentException($"--reference-level: '{item}' is not COLUMN=LEVEL (e.g. Channel=store).");
            if (!references.TryAdd(item[..at].Trim(), item[(at + 1)..].Trim()))
                throw new ArgumentException($"--reference-level: column '{item[..at].Trim()}' is given twice.");
        }
        return new CovariateFit(path, parse.GetValue(IdColumn), Names(parse, Columns),
            new CovariateSpecification
            {
                Transaction = Names(parse, Transaction),
                Lifetime = Names(parse, Lifetime),
                Spend = Names(parse, Spend),
                Constrained = Names(parse, Constrain) ?? [],
            },
            new CovariateEncodingOptions
            {
                Standardize = parse.GetValue(Standardize),
                ReferenceLevels = references.Count > 0 ? references : null,
                Categorical = Names(parse, Categorical),
            },
            l2Transaction, l2Lifetime, l2Spend) { Tests = tests };
    }

    private static IReadOnlyList<string>? Names(ParseResult parse, Option<string?> option) =>
        parse.GetValue(option) is { } text
            ? List(text) is { Length: > 0 } names ? names : throw new ArgumentException($"{option.Name}: no name given.")
            : null;

    private static string[] List(string text) => text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static double Weight(ParseResult parse, Option<double?> option) => parse.GetValue(option) switch
    {
        null => 0,
        { } value when value >= 0 && double.IsFinite(value) => value,
        { } value => throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"{option.Name}: {value} is not a finite number ≥ 0.")),
    };
}

/// <summary>What <c>clv fit --covariates</c> was asked for: the file, the encoding choices, the specification and the penalties.</summary>
internal sealed record CovariateFit(string Path, string? IdColumn, IReadOnlyList<string>? Columns, CovariateSpecification Specification,
    CovariateEncodingOptions Encoding, double L2Transaction, double L2Lifetime, double L2Spend)
{
    /// <summary>Whether to print the likelihood-ratio test of each covariate column (--covariate-tests).</summary>
    public bool Tests { get; init; }

    /// <summary>The model with these covariates, and the fit options with their penalties.</summary>
    /// <exception cref="Data.ClvDataException">The covariate file is unreadable or cannot be encoded (file, line, column, customer named).</exception>
    /// <exception cref="ArgumentException">The model takes no covariates, or a covariate named in an option does not exist.</exception>
    public (ModelDefinition Model, FitOptions Options) Apply(ModelDefinition model, FitOptions options)
    {
        if (model.CovariateLinks.Count == 0)
            throw new ArgumentException($"--covariates: {model.DisplayName} ('{model.Name}') takes no static covariates; the models that do: {string.Join(", ", ModelRegistry.All.Where(m => m.CovariateLinks.Count > 0).Select(m => m.Name))}.");
        var table = CovariateTable.Read(Path, IdColumn, Columns);
        CovariateDefinition definition;
        try
        {
            definition = CovariateDefinition.Create(model, table, Specification, Encoding);
        }
        catch (ArgumentException e) when (e is not ArgumentOutOfRangeException)
        {
            throw new ArgumentException($"--covariates: {CovariateBinding.Plain(e)}", e);
        }
        if (L2Transaction + L2Lifetime + L2Spend == 0) return (definition, options);
        return (definition, options with { ParameterPenalties = definition.Penalties(L2Transaction, L2Lifetime, L2Spend) });
    }
}

/// <summary>
/// <c>clv predict --covariates</c>: binds model files with covariates to the customers to score, and refuses a file with
/// covariates given none, or covariates given to files without them.
/// </summary>
internal sealed class CovariateBinding
{
    public Option<string?> Covariates { get; } = new("--covariates") { Description = "Static covariates CSV of the customers to predict, for model files fitted with --covariates (the columns the fit used, encoded as at the fit)." };
    public Option<string?> IdColumn { get; } = new("--covariate-id-column") { Description = "With --covariates or --time-varying-covariates: the customer id column (default customer_id if present, else the first column; customer_id for time-varying covariates)." };

    public IEnumerable<Option> All => [Covariates, IdColumn];

    private int _bound;

    /// <summary>Loads a model file, bound to the customers of --covariates when it has covariates.</summary>
    /// <exception cref="ArgumentException">The file has covariates but --covariates was not given.</exception>
    public ModelFit Load(ParseResult parse, string path)
    {
        var fit = ModelFile.Load(path);
        if (fit is not CovariateModelFit covariates) return fit;
        var definition = covariates.Covariates;
        if (parse.GetValue(Covariates) is not { } file)
            throw new ArgumentException($"{path} holds a {definition.DisplayName} model (covariates {string.Join(", ", definition.Encoding.Columns.Select(c => c.Column))}): give the customers' covariates with --covariates FILE.");
        _bound++;
        return covariates.WithCovariates(CovariateTable.Read(file, parse.GetValue(IdColumn), definition.Encoding.Columns.Select(c => c.Column).ToArray()));
    }

    /// <summary>For commands without --covariates: refuses a model file fitted with covariates.</summary>
    public static ModelFit Refuse(ModelFit fit, string path) => fit is CovariateModelFit covariates
        ? throw new ArgumentException($"{path} holds a {covariates.Definition.DisplayName} model, which needs each customer's covariates: score its customers with 'clv predict --covariates'.")
        : fit;

    /// <summary>Refuses --covariates when no model file took them.</summary>
    public void CheckUsed(ParseResult parse)
    {
        if (_bound == 0 && parse.GetValue(Covariates) is not null)
            throw new ArgumentException("--covariates: no model file given was fitted with covariates.");
        if (parse.GetValue(Covariates) is null && parse.GetValue(IdColumn) is not null)
            throw new ArgumentException("--covariate-id-column applies to --covariates.");
    }

    /// <summary>An argument exception's message without the parameter name .NET appends.</summary>
    public static string Plain(ArgumentException e) =>
        e.ParamName is { } name ? e.Message.Replace($" (Parameter '{name}')", "", StringComparison.Ordinal) : e.Message;
}

/// <summary>Prints the coefficient table of a fit with covariates (<c>clv fit</c>).</summary>
internal static class CovariateReport
{
    public static void Print(CovariateModelFit fit)
    {
        var definition = fit.Covariates;
        Console.WriteLine("covariate links: " + string.Join("; ", CovariateSection.Links(definition)));
        Console.WriteLine("covariates: " + string.Join("; ", CovariateSection.Encoding(definition)));
        bool posterior = fit.Method == FitMethod.Nuts;
        var table = posterior
            ? new TextTable("coefficient", "covariate", "process", "posterior mean", "posterior sd")
            : new TextTable("coefficient", "covariate", "process", "estimate", "std. error", "z", "p-value");
        foreach (var row in fit.CoefficientTable())
        {
            string processes = string.Join("+", row.Processes.Select(p => p.ToString().ToLowerInvariant()));
            if (posterior)
                table.Add(row.Parameter, row.Covariate, processes, TextTable.Number(row.Estimate, "G6"), TextTable.Number(row.StandardError, "G4"));
            else
                table.Add(row.Parameter, row.Covariate, processes, TextTable.Number(row.Estimate, "G6"), Number(row.StandardError, "G4"),
                    Number(row.Z, "F3"), Number(row.PValue, "G3"));
        }
        table.Write();
    }

    /// <summary>The likelihood-ratio test of each covariate column: the model refitted without it (--covariate-tests).</summary>
    public static void PrintTests(CovariateModelFit fit, Data.RfmSummary summary)
    {
        var table = new TextTable("without", "log-likelihood", "LR statistic", "df", "p-value");
        foreach (var test in CovariateLikelihoodRatio.ForEachColumn(fit, summary, FitOptions.Default with { ThrowIfUnreliable = false }))
            table.Add(test.Column, Number(test.Restricted.LogLikelihood ?? double.NaN, "F4"), Number(test.Test.Statistic, "F3"),
                test.Test.DegreesOfFreedom.ToString(System.Globalization.CultureInfo.InvariantCulture), Number(test.Test.PValue, "G3"));
        Console.WriteLine("likelihood-ratio tests (the model refitted without each covariate column):");
        table.Write();
    }

    private static string Number(double value, string format) => double.IsNaN(value) ? "n/a" : TextTable.Number(value, format);
}
