using System.Globalization;
using Clv.Probabilistic.Inference;
using Clv.Probabilistic.Models;
using Clv.Probabilistic.Models.Covariates;
using Clv.Probabilistic.Reporting.Html;

namespace Clv.Probabilistic.Reporting.CustomerBase;

/// <summary>
/// The part of a report that describes the static covariates of a fit: how each process of the model depends on them
/// (the model's <see cref="ModelDefinition.CovariateLinks"/> in words), how the covariate table became numbers (reference
/// levels, standardisation), and the coefficient table with Wald tests (<see cref="CovariateModelFit.CoefficientTable"/>).
/// </summary>
public static class CovariateSection
{
    /// <summary>One line per process of the model: the link, e.g. "transaction: alpha_i = alpha·exp(−γ_trans·z_i), alpha: …".</summary>
    public static IReadOnlyList<string> Links(CovariateDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var model = definition.Model;
        return model.CovariateLinks.GroupBy(l => l.Process).Select(g => $"{Process(g.Key)}: " + string.Join("; ", g.Select(l =>
        {
            string prefix = g.Key switch { CovariateProcess.Transaction => "trans", CovariateProcess.Lifetime => "life", _ => "spend" };
            string meaning = model.Parameters.Parameters[model.Parameters.IndexOf(l.Parameter)].Description;
            return $"{l.Parameter}_i = {l.Parameter}·exp({(l.Sign < 0 ? "−" : "")}γ_{prefix}·z_i) ({l.Parameter}: {meaning})";
        }))).ToArray();
    }

    /// <summary>One line per covariate column: numeric (with its centre and scale when standardised) or categorical with its reference level.</summary>
    public static IReadOnlyList<string> Encoding(CovariateDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        return definition.Encoding.Columns.Select(c => c.IsCategorical
            ? $"{c.Column}: categorical, reference level '{c.ReferenceLevel}' (z = 0); one 0/1 dummy each for {string.Join(", ", c.Levels.Select(l => $"'{l}'"))}"
            : c.Centre == 0 && c.Scale == 1
                ? $"{c.Column}: numeric, as given"
                : string.Create(CultureInfo.InvariantCulture, $"{c.Column}: numeric, standardised as (value − {c.Centre:G6}) / {c.Scale:G6}")).ToArray();
    }

    /// <summary>Writes the covariates' links, encoding and coefficient table into <paramref name="section"/>.</summary>
    public static void Write(ReportSection section, CovariateModelFit fit)
    {
        ArgumentNullException.ThrowIfNull(section);
        ArgumentNullException.ThrowIfNull(fit);
        var definition = fit.Covariates;
        bool posterior = fit.Method == FitMethod.Nuts;
        section.Subheading($"{definition.Model.DisplayName} covariate coefficients")
            .Paragraph("Each customer's parameters move with its covariates z_i: " + string.Join(". ", Links(definition))
                + ". A coefficient shared across processes (named without a prefix) is constrained equal on each.")
            .Paragraph("Covariates: " + string.Join(". ", Encoding(definition)) + ".");
        var rows = fit.CoefficientTable();
        if (posterior)
        {
            section.Table(["Coefficient", "Covariate", "Process", "Posterior mean", "Posterior sd"],
                rows.Select(r => (IReadOnlyList<object?>)[r.Parameter, r.Covariate, Processes(r), r.Estimate, r.StandardError]),
                "Posterior mean and standard deviation of each coefficient.");
            return;
        }
        section.Table(["Coefficient", "Covariate", "Process", "Estimate", "Standard error", "z", "p-value"],
            rows.Select(r => (IReadOnlyList<object?>)[r.Parameter, r.Covariate, Processes(r), r.Estimate, r.StandardError, r.Z,
                double.IsNaN(r.PValue) ? "n/a" : r.PValue.ToString("G3", CultureInfo.InvariantCulture)]),
            "Wald tests of each coefficient against 0: z = estimate / standard error, two-sided p-value 2Φ(−|z|).");
        if (fit.IsPenalized)
            section.Warning("The fit is penalised (L2): the standard errors and p-values are those of the penalised objective, shrunk towards 0.");
    }

    private static string Processes(CoefficientTest row) => string.Join(" and ", row.Processes.Select(Process));

    private static string Process(CovariateProcess process) => process switch
    {
        CovariateProcess.Transaction => "transaction",
        CovariateProcess.Lifetime => "lifetime",
        _ => "spend",
    };
}
