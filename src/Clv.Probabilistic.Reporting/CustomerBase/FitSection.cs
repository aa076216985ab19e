using System.Globalization;
using Clv.Probabilistic.Inference;
using Clv.Probabilistic.Inference.Diagnostics;
using Clv.Probabilistic.Inference.Laplace;
using Clv.Probabilistic.Inference.Optimization;
using Clv.Probabilistic.Inference.Sampling;
using Clv.Probabilistic.Models;
using Clv.Probabilistic.Reporting.Html;
using Clv.Probabilistic.Reporting.Plots;

namespace Clv.Probabilistic.Reporting.CustomerBase;

/// <summary>
/// The part of a report that describes one fit of any model: model and method in words, the verdict and every warning,
/// the parameters the model has (names and meanings from <see cref="ModelDefinition.Parameters"/>) with their
/// uncertainty, and the optimiser's or the sampler's diagnostics.
/// </summary>
public static class FitSection
{
    /// <summary>The verdict in words: converged, not converged, not identified.</summary>
    public static string Verdict(FitStatus status) => status switch
    {
        FitStatus.Converged => "converged",
        FitStatus.NotConverged => "not converged",
        FitStatus.NotIdentified => "not identified",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "Unknown fit status."),
    };

    /// <summary>The subheading of a fit: "BG/NBD purchase model (maximum likelihood)".</summary>
    public static string Title(ModelFit fit, string role)
    {
        ArgumentNullException.ThrowIfNull(fit);
        return $"{fit.Definition.DisplayName} {role} ({fit.Method.Describe()})";
    }

    /// <summary>Writes the fit's subheading, warnings, parameter table and diagnostics into <paramref name="section"/>.</summary>
    /// <param name="section">Where to write.</param>
    /// <param name="fit">The fit.</param>
    /// <param name="role">What the model is in the report, for example "purchase model".</param>
    public static void Write(ReportSection section, ModelFit fit, string role)
    {
        ArgumentNullException.ThrowIfNull(section);
        ArgumentNullException.ThrowIfNull(fit);
        ArgumentNullException.ThrowIfNull(role);
        section.Subheading(Title(fit, role));
        if (!fit.IsReliable && fit.Problem is { } problem && !fit.Warnings.Any(w => w.Contains(problem, StringComparison.Ordinal)))
            section.Warning($"The fit is {Verdict(fit.Status)}: {problem}");
        foreach (string warning in fit.Warnings) section.Warning(warning);

        var parameters = fit.Definition.Parameters.Parameters;
        if (fit.Estimates.Count == parameters.Count)
        {
            string level = Percent(fit.ConfidenceLevel);
            bool posterior = fit.Method == FitMethod.Nuts;
            section.Table(
                ["Parameter", "Meaning", posterior ? "Posterior mean" : "Estimate", posterior ? "Posterior sd" : "Standard error", $"{level} lower", $"{level} upper"],
                fit.Estimates.Select((e, j) => (IReadOnlyList<object?>)[e.Name, parameters[j].Description, e.Estimate, e.StandardError, e.Lower, e.Upper]),
                posterior
                    ? $"Posterior mean, standard deviation and equal-tailed {level} interval of the draws."
                    : $"Delta-method standard errors; {level} Wald intervals on the unconstrained scale, mapped back to each parameter's domain.");
        }
        else
        {
            section.Warning("The fit carries no standard errors or intervals (the curvature at the estimate was not usable).")
                .Table(["Parameter", "Meaning", "Estimate"],
                    parameters.Select((p, j) => (IReadOnlyList<object?>)[p.Name, p.Description, fit.Values[j]]));
        }
        section.KeyValues(Diagnostics(fit));
        if (fit is Models.Covariates.CovariateModelFit covariates) CovariateSection.Write(section, covariates);
    }

    /// <summary>
    /// Writes the summary (mean, sd, quantiles, R̂, ESS), trace and density plots of the fit's parameter draws.
    /// </summary>
    /// <exception cref="InvalidOperationException">The fit carries no draws.</exception>
    public static void WriteDraws(ReportSection section, ModelFit fit)
    {
        ArgumentNullException.ThrowIfNull(section);
        ArgumentNullException.ThrowIfNull(fit);
        var draws = fit.RequireDraws();
        section.Subheading($"{fit.Definition.DisplayName} parameter draws ({fit.Method.Describe()})");
        if (fit.Method != FitMethod.Nuts)
            section.Paragraph($"These are draws from the normal approximation at the {fit.Method.Describe()} estimate on the unconstrained scale, "
                + "not from a sampler: the traces show independent draws and R̂ compares arbitrary splits of them.");
        var summary = PosteriorSummary.Create(draws);
        foreach (var warning in summary.Warnings) section.Warning(warning.Message);
        section.Table(["Parameter", "Mean", "Standard deviation", "5%", "50%", "95%", "R̂", "Bulk ESS"],
            summary.Rows.Select(r => (IReadOnlyList<object?>)[r.Name, r.Mean, r.StandardDeviation, r.Quantiles[0], r.Quantiles[1], r.Quantiles[2], r.RHat, r.EssBulk]),
            string.Create(CultureInfo.InvariantCulture, $"{draws.Count} draws in {draws.ChainCount} chain{(draws.ChainCount == 1 ? "" : "s")}."));
        foreach (string name in draws.Names)
            section.Plot(TracePlot.Create(draws, name), $"Trace of {name} by chain")
                   .Plot(DensityPlot.Create(draws, name), $"Density of {name} by chain");
    }

    /// <summary>Model, method, verdict, likelihood, and the optimiser's or sampler's numbers, as the key-value list shows them.</summary>
    public static IReadOnlyList<KeyValuePair<string, object?>> Diagnostics(ModelFit fit)
    {
        ArgumentNullException.ThrowIfNull(fit);
        var items = new List<KeyValuePair<string, object?>>
        {
            new("Model", $"{fit.Definition.DisplayName} ('{fit.Definition.Name}'): {fit.Definition.Reference}"),
            new("Fit method", fit.Method.Describe()),
            new("Verdict", Verdict(fit.Status)),
            new("Time unit", fit.TimeUnit.Name),
        };
        if (fit.LogLikelihood is { } logLikelihood) items.Add(new("Log-likelihood", logLikelihood));
        if (fit.Objective is { } objective)
        {
            if (fit.Method is FitMethod.MaximumAPosteriori or FitMethod.Laplace) items.Add(new("Log posterior at the mode", objective));
            else if (fit.Method == FitMethod.MaximumLikelihood && fit.Penalty > 0) items.Add(new("Penalised log-likelihood", objective));
        }
        if (fit.Penalty > 0) items.Add(new("L2 penalty", fit.Penalty));
        if (fit.Optimizer is { } optimizer)
        {
            items.Add(new("Optimiser converged", optimizer.Converged ? "yes" : "no"));
            items.Add(new("Optimiser iterations", optimizer.Iterations));
            items.Add(new("Gradient norm at the estimate", optimizer.GradientNorm));
        }
        if (fit.Sampler is { } sampler)
        {
            items.Add(new("Divergent transitions", sampler.Divergences));
            items.Add(new("Largest R̂", sampler.RHat.Values.Max()));
            items.Add(new("Smallest bulk ESS", sampler.EssBulk.Values.Min()));
            items.Add(new("Smallest tail ESS", sampler.EssTail.Values.Min()));
        }
        if (fit.Draws is { } draws) items.Add(new("Parameter draws", string.Create(CultureInfo.InvariantCulture, $"{draws.Count} in {draws.ChainCount} chain{(draws.ChainCount == 1 ? "" : "s")}")));
        if (fit.Data is { } data)
        {
            items.Add(new("Customers fitted", Count(data.Customers)));
            items.Add(new("Distinct rows the likelihood evaluates", data.CompressedRows));
            if (data.ExcludedCustomers > 0) items.Add(new("Customers the model leaves out", Count(data.ExcludedCustomers)));
        }
        return items;
    }

    /// <summary>Whole customer counts (unit weights) as integers, so they show as 2,357 like the row counts.</summary>
    private static object Count(double weight) => weight == Math.Floor(weight) && Math.Abs(weight) < 1e15 ? (long)weight : weight;

    private static string Percent(double share) => share.ToString("0.#%", CultureInfo.InvariantCulture);
}
